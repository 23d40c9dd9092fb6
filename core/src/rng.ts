// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module rng
 * Randomness source. Production code uses the platform CSPRNG (`crypto.getRandomValues`, via
 * @noble/hashes). Tests and published vectors use {@link deterministicRng}, never production.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** Returns `n` random bytes. */
export type Rng = (n: number) => Uint8Array;

/** The platform CSPRNG. */
export const defaultRng: Rng = (n: number): Uint8Array => randomBytes(n);

/**
 * Deterministic byte stream SHA-256(seed || counter_be32) — for test vectors only.
 * Anyone can reproduce the published vectors from the seed string.
 */
export function deterministicRng(seed: string | Uint8Array): Rng {
  const s = typeof seed === 'string' ? utf8ToBytes(seed) : seed;
  let counter = 0;
  let buffer = new Uint8Array(0);
  return (n: number): Uint8Array => {
    while (buffer.length < n) {
      const c = new Uint8Array(4);
      new DataView(c.buffer).setUint32(0, counter++);
      buffer = concatBytes(buffer, sha256(concatBytes(s, c)));
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}
