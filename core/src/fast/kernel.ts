// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module fast/kernel
 * Loader and thin wrapper of the WebAssembly verification kernel (core/wasm/ristretto-verify.c,
 * embedded in kernel-wasm.ts). Points live in numbered slots inside the kernel's memory; slot 0
 * is G. Variable-time: public data only. Loaded only by initFastVerification (Node).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { G, ORDER, Point } from '../group.js';
import { KERNEL_WASM_BASE64 } from './kernel-wasm.js';

/* Minimal WebAssembly typings (core compiles without DOM or Node types). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports?: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

interface Exports {
  memory: { buffer: ArrayBuffer };
  mem_in(): number;
  mem_out(): number;
  mem_idx(): number;
  mem_sc(): number;
  mem_neg(): number;
  mem_const(): number;
  max_points(): number;
  init(): void;
  decode(slot: number): number;
  encode(slot: number): void;
  set_identity(slot: number): void;
  add(dst: number, a: number, b: number): void;
  is_identity(slot: number): number;
  msm(n: number, dst: number): void;
}

const P = 2n ** 255n - 19n;
const HALF = ORDER >> 1n;

function modp(x: bigint): bigint {
  const r = x % P;
  return r < 0n ? r + P : r;
}
function powp(b: bigint, e: bigint): bigint {
  let r = 1n;
  let x = modp(b);
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * x) % P;
    x = (x * x) % P;
  }
  return r;
}
function le32(x: bigint): Uint8Array {
  const o = new Uint8Array(32);
  for (let i = 0; i < 32; i++, x >>= 8n) o[i] = Number(x & 0xffn);
  return o;
}
function base64Decode(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const map = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) map[alphabet.charCodeAt(i)] = i;
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = map[clean.charCodeAt(i)]!;
    if (v < 0) throw new Error('kernel: bad base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/* Decode status returned by the kernel's decode(). */
const DECODE_INVALID = 0;
const DECODE_IDENTITY = 1;

/** One instance of the kernel (one per thread). */
export class Kernel {
  private readonly x: Exports;
  private u8!: Uint8Array;
  private i32!: Int32Array;
  private u32!: Uint32Array;
  private buffer: ArrayBuffer | null = null;
  readonly capacity: number;
  /** Next free slot. */
  next = 1;

  private constructor(x: Exports) {
    this.x = x;
    this.capacity = x.max_points();
    this.views();
  }

  /** Instantiates the kernel, loads its constants and self-tests it against @noble/curves. */
  static async load(): Promise<Kernel> {
    const { instance } = await WebAssembly.instantiate(base64Decode(KERNEL_WASM_BASE64), {});
    const k = new Kernel(instance.exports as unknown as Exports);
    const d = modp(ed25519.Point.CURVE().d);
    const sqrtM1 = powp(2n, (P - 1n) / 4n);
    // 1/sqrt(a - d) with a = -1, the non-negative root (RFC 9496 INVSQRT_A_MINUS_D)
    const aMinusD = modp(-1n - d);
    let inv = powp(aMinusD, (P + 3n) / 8n);
    if (modp(inv * inv - aMinusD) !== 0n) inv = modp(inv * sqrtM1);
    inv = powp(inv, P - 2n);
    if ((inv & 1n) === 1n) inv = P - inv;
    if (inv !== 0x786c8905cfaffca216c27b91fe01d8409d2f16175a4172be99c8fdaa805d40ean) throw new Error('kernel: INVSQRT_A_MINUS_D mismatch');
    const c = k.x.mem_const();
    k.views();
    k.u8.set(le32(d), c);
    k.u8.set(le32(modp(2n * d)), c + 32);
    k.u8.set(le32(sqrtM1), c + 64);
    k.u8.set(le32(inv), c + 96);
    k.x.init();
    k.selfTest();
    return k;
  }

  private views(): void {
    if (this.buffer !== this.x.memory.buffer) {
      this.buffer = this.x.memory.buffer;
      this.u8 = new Uint8Array(this.buffer);
      this.i32 = new Int32Array(this.buffer);
      this.u32 = new Uint32Array(this.buffer);
    }
  }

