// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module msm
 * Variable-time multi-scalar multiplication Σ sᵢ·Pᵢ for public inputs (verification only).
 * Scalars above ℓ/2 are negated together with their point, so a 128-bit weight ρ and −ρ cost
 * the same. Small inputs use noble's interleaved wNAF (Straus); large ones a signed-digit
 * Pippenger whose windows stop at each scalar's own bit length.
 */
import { mulAddUnsafe } from '@noble/curves/abstract/curve.js';
import { IDENTITY, ORDER, Point } from './group.js';

const HALF = ORDER >> 1n;

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Window size minimising  Σ_i ⌈bits_i / c⌉ (bucket additions) + ⌈maxBits / c⌉·2^c (bucket sums). */
function windowSize(bits: readonly number[], maxBits: number): number {
  let best = 4;
  let bestCost = Infinity;
  for (let c = 4; c <= 16; c++) {
    let cost = (Math.ceil(maxBits / c) + 1) * (1 << (c - 1));
    for (const b of bits) cost += Math.ceil(b / c) + 1;
    if (cost < bestCost) {
      bestCost = cost;
      best = c;
    }
  }
  return best;
}

function pippenger(points: Point[], scalars: bigint[], bits: number[], maxBits: number): Point {
  const n = points.length;
  const c = windowSize(bits, maxBits);
  // One spare window absorbs the final carry of the signed recoding.
  const windows = Math.ceil(maxBits / c) + 1;
  const half = 1 << (c - 1);
  const full = 1 << c;
  const mask = BigInt(full - 1);
  const bc = BigInt(c);
  // Signed base-2^c recoding, digits in [-2^(c-1), 2^(c-1)).
  const digits = new Int32Array(n * windows);
  for (let i = 0; i < n; i++) {
    let s = scalars[i]!;
    let carry = 0;
    for (let w = 0; w < windows && (s !== 0n || carry !== 0); w++) {
      let d = Number(s & mask) + carry;
      s >>= bc;
      if (d >= half) {
        d -= full;
        carry = 1;
      } else carry = 0;
      digits[i * windows + w] = d;
    }
  }
  const negs = points.map((p) => p.negate());
  let acc = IDENTITY;
  const buckets: Point[] = new Array<Point>(half + 1);
  for (let w = windows - 1; w >= 0; w--) {
    for (let k = 0; k < c; k++) acc = acc.double();
    buckets.fill(IDENTITY);
    let used = false;
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + w]!;
      if (d > 0) buckets[d] = buckets[d]!.add(points[i]!);
      else if (d < 0) buckets[-d] = buckets[-d]!.add(negs[i]!);
      else continue;
      used = true;
    }
    if (!used) continue;
    let running = IDENTITY;
    let sum = IDENTITY;
    for (let b = half; b >= 1; b--) {
      running = running.add(buckets[b]!);
      sum = sum.add(running);
    }
    acc = acc.add(sum);
  }
  return acc;
}

/** Σ scalars[i]·points[i] (variable time; public data only). Scalars are taken mod ℓ. */
export function msm(points: readonly Point[], scalars: readonly bigint[]): Point {
  if (points.length !== scalars.length) throw new Error('msm: length mismatch');
  const ps: Point[] = [];
  const ss: bigint[] = [];
  const bits: number[] = [];
  let maxBits = 0;
  for (let i = 0; i < points.length; i++) {
    let s = scalars[i]! % ORDER;
    if (s < 0n) s += ORDER;
    if (s === 0n) continue;
    let p = points[i]!;
    if (s > HALF) {
      s = ORDER - s;
      p = p.negate();
    }
    ps.push(p);
    ss.push(s);
    const b = bitLength(s);
    bits.push(b);
    if (b > maxBits) maxBits = b;
  }
  if (ps.length === 0) return IDENTITY;
  if (ps.length < 96) return mulAddUnsafe(Point, ps, ss);
  return pippenger(ps, ss, bits, maxBits);
}
