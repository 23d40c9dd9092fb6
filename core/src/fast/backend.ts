// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module fast/backend
 * The accelerator behind initFastVerification (Node only, loaded by dynamic import):
 *  - verification on the WebAssembly kernel: the reference equation builders run unchanged with a
 *    decoder that puts points into kernel slots, then the reference batch equation (same
 *    weights, same coefficients) is evaluated by the kernel's MSM. It only ever accepts; whatever
 *    it does not accept goes to the reference code, which gives the verdict and the error.
 *  - the prover's constant-time multiplications on libsodium (crypto_scalarmult_ristretto255[_base],
 *    crypto_core_ristretto255_add), byte-identical to the noble prover for the same randomness.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import sodium from 'libsodium-wrappers-sumo';
import type { Accelerator } from '../accel.js';
import { base64urlDecode, base64urlEncode } from '../base64url.js';
import { ballotContextBytes, ballotEquationsWith, type BallotContext } from '../ballot.js';
import { batchWeights, type Equation } from '../batch.js';
import { G, mod, pointFromBytes, scalarToBytes, smallMulSecret, type Point, type PointDecoder } from '../group.js';
import type { ProverOps } from '../prover-ops.js';
import { encodeTally, sumSelections } from '../tally.js';
import { BALLOTS_PER_BATCH, verifyBallotChunkReference, verifyBatchReference, type BallotChunkResult, type BallotChunkTask, type ChunkAccumulator } from '../verify-record.js';
import { Kernel } from './kernel.js';

/** Slot of the election key K while a verification runs (slot 0 is G). */
const K_SLOT = 1;

/** Evaluates the reference batch equation of `equations` (see batch.ts verifyEquations) on the kernel. */
export function equationsHoldOnKernel(kernel: Kernel, equations: readonly Equation<number>[], seed: Uint8Array): boolean {
  if (equations.length === 0) return true;
  const weights = batchWeights(seed, equations.length);
  let gCoef = 0n;
  let kCoef = 0n;
  const coefs = new Map<number, bigint>();
  for (let i = 0; i < equations.length; i++) {
    const eq = equations[i]!;
    const w = weights[i]!;
    gCoef += w * eq.g;
    kCoef += w * eq.k;
    for (const [p, c] of eq.terms) coefs.set(p, (coefs.get(p) ?? 0n) + w * c);
  }
  const entries: [number, bigint][] = [...coefs];
  entries.push([0, mod(gCoef)], [K_SLOT, mod(kCoef)]);
  return kernel.isIdentity(kernel.msmSlot(entries));
}

function kernelDecoder(kernel: Kernel): PointDecoder<number> {
  return (text, check, allowIdentity = false) => {
    const slot = kernel.decode(base64urlDecode(text, 32, check));
    if (slot === -1) throw new Error(`${check}: invalid point`);
    if (slot === -2) {
      if (!allowIdentity) throw new Error(`${check}: identity`);
      return kernel.lastSlot();
    }
    return slot;
  };
}

/** Decodes K into K_SLOT (must be a valid non-identity point, as the reference requires). */
function loadKey(kernel: Kernel, KBytes: Uint8Array): boolean {
  kernel.reset(K_SLOT);
  return kernel.decode(KBytes) === K_SLOT;
}

function acceptsBallot(kernel: Kernel, value: unknown, ctx: BallotContext, check: string): boolean {
  try {
    const p = ballotContextBytes(ctx);
    if (!loadKey(kernel, p.KBytes)) return false;
    const be = ballotEquationsWith(value, p, check, kernelDecoder(kernel));
    return equationsHoldOnKernel(kernel, be.equations, be.seed);
  } catch {
    return false;
  }
}

function verifyBallotChunk(kernel: Kernel, task: BallotChunkTask): BallotChunkResult {
  const ctx: BallotContext = { manifest: task.manifest, jointKey: task.jointKey, electionBaseHash: task.electionBaseHash };
  let p;
  try {
    p = ballotContextBytes(ctx);
    if (!loadKey(kernel, p.KBytes)) return verifyBallotChunkReference(task);
  } catch {
    return verifyBallotChunkReference(task);
  }
  // Running sums of the ballots verified on the kernel: slots after K, one (a, b) per option.
  const shape = task.manifest.contests.map((c) => c.options.length);
  const sums = shape.map((n) => Array.from({ length: n }, () => ({ a: kernel.identity(), b: kernel.identity() })));
  const firstFree = kernel.next;
  let kernelCount = 0;
  const reference: ChunkAccumulator = { failures: [], decoded: [] };
  const decode = kernelDecoder(kernel);
  for (let start = 0; start < task.ballots.length; start += BALLOTS_PER_BATCH) {
    kernel.next = firstFree;
    const end = Math.min(start + BALLOTS_PER_BATCH, task.ballots.length);
    let ok = true;
    const group: { eqs: Equation<number>[]; seed: Uint8Array; sel: ReadonlyArray<ReadonlyArray<{ a: number; b: number }>> }[] = [];
    try {
      for (let k = start; k < end; k++) {
        const be = ballotEquationsWith(task.ballots[k], p, `ballots[${task.offset + k}]`, decode);
        group.push({ eqs: be.equations, seed: be.seed, sel: be.selections });
      }
      const seed = sha256(concatBytes(...group.map((g) => g.seed)));
      ok = equationsHoldOnKernel(kernel, group.flatMap((g) => g.eqs), seed);
    } catch {
      ok = false;
    }
    if (ok) {
      for (const g of group) g.sel.forEach((c, ci) => c.forEach((s, oi) => (kernel.add(sums[ci]![oi]!.a, sums[ci]![oi]!.a, s.a), kernel.add(sums[ci]![oi]!.b, sums[ci]![oi]!.b, s.b))));
      kernelCount += group.length;
    } else verifyBatchReference(task, ctx, start, reference);
  }
  // Kernel sums (re-encoded, decoded by noble) plus the reference batches' sums.
  const fromKernel = (slot: number): Point => pointFromBytes(kernel.encode(slot), 'sum', true);
  const refSums = sumSelections(task.manifest, reference.decoded);
  const total = refSums.map((c, ci) => c.map((ct, oi) => ({ a: ct.a.add(fromKernel(sums[ci]![oi]!.a)), b: ct.b.add(fromKernel(sums[ci]![oi]!.b)) })));
  const count = kernelCount + reference.decoded.length;
  return { offset: task.offset, failures: reference.failures, partialSum: encodeTally(task.manifest, total, count), decodedCount: count };
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

/** Creates the accelerator (loads and self-tests both WebAssembly modules). */
export async function createAccelerator(options: { prover: boolean }): Promise<Accelerator> {
  const kernel = await Kernel.load();
  let proverOps: ((KBytes: Uint8Array) => ProverOps<unknown>) | null = null;
  if (options.prover) {
    await sodium.ready;
    const probe = sodiumProverOps(G.toBytes());
    if (base64urlEncode(probe.base(5n)) !== base64urlEncode(G.multiply(5n).toBytes()) || base64urlEncode(probe.mulKey(7n)) !== base64urlEncode(G.multiply(7n).toBytes())) {
      throw new Error('libsodium self-test failed');
    }
    proverOps = sodiumProverOps as (KBytes: Uint8Array) => ProverOps<unknown>;
  }
  return {
    description: `WebAssembly verification kernel${proverOps !== null ? ` + libsodium ${sodium.sodium_version_string()} prover` : ''}`,
    acceptsBallot: (value, ctx, check) => acceptsBallot(kernel, value, ctx, check),
    verifyBallotChunk: (task) => verifyBallotChunk(kernel, task),
    proverOps,
  };
}
