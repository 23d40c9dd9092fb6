/**
 * A lean voter client over `fetch` (keep-alive, one cookie jar per voter) for the load benchmark
 * and the crash tests, where thousands of voters talk to a gateway process: the same steps as the
 * web app (link → CAPTCHA via its accessible question → identity check → cast).
 */
import type { Ballot } from '@ballotledger/core';
import { solveCaptchaQuestion } from './captcha.js';

export interface HttpReply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export class HttpVoter {
  readonly baseUrl: string;
  readonly token: string;
  readonly secret: string;
  #cookies = new Map<string, string>();
  csrf = '';

  constructor(baseUrl: string, link: string) {
    const m = /\/v\/([A-Za-z0-9_-]+)#([A-Za-z0-9_-]+)/.exec(link);
    if (!m) throw new Error(`not a voting link: ${link}`);
    this.baseUrl = baseUrl;
    this.token = m[1]!;
    this.secret = m[2]!;
  }

  /** Moves this voter's session to another gateway base URL (same data dir, restarted process). */
  withBase(baseUrl: string): HttpVoter {
    const v = new HttpVoter(baseUrl, `/v/${this.token}#${this.secret}`);
    v.#cookies = new Map(this.#cookies);
    v.csrf = this.csrf;
    return v;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 180_000): Promise<HttpReply> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      if (this.csrf) headers['x-csrf-token'] = this.csrf;
    }
    const r = await fetch(`${this.baseUrl}${path}`, { method, headers, body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined, signal: AbortSignal.timeout(timeoutMs) });
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: parsed };
  }

  async #step(path: string, body?: unknown): Promise<HttpReply> {
    const r = await this.request('POST', path, body);
    if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }

  /** Link → CAPTCHA (its text form) → birth date + name. */
  async signIn(name: string, birthDate: string): Promise<'ok' | 'already-voted'> {
    const link = await this.#step('/api/voter/link', { token: this.token });
    if (link.body.status === 'already-voted') return 'already-voted';
    this.csrf = link.body.session.csrfToken as string;
    const captcha = await this.#step('/api/voter/captcha', { form: 'text' });
    const solved = await this.#step('/api/voter/captcha/answer', { challengeId: captcha.body.id, answer: solveCaptchaQuestion(captcha.body.question) });
    this.csrf = solved.body.csrfToken as string;
    const challenge = await this.#step('/api/voter/identity/start', { method: 'birthdate' });
    const verified = await this.#step('/api/voter/identity/verify', { method: 'birthdate', challengeId: challenge.body.challengeId, response: { name, birthDate } });
    this.csrf = verified.body.csrfToken as string;
    return 'ok';
  }

  cast(ballot: Ballot, channel = 'web', timeoutMs?: number): Promise<HttpReply> {
    return this.request('POST', '/api/voter/ballot', { ballot, channel }, timeoutMs);
  }

  receipt(): Promise<HttpReply> {
    return this.request('GET', '/api/voter/receipt');
  }
}
