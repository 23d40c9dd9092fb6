// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module fast/sodium-verify
 * Evaluates the reference's group equations with libsodium's ristretto255 operations only
 * (libsodium-wrappers-sumo: crypto_scalarmult_ristretto255[_base], crypto_core_ristretto255_add,
 * crypto_core_ristretto255_is_valid_point). No field or point arithmetic of our own: a point is
 * its 32-byte canonical encoding, and every group operation is one libsodium call.
 *
 * What it decides: only "accept". {@link equationsHold} returns true only if
 *  (1) every point the equation builder decoded is a valid canonical ristretto255 encoding (the
 *      identity rule was applied on the bytes by {@link SodiumPoints.decoder}, exactly as the
 *      reference decoder applies it), and
 *  (2) Σ_i w_i·e_i = O for the reference's own weights w_i (batch.ts batchWeights), which is the
 *      group element the reference's verifyEquations tests.
 * (2) is established group by group: the equations are partitioned, and for each group either
 * its single equation is checked as e_i = O, or its weighted sum Σ_{i∈group} w_i·e_i = O is
 * checked with the reference's weights; the group sums add up to the reference's sum. Every
 * check is exact algebra on the same group elements (scaled by a non-zero constant where that
 * saves a multiplication), so acceptance here implies acceptance by the reference; anything
 * else — a failed check, a libsodium refusal, an unexpected value — returns false and the caller
 * hands the input to the reference.
 *
 * Cost model: libsodium has no multi-scalar multiplication, and every call decodes its inputs and
 * encodes its output, so a variable-base multiplication costs about 3 fixed-base ones and 5
 * additions; the evaluation minimises variable-base multiplications. The branches of a proof,
 *   z_j·G = A_j + c_j·a  (j = 0..k−1),
 * form one group costing k variable-base multiplications (a once, A_1..A_{k−1}; A_0 is added
 * after dividing by its weight) and one fixed-base one, where the batch would cost k + 1; the
 * K-equations  z_j·K + c_j·m_j·G = B_j + c_j·b  stay in one batch, where K, G and each b are
 * multiplied once. For a 5-option 1-of-5 ballot: 28 variable-base and 8 fixed-base
 * multiplications and 32 additions, against 34, 1 and 34 for the reference's single batch.
 */
import sodium from 'libsodium-wrappers-sumo';
import { base64urlDecode } from '../base64url.js';
import type { Equation } from '../batch.js';
import { invertBatch, ORDER, type PointDecoder } from '../group.js';

/** A point on the libsodium path: its 32 bytes, and whether libsodium has validated them. */
export interface SodiumPoint {
  readonly bytes: Uint8Array;
  /** Set once the bytes went through a successful libsodium call or equal one's output. */
  valid: boolean;
}

const ZERO_BYTES = new Uint8Array(32);

function isZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < 32; i++) acc |= b[i]!;
  return acc === 0;
}

function equalBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc |= x[i]! ^ y[i]!;
  return acc === 0;
}

/** Little-endian 32 bytes of a scalar in [0, ℓ) (public values only). */
export function scalarLE(s: bigint): Uint8Array {
  const out = new Uint8Array(32);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt.asUintN(64, s), true);
  v.setBigUint64(8, BigInt.asUintN(64, s >> 64n), true);
  v.setBigUint64(16, BigInt.asUintN(64, s >> 128n), true);
  v.setBigUint64(24, BigInt.asUintN(64, s >> 192n), true);
  return out;
}

function reduce(x: bigint): bigint {
  const r = x % ORDER;
  return r < 0n ? r + ORDER : r;
}

/** Counts of libsodium calls (for the benchmark and the tests). */
export interface SodiumCounters {
  mul: number;
  base: number;
  add: number;
  valid: number;
}

export const counters: SodiumCounters = { mul: 0, base: 0, add: 0, valid: 0 };

/** The identity (its canonical encoding is 32 zero bytes). */
export const IDENTITY_POINT: SodiumPoint = Object.freeze({ bytes: ZERO_BYTES, valid: true }) as SodiumPoint;

/** s·P (variable base). s is reduced mod ℓ. Throws if libsodium refuses P. */
export function mul(s: bigint, p: SodiumPoint): SodiumPoint {
  const r = reduce(s);
  if (r === 0n) return IDENTITY_POINT;
  if (isZero(p.bytes)) return IDENTITY_POINT;
  counters.mul++;
  // Refuses an invalid or non-canonical encoding, and an identity result (impossible here: P is
  // not the identity, ℓ is prime and r ≠ 0).
  const out = sodium.crypto_scalarmult_ristretto255(scalarLE(r), p.bytes);
  p.valid = true;
  return { bytes: out, valid: true };
}