  private selfTest(): void {
    const pts = [G, G.double(), G.multiply(0x1234567890abcdefn), G.multiply(ORDER - 5n)];
    const scal = [3n, ORDER - 7n, 0xfedcba9876543210fedcba9876543210n, 12345678901234567890123456789n];
    let expect = Point.ZERO;
    const entries: [number, bigint][] = [];
    pts.forEach((p, i) => {
      const slot = this.decode(p.toBytes());
      if (slot < 0 || this.encode(slot).join() !== p.toBytes().join()) throw new Error('kernel self-test failed (decode/encode)');
      entries.push([slot, scal[i]!]);
      expect = expect.add(p.multiply(scal[i]!));
    });
    const sum = this.msmSlot(entries);
    if (this.encode(sum).join() !== expect.toBytes().join()) throw new Error('kernel self-test failed (msm)');
    if (this.decode(new Uint8Array(32)) !== -2 || this.decode(Uint8Array.from({ length: 32 }, () => 0xff)) !== -1) throw new Error('kernel self-test failed (identity/invalid)');
    this.reset(1);
  }

  /** Frees every slot from `from` on (slot 0, G, is permanent). */
  reset(from: number): void {
    this.next = from;
    if (from <= 0) throw new Error('kernel: slot 0 is G');
    this.decodeInto(0, G.toBytes());
  }

  private decodeInto(slot: number, bytes: Uint8Array): number {
    this.views();
    this.u8.set(bytes, this.x.mem_in());
    return this.x.decode(slot);
  }

  /**
   * Decodes 32 bytes into a fresh slot: the slot number; -1 if invalid; -2 if the identity
   * (decoded into the slot anyway, returned as -2 so the caller decides).
   */
  decode(bytes: Uint8Array): number {
    if (bytes.length !== 32 || this.next >= this.capacity) return -1;
    const slot = this.next;
    const r = this.decodeInto(slot, bytes);
    if (r === DECODE_INVALID) return -1;
    this.next++;
    return r === DECODE_IDENTITY ? -2 : slot;
  }

  /** Last slot returned by {@link decode} when it answered -2 (the identity). */
  lastSlot(): number {
    return this.next - 1;
  }

  /** A fresh slot holding the identity. */
  identity(): number {
    if (this.next >= this.capacity) throw new Error('kernel: out of slots');
    const slot = this.next++;
    this.x.set_identity(slot);
    return slot;
  }

  /** dst = a + b. */
  add(dst: number, a: number, b: number): void {
    this.x.add(dst, a, b);
  }

  encode(slot: number): Uint8Array {
    this.x.encode(slot);
    this.views();
    const o = this.x.mem_out();
    return this.u8.slice(o, o + 32);
  }

  isIdentity(slot: number): boolean {
    return this.x.is_identity(slot) === 1;
  }

  /** Σ s·P over (slot, scalar) entries (scalars taken mod ℓ) into a fresh slot. */
  msmSlot(entries: ReadonlyArray<readonly [number, bigint]>): number {
    if (this.next >= this.capacity) throw new Error('kernel: out of slots');
    this.views();
    const idx = this.x.mem_idx() >> 2;
    const sc = this.x.mem_sc() >> 2;
    const neg = this.x.mem_neg();
    let n = 0;
    for (const [slot, scalar] of entries) {
      let s = scalar % ORDER;
      if (s < 0n) s += ORDER;
      if (s === 0n) continue;
      let negate = 0;
      if (s > HALF) {
        s = ORDER - s;
        negate = 1;
      }
      if (n >= this.capacity) throw new Error('kernel: msm too large');
      this.i32[idx + n] = slot;
      this.u8[neg + n] = negate;
      const base = sc + 8 * n;
      for (let j = 0; j < 8; j++, s >>= 32n) this.u32[base + j] = Number(s & 0xffffffffn);
      n++;
    }
    const dst = this.next++;
    this.x.msm(n, dst);
    return dst;
  }
}
