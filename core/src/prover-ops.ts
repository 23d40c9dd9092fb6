// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module prover-ops
 * The group operations the prover needs, on secret scalars, behind one small interface so the
 * same proving code runs on @noble/curves (reference, browser) or on libsodium (Node, opt-in via
 * initFastVerification). Every operation here must be constant-time in its scalar and in m.
 */
import { G, mulSecret, smallMulSecret, type Point } from './group.js';

/** Constant-time prover operations on an opaque point type `P`, bound to one election key K. */
export interface ProverOps<P> {
  /** s·G for a secret s in [0, ℓ). */
  base(s: bigint): P;
  /** s·K for a secret s in [0, ℓ). */
  mulKey(s: bigint): P;
  add(x: P, y: P): P;
  /** m·G for a secret small m (0 ≤ m ≤ max ≤ 1024), by a scan that touches the whole table. */
  smallBase(m: number, max: number): P;
  /** Canonical 32-byte encoding. */
  toBytes(p: P): Uint8Array;
}

/** The reference operations (@noble/curves; K should carry a precomputed table). */
export function nobleProverOps(K: Point): ProverOps<Point> {
  return {
    base: (s) => mulSecret(G, s),
    mulKey: (s) => mulSecret(K, s),
    add: (x, y) => x.add(y),
    smallBase: (m, max) => smallMulSecret(m, max),
    toBytes: (p) => p.toBytes(),
  };
}
