// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module polynomial
 * Polynomials over Z_ℓ for Shamir/Feldman sharing: P(x) = Σ_{j<t} a_j x^j, commitments
 * K_j = a_j·G, public evaluation Σ_j K_j·x^j = P(x)·G, and Lagrange coefficients at 0.
 */
import { BallotLedgerError } from './errors.js';
import { G, invert, mod, mulSecret, randomScalar, type Point } from './group.js';
import { msm } from './msm.js';
import { defaultRng, type Rng } from './rng.js';

/** Random polynomial of degree t−1 (t coefficients a_0..a_{t−1}, all non-zero). */
export function randomPolynomial(t: number, rng: Rng = defaultRng): bigint[] {
  return Array.from({ length: t }, () => randomScalar(rng));
}

/** P(x) mod ℓ by Horner's rule. */
export function evaluatePolynomial(coefficients: readonly bigint[], x: number | bigint): bigint {
  const xb = BigInt(x);
  let acc = 0n;
  for (let j = coefficients.length - 1; j >= 0; j--) acc = mod(acc * xb + coefficients[j]!);
  return acc;
}

/** Feldman commitments K_j = a_j·G. */
export function commitPolynomial(coefficients: readonly bigint[]): Point[] {
  return coefficients.map((a) => mulSecret(G, a));
}

/** Σ_j K_j·x^j, which equals P(x)·G for honest commitments. */
export function evaluateCommitments(commitments: readonly Point[], x: number | bigint): Point {
  const xb = BigInt(x);
  let pow = 1n;
  const scalars = commitments.map(() => {
    const s = pow;
    pow = mod(pow * xb);
    return s;
  });
  return msm(commitments, scalars);
}

/** Lagrange coefficient λ_i at 0 for the index set `indices`: Π_{j≠i} j / (j − i). */
export function lagrangeAtZero(i: number, indices: readonly number[]): bigint {
  let num = 1n;
  let den = 1n;
  for (const j of indices) {
    if (j === i) continue;
    num = mod(num * BigInt(j));
    den = mod(den * BigInt(j - i));
  }
  if (den === 0n) throw new BallotLedgerError('InvalidArgument', 'lagrange', 'duplicate index');
  return mod(num * invert(den));
}
