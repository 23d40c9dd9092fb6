// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module transcript
 * Strong Fiat–Shamir transcripts. A transcript starts with the domain tag
 * `ballotledger-v1/<proof>` and then absorbs labelled items, each framed as
 *   u32be(len(label)) || label || u32be(len(data)) || data
 * The challenge is SHA-512(frame) reduced mod ℓ. Provers and verifiers build the same
 * transcript from the statement, the public key, the context and all commitments.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { scalarFromWideBytes, scalarToBytes, type Point } from './group.js';

/** Every Fiat–Shamir domain tag used by the protocol (see docs/protocol.md §Transcripts). */
export const DST = {
  schnorr: 'ballotledger-v1/schnorr-pok',
  credentialKey: 'ballotledger-v1/credential-key',
  ballotSignature: 'ballotledger-v1/ballot-signature',
  rangeProof: 'ballotledger-v1/range-proof',
  contestProof: 'ballotledger-v1/contest-sum-proof',
  decryptionProof: 'ballotledger-v1/decryption-dleq',
  complaintProof: 'ballotledger-v1/complaint-dleq',
  batchWeights: 'ballotledger-v1/batch-weights',
  ecies: 'ballotledger-v1/ecies-share',
  baseHash: 'ballotledger-v1/election-base-hash',
  manifestHash: 'ballotledger-v1/manifest-hash',
} as const;

export type DomainTag = (typeof DST)[keyof typeof DST];

const labels = new Map<string, Uint8Array>();
/** UTF-8 of a label (labels are a small fixed set: cached; the bytes are never modified). */
function labelBytes(label: string): Uint8Array {
  let l = labels.get(label);
  if (l === undefined) {
    l = utf8ToBytes(label);
    if (labels.size < 256) labels.set(label, l);
  }
  return l;
}

/** Length-prefixed Fiat–Shamir transcript. */
export class Transcript {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  constructor(tag: DomainTag) {
    this.bytes('dst', utf8ToBytes(tag));
  }

  /** Absorbs a labelled byte string. */
  bytes(label: string, data: Uint8Array): this {
    const l = labelBytes(label);
    const head = new Uint8Array(4 + l.length + 4);
    const view = new DataView(head.buffer);
    view.setUint32(0, l.length);
    head.set(l, 4);
    view.setUint32(4 + l.length, data.length);
    this.parts.push(head, data);
    this.size += head.length + data.length;
    return this;
  }

  /** Absorbs a UTF-8 string. */
  text(label: string, value: string): this {
    return this.bytes(label, utf8ToBytes(value));
  }

  /** Absorbs an unsigned integer as 8 bytes big-endian (safe integers only). */
  int(label: string, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(value));
    return this.bytes(label, b);
  }

  /** Absorbs a list of integers (count, then each). */
  ints(label: string, values: readonly number[]): this {
    const b = new Uint8Array(8 * values.length);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v)));
    return this.bytes(label, b);
  }

  /** Absorbs a point by its canonical encoding. */
  point(label: string, p: Point): this {
    return this.bytes(label, p.toBytes());
  }

  /** Absorbs a scalar. */
  scalar(label: string, s: bigint): this {
    return this.bytes(label, scalarToBytes(s));
  }

  /** The framed transcript bytes. */
  frame(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** Fiat–Shamir challenge: SHA-512(frame) mod ℓ. */
  challenge(): bigint {
    return scalarFromWideBytes(sha512(this.frame()));
  }

  /** 64 bytes of SHA-512(frame), e.g. to seed batch weights. */
  digest(): Uint8Array {
    return sha512(this.frame());
  }
}
