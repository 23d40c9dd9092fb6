// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module digest-index
 * Remembers where a text was first seen, in 16 bytes a slot: the text is reduced to 96 bits of its
 * SHA-256 (an accidental or crafted collision needs ~2^48 texts or ~2^96 work), kept with the index
 * in typed arrays. The record verifier's uniqueness checks keep one entry per ballot credential,
 * ballot id and ciphertext in these, so millions of ballots neither keep their strings alive nor
 * reach the entry limit of a JavaScript Map (2^24).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

const WORDS = 3;
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

  get size(): number {
    return this.#size;
  }

  /** Records `index` for `text` unless `text` was seen before; returns the earlier index, or undefined. */
  firstIndex(text: string, index: number): number | undefined {
    const d = sha256(utf8ToBytes(text));
    const w0 = (d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24)) >>> 0;
    const w1 = (d[4]! | (d[5]! << 8) | (d[6]! << 16) | (d[7]! << 24)) >>> 0;
    const w2 = (d[8]! | (d[9]! << 8) | (d[10]! << 16) | (d[11]! << 24)) >>> 0;
    const slot = this.#find(w0, w1, w2);
    const seen = this.#values[slot]!;
    if (seen !== 0) return seen - 1;
    this.#put(slot, w0, w1, w2, index);
    if (++this.#size > this.#values.length * MAX_LOAD) this.#grow();
    return undefined;
  }

  /** The slot holding these words, or the empty slot where they belong (linear probing). */
  #find(w0: number, w1: number, w2: number): number {
    const mask = this.#values.length - 1;
    for (let slot = w0 & mask; ; slot = (slot + 1) & mask) {
      if (this.#values[slot] === 0) return slot;
      const k = slot * WORDS;
      if (this.#keys[k] === w0 && this.#keys[k + 1] === w1 && this.#keys[k + 2] === w2) return slot;
    }
  }

  #put(slot: number, w0: number, w1: number, w2: number, index: number): void {
    const k = slot * WORDS;
    this.#keys[k] = w0;
    this.#keys[k + 1] = w1;
    this.#keys[k + 2] = w2;
    this.#values[slot] = index + 1;
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#values = new Int32Array(values.length * 2);
    for (let slot = 0; slot < values.length; slot++) {
      if (values[slot] === 0) continue;
      const k = slot * WORDS;
      this.#put(this.#find(keys[k]!, keys[k + 1]!, keys[k + 2]!), keys[k]!, keys[k + 1]!, keys[k + 2]!, values[slot]! - 1);
    }
  }
}
