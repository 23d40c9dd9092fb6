// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import fc from 'fast-check';
import { evaluateEquation, verifyEquations } from './batch.js';
import { disjunctiveEquations, proveDisjunctive } from './disjunctive-proof.js';
import { discreteLog } from './discrete-log.js';
import { addCiphertexts, decryptToPoint, encrypt } from './elgamal.js';
import { G, mod, ORDER, precomputeBase } from './group.js';
import { msm } from './msm.js';
import { lagrangeAtZero, evaluatePolynomial } from './polynomial.js';
import { deterministicRng } from './rng.js';
import { DST, Transcript } from './transcript.js';

const scalar = fc.bigInt({ min: 1n, max: ORDER - 1n });
const secret = 0x1234567890abcdef1234567890abcdefn;
const K = precomputeBase(G.multiply(secret));

describe('ElGamal and proofs (properties)', function () {
  this.timeout(120000);

  it('decrypts what it encrypts (BSGS)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), scalar, (m, r) => {
        expect(discreteLog(decryptToPoint(encrypt(K, BigInt(m), r), secret), 100000)).to.equal(m);
      }),
      { numRuns: 20 },
    );
  });

  it('is additively homomorphic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), scalar, scalar, (m1, m2, r1, r2) => {
        const sum = addCiphertexts(encrypt(K, BigInt(m1), r1), encrypt(K, BigInt(m2), r2));
        const direct = encrypt(K, BigInt(m1 + m2), mod(r1 + r2));
        expect(sum.a.equals(direct.a) && sum.b.equals(direct.b)).to.equal(true);
      }),
      { numRuns: 15 },
    );
  });

  it('disjunctive proofs verify for every allowed value and fail for a lie', () => {
    const rng = deterministicRng('prop');
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 5 }), fc.nat(), scalar, (allowed, pick, r) => {
        const m = allowed[pick % allowed.length]!;
        const ct = encrypt(K, BigInt(m), r);
        const t = (): Transcript => new Transcript(DST.rangeProof).point('a', ct.a).point('b', ct.b);
        const proof = proveDisjunctive(t(), K, r, m, allowed, rng);
        const eqs = disjunctiveEquations(t(), proof, [[ct.a, 1n]], [[ct.b, 1n]], allowed, 'p');
        expect(verifyEquations(eqs, K, new Uint8Array(32))).to.equal(null);
        if (allowed.length > 1) {
          const lie = allowed.find((x) => x !== m)!;
          const bad = proveDisjunctive(t(), K, r, lie, allowed, rng);
          const badEqs = disjunctiveEquations(t(), bad, [[ct.a, 1n]], [[ct.b, 1n]], allowed, 'p');
          expect(verifyEquations(badEqs, K, new Uint8Array(32))).to.equal('p');
          expect(badEqs.some((e) => !evaluateEquation(e, K))).to.equal(true);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('msm equals the naive sum', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(scalar, scalar), { minLength: 1, maxLength: 120 }), (pairs) => {
        const points = pairs.map(([p]) => G.multiplyUnsafe(p));
        const naive = pairs.reduce((acc, [, s], i) => acc.add(points[i]!.multiplyUnsafe(s)), G.multiplyUnsafe(ORDER - 1n).add(G));
        expect(msm(points, pairs.map(([, s]) => s)).equals(naive)).to.equal(true);
      }),
      { numRuns: 6 },
    );
  });

  it('Lagrange interpolation at 0 recovers the secret from any t shares', () => {
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 1, maxLength: 5 }), fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7], { minLength: 5, maxLength: 7 }), (coeffs, idx) => {
        const used = idx.slice(0, coeffs.length);
        const s = used.reduce((acc, i) => mod(acc + lagrangeAtZero(i, used) * evaluatePolynomial(coeffs, i)), 0n);
        expect(s).to.equal(coeffs[0]);
      }),
    );
  });
});

describe('msm (Pippenger path)', function () {
  this.timeout(120000);
  it('matches the naive sum for large inputs with carry-heavy scalars of every bit length', () => {
    for (const n of [100, 400, 1500]) {
      const points = Array.from({ length: n }, (_, i) => G.multiplyUnsafe(BigInt(i + 2) * 1000003n));
      const scalars = points.map((_, i) => mod((1n << BigInt(1 + (i % 252))) - 1n));
      let naive = G.multiplyUnsafe(ORDER - 1n).add(G);
      points.forEach((p, i) => (naive = naive.add(p.multiplyUnsafe(scalars[i]!))));
      expect(msm(points, scalars).equals(naive), `n=${n}`).to.equal(true);
    }
  });
});
