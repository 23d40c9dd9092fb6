// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import fc from 'fast-check';
import { ballotSigningBytes, encryptBallotReference, verifyBallotReference, type BallotContext } from './ballot.js';
import { base64urlEncode } from './base64url.js';
import { proveDleq, verifyDleq, type DleqStatement } from './chaum-pedersen.js';
import { credentialFromSecret, signMessage, verifySignature } from './credential.js';
import { BallotLedgerError, type ErrorCode } from './errors.js';
import { decodePoint, decodeScalar, encodePoint, encodeScalar, G, mod, ORDER, type Point } from './group.js';
import { choiceContest, contestConstraints, createManifest } from './manifest.js';
import { deterministicRng } from './rng.js';
import type { Ballot, DisjunctiveProof } from './schemas.js';
import { proveSchnorr, verifySchnorr } from './schnorr.js';
import { candidates } from './testing/fixtures.js';
import { randomChoices } from './testing/simulate-election.js';
import { DST } from './transcript.js';

const scalar = fc.bigInt({ min: 1n, max: ORDER - 1n });
const seed = fc.uint8Array({ minLength: 16, maxLength: 16 });
const context = fc.uint8Array({ minLength: 0, maxLength: 64 });

function shiftScalar(text: string, delta: bigint): string {
  return encodeScalar(mod(decodeScalar(text) + delta));
}

function shiftPoint(text: string, delta: bigint): string {
  return encodePoint(decodePoint(text).add(G.multiply(delta)));
}

function shift(P: Point, delta: bigint): Point {
  return P.add(G.multiply(delta));
}

function expectRejected(run: () => void, code: ErrorCode, check: string): void {
  expect(run).to.throw(BallotLedgerError).that.includes({ code, check });
}

