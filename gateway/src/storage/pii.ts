/**
 * PII at rest: AES-256-GCM, one random 96-bit IV per value, and associated data that binds each
 * ciphertext to its row and column (a sealed phone number moved to another voter's row fails to
 * open). Layout: `0x01 | iv(12) | tag(16) | ciphertext`.
 *
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 1;

export class PiiCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('PII key must be 32 bytes');
    this.#key = Buffer.from(key);
  }

  seal(plaintext: string, aad: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]);
  }

  open(sealed: Uint8Array, aad: string): string {
    const buf = Buffer.from(sealed);
    if (buf.length < 29 || buf[0] !== VERSION) throw new Error('unsealable PII value');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, buf.subarray(1, 13));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(buf.subarray(13, 29));
    return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8');
  }

  sealOptional(plaintext: string | null | undefined, aad: string): Buffer | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.seal(plaintext, aad);
  }

  openOptional(sealed: unknown, aad: string): string | null {
    return sealed instanceof Uint8Array ? this.open(sealed, aad) : null;
  }
}

/**
 * The development key: `<dataDir>/pii.key` (0600), created on first use. Production must set
 * BL_PII_KEY instead (the config refuses to start without it).
 */
export function devPiiKey(dataDir: string): Buffer {
  const file = join(dataDir, 'pii.key');
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
    throw new Error(`${file} does not hold a 32-byte base64 key`);
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
