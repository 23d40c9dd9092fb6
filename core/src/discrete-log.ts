// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module discrete-log
 * Baby-step giant-step recovery of a small m from m·G, 0 ≤ m ≤ max.
 * The table is keyed on affine Edwards coordinates of the baby steps j·G, which are computed by
 * repeated addition of G and therefore lie in the prime-order subgroup, where the Edwards
 * representative of a ristretto element is unique. The query is first mapped into that
 * subgroup with [4⁻¹ mod ℓ]·[4]·Q (multiplying by 4 removes the 4-torsion part of whatever
 * representative decoding produced). This avoids one ristretto encoding (inverse square root)
 * per table entry.
 */
import { BallotLedgerError } from './errors.js';
import { G, IDENTITY, invert, type Point } from './group.js';

const INV4 = invert(4n);

interface Table {
  readonly m: number;
  readonly map: Map<bigint, { j: number; x: bigint }>;
  readonly giant: Point;
}
const tables = new Map<number, Table>();

function table(m: number): Table {
  let t = tables.get(m);
  if (t === undefined) {
    const map = new Map<bigint, { j: number; x: bigint }>();
    let P = IDENTITY;
    for (let j = 0; j < m; j++) {
      const { x, y } = P.toAffine();
      if (!map.has(y)) map.set(y, { j, x });
      P = P.add(G);
    }
    t = { m, map, giant: P.negate() };
    tables.set(m, t);
  }
  return t;
}

/** Smallest table size m with m² > max. */
function sizeFor(max: number): number {
  return Math.max(16, Math.ceil(Math.sqrt(max + 1)));
}

/** Returns m with m·G = P and 0 ≤ m ≤ max, or throws DecryptionFailed. Work ≈ 2·√max additions. */
export function discreteLog(P: Point, max: number, check = 'discreteLog'): number {
  if (!Number.isSafeInteger(max) || max < 0) throw new BallotLedgerError('InvalidArgument', check, 'max must be a non-negative safe integer');
  if (P.is0()) return 0;
  const t = table(sizeFor(max));
  // Map into the prime-order subgroup representative: [4⁻¹]·[4]·P (same ristretto element).
  let Q = P.double().double().multiplyUnsafe(INV4);
  for (let i = 0; i * t.m <= max; i++) {
    const { x, y } = Q.toAffine();
    const hit = t.map.get(y);
    if (hit !== undefined && hit.x === x) {
      const m = i * t.m + hit.j;
      if (m <= max) return m;
    }
    Q = Q.add(t.giant);
  }
  throw new BallotLedgerError('DecryptionFailed', check, `no discrete logarithm in [0, ${max}]`);
}
