// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module batch
 * Batch verification of group equations  g·G + k·K + Σ cᵢ·Pᵢ = O  with random linear
 * combinations. The 128-bit weights are derived deterministically from a seed that hashes
 * everything being verified (e.g. the ballot bytes), so every Fabric endorser reaches the same
 * verdict without randomness. If a batch fails, each equation is checked alone to name the
 * failing check. Soundness: a false equation survives with probability ≤ 2^-128 per batch.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { G, mod, Point } from './group.js';
import { msm } from './msm.js';
import { DST } from './transcript.js';

/**
 * One group equation that must evaluate to the identity. `P` is the point representation: noble
 * points on the reference path, byte encodings on the libsodium path (see fast/sodium-verify.ts).
 */
export interface Equation<P = Point> {
  /** Coefficient of the generator G. */
  readonly g: bigint;
  /** Coefficient of the election key K (0 if the equation does not involve K). */
  readonly k: bigint;
  /** Other points with their coefficients. */
  readonly terms: ReadonlyArray<readonly [P, bigint]>;
  /** Name of the check this equation belongs to (reported on failure). */
  readonly check: string;
}

/** Deterministic 128-bit weights from a seed: SHA-512(DST || seed || u32be(block)), 4 weights a block. */
export function batchWeights(seed: Uint8Array, count: number): bigint[] {
  const out: bigint[] = [];
  const tag = utf8ToBytes(DST.batchWeights);
  for (let block = 0; out.length < count; block++) {
    const ctr = new Uint8Array(4);
    new DataView(ctr.buffer).setUint32(0, block);
    const h = sha512(concatBytes(tag, seed, ctr));
    for (let j = 0; j < 4 && out.length < count; j++) {
      let w = 0n;
      for (let i = 0; i < 16; i++) w = (w << 8n) | BigInt(h[16 * j + i]!);
      out.push(w === 0n ? 1n : w);
    }
  }
  return out;
}

/** Evaluates one equation directly (slow path, used to locate failures). */
export function evaluateEquation(eq: Equation, key: Point | null): boolean {
  const points: Point[] = [G];
  const scalars: bigint[] = [eq.g];
  if (eq.k !== 0n) {
    if (key === null) throw new Error('equation uses K but no key was given');
    points.push(key);
    scalars.push(eq.k);
  }
  for (const [p, c] of eq.terms) {
    points.push(p);
    scalars.push(c);
  }
  return msm(points, scalars).is0();
}

/**
 * Checks all equations at once. Returns null if all hold, else the `check` name of the first
 * equation that fails on its own.
 */
export function verifyEquations(equations: readonly Equation[], key: Point | null, seed: Uint8Array): string | null {
  if (equations.length === 0) return null;
  const weights = batchWeights(seed, equations.length);
  let gCoef = 0n;
  let kCoef = 0n;
  const coefs = new Map<Point, bigint>();
  equations.forEach((eq, i) => {
    const w = weights[i]!;
    gCoef += w * eq.g;
    kCoef += w * eq.k;
    for (const [p, c] of eq.terms) coefs.set(p, (coefs.get(p) ?? 0n) + w * c);
  });
  gCoef = mod(gCoef);
  kCoef = mod(kCoef);
  const points = [...coefs.keys()];
  const scalars = points.map((p) => coefs.get(p)!);
  let total = msm(points, scalars);
  if (gCoef !== 0n) total = total.add(G.multiplyUnsafe(gCoef));
  if (kCoef !== 0n) {
    if (key === null) throw new Error('equations use K but no key was given');
    total = total.add(key.multiplyUnsafe(kCoef));
  }
  if (total.is0()) return null;
  for (const eq of equations) if (!evaluateEquation(eq, key)) return eq.check;
  return 'batch';
}
