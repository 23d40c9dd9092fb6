// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module group
 * ristretto255 (RFC 9496), a prime-order group of order ℓ = 2^252 + 27742317777372353535851937790883648493,
 * through @noble/curves. Points and scalars travel as 32 bytes (base64url on the wire). Decoding is
 * strict: non-canonical encodings, wrong lengths, scalars ≥ ℓ and — where the protocol forbids
 * it — the identity are rejected with a named check.
 */
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { BallotLedgerError } from './errors.js';
import { defaultRng, type Rng } from './rng.js';

/** A ristretto255 group element. Compare with `.equals()`, never by coordinates. */
export type Point = InstanceType<typeof ristretto255.Point>;
export const Point: typeof ristretto255.Point = ristretto255.Point;

/** Group order ℓ. */
export const ORDER: bigint = ristretto255.Point.Fn.ORDER;
/** Generator G (RFC 9496 base point). */
export const G: Point = ristretto255.Point.BASE;
/** Identity O. */
export const IDENTITY: Point = ristretto255.Point.ZERO;

/** x mod ℓ in [0, ℓ). */
export function mod(x: bigint): bigint {
  const r = x % ORDER;
  return r < 0n ? r + ORDER : r;
}

/** Modular inverse mod ℓ (x ≠ 0). */
export function invert(x: bigint): bigint {
  return ristretto255.Point.Fn.inv(mod(x));
}

/** Inverses mod ℓ of non-zero scalars, with one inversion (Montgomery's trick). */
export function invertBatch(xs: readonly bigint[]): bigint[] {
  return ristretto255.Point.Fn.invertBatch(xs.map(mod));
}

