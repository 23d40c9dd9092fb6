/**
 * Staff passwords: scrypt (node:crypto), per-password random salt, parameters stored with the
 * hash so the cost can be raised later. Format: `scrypt$N$r$p$salt$hash` (base64url).
 *
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LEN = 32;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const maxmem = (N: number, r: number): number => 256 * N * r + 1024 * 1024;

/** `cost` is scrypt's N (a power of two; default 2^15). */
export async function hashPassword(password: string, cost = 1 << 15): Promise<string> {
  if (password.length < 12) throw new RangeError('passwords need at least 12 characters');
  if ((cost & (cost - 1)) !== 0) throw new RangeError('scrypt cost must be a power of two');
  const r = 8;
  const p = 1;
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, { N: cost, r, p, maxmem: maxmem(cost, r) });
  return ['scrypt', cost, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p) || expected.length !== KEY_LEN) return false;
  const key = await scryptAsync(password, salt, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real check when the user does not exist, so response time does not
 * reveal which usernames exist.
 */
export async function burnPasswordCheck(password: string, cost: number): Promise<false> {
  dummy ??= hashPassword('dummy-password-for-timing', cost);
  await verifyPassword(password, await dummy);
  return false;
}
