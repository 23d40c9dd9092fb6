/**
 * Development identity providers:
 * - `birthdate`: name + birth date checked against the roll (K-Voting's "identity info"; free,
 *   and weak: anyone who knows both can vote for the voter — use it with the link and CAPTCHA);
 * - `sms-code`: a 6-digit code sent by SMS to the roll's phone number through the notification
 *   provider (the dev outbox in development), expiring, at most 5 tries per code.
 *
 * @module
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Notifier } from '../notify/notifier.js';
import { maskRecipient } from '../notify/sms.js';
import { DEFAULT_TEMPLATES, renderTemplate } from '../notify/templates.js';
import { hashToken, safeEqual } from '../security/tokens.js';
import type { Store } from '../storage/store.js';
import type { IdentityChallenge, IdentityContext, IdentityProvider, IdentityProviderFactory, IdentityResult } from './provider.js';

export interface DevIdentityDeps {
  readonly store: Store;
  readonly notifier: Notifier;
  readonly codeTtlMs: number;
}

/** Compares names ignoring spaces, case and Unicode composition (NFC); `홍 길동` = `홍길동`. */
export function sameName(a: string, b: string): boolean {
  const n = (s: string): string => s.normalize('NFC').replace(/\s+/g, '').toLowerCase();
  return safeEqual(n(a), n(b));
}

/** `1990-03-07`, `1990.3.7`, `19900307` → `1990-03-07`; undefined if not a date. */
export function normalizeBirthDate(s: string): string | undefined {
  const m = /^\s*(\d{4})[-./ ]?(\d{1,2})[-./ ]?(\d{1,2})\.?\s*$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

class BirthdateProvider implements IdentityProvider {
  readonly method = 'birthdate';
  readonly label = { ko: '이름과 생년월일', en: 'Name and date of birth' };
  readonly usesRollPhone = false;
  readonly #store: Store;
  readonly #ttlMs: number;

  constructor(deps: DevIdentityDeps) {
    this.#store = deps.store;
    this.#ttlMs = deps.codeTtlMs;
  }

  start(ctx: IdentityContext): Promise<IdentityChallenge> {
    const id = randomUUID();
    this.#store.identity.addChallenge({
      id,
      electionId: ctx.electionId,
      voterId: ctx.voterId,
      method: this.method,
      secretHash: null,
      maxAttempts: 1,
      createdAt: ctx.now,
      expiresAt: ctx.now + this.#ttlMs,
    });
    return Promise.resolve({ challengeId: id, method: this.method, fields: ['name', 'birthDate'], expiresAt: new Date(ctx.now + this.#ttlMs).toISOString() });
  }

  verify(ctx: IdentityContext, challengeId: string, response: Readonly<Record<string, string>>): Promise<IdentityResult> {
    const c = this.#store.identity.challenge(challengeId);
    if (c === undefined || c.electionId !== ctx.electionId || c.voterId !== ctx.voterId || c.method !== this.method) {
      return Promise.resolve({ ok: false, reason: 'expired' });
    }
    // One answer per challenge: a fresh challenge is needed for the next try.
    if (!this.#store.identity.consume(challengeId, ctx.now)) return Promise.resolve({ ok: false, reason: 'expired' });
    if (c.expiresAt <= ctx.now) return Promise.resolve({ ok: false, reason: 'expired' });
    const voter = this.#store.voters.get(ctx.electionId, ctx.voterId);
    if (voter === undefined) return Promise.resolve({ ok: false, reason: 'unavailable' });
    const birth = normalizeBirthDate(response['birthDate'] ?? '');
    const nameOk = sameName(response['name'] ?? '', voter.name);
    const birthOk = birth !== undefined && safeEqual(birth, voter.birthDate);
    return Promise.resolve(nameOk && birthOk ? { ok: true } : { ok: false, reason: 'mismatch' });
  }
}

class SmsCodeProvider implements IdentityProvider {
  readonly method = 'sms-code';
  readonly label = { ko: '휴대전화 인증번호', en: 'Code sent by SMS' };
  readonly usesRollPhone = true;
  readonly #store: Store;
  readonly #notifier: Notifier;
  readonly #ttlMs: number;
  static readonly MAX_ATTEMPTS = 5;

  constructor(deps: DevIdentityDeps) {
    this.#store = deps.store;
    this.#notifier = deps.notifier;
    this.#ttlMs = deps.codeTtlMs;
  }

  async start(ctx: IdentityContext): Promise<IdentityChallenge> {
    const voter = this.#store.voters.get(ctx.electionId, ctx.voterId);
    if (voter?.phone === null || voter?.phone === undefined) throw new RangeError('voter has no mobile number on the roll');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    this.#store.identity.consumeForVoter(ctx.electionId, ctx.voterId, this.method, ctx.now);
    this.#store.identity.addChallenge({
      id,
      electionId: ctx.electionId,
      voterId: ctx.voterId,
      method: this.method,
      secretHash: hashToken(`${id}:${code}`),
      maxAttempts: SmsCodeProvider.MAX_ATTEMPTS,
      createdAt: ctx.now,
      expiresAt: ctx.now + this.#ttlMs,
    });
    await this.#notifier.send({
      electionId: ctx.electionId,
      voterId: ctx.voterId,
      kind: 'sms-code',
      channel: 'sms',
      to: voter.phone,
      body: renderTemplate(DEFAULT_TEMPLATES['sms-code'].ko, { code }),
    });
    return {
      challengeId: id,
      method: this.method,
      fields: ['code'],
      expiresAt: new Date(ctx.now + this.#ttlMs).toISOString(),
      sentTo: maskRecipient(voter.phone),
    };
  }

  verify(ctx: IdentityContext, challengeId: string, response: Readonly<Record<string, string>>): Promise<IdentityResult> {
    const c = this.#store.identity.challenge(challengeId);
    if (c === undefined || c.electionId !== ctx.electionId || c.voterId !== ctx.voterId || c.method !== this.method || c.consumedAt !== null) {
      return Promise.resolve({ ok: false, reason: 'expired' });
    }
    if (c.expiresAt <= ctx.now) return Promise.resolve({ ok: false, reason: 'expired' });
    const attempt = this.#store.identity.countAttempt(challengeId);
    if (attempt === 0 || attempt > c.maxAttempts) {
      this.#store.identity.consume(challengeId, ctx.now);
      return Promise.resolve({ ok: false, reason: 'exhausted' });
    }
    const code = (response['code'] ?? '').replace(/\s+/g, '');
    if (c.secretHash !== null && safeEqual(hashToken(`${challengeId}:${code}`), c.secretHash)) {
      this.#store.identity.consume(challengeId, ctx.now);
      return Promise.resolve({ ok: true });
    }
    if (attempt >= c.maxAttempts) this.#store.identity.consume(challengeId, ctx.now);
    return Promise.resolve({ ok: false, reason: 'mismatch' });
  }
}

/** The development factories; real providers (carrier, ipin, ars) are added to this map by name. */
export const DEV_IDENTITY_PROVIDERS: Readonly<Record<string, IdentityProviderFactory<DevIdentityDeps>>> = {
  birthdate: (d) => new BirthdateProvider(d),
  'sms-code': (d) => new SmsCodeProvider(d),
};
