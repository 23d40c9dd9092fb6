/**
 * Secrets handed to clients (personal-link tokens, session ids, CSRF tokens): random, at least
 * 128 bits, base64url; stored only as SHA-256; compared in constant time.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Default token size: 32 bytes = 256 bits. */
export const TOKEN_BYTES = 32;
/** The smallest size accepted anywhere (128 bits). */
export const MIN_TOKEN_BYTES = 16;

/** Shape of any token this module issues (base64url, 128..512 bits). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,86}$/;

export function newToken(bytes: number = TOKEN_BYTES): string {
  if (bytes < MIN_TOKEN_BYTES) throw new RangeError(`tokens need at least ${MIN_TOKEN_BYTES} bytes`);
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The only form in which a token is stored. */
export function hashToken(token: string): string {
  return sha256Hex(token);
}

/** Constant-time equality of two strings of any length (compares SHA-256 digests). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
