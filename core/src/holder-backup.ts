// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module holder-backup
 * Passphrase-protected backup of a key holder's secret state (the browser saves it to a file):
 * key = scrypt(passphrase, salt, N, r, p, 32 bytes); AES-256-GCM(key, nonce, canonical state,
 * aad = "ballotledger-v1/holder-backup"). Default N = 2^17, r = 8, p = 1 (about 128 MiB of memory).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { canonicalBytes, parseCanonical } from './codec.js';
import { BallotLedgerError } from './errors.js';
import { parseHolderState } from './key-ceremony.js';
import { defaultRng, type Rng } from './rng.js';
import { SealedHolderStateSchema, type HolderState, type SealedHolderState } from './schemas.js';
import { parseWith } from './validate.js';

/** scrypt cost parameters. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Default: N = 2^17, r = 8, p = 1 (OWASP-style interactive setting). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 17, r: 8, p: 1 };
const AAD = utf8ToBytes('ballotledger-v1/holder-backup');

/** Encrypts the holder state under a passphrase. */
export async function sealHolderState(state: HolderState, passphrase: string, params: ScryptParams = DEFAULT_SCRYPT, rng: Rng = defaultRng): Promise<SealedHolderState> {
  if (passphrase.length < 8) throw new BallotLedgerError('InvalidArgument', 'seal.passphrase', 'passphrase shorter than 8 characters');
  const salt = rng(16);
  const nonce = rng(12);
  const key = await scryptAsync(utf8ToBytes(passphrase.normalize('NFKC')), salt, { N: params.N, r: params.r, p: params.p, dkLen: 32, maxmem: 2 ** 31 });
  const ciphertext = gcm(key, nonce, AAD).encrypt(canonicalBytes(parseHolderState(state)));
  return { v: 1, kdf: 'scrypt', N: params.N, r: params.r, p: params.p, salt: base64urlEncode(salt), nonce: base64urlEncode(nonce), ciphertext: base64urlEncode(ciphertext) };
}

/** Decrypts a sealed holder state; a wrong passphrase or a tampered file gives InvalidArgument. */
export async function openHolderState(sealed: unknown, passphrase: string): Promise<HolderState> {
  const s = parseWith(SealedHolderStateSchema, sealed, 'InvalidArgument', 'sealed');
  const key = await scryptAsync(utf8ToBytes(passphrase.normalize('NFKC')), base64urlDecode(s.salt), { N: s.N, r: s.r, p: s.p, dkLen: 32, maxmem: 2 ** 31 });
  let plain: Uint8Array;
  try {
    plain = gcm(key, base64urlDecode(s.nonce, 12), AAD).decrypt(base64urlDecode(s.ciphertext));
  } catch {
    throw new BallotLedgerError('InvalidArgument', 'sealed.decrypt', 'wrong passphrase or damaged backup');
  }
  return parseHolderState(parseCanonical(plain));
}
