// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module ecies
 * ECIES on ristretto255 for key-ceremony shares:
 *   Y = y·G,  Z = y·E (= e·Y),
 *   (key ‖ nonce) = HKDF-SHA256(ikm = Z, salt = Y ‖ E, info = DST ‖ info, 44 bytes),
 *   ciphertext = AES-256-GCM(key, nonce, plaintext, aad).
 * Revealing Z (with a DLEQ proof that Z = e·Y) lets anyone decrypt exactly that one ciphertext,
 * which is how a complaint is made publicly verifiable.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { BallotLedgerError } from './errors.js';
import { G, mulSecret, randomScalar, type Point } from './group.js';
import { defaultRng, type Rng } from './rng.js';
import { DST } from './transcript.js';

/** An ECIES ciphertext. */
export interface EciesCiphertext {
  readonly ephemeral: Point;
  readonly ciphertext: Uint8Array;
}

function deriveKey(Z: Point, Y: Point, E: Point, info: Uint8Array): { key: Uint8Array; nonce: Uint8Array } {
  const okm = hkdf(sha256, Z.toBytes(), concatBytes(Y.toBytes(), E.toBytes()), concatBytes(utf8ToBytes(DST.ecies), info), 44);
  return { key: okm.slice(0, 32), nonce: okm.slice(32, 44) };
}

/** Encrypts to the recipient key E. `aad` is authenticated, `info` separates uses. */
export function eciesEncrypt(E: Point, plaintext: Uint8Array, aad: Uint8Array, info: Uint8Array, rng: Rng = defaultRng): EciesCiphertext {
  const y = randomScalar(rng);
  const Y = mulSecret(G, y);
  const { key, nonce } = deriveKey(mulSecret(E, y), Y, E, info);
  return { ephemeral: Y, ciphertext: gcm(key, nonce, aad).encrypt(plaintext) };
}

/** Decrypts with the shared point Z (from the secret key, or revealed in a complaint). */
export function eciesDecryptWithSharedPoint(Z: Point, E: Point, c: EciesCiphertext, aad: Uint8Array, info: Uint8Array): Uint8Array {
  const { key, nonce } = deriveKey(Z, c.ephemeral, E, info);
  try {
    return gcm(key, nonce, aad).decrypt(c.ciphertext);
  } catch {
    throw new BallotLedgerError('InvalidShare', 'ecies.decrypt', 'authentication failed');
  }
}

/** Decrypts with the recipient's secret key e (E = e·G). */
export function eciesDecrypt(e: bigint, E: Point, c: EciesCiphertext, aad: Uint8Array, info: Uint8Array): Uint8Array {
  return eciesDecryptWithSharedPoint(mulSecret(c.ephemeral, e), E, c, aad, info);
}