/** s·G. */
export function base(s: bigint): SodiumPoint {
  const r = reduce(s);
  if (r === 0n) return IDENTITY_POINT;
  counters.base++;
  return { bytes: sodium.crypto_scalarmult_ristretto255_base(scalarLE(r)), valid: true };
}

/** P + Q. Throws if libsodium refuses either encoding. */
export function add(p: SodiumPoint, q: SodiumPoint): SodiumPoint {
  if (p === IDENTITY_POINT && q.valid) return q;
  if (q === IDENTITY_POINT && p.valid) return p;
  counters.add++;
  const out = sodium.crypto_core_ristretto255_add(p.bytes, q.bytes);
  p.valid = true;
  q.valid = true;
  return { bytes: out, valid: true };
}

/** Validates P with crypto_core_ristretto255_is_valid_point (identity included). */
export function validate(p: SodiumPoint): boolean {
  if (p.valid) return true;
  counters.valid++;
  // libsodium's is_valid_point accepts exactly the canonical encodings of group elements; the
  // identity (all zero) is among them.
  if (isZero(p.bytes) || sodium.crypto_core_ristretto255_is_valid_point(p.bytes)) p.valid = true;
  return p.valid;
}

/** True iff P's bytes equal Q's (Q's bytes come from libsodium or are the identity's), validating P. */
function matches(p: SodiumPoint, q: SodiumPoint): boolean {
  if (!equalBytes(p.bytes, q.bytes)) return false;
  p.valid = true; // equal to a canonical encoding produced by libsodium
  return true;
}

/**
 * The points decoded for one verification. The decoder applies the reference decoder's rules
 * that depend on the bytes alone (strict base64url, 32 bytes, identity only where allowed);
 * group validity is checked by libsodium before anything is accepted ({@link allValid}).
 */
export class SodiumPoints {
  readonly all: SodiumPoint[] = [];

  readonly decoder: PointDecoder<SodiumPoint> = (text, check, allowIdentity = false) => {
    const bytes = base64urlDecode(text, 32, check);
    if (!allowIdentity && isZero(bytes)) throw new Error(`${check}: identity`);
    const p: SodiumPoint = { bytes, valid: false };
    this.all.push(p);
    return p;
  };

  /** Every decoded point is a valid encoding (most were validated by the libsodium calls already). */
  allValid(): boolean {
    for (const p of this.all) if (!validate(p)) return false;
    return true;
  }

  clear(): void {
    this.all.length = 0;
  }
}

/**
 * How the equations are split into groups, each of which must sum to O (all four are exact; the
 * benchmark and the tests run each):
 *  - 'grouped' (default, fastest measured): an equation without K that has a −1 term (its
 *    commitment) goes to a group with the equations that have the same other points — the
 *    branches of one proof (z_j·G = A_j + c_j·a) form one group, the signature one, each
 *    contest-sum proof one; everything else (the K-equations) forms the batch;
 *  - 'hybrid': the same equations, but each one alone;
 *  - 'batch': everything in the batch (the reference's evaluation);
 *  - 'exact': every equation with a −1 term alone, K included ("compact" verification).
 */
export type EvalStrategy = 'grouped' | 'hybrid' | 'batch' | 'exact';

/** Strategy switches (see {@link EvalStrategy}). */
export interface EvalOptions {
  readonly strategy?: EvalStrategy;
}

const MINUS_ONE = ORDER - 1n;

/** A group sum to check: points by coefficient, the coefficient to divide by, and G's coefficient. */
interface PreparedSum {
  readonly byCoef: Map<bigint, SodiumPoint[]>;
  /** Coefficient whose points enter without a multiplication (the sum is divided by it), or null if there are no points. */
  readonly c0: bigint | null;
  readonly g: bigint;
}

/**
 * Prepares Σ coef·P + g·G = O for public coefficients (P may repeat; coefficients are taken
 * mod ℓ): points with equal coefficients are added before one multiplication, and the sum will be
 * divided by one coefficient (non-zero: the sum is O iff the scaled sum is) so that its points
 * need no multiplication — the coefficient −1 if present (a commitment: no inversion needed).
 */
function prepareSum(terms: Iterable<readonly [SodiumPoint, bigint]>, g: bigint): PreparedSum {
  const perPoint = new Map<SodiumPoint, bigint>();
  for (const [p, c] of terms) perPoint.set(p, (perPoint.get(p) ?? 0n) + c);
  const byCoef = new Map<bigint, SodiumPoint[]>();
  for (const [p, c] of perPoint) {
    const r = reduce(c);
    if (r === 0n) continue; // such a point is validated at the end (SodiumPoints.allValid)
    const list = byCoef.get(r);
    if (list === undefined) byCoef.set(r, [p]);
    else list.push(p);
  }
  const c0 = byCoef.size === 0 ? null : byCoef.has(MINUS_ONE) ? MINUS_ONE : byCoef.keys().next().value!;
  return { byCoef, c0, g: reduce(g) };
}

