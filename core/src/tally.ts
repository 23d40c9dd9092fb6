// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module tally
 * Homomorphic aggregation: per option, the sum of the ciphertexts of the counted ballots.
 * Aggregation runs in shards ({@link aggregateBallots}) that combine ({@link combineAggregates}),
 * so no ledger key is written per ballot and the sum can be recomputed by anyone.
 */
import { getAccelerator } from './accel.js';
import { addCiphertexts, decodeCiphertext, encodeCiphertext, ZERO_CIPHERTEXT, type Ciphertext } from './elgamal.js';
import { BallotLedgerError } from './errors.js';
import { EncryptedTallySchema, type Ballot, type EncryptedTally, type Manifest } from './schemas.js';
import { parseWith } from './validate.js';

/** Decoded aggregate: per contest, per option. */
export type DecodedTally = Ciphertext[][];

function emptyTally(manifest: Manifest): DecodedTally {
  return manifest.contests.map((c) => c.options.map(() => ZERO_CIPHERTEXT));
}

/** Wire form of a decoded aggregate. */
export function encodeTally(manifest: Manifest, sums: DecodedTally, ballotCount: number): EncryptedTally {
  return {
    v: 1,
    electionId: manifest.electionId,
    ballotCount,
    contests: manifest.contests.map((c, ci) => ({ contestId: c.contestId, selections: sums[ci]!.map(encodeCiphertext) })),
  };
}

/** Parses and decodes an aggregate against the manifest (identity allowed: empty sums). */
export function decodeTally(value: unknown, manifest: Manifest, check = 'tally'): { tally: EncryptedTally; sums: DecodedTally } {
  const tally = parseWith(EncryptedTallySchema, value, 'InvalidTally', check);
  if (tally.electionId !== manifest.electionId) throw new BallotLedgerError('InvalidTally', `${check}.electionId`, 'wrong election');
  if (tally.contests.length !== manifest.contests.length) throw new BallotLedgerError('InvalidTally', `${check}.contests`, 'wrong number of contests');
  const sums = tally.contests.map((c, ci) => {
    const mc = manifest.contests[ci]!;
    if (c.contestId !== mc.contestId || c.selections.length !== mc.options.length) throw new BallotLedgerError('InvalidTally', `${check}.contests[${ci}]`, 'does not match the manifest');
    return c.selections.map((s, oi) => decodeCiphertext(s, `${check}.contests[${ci}].selections[${oi}]`, true));
  });
  return { tally, sums };
}

/** Sums already-decoded ballot selections (used by the record verifier). */
export function sumSelections(manifest: Manifest, ballots: ReadonlyArray<ReadonlyArray<ReadonlyArray<Ciphertext>>>): DecodedTally {
  const sums = emptyTally(manifest);
  for (const b of ballots) b.forEach((c, ci) => c.forEach((s, oi) => (sums[ci]![oi] = addCiphertexts(sums[ci]![oi]!, s))));
  return sums;
}

/**
 * Aggregates (already verified) ballots into one shard. Throws InvalidBallot if a ballot does not
 * fit the manifest's shape or holds a selection that is not a valid, non-identity point. With
 * {@link initFastVerification} the sums are computed with libsodium; anything it does not accept
 * goes to the reference code, which names the failing selection.
 */
export function aggregateBallots(manifest: Manifest, ballots: readonly Ballot[]): EncryptedTally {
  ballots.forEach((b, bi) => {
    if (b.electionId !== manifest.electionId || b.contests.length !== manifest.contests.length) throw new BallotLedgerError('InvalidBallot', `ballots[${bi}]`, 'does not match the manifest');
    b.contests.forEach((c, ci) => {
      if (c.selections.length !== manifest.contests[ci]!.options.length) throw new BallotLedgerError('InvalidBallot', `ballots[${bi}].contests[${ci}]`, 'wrong number of selections');
    });
  });
  const fast = getAccelerator()?.sumBallots(manifest, ballots);
  if (fast) return fast;
  const decoded = ballots.map((b, bi) => b.contests.map((c, ci) => c.selections.map((s, oi) => decodeCiphertext(s, `ballots[${bi}].contests[${ci}].selections[${oi}]`))));
  return encodeTally(manifest, sumSelections(manifest, decoded), ballots.length);
}

/** Combines aggregate shards into one aggregate (ballot counts add up). */
export function combineAggregates(manifest: Manifest, shards: readonly unknown[]): EncryptedTally {
  const sums = emptyTally(manifest);
  let count = 0;
  shards.forEach((s, k) => {
    const d = decodeTally(s, manifest, `shards[${k}]`);
    count += d.tally.ballotCount;
    d.sums.forEach((c, ci) => c.forEach((ct, oi) => (sums[ci]![oi] = addCiphertexts(sums[ci]![oi]!, ct))));
  });
  return encodeTally(manifest, sums, count);
}
