// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module fast/backend
 * The accelerator behind initFastVerification (Node only, loaded by dynamic import), built only on
 * libsodium-wrappers-sumo's ristretto255 operations:
 *  - verification: the reference equation builders run unchanged (ballotEquationsWith: same
 *    schema checks, bindings, challenge sums, same order) with a decoder that keeps the points'
 *    bytes, then fast/sodium-verify.ts establishes that the reference's batch equation holds with
 *    libsodium calls. It only ever accepts; whatever it does not accept goes to the reference
 *    code, which gives the verdict and the error.
 *  - the prover's constant-time multiplications (crypto_scalarmult_ristretto255[_base],
 *    crypto_core_ristretto255_add), byte-identical to the noble prover for the same randomness.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import sodium from 'libsodium-wrappers-sumo';
import type { Accelerator } from '../accel.js';
import { base64urlDecode, base64urlEncode } from '../base64url.js';
import { ballotContextBytes, ballotEquationsWith, type BallotContext, type BallotContextBytes } from '../ballot.js';
import { batchWeights, type Equation } from '../batch.js';
import { G, mod, pointFromBytes, scalarToBytes, smallMulSecret, type Point } from '../group.js';
import type { ProverOps } from '../prover-ops.js';
import type { Ballot, EncryptedTally, Manifest } from '../schemas.js';
import { encodeTally, sumSelections } from '../tally.js';
import { BALLOTS_PER_BATCH, verifyBallotChunkReference, verifyBatchReference, type BallotChunkResult, type BallotChunkTask, type ChunkAccumulator } from '../verify-record.js';
import { add, equationsHold, IDENTITY_POINT, SodiumPoints, validate, type EvalOptions, type SodiumPoint } from './sodium-verify.js';

/** The election key as a libsodium point (valid and not the identity, as the reference requires), or null. */
const keys = new WeakMap<BallotContextBytes, SodiumPoint | null>();
function keyPoint(p: BallotContextBytes): SodiumPoint | null {
  let K = keys.get(p);
  if (K === undefined) {
    const k: SodiumPoint = { bytes: p.KBytes, valid: false };
    K = validate(k) && p.KBytes.some((x) => x !== 0) ? k : null;
    keys.set(p, K);
  }
  return K;
}

/** Whether the fast path accepts a ballot (true only if the reference would). Never throws. */
export function acceptsBallot(value: unknown, ctx: BallotContext, check: string, options: EvalOptions = {}): boolean {
  try {
    const p = ballotContextBytes(ctx);
    const K = keyPoint(p);
    if (K === null) return false;
    const points = new SodiumPoints();
    const be = ballotEquationsWith(value, p, check, points.decoder);
    return equationsHold(be.equations, batchWeights(be.seed, be.equations.length), K, options) && points.allValid();
  } catch {
    return false;
  }
}

/** Same result as verifyBallotChunkReference: batches the fast path does not accept go to the reference. */
export function verifyBallotChunk(task: BallotChunkTask, options: EvalOptions = {}): BallotChunkResult {
  const ctx: BallotContext = { manifest: task.manifest, jointKey: task.jointKey, electionBaseHash: task.electionBaseHash };
  let p: BallotContextBytes;
  let K: SodiumPoint | null;
  try {
    p = ballotContextBytes(ctx);
    K = keyPoint(p);
  } catch {
    return verifyBallotChunkReference(task);
  }
  if (K === null) return verifyBallotChunkReference(task);
  // Running sums of the selections of the ballots accepted here, one (a, b) per option.
  const sums = task.manifest.contests.map((c) => c.options.map(() => ({ a: IDENTITY_POINT, b: IDENTITY_POINT })));
  let fastCount = 0;
  const reference: ChunkAccumulator = { failures: [], decoded: [] };
  for (let start = 0; start < task.ballots.length; start += BALLOTS_PER_BATCH) {
    const end = Math.min(start + BALLOTS_PER_BATCH, task.ballots.length);
    const points = new SodiumPoints();
    const equations: Equation<SodiumPoint>[] = [];
    const seeds: Uint8Array[] = [];
    const selections: (readonly (readonly { readonly a: SodiumPoint; readonly b: SodiumPoint }[])[])[] = [];
    let ok: boolean;
    try {
      for (let k = start; k < end; k++) {
        const be = ballotEquationsWith(task.ballots[k], p, `ballots[${task.offset + k}]`, points.decoder);
        for (const eq of be.equations) equations.push(eq);
        seeds.push(be.seed);
        selections.push(be.selections);
      }
      // The reference's batch: all equations of the batch, weights from the hash of the ballots' hashes.
      ok = equationsHold(equations, batchWeights(sha256(concatBytes(...seeds)), equations.length), K, options) && points.allValid();
      if (ok) for (const sel of selections) addSelections(sums, sel);
    } catch {
      ok = false;
    }
    if (ok) fastCount += selections.length;
    else verifyBatchReference(task, ctx, start, reference);
  }
  // Fast sums (decoded by noble: one per option) plus the reference batches' sums.
  const fromSodium = (q: SodiumPoint): Point => pointFromBytes(q.bytes, 'sum', true);
  const refSums = sumSelections(task.manifest, reference.decoded);
  const total = refSums.map((c, ci) => c.map((ct, oi) => ({ a: ct.a.add(fromSodium(sums[ci]![oi]!.a)), b: ct.b.add(fromSodium(sums[ci]![oi]!.b)) })));
  const count = fastCount + reference.decoded.length;
  return { offset: task.offset, failures: reference.failures, partialSum: encodeTally(task.manifest, total, count), decodedCount: count, size: task.ballots.length };
}

interface SodiumCiphertext {
  a: SodiumPoint;
  b: SodiumPoint;
}

