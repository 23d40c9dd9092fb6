// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module credential
 * Belenios-style voter credentials. The voter's secret (≥ 128 bits, base64url, carried in the
 * URL fragment of the personal link) deterministically yields a signing key
 *   x = H_credential-key(electionId, secret) mod ℓ,   public credential X = x·G.
 * Ballots are signed with a Schnorr signature (R, s):
 *   R = k·G,  c = H_ballot-signature(X, R, message),  s = k + c·x;   verify s·G = R + c·X,
 * where the message is the canonical ballot bytes without `signature`.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { getAccelerator } from './accel.js';
import { evaluateEquation, type Equation } from './batch.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodePoint, encodeScalar, G, mod, mulSecret, randomScalar, rawBytes32, scalarFromWideBytes, type Point, type PointDecoder } from './group.js';
import { defaultRng, type Rng } from './rng.js';
import type { Signature } from './schemas.js';
import { DST, Transcript } from './transcript.js';

/** Length of a fresh credential secret in bytes (128 bits). */
export const CREDENTIAL_SECRET_BYTES = 16;

/** A voter's credential key pair. */
export interface CredentialKey {
  readonly secret: string;
  readonly x: bigint;
  readonly X: Point;
  /** base64url public credential (what is registered on the ledger). */
  readonly publicCredential: string;
}

/** A fresh random credential secret (base64url, 22 characters). */
export function generateCredentialSecret(rng: Rng = defaultRng): string {
  return base64urlEncode(rng(CREDENTIAL_SECRET_BYTES));
}

/**
 * Checks that every public credential is a canonical, non-identity group element, throwing
 * InvalidPoint naming the first that is not (`check[i]`). With the fast path on, libsodium
 * confirms the whole list at once; otherwise, or if it does not, the reference decodes each.
 */
export function checkPublicCredentials(credentials: readonly string[], check = 'credentials'): void {
  if (getAccelerator()?.acceptsPoints(credentials) === true) return;
  credentials.forEach((c, i) => decodePoint(c, `${check}[${i}]`));
}

/** Derives the signing key from (electionId, secret). The secret must decode to ≥ 16 bytes. */
export function credentialFromSecret(electionId: string, secret: string): CredentialKey {
  const x = credentialScalar(electionId, secret);
  const X = mulSecret(G, x);
  return { secret, x, X, publicCredential: encodePoint(X) };
}

/** The signing scalar x of a credential secret (see {@link credentialFromSecret}). */
export function credentialScalar(electionId: string, secret: string): bigint {
  const raw = base64urlDecode(secret, undefined, 'credential.secret');
  if (raw.length < CREDENTIAL_SECRET_BYTES) throw new BallotLedgerError('InvalidArgument', 'credential.secret', 'credential secret shorter than 128 bits');
  const frame = new Transcript(DST.credentialKey).text('electionId', electionId).bytes('secret', raw).frame();
  const x = scalarFromWideBytes(sha512(frame));
  return x === 0n ? 1n : x; // probability 2^-252
}

/** The registered list: public credentials only, sorted (which also drops the roll order). */
export function publicCredentialList(publicCredentials: readonly string[]): string[] {
  const sorted = [...publicCredentials].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new BallotLedgerError('DuplicateBallot', 'credentials.unique', 'duplicate public credential');
  }
  return sorted;
}

function challenge(X: Uint8Array, R: Uint8Array, message: Uint8Array): bigint {
  return new Transcript(DST.ballotSignature).bytes('X', X).bytes('R', R).bytes('message', message).challenge();
}

/** Schnorr signature of `message` with the credential key (nonce from the RNG and the key). */
export function signMessage(key: CredentialKey, message: Uint8Array, rng: Rng = defaultRng): Signature {
  return signMessageWith((k) => mulSecret(G, k).toBytes(), key.x, key.X.toBytes(), message, rng);
}

/** {@link signMessage} with any constant-time s·G → bytes (byte-identical output). */
export function signMessageWith(baseBytes: (s: bigint) => Uint8Array, x: bigint, XBytes: Uint8Array, message: Uint8Array, rng: Rng = defaultRng): Signature {
  // Hedged nonce: randomness mixed with the key and message, so a weak RNG does not leak x.
  const k0 = mod(scalarFromWideBytes(sha512(concatBytes(utf8ToBytes(DST.ballotSignature), rng(32), encodeScalarBytes(x), message))) + randomScalar(rng));
  const k = k0 === 0n ? 1n : k0;
  const R = baseBytes(k);
  const c = challenge(XBytes, R, message);
  return { R: base64urlEncode(R), s: encodeScalar(mod(k + c * x)) };
}

function encodeScalarBytes(x: bigint): Uint8Array {
  return base64urlDecode(encodeScalar(x), 32);
}

/** Verification equation s·G − R − c·X = O (for batching). */
export function signatureEquation<P = Point>(
  sig: Signature,
  X: P,
  XBytes: Uint8Array,
  message: Uint8Array,
  check: string,
  decode: PointDecoder<P> = decodePoint as unknown as PointDecoder<P>,
): Equation<P> {
  const R = decode(sig.R, `${check}.R`);
  const s = decodeScalar(sig.s, `${check}.s`);
  const c = challenge(XBytes, rawBytes32(sig.R, `${check}.R`), message);
  return { g: s, k: 0n, terms: [[R, -1n], [X, -c]], check };
}

/** Verifies a signature, throwing InvalidSignature at `check`. */
export function verifySignature(sig: Signature, publicCredential: string, message: Uint8Array, check = 'signature'): void {
  const X = decodePoint(publicCredential, 'credential');
  const eq = signatureEquation(sig, X, X.toBytes(), message, check);
  if (!evaluateEquation(eq, null)) throw new BallotLedgerError('InvalidSignature', check, 'signature does not verify');
}