/** Evaluates a prepared sum; `inv` is 1/c₀ mod ℓ. */
function sumHolds(s: PreparedSum, inv: bigint): boolean {
  if (s.c0 === null) return s.g === 0n;
  let acc = sumPoints(s.byCoef.get(s.c0)!);
  for (const [c, points] of s.byCoef) if (c !== s.c0) acc = add(acc, mul(c * inv, sumPoints(points)));
  // acc + (g/c₀)·G = O  ⇔  acc = (−g/c₀)·G
  return matches(acc, base(reduce(-s.g * inv)));
}

/** Evaluates prepared sums, inverting their c₀ together (one inversion mod ℓ for all). */
function sumsHold(sums: readonly PreparedSum[]): boolean {
  const toInvert: bigint[] = [];
  for (const s of sums) if (s.c0 !== null && s.c0 !== MINUS_ONE) toInvert.push(s.c0);
  const inverses = toInvert.length > 0 ? invertBatch(toInvert) : [];
  let k = 0;
  for (const s of sums) {
    const inv = s.c0 === null ? 0n : s.c0 === MINUS_ONE ? MINUS_ONE : inverses[k++]!;
    if (!sumHolds(s, inv)) return false;
  }
  return true;
}

function sumPoints(points: readonly SodiumPoint[]): SodiumPoint {
  let s = points[0]!;
  for (let i = 1; i < points.length; i++) s = add(s, points[i]!);
  return s;
}

/** Index of the first term with coefficient ≡ −1, or −1. */
function commitmentIndex(eq: Equation<SodiumPoint>): number {
  for (let t = 0; t < eq.terms.length; t++) if (reduce(eq.terms[t]![1]) === MINUS_ONE) return t;
  return -1;
}

/**
 * True only if Σᵢ wᵢ·eᵢ = O for these weights (the reference's) and every equation, established
 * group by group (see {@link EvalStrategy}): a group of one equation is checked as eᵢ = O, a
 * larger group as Σ_{i∈group} wᵢ·eᵢ = O, and the sum of the group sums is the whole sum. K is
 * the election key. Throws on a libsodium refusal (callers treat that as "not accepted").
 */
export function equationsHold(equations: readonly Equation<SodiumPoint>[], weights: readonly bigint[], K: SodiumPoint, options: EvalOptions = {}): boolean {
  const strategy = options.strategy ?? 'grouped';
  const batch: (readonly [SodiumPoint, bigint])[] = [];
  let batchG = 0n;
  const groups = new Map<string, number[]>();
  const ids = new Map<SodiumPoint, number>();
  const id = (p: SodiumPoint): number => {
    let n = ids.get(p);
    if (n === undefined) ids.set(p, (n = ids.size));
    return n;
  };
  const sums: PreparedSum[] = [];
  for (let i = 0; i < equations.length; i++) {
    const eq = equations[i]!;
    const commit = strategy === 'batch' || (eq.k !== 0n && strategy !== 'exact') ? -1 : commitmentIndex(eq);
    if (commit < 0) {
      const w = weights[i]!;
      batchG += w * eq.g;
      if (eq.k !== 0n) batch.push([K, w * eq.k]);
      for (const [p, c] of eq.terms) batch.push([p, w * c]);
      continue;
    }
    if (strategy !== 'grouped') {
      sums.push(prepareSum(eq.k === 0n ? eq.terms : [...eq.terms, [K, eq.k] as const], eq.g));
      continue;
    }
    const key = eq.terms
      .filter((_, t) => t !== commit)
      .map(([p]) => id(p))
      .sort((x, y) => x - y)
      .join(',');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  for (const members of groups.values()) {
    if (members.length === 1) {
      const eq = equations[members[0]!]!;
      sums.push(prepareSum(eq.terms, eq.g));
      continue;
    }
    const terms: (readonly [SodiumPoint, bigint])[] = [];
    let g = 0n;
    for (const i of members) {
      const w = weights[i]!;
      const eq = equations[i]!;
      g += w * eq.g;
      for (const [p, c] of eq.terms) terms.push([p, w * c]);
    }
    sums.push(prepareSum(terms, g));
  }
  sums.push(prepareSum(batch, batchG));
  return sumsHold(sums);
}
