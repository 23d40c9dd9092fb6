// The key holder's Fabric identity, in memory only, and the ECDSA P-256 signatures the
// gateway asks for (low-S, DER, as Fabric requires). Nothing here is stored or sent except
// the certificate and signatures.
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export interface FabricIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly certificate: string;
  /** Raw 32-byte P-256 secret scalar. */
  readonly key: Uint8Array;
}

export class IdentityFileError extends Error {
  constructor(readonly reason: 'json' | 'fields' | 'key' | 'mismatch') {
    super(reason);
  }
}

function pemBody(pem: string): Uint8Array {
  const b64 = pem.replace(/-----(BEGIN|END)[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The 32-byte scalar of an EC private key in PKCS#8 or SEC1 (ECPrivateKey: 02 01 01 04 20 <d>). */
export function privateKeyFromPem(pem: string): Uint8Array {
  const der = pemBody(pem);
  for (let i = 0; i + 37 <= der.length; i++) {
    if (der[i] === 0x02 && der[i + 1] === 0x01 && der[i + 2] === 0x01 && der[i + 3] === 0x04 && der[i + 4] === 0x20) {
      return der.slice(i + 5, i + 37);
    }
  }
  throw new IdentityFileError('key');
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Parses `{ mspId, enrollmentId, certificate, privateKey }` and checks the key matches the certificate. */
export function parseIdentityFile(text: string): FabricIdentity {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new IdentityFileError('json');
  }
  const { mspId, enrollmentId, certificate, privateKey } = o;
  if (typeof mspId !== 'string' || typeof enrollmentId !== 'string' || typeof certificate !== 'string' || typeof privateKey !== 'string') throw new IdentityFileError('fields');
  let key: Uint8Array;
  try {
    key = privateKeyFromPem(privateKey);
    p256.getPublicKey(key);
  } catch {
    throw new IdentityFileError('key');
  }
  const pub = p256.getPublicKey(key, false);
  if (!contains(pemBody(certificate), pub)) throw new IdentityFileError('mismatch');
  return { mspId, enrollmentId, certificate, key };
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const b = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
  return out;
}

/** Fabric's signature over a message (a proposal or transaction payload, checked first): ECDSA over its SHA-256, low-S, DER. */
export function signMessage(id: FabricIdentity, message: Uint8Array): string {
  return toBase64(p256.sign(sha256(message), id.key, { prehash: false, lowS: true, format: 'der' }));
}

/** ECDSA-SHA256 over the UTF-8 bytes of the login challenge. */
export function signChallenge(id: FabricIdentity, challenge: string): string {
  return toBase64(p256.sign(sha256(utf8ToBytes(challenge)), id.key, { prehash: false, lowS: true, format: 'der' }));
}

export function payloadFingerprint(payload: unknown): string {
  const bytes = sha256(utf8ToBytes(JSON.stringify(payload)));
  return Array.from(bytes.slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase().match(/.{4}/g)!.join('-');
}