/** sums[contest][option] += the ballot's selection, with libsodium additions (which validate unchecked points). */
function addSelections(sums: SodiumCiphertext[][], selections: readonly (readonly SodiumCiphertext[])[]): void {
  selections.forEach((c, ci) =>
    c.forEach((s, oi) => {
      const sum = sums[ci]![oi]!;
      sum.a = add(sum.a, s.a);
      sum.b = add(sum.b, s.b);
    }),
  );
}

/** True only if every text is a valid, non-identity point (what decodePoint accepts). Never throws. */
export function acceptsPoints(texts: readonly string[]): boolean {
  try {
    for (const t of texts) {
      const bytes = base64urlDecode(t, 32);
      if (bytes.every((x) => x === 0) || !validate({ bytes, valid: false })) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Per-option sums of the ballots' selections with libsodium; null unless every selection is what decodeCiphertext accepts. Never throws. */
export function sumBallots(manifest: Manifest, ballots: readonly Ballot[]): EncryptedTally | null {
  try {
    // Fresh identities (not the shared IDENTITY_POINT, which add() would skip): every selection goes through libsodium.
    const zero = (): SodiumPoint => ({ bytes: new Uint8Array(32), valid: true });
    const sums = manifest.contests.map((c) => c.options.map(() => ({ a: zero(), b: zero() })));
    const point = (text: string, identityAllowed: boolean): SodiumPoint => {
      const bytes = base64urlDecode(text, 32);
      if (!identityAllowed && bytes.every((x) => x === 0)) throw new Error('identity');
      return { bytes, valid: false }; // add() hands it to libsodium, which refuses invalid and non-canonical encodings
    };
    // as decodeCiphertext: only the first component must not be the identity
    for (const b of ballots) addSelections(sums, b.contests.map((c) => c.selections.map((s) => ({ a: point(s.a, false), b: point(s.b, true) }))));
    return {
      v: 1,
      electionId: manifest.electionId,
      ballotCount: ballots.length,
      contests: manifest.contests.map((c, ci) => ({ contestId: c.contestId, selections: sums[ci]!.map((s) => ({ a: base64urlEncode(s.a.bytes), b: base64urlEncode(s.b.bytes) })) })),
    };
  } catch {
    return null;
  }
}

/** libsodium prover operations for the key with these bytes (points are their encodings). */
function sodiumProverOps(KBytes: Uint8Array): ProverOps<Uint8Array> {
  const zero = new Uint8Array(32);
  // crypto_scalarmult_ristretto255[_base] refuse a zero scalar (identity result): the scalars
  // here are uniformly random and non-zero except with probability 2^-252.
  const base = (s: bigint): Uint8Array => (s === 0n ? zero : sodium.crypto_scalarmult_ristretto255_base(scalarToBytes(mod(s))));
  const mulKey = (s: bigint): Uint8Array => (s === 0n ? zero : sodium.crypto_scalarmult_ristretto255(scalarToBytes(mod(s)), KBytes));
  return {
    base,
    mulKey,
    add: (x, y) => sodium.crypto_core_ristretto255_add(x, y),
    smallBase: (m, max) => {
      const table = smallTable(max);
      // constant-time selection: touch every entry, mask-select the m-th
      const out = new Uint8Array(32);
      for (let i = 0; i <= max; i++) {
        const mask = -((i ^ m) === 0 ? 1 : 0) & 0xff;
        const e = table[i]!;
        for (let j = 0; j < 32; j++) out[j]! |= e[j]! & mask;
      }
      return out;
    },
    toBytes: (p) => p,
  };
}

const smallTables: Uint8Array[] = [];
function smallTable(max: number): readonly Uint8Array[] {
  while (smallTables.length <= max) smallTables.push(smallMulSecret(smallTables.length, Math.max(smallTables.length, 1)).toBytes());
  return smallTables;
}

/** Creates the accelerator (loads libsodium and self-tests it against @noble/curves). */
export async function createAccelerator(options: { prover: boolean }): Promise<Accelerator> {
  await sodium.ready;
  selfTest();
  const proverOps = options.prover ? (sodiumProverOps as (KBytes: Uint8Array) => ProverOps<unknown>) : null;
  return {
    description: `libsodium ${sodium.sodium_version_string()} ristretto255 verifier${proverOps !== null ? ' and prover' : ''}`,
    acceptsBallot: (value, ctx, check) => acceptsBallot(value, ctx, check),
    verifyBallotChunk: (task) => verifyBallotChunk(task),
    acceptsPoints,
    sumBallots,
    proverOps,
  };
}

/** Known answers from @noble/curves for every libsodium operation used here. */
function selfTest(): void {
  const hex = (b: Uint8Array): string => base64urlEncode(b);
  const ok =
    hex(sodium.crypto_scalarmult_ristretto255_base(scalarToBytes(5n))) === hex(G.multiply(5n).toBytes()) &&
    hex(sodium.crypto_scalarmult_ristretto255(scalarToBytes(7n), G.multiply(3n).toBytes())) === hex(G.multiply(21n).toBytes()) &&
    hex(sodium.crypto_core_ristretto255_add(G.multiply(3n).toBytes(), G.multiply(4n).toBytes())) === hex(G.multiply(7n).toBytes()) &&
    hex(sodium.crypto_core_ristretto255_add(G.toBytes(), G.negate().toBytes())) === hex(new Uint8Array(32)) &&
    sodium.crypto_core_ristretto255_is_valid_point(new Uint8Array(32)) &&
    !sodium.crypto_core_ristretto255_is_valid_point(Uint8Array.from({ length: 32 }, () => 0xff));
  if (!ok) throw new Error('libsodium self-test failed');
}
