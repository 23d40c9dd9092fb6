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
 * (2) is established as: some equations are checked exactly, e_i = O (so w_i·e_i = O whatever
 * w_i is), and the others by evaluating Σ w_i·e_i over them, scaled by a non-zero constant.
 * Both are exact algebra on the same group elements, so acceptance here implies acceptance by
 * the reference; anything else — a failed check, a libsodium error, an identity where libsodium
 * refuses one — returns false and the caller hands the input to the reference.
 *
 * Cost model (libsodium has no multi-scalar multiplication and every call decodes its inputs and
 * encodes its output): a variable-base multiplication ≈ 5–6 additions ≈ 3 fixed-base ones.
 * An equation  g·G + d·(ΣPᵢ) = C  (no K, one term with coefficient −1, the others sharing one
 * coefficient: range-proof commitments A, contest-sum commitments, signatures) costs one
 * multiplication when checked exactly, against two (C and ΣPᵢ's points) in the batch; the
 * K-equations go to the batch, where K, G and the ciphertexts' b are multiplied once.
 */
import sodium from 'libsodium-wrappers-sumo';
import { base64urlDecode } from '../base64url.js';
import type { Equation } from '../batch.js';
import { invert, ORDER, type PointDecoder } from '../group.js';

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

/** True iff P is the encoding of the element computed as Q (Q's bytes come from libsodium). */
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
 * How the equations are split (all three are exact; the benchmark measures them):
 *  - 'hybrid' (default, fastest measured): equations without K that have a −1 term and at most
 *    3 distinct other coefficients are checked exactly, the rest in the batch;
 *  - 'batch': everything in the batch (the reference's evaluation order);
 *  - 'exact': every equation with a −1 term exactly, K included ("compact" verification).
 */
export type EvalStrategy = 'hybrid' | 'batch' | 'exact';

/** Strategy switches (see {@link EvalStrategy}). */
export interface EvalOptions {
  readonly strategy?: EvalStrategy;
}

type ExactForm = { commit: SodiumPoint; groups: Map<bigint, SodiumPoint[]> };

/** The exact form of an equation,  g·G + Σ_d d·(Σ points with coefficient d) = C, or null. */
function exactForm(eq: Equation<SodiumPoint>, K: SodiumPoint, strategy: EvalStrategy): ExactForm | null {
  if (strategy === 'batch' || (strategy === 'hybrid' && eq.k !== 0n) || eq.terms.length < 2) return null;
  const minusOne = ORDER - 1n;
  let commit = -1;
  for (let t = 0; t < eq.terms.length; t++) {
    if (reduce(eq.terms[t]![1]) === minusOne) {
      commit = t;
      break;
    }
  }
  if (commit < 0) return null;
  const groups = new Map<bigint, SodiumPoint[]>();
  const terms: (readonly [SodiumPoint, bigint])[] = eq.k === 0n ? [...eq.terms] : [...eq.terms, [K, eq.k]];
  for (let t = 0; t < terms.length; t++) {
    if (t === commit) continue;
    const [p, c] = terms[t]!;
    const d = reduce(c);
    const g = groups.get(d);
    if (g === undefined) groups.set(d, [p]);
    else g.push(p);
  }
  // More distinct coefficients than 3 would cost more multiplications than the batch.
  return strategy === 'exact' || groups.size <= 3 ? { commit: eq.terms[commit]![0], groups } : null;
}

/** g·G + Σ d·ΣP == C, exactly. */
function exactHolds(eq: Equation<SodiumPoint>, form: ExactForm): boolean {
  let acc = base(eq.g);
  for (const [d, points] of form.groups) {
    if (d === 0n) continue; // validated at the end if nothing else touched them
    let s = points[0]!;
    for (let i = 1; i < points.length; i++) s = add(s, points[i]!);
    acc = add(acc, mul(d, s));
  }
  return matches(form.commit, acc);
}

/**
 * True only if every equation holds in the reference's batch sense for these weights (see the
 * module comment): the exact-form equations one by one, the others as Σ wᵢ·eᵢ = O, with K the
 * election key. Throws on a libsodium refusal (callers treat that as "not accepted").
 */
export function equationsHold(equations: readonly Equation<SodiumPoint>[], weights: readonly bigint[], K: SodiumPoint, options: EvalOptions = {}): boolean {
  const strategy = options.strategy ?? 'hybrid';
  let gCoef = 0n;
  let kCoef = 0n;
  const coefs = new Map<SodiumPoint, bigint>();
  for (let i = 0; i < equations.length; i++) {
    const eq = equations[i]!;
    const form = exactForm(eq, K, strategy);
    if (form !== null) {
      if (!exactHolds(eq, form)) return false;
      continue;
    }
    const w = weights[i]!;
    gCoef += w * eq.g;
    kCoef += w * eq.k;
    for (const [p, c] of eq.terms) coefs.set(p, (coefs.get(p) ?? 0n) + w * c);
  }
  return batchHolds(coefs, reduce(gCoef), reduce(kCoef), K);
}

/** Σ coef·P + g·G + k·K = O, scaled so that one point needs no multiplication. */
function batchHolds(coefs: Map<SodiumPoint, bigint>, g: bigint, k: bigint, K: SodiumPoint): boolean {
  const entries: [SodiumPoint, bigint][] = [];
  for (const [p, c] of coefs) {
    const r = reduce(c);
    if (r !== 0n) entries.push([p, r]);
  }
  if (k !== 0n) entries.push([K, k]);
  if (entries.length === 0) return g === 0n;
  // Divide the whole sum by the first coefficient (a non-zero scalar: the sum is O iff the
  // scaled sum is O), so the first point enters with coefficient 1.
  const inv = invert(entries[0]![1]);
  let acc = entries[0]![0];
  for (let e = 1; e < entries.length; e++) acc = add(acc, mul(entries[e]![1] * inv, entries[e]![0]));
  // acc + (g/c₀)·G = O  ⇔  acc = (−g/c₀)·G
  return matches(acc, base(reduce(-g * inv)));
}
