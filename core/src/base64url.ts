// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module base64url
 * Strict base64url without padding (RFC 4648 §5): the only binary encoding on the wire.
 * Decoding rejects padding, foreign characters and non-zero trailing bits, so every byte string
 * has exactly one text form.
 */
import { BallotLedgerError } from './errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url without padding. */
export function base64urlEncode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Decodes canonical base64url (no padding); `length` if given must match. */
export function base64urlDecode(text: string, length?: number, check = 'base64url'): Uint8Array {
  const fail = (why: string): never => {
    throw new BallotLedgerError('InvalidEncoding', check, why);
  };
  if (typeof text !== 'string') fail('expected a string');
  if (text.length % 4 === 1) fail('impossible base64url length');
  const outLen = Math.floor((text.length * 3) / 4);
  if (length !== undefined && outLen !== length) fail(`expected ${length} bytes, got ${outLen}`);
  const out = new Uint8Array(outLen);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? LOOKUP[code]! : -1;
    if (v < 0) fail(`invalid character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) fail('non-zero trailing bits (non-canonical)');
  return out;
}
