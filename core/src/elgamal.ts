// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module elgamal
 * Exponential ElGamal on ristretto255: Enc_K(m; r) = (a, b) = (r·G, m·G + r·K).
 * Additively homomorphic: Enc(m1; r1) + Enc(m2; r2) = Enc(m1 + m2; r1 + r2).
 */
import { decodePoint, encodePoint, G, IDENTITY, mulSecret, smallMulSecret, type Point } from './group.js';
import type { CiphertextWire } from './schemas.js';

/** An ElGamal ciphertext: a = r·G ("pad"), b = m·G + r·K ("data"). */
export interface Ciphertext {
  readonly a: Point;
  readonly b: Point;
}

/** The identity ciphertext Enc(0; 0), neutral for {@link addCiphertexts}. */
export const ZERO_CIPHERTEXT: Ciphertext = { a: IDENTITY, b: IDENTITY };

/**
 * Encrypts small integer m with nonce r under key K (constant-time in m and r). `maxValue`, if
 * given (≤ 1024), selects m·G from a table of small multiples instead of a multiplication.
 */
export function encrypt(key: Point, m: bigint, r: bigint, maxValue?: number): Ciphertext {
  const mG = maxValue !== undefined && maxValue <= 1024 && m >= 0n && m <= BigInt(maxValue) ? smallMulSecret(Number(m), maxValue) : mulSecret(G, m);
  return { a: mulSecret(G, r), b: mG.add(mulSecret(key, r)) };
}

/** Homomorphic addition. */
export function addCiphertexts(x: Ciphertext, y: Ciphertext): Ciphertext {
  return { a: x.a.add(y.a), b: x.b.add(y.b) };
}

/** m·G = b − s·a with the full secret s (tests and single-key tools only; the protocol decrypts with shares). */
export function decryptToPoint(c: Ciphertext, secret: bigint): Point {
  return c.b.subtract(mulSecret(c.a, secret));
}

/** Equality of ciphertexts as group elements. */
export function ciphertextEquals(x: Ciphertext, y: Ciphertext): boolean {
  return x.a.equals(y.a) && x.b.equals(y.b);
}

/** Wire form. */
export function encodeCiphertext(c: Ciphertext): CiphertextWire {
  return { a: encodePoint(c.a), b: encodePoint(c.b) };
}

/** Strict decoding; `allowIdentity` for aggregates (an empty sum is the identity). */
export function decodeCiphertext(w: CiphertextWire, check: string, allowIdentity = false): Ciphertext {
  return { a: decodePoint(w.a, `${check}.a`, allowIdentity), b: decodePoint(w.b, `${check}.b`, true) };
}
