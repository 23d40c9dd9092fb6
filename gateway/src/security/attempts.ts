/**
 * Attempt limits with lockout that cannot be turned against others:
 *
 * - a personal-link token is locked only by failures made *with that token*: identity checks
 *   (consecutive, reset on success, exponential backoff base · 2^(failures − N), capped) and
 *   CAPTCHA answers (a window counter);
 * - a client address (IPv4, or IPv6 /56) gets its own window counter and backoff, which only
 *   throttles tokens that are not valid links: holders of a valid link behind the same address
 *   (a carrier NAT) are never refused for what others did there;
 * - staff logins count per (username, address), never per account alone, so anonymous requests
 *   cannot lock a staff member out.
 *
 * @module
 */
import { isIPv6 } from 'node:net';
import type { LockoutPolicy } from '../config.js';
import { ApiError } from '../errors.js';
import type { AttemptRepo, AttemptState } from '../storage/attempts.js';

export type AttemptMode = 'consecutive' | 'window';

/** Groups addresses: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by /56 (one customer's prefix). */
export function addressKey(ip: string | undefined): string {
  if (ip === undefined || ip === '') return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4?.[1] !== undefined) return v4[1];
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const g = groups.map((x) => parseInt(x || '0', 16));
  const prefix = [g[0] ?? 0, g[1] ?? 0, g[2] ?? 0, (g[3] ?? 0) & 0xff00].map((x) => x.toString(16)).join(':');
  return `${prefix}::/56`;
}

export class AttemptLimiter {
  readonly #repo: AttemptRepo;
  readonly #policy: LockoutPolicy;
  readonly #windowMs: number;

  constructor(repo: AttemptRepo, policy: LockoutPolicy, windowMs: number) {
    this.#repo = repo;
    this.#policy = policy;
    this.#windowMs = windowMs;
  }

  static linkKey(tokenHash: string): string {
    return `link:${tokenHash}`;
  }
  static captchaKey(tokenHash: string): string {
    return `captcha:${tokenHash}`;
  }
  static ipKey(ip: string | undefined): string {
    return `ip:${addressKey(ip)}`;
  }
  static applyKey(ip: string | undefined): string {
    return `apply:${addressKey(ip)}`;
  }
  static loginKey(username: string, ip: string | undefined): string {
    return `login:${username.toLowerCase()}:${addressKey(ip)}`;
  }

  /** Milliseconds until `key` may try again (0 = open now). */
  retryAfterMs(key: string, now = Date.now()): number {
    const s = this.#repo.get(key);
    return s === undefined ? 0 : Math.max(0, s.lockedUntil - now);
  }

  /** Throws `LockedOut` (429 + Retry-After) while `key` is locked. */
  assertOpen(key: string, now = Date.now()): void {
    const ms = this.retryAfterMs(key, now);
    if (ms > 0) {
      const seconds = Math.ceil(ms / 1000);
      throw new ApiError('LockedOut', `Too many failed attempts. Try again in ${seconds} seconds.`, {
        headers: { 'Retry-After': String(seconds) },
        details: { retryAfterSeconds: seconds },
      });
    }
  }

  #backoffMs(steps: number): number {
    const ms = this.#policy.baseSeconds * 1000 * 2 ** Math.max(0, steps);
    return Math.min(ms, this.#policy.maxSeconds * 1000);
  }

  /** Counts one failure; returns the new state (locked if `lockedUntil > now`). */
  recordFailure(key: string, mode: AttemptMode, now = Date.now()): AttemptState {
    return this.#repo.update(key, (cur) => {
      if (mode === 'consecutive') {
        const failures = (cur?.failures ?? 0) + 1;
        const n = this.#policy.linkMaxFailures;
        const lockedUntil = failures >= n ? now + this.#backoffMs(failures - n) : (cur?.lockedUntil ?? 0);
        const lockouts = (cur?.lockouts ?? 0) + (failures >= n ? 1 : 0);
        return { failures, windowStart: cur?.windowStart ?? now, lastFailureAt: now, lockedUntil, lockouts };
      }
      const fresh = cur === undefined || now - cur.windowStart >= this.#windowMs;
      const failures = fresh ? 1 : cur.failures + 1;
      const windowStart = fresh ? now : cur.windowStart;
      if (failures >= this.#policy.ipMaxFailures) {
        const lockouts = (cur?.lockouts ?? 0) + 1;
        return { failures: 0, windowStart: now, lastFailureAt: now, lockedUntil: now + this.#backoffMs(lockouts - 1), lockouts };
      }
      return { failures, windowStart, lastFailureAt: now, lockedUntil: cur?.lockedUntil ?? 0, lockouts: cur?.lockouts ?? 0 };
    });
  }

  /**
   * Counts one use of a quota of `max` uses per `windowMs` (e.g. applications per address and
   * day); throws `RateLimited` (429 + Retry-After) once the window's quota is used up.
   */
  takeQuota(key: string, max: number, windowMs: number, now = Date.now()): void {
    this.#repo.update(key, (cur) => {
      const fresh = cur === undefined || now - cur.windowStart >= windowMs;
      const used = fresh ? 0 : cur.failures;
      if (used >= max) {
        const seconds = Math.ceil((cur!.windowStart + windowMs - now) / 1000);
        throw new ApiError('RateLimited', `Too many requests from your address today. Try again in ${seconds} seconds.`, {
          headers: { 'Retry-After': String(seconds) },
          details: { retryAfterSeconds: seconds },
        });
      }
      return { failures: used + 1, windowStart: fresh ? now : cur.windowStart, lastFailureAt: now, lockedUntil: 0, lockouts: 0 };
    });
  }

  /** Clears a key after a success (links and logins; never used for addresses). */
  reset(key: string): void {
    this.#repo.delete(key);
  }
}