describe('proofs verify for valid inputs and fail for a mutation (properties)', function () {
  this.timeout(120000);

  it('Schnorr proof of knowledge (key ceremony)', () => {
    const mutation = fc.constantFrom('u', 'h', 'X', 'context');
    fc.assert(
      fc.property(scalar, context, seed, mutation, scalar, (x, ctx, s, which, delta) => {
        const X = G.multiply(x);
        const proof = proveSchnorr(x, X, ctx, deterministicRng(s));
        verifySchnorr(proof, X, ctx, 'pok');
        const bad = {
          u: () => verifySchnorr({ ...proof, u: shiftScalar(proof.u, delta) }, X, ctx, 'pok'),
          h: () => verifySchnorr({ ...proof, h: shiftPoint(proof.h, delta) }, X, ctx, 'pok'),
          X: () => verifySchnorr(proof, shift(X, delta), ctx, 'pok'),
          context: () => verifySchnorr(proof, X, new Uint8Array([...ctx, Number(delta & 0xffn)]), 'pok'),
        }[which];
        expectRejected(bad, 'InvalidProof', 'pok');
      }),
      { numRuns: 25 },
    );
  });

  it('Chaum–Pedersen DLEQ proof (decryption shares)', () => {
    const mutation = fc.constantFrom('z', 't1', 't2', 'A', 'X', 'Y', 'context');
    fc.assert(
      fc.property(scalar, scalar, context, seed, mutation, scalar, (x, a, ctx, s, which, delta) => {
        const A = G.multiply(a);
        const st: DleqStatement = { A, X: G.multiply(x), Y: A.multiply(x) };
        const proof = proveDleq(DST.decryptionProof, x, st, ctx, deterministicRng(s));
        verifyDleq(DST.decryptionProof, proof, st, ctx, 'share');
        const bad = {
          z: () => verifyDleq(DST.decryptionProof, { ...proof, z: shiftScalar(proof.z, delta) }, st, ctx, 'share'),
          t1: () => verifyDleq(DST.decryptionProof, { ...proof, t1: shiftPoint(proof.t1, delta) }, st, ctx, 'share'),
          t2: () => verifyDleq(DST.decryptionProof, { ...proof, t2: shiftPoint(proof.t2, delta) }, st, ctx, 'share'),
          A: () => verifyDleq(DST.decryptionProof, proof, { ...st, A: shift(A, delta) }, ctx, 'share'),
          X: () => verifyDleq(DST.decryptionProof, proof, { ...st, X: shift(st.X, delta) }, ctx, 'share'),
          Y: () => verifyDleq(DST.decryptionProof, proof, { ...st, Y: shift(st.Y, delta) }, ctx, 'share'),
          context: () => verifyDleq(DST.decryptionProof, proof, st, new Uint8Array([...ctx, Number(delta & 0xffn)]), 'share'),
        }[which];
        expectRejected(bad, 'InvalidProof', 'share');
      }),
      { numRuns: 25 },
    );
  });

  it('credential signatures', () => {
    const mutation = fc.constantFrom('s', 'R', 'message', 'credential');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 32 }), fc.uint8Array({ minLength: 1, maxLength: 200 }), seed, mutation, scalar, fc.nat(), (secret, message, s, which, delta, at) => {
        const key = credentialFromSecret('e-prop', base64urlEncode(secret));
        const sig = signMessage(key, message, deterministicRng(s));
        verifySignature(sig, key.publicCredential, message);
        const flipped = message.slice();
        flipped[at % flipped.length]! ^= 1 << at % 8;
        const bad = {
          s: () => verifySignature({ ...sig, s: shiftScalar(sig.s, delta) }, key.publicCredential, message),
          R: () => verifySignature({ ...sig, R: shiftPoint(sig.R, delta) }, key.publicCredential, message),
          message: () => verifySignature(sig, key.publicCredential, flipped),
          credential: () => verifySignature(sig, encodePoint(shift(key.X, delta)), message),
        }[which];
        expectRejected(bad, 'InvalidSignature', 'signature');
      }),
      { numRuns: 25 },
    );
  });

  it('contest-sum proof of k-of-n ballots with min..max and abstain', () => {
    const contest = fc
      .record({ n: fc.integer({ min: 2, max: 5 }), lo: fc.nat(), span: fc.nat(), abstain: fc.boolean() })
      .map(({ n, lo, span, abstain }) => {
        const min = lo % (n + 1);
        return choiceContest({ contestId: 'c', label: 'c', candidates: candidates(n), min, max: min + (span % (n + 1 - min)), abstain });
      })
      .filter((c) => contestConstraints(c).allowedSums !== null);
    const mutation = fc.constantFrom('A', 'B', 'c', 'z', 'replay');
    fc.assert(
      fc.property(contest, seed, scalar, mutation, scalar, fc.nat(), (c, s, k, which, delta, at) => {
        const rng = deterministicRng(s);
        const manifest = createManifest({ electionId: 'e-sum', title: 'sum', threshold: 1, holders: 1, contests: [c] });
        const ctx: BallotContext = { manifest, jointKey: encodePoint(G.multiply(k)), electionBaseHash: base64urlEncode(rng(32)) };
        const choices = randomChoices(manifest, rng);
        const secret = base64urlEncode(rng(16));
        const { ballot } = encryptBallotReference(ctx, choices, secret, rng);
        verifyBallotReference(ballot, ctx);
        const proof: DisjunctiveProof = structuredClone(ballot.contests[0]!.sumProof!);
        const branch = proof[at % proof.length]!;
        if (which === 'A' || which === 'B') branch[which] = shiftPoint(branch[which], delta);
        else if (which === 'c' || which === 'z') branch[which] = shiftScalar(branch[which], delta);
        const sumProof = which === 'replay' ? encryptBallotReference(ctx, choices, secret, rng, ballot.ballotId).ballot.contests[0]!.sumProof : proof;
        const unsigned = { ...ballot, contests: [{ ...ballot.contests[0]!, sumProof }] };
        const resigned: Ballot = { ...unsigned, signature: signMessage(credentialFromSecret('e-sum', secret), ballotSigningBytes(unsigned), rng) };
        expectRejected(() => verifyBallotReference(resigned, ctx), 'InvalidProof', 'ballot.contests[0].sumProof');
      }),
      { numRuns: 20 },
    );
  });
});
