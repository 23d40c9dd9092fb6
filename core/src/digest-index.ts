// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module digest-index
 * Remembers where a text was first seen, in 20 bytes a slot: the text is reduced to 128 bits of
 * its SHA-256, kept with the index in typed arrays. Among n texts an accidental collision has
 * probability about n²/2^129; a crafted one takes ~2^64 texts, and the record verifier feeds it
 * only the ballots' ciphertexts, which no voter chooses freely (each is a point of a valid
 * ballot). One entry per ciphertext, so tens of millions of them neither keep their strings
 * alive nor reach the entry limit of a JavaScript Map (2^24).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const WORDS = 4;
const MAX_LOAD = 0.75;

export class DigestIndex {
  #keys: Uint32Array;
  /** Index + 1 of the slot's text; 0: empty slot. */
  #values: Int32Array;
  #size = 0;

  constructor(capacity = 1024) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, capacity / MAX_LOAD)));
    this.#keys = new Uint32Array(slots * WORDS);
    this.#values = new Int32Array(slots);
  }

  /** Records `index` for `text` unless `text` was seen before; returns the earlier index, or undefined. */
  firstIndex(text: string, index: number): number | undefined {
    const key = new Uint32Array(sha256(utf8ToBytes(text)).slice(0, WORDS * 4).buffer);
    const slot = this.#find(key);
    const seen = this.#values[slot]!;
    if (seen !== 0) return seen - 1;
    this.#put(slot, key, index);
    if (++this.#size > this.#values.length * MAX_LOAD) this.#grow();
    return undefined;
  }

  /** The slot holding `key`, or the empty slot where it belongs (linear probing). */
  #find(key: Uint32Array): number {
    const mask = this.#values.length - 1;
    for (let slot = key[0]! & mask; ; slot = (slot + 1) & mask) {
      if (this.#values[slot] === 0) return slot;
      const k = slot * WORDS;
      if (this.#keys[k] === key[0] && this.#keys[k + 1] === key[1] && this.#keys[k + 2] === key[2] && this.#keys[k + 3] === key[3]) return slot;
    }
  }

  #put(slot: number, key: Uint32Array, index: number): void {
    this.#keys.set(key, slot * WORDS);
    this.#values[slot] = index + 1;
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#values = new Int32Array(values.length * 2);
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === 0) continue;
      const key = keys.subarray(slot * WORDS, (slot + 1) * WORDS);
      this.#put(this.#find(key), key, values[slot]! - 1);
    }
  }
}
