// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import fc from 'fast-check';
import { combineDecryptionShares, computeDecryptionShare } from './decryption.js';
import { encrypt } from './elgamal.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, randomScalar } from './group.js';
import { ceremonyParams, finalizeCeremony, holderSecretShare, receiveShares, round1, round2 } from './key-ceremony.js';
import { deterministicRng } from './rng.js';
import { encodeTally } from './tally.js';
import { smallManifest } from './testing/fixtures.js';

function subsets(items: readonly number[], k: number): number[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}

const thresholdAndHolders = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

describe('threshold decryption (property)', function () {
  this.timeout(120000);

  it('for random t ≤ n ≤ 5, every t-subset of the holders decrypts the counts and t−1 shares do not', () => {
    fc.assert(
      fc.property(thresholdAndHolders, fc.integer({ min: 1, max: 1000 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), ([t, n], ballotCount, draws, seed) => {
        const rng = deterministicRng(seed);
        const manifest = smallManifest('e-threshold', t, n);
        const p = ceremonyParams(manifest);
        const r1 = Array.from({ length: n }, (_, i) => round1(p, i + 1, rng));
        const m1 = r1.map((r) => r.message);
        const m2 = r1.map((r) => round2(r.state, m1, p, rng));
        const result = finalizeCeremony(m1, m2, [], p);
        const states = r1.map((r) => holderSecretShare(r.state, receiveShares(r.state, m1, m2, p, rng).shares, result));

        const K = decodePoint(result.jointKey);
        let k = 0;
        const truth = manifest.contests.map((c) => c.options.map(() => draws[k++]! % (ballotCount + 1)));
        const sums = truth.map((counts) => counts.map((m) => encrypt(K, BigInt(m), randomScalar(rng))));
        const tally = encodeTally(manifest, sums, ballotCount);
        const shares = states.map((s) => computeDecryptionShare(manifest, tally, s, result, rng));

        const holders = Array.from({ length: n }, (_, i) => i + 1);
        for (const subset of subsets(holders, t)) {
          const out = combineDecryptionShares(manifest, tally, subset.map((h) => shares[h - 1]!), result);
          expect(out.usedHolders).to.deep.equal(subset);
          expect(out.result.contests.map((c) => c.counts), `t=${t} n=${n} holders ${subset.join(',')}`).to.deep.equal(truth);
        }
        if (t > 1) {
          expect(() => combineDecryptionShares(manifest, tally, shares.slice(0, t - 1), result)).to.throw(BallotLedgerError).with.property('code', 'InsufficientShares');
        }
      }),
      { numRuns: 8 },
    );
  });
});
