/**
 * Cookie sessions for staff and voters, stored server side (only the SHA-256 of the id), with a
 * synchronizer CSRF token per session:
 *
 * - cookies are HttpOnly, SameSite=Strict, Path=/, and Secure with the `__Host-` prefix when
 *   configured; the id is 256 random bits;
 * - a new id is issued on every privilege change (staff login, voter passing a check), so an id
 *   planted before login (session fixation) is never promoted;
 * - staff sessions expire after an idle period and an absolute maximum; voter sessions after an
 *   idle period.
 *
 * @module
 */
import type { Request, Response } from 'express';
import type { SessionKind, SessionRecord, SessionRepo } from '../storage/sessions.js';
import { hashToken, newToken } from './tokens.js';

export interface SessionPolicy {
  readonly secure: boolean;
  readonly staffIdleMs: number;
  readonly staffMaxMs: number;
  readonly voterMs: number;
}

export interface ActiveSession {
  readonly record: SessionRecord;
}

/** Parses a Cookie header (RFC 6265 pairs; later duplicates ignored). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export class SessionManager {
  readonly #repo: SessionRepo;
  readonly #policy: SessionPolicy;

  constructor(repo: SessionRepo, policy: SessionPolicy) {
    this.#repo = repo;
    this.#policy = policy;
  }

  cookieName(kind: SessionKind): string {
    return `${this.#policy.secure ? '__Host-' : ''}bl_${kind}`;
  }

  #expiry(kind: SessionKind, createdAt: number, now: number): number {
    if (kind === 'voter') return now + this.#policy.voterMs;
    return Math.min(createdAt + this.#policy.staffMaxMs, now + this.#policy.staffIdleMs);
  }

  #setCookie(res: Response, kind: SessionKind, id: string): void {
    res.cookie(this.cookieName(kind), id, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.#policy.secure,
      path: '/',
    });
  }

  clearCookie(res: Response, kind: SessionKind): void {
    res.clearCookie(this.cookieName(kind), { httpOnly: true, sameSite: 'strict', secure: this.#policy.secure, path: '/' });
  }

  /** The live session of `kind` named by the request's cookie; refreshes its idle expiry. */
  read(req: Request, kind: SessionKind, now = Date.now()): SessionRecord | undefined {
    const id = parseCookies(req.headers.cookie).get(this.cookieName(kind));
    if (id === undefined || id.length < 22 || id.length > 128) return undefined;
    const idHash = hashToken(id);
    const rec = this.#repo.get(idHash, now);
    if (rec === undefined || rec.kind !== kind) return undefined;
    const expiresAt = this.#expiry(kind, rec.createdAt, now);
    if (expiresAt <= now) {
      this.#repo.delete(idHash);
      return undefined;
    }
    this.#repo.touch(idHash, now, expiresAt);
    return { ...rec, lastSeenAt: now, expiresAt };
  }

  /**
   * Starts a new session, first destroying whatever session of that kind the request carried
   * (whatever id the client brought is never reused).
   */
  start(
    req: Request,
    res: Response,
    fields: Readonly<{
      kind: SessionKind;
      userId?: string;
      electionId?: string;
      voterId?: string;
      linkHash?: string;
      stage: string;
      data?: Record<string, unknown>;
    }>,
    now = Date.now(),
  ): SessionRecord {
    const previous = parseCookies(req.headers.cookie).get(this.cookieName(fields.kind));
    if (previous !== undefined) this.#repo.delete(hashToken(previous));
    const id = newToken();
    const record = this.#repo.create(
      {
        idHash: hashToken(id),
        kind: fields.kind,
        userId: fields.userId ?? null,
        electionId: fields.electionId ?? null,
        voterId: fields.voterId ?? null,
        linkHash: fields.linkHash ?? null,
        stage: fields.stage,
        csrfToken: newToken(),
        expiresAt: this.#expiry(fields.kind, now, now),
        ...(fields.data === undefined ? {} : { data: fields.data }),
      },
      now,
    );
    this.#setCookie(res, fields.kind, id);
    return record;
  }

  /** Gives the session a new id and CSRF token (privilege change), optionally a new stage. */
  rotate(res: Response, current: SessionRecord, patch: Readonly<{ stage?: string; data?: Record<string, unknown> }> = {}, now = Date.now()): SessionRecord {
    if (patch.stage !== undefined || patch.data !== undefined) this.#repo.update(current.idHash, patch);
    const id = newToken();
    const next = this.#repo.rotate(current.idHash, hashToken(id), newToken(), this.#expiry(current.kind, current.createdAt, now), now);
    if (next === undefined) throw new Error('session vanished during rotation');
    this.#setCookie(res, current.kind, id);
    return next;
  }

  update(current: SessionRecord, patch: Readonly<{ stage?: string; data?: Record<string, unknown> }>): void {
    this.#repo.update(current.idHash, patch);
  }

  destroy(req: Request, res: Response, kind: SessionKind): void {
    const id = parseCookies(req.headers.cookie).get(this.cookieName(kind));
    if (id !== undefined) this.#repo.delete(hashToken(id));
    this.clearCookie(res, kind);
  }
}