function bytesToBigLE(b: Uint8Array): bigint {
  let x = 0n;
  let i = b.length;
  if (i % 8 === 0) {
    // 64 bits at a time (32- and 64-byte inputs: scalars and hash outputs)
    const v = new DataView(b.buffer, b.byteOffset, b.length);
    for (i -= 8; i >= 0; i -= 8) x = (x << 64n) | v.getBigUint64(i, true);
    return x;
  }
  for (i--; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/** 32-byte little-endian encoding of a scalar in [0, ℓ). */
export function scalarToBytes(s: bigint): Uint8Array {
  if (s < 0n || s >= ORDER) throw new BallotLedgerError('InvalidScalar', 'scalar.encode', 'scalar out of range');
  const out = new Uint8Array(32);
  let x = s;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Strict scalar decoding: exactly 32 bytes, little-endian, value < ℓ. */
export function scalarFromBytes(bytes: Uint8Array, check = 'scalar'): bigint {
  if (bytes.length !== 32) throw new BallotLedgerError('InvalidScalar', check, `expected 32 bytes, got ${bytes.length}`);
  const s = bytesToBigLE(bytes);
  if (s >= ORDER) throw new BallotLedgerError('InvalidScalar', check, 'scalar is not reduced (≥ ℓ)');
  return s;
}

/** Canonical 32-byte encoding of a point. */
export function pointToBytes(p: Point): Uint8Array {
  return p.toBytes();
}

/**
 * Strict point decoding (RFC 9496 §4.3.1): canonical field element, non-negative s, valid
 * encoding. The identity is rejected unless `allowIdentity`.
 */
export function pointFromBytes(bytes: Uint8Array, check = 'point', allowIdentity = false): Point {
  if (bytes.length !== 32) throw new BallotLedgerError('InvalidPoint', check, `expected 32 bytes, got ${bytes.length}`);
  let p: Point;
  try {
    p = ristretto255.Point.fromBytes(bytes);
  } catch (e) {
    throw new BallotLedgerError('InvalidPoint', check, `invalid ristretto255 encoding (${(e as Error).message})`);
  }
  if (!allowIdentity && p.is0()) throw new BallotLedgerError('InvalidPoint', check, 'identity element not allowed here');
  return p;
}

/**
 * Strict point decoder used by the equation builders: same contract as {@link decodePoint}
 * (throws InvalidPoint naming `check`), any point representation `P`.
 */
export type PointDecoder<P> = (text: string, check: string, allowIdentity?: boolean) => P;

/** base64url text of a point. */
export function encodePoint(p: Point): string {
  return base64urlEncode(p.toBytes());
}

/** Decodes a base64url point strictly (see {@link pointFromBytes}). */
export function decodePoint(text: string, check = 'point', allowIdentity = false): Point {
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(text, 32, check);
  } catch (e) {
    throw new BallotLedgerError('InvalidPoint', check, (e as Error).message);
  }
  return pointFromBytes(bytes, check, allowIdentity);
}

/** base64url text of a scalar. */
export function encodeScalar(s: bigint): string {
  return base64urlEncode(scalarToBytes(s));
}

/** Decodes a base64url scalar strictly (see {@link scalarFromBytes}). */
export function decodeScalar(text: string, check = 'scalar'): bigint {
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(text, 32, check);
  } catch (e) {
    throw new BallotLedgerError('InvalidScalar', check, (e as Error).message);
  }
  return scalarFromBytes(bytes, check);
}

/** Reduces 64 bytes (e.g. SHA-512 output) mod ℓ: bias ≈ 2^-259. */
export function scalarFromWideBytes(bytes: Uint8Array): bigint {
  return mod(bytesToBigLE(bytes));
}

/** A uniformly random non-zero scalar. */
export function randomScalar(rng: Rng = defaultRng): bigint {
  for (;;) {
    const s = scalarFromWideBytes(rng(64));
    if (s !== 0n) return s;
  }
}

/** SHA-512 of `data` reduced mod ℓ. */
export function hashToScalar(data: Uint8Array): bigint {
  return scalarFromWideBytes(sha512(data));
}

/**
 * Constant-time s·P for a secret scalar (noble's blinded fixed-window path); s = 0 gives the
 * identity after a dummy multiplication so the work does not depend on the scalar.
 */
export function mulSecret(p: Point, s: bigint): Point {
  const r = mod(s);
  const t = p.multiply(r === 0n ? 1n : r);
  return r === 0n ? IDENTITY : t;
}

/** Variable-time s·P for public scalars. */
export function mulPublic(p: Point, s: bigint): Point {
  return p.multiplyUnsafe(mod(s));
}

const precomputed = new WeakSet<Point>();
/**
 * Builds the W=8 fixed-base table for a point that is multiplied many times (G, the joint key K).
 * Returns the point itself; about 25–45 ms once per point.
 */
export function precomputeBase(p: Point): Point {
  if (!precomputed.has(p)) {
    p.precompute(8, false);
    precomputed.add(p);
  }
  return p;
}
precomputeBase(G);

const smallTable: Point[] = [IDENTITY];
/**
 * m·G for a secret small m (0 ≤ m ≤ max ≤ 1024) by a scan over the table of 0·G..max·G that
 * touches every entry, so the work depends on `max` only.
 */
export function smallMulSecret(m: number, max: number): Point {
  if (!Number.isSafeInteger(m) || m < 0 || m > max || max > 1024) throw new BallotLedgerError('InvalidArgument', 'smallMulSecret', 'value out of range');
  while (smallTable.length <= max) smallTable.push(smallTable[smallTable.length - 1]!.add(G));
  let sel = IDENTITY;
  for (let i = 0; i <= max; i++) sel = i === m ? smallTable[i]! : sel;
  return sel;
}

/** Small non-negative integer m as m·G (public values only). */
export function smallMulG(m: number | bigint): Point {
  const b = BigInt(m);
  return b === 0n ? IDENTITY : G.multiplyUnsafe(mod(b));
}

/** Raw 32 bytes of a base64url point or scalar (for transcripts; no group decoding). */
export function rawBytes32(text: string, check: string): Uint8Array {
  return base64urlDecode(text, 32, check);
}
