import type { Database } from './database.js';

export type SessionKind = 'staff' | 'voter';

export interface SessionRecord {
  /** SHA-256 (hex) of the session id; the id itself is only in the client's cookie. */
  readonly idHash: string;
  readonly kind: SessionKind;
  readonly userId: string | null;
  readonly electionId: string | null;
  readonly voterId: string | null;
  readonly linkHash: string | null;
  /** Staff: `active`. Voter: `link` → `captcha` → `verified`. */
  readonly stage: string;
  readonly csrfToken: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

export type NewSession = Omit<SessionRecord, 'createdAt' | 'lastSeenAt' | 'data'> & { data?: Record<string, unknown> };

interface SessionRow {
  [k: string]: unknown;
  id_hash: string;
  kind: SessionKind;
  user_id: string | null;
  election_id: string | null;
  voter_id: string | null;
  link_hash: string | null;
  stage: string;
  csrf_token: string;
  data: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

function toRecord(r: SessionRow): SessionRecord {
  return {
    idHash: r.id_hash,
    kind: r.kind,
    userId: r.user_id,
    electionId: r.election_id,
    voterId: r.voter_id,
    linkHash: r.link_hash,
    stage: r.stage,
    csrfToken: r.csrf_token,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  };
}

export class SessionRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  create(s: NewSession, now = Date.now()): SessionRecord {
    this.#db.run(
      `INSERT INTO sessions (id_hash, kind, user_id, election_id, voter_id, link_hash, stage, csrf_token, data, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      s.idHash,
      s.kind,
      s.userId,
      s.electionId,
      s.voterId,
      s.linkHash,
      s.stage,
      s.csrfToken,
      JSON.stringify(s.data ?? {}),
      now,
      now,
      s.expiresAt,
    );
    return { ...s, data: s.data ?? {}, createdAt: now, lastSeenAt: now };
  }

  /** The live session with this id hash, or undefined (expired ones are deleted on sight). */
  get(idHash: string, now = Date.now()): SessionRecord | undefined {
    const r = this.#db.get<SessionRow>('SELECT * FROM sessions WHERE id_hash = ?', idHash);
    if (r === undefined) return undefined;
    if (r.expires_at <= now) {
      this.delete(idHash);
      return undefined;
    }
    return toRecord(r);
  }

  touch(idHash: string, lastSeenAt: number, expiresAt: number): void {
    this.#db.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?', lastSeenAt, expiresAt, idHash);
  }

  update(idHash: string, patch: Readonly<{ stage?: string; data?: Record<string, unknown> }>): void {
    const cur = this.#db.get<SessionRow>('SELECT * FROM sessions WHERE id_hash = ?', idHash);
    if (cur === undefined) return;
    this.#db.run(
      'UPDATE sessions SET stage = ?, data = ? WHERE id_hash = ?',
      patch.stage ?? cur.stage,
      JSON.stringify(patch.data ?? JSON.parse(cur.data)),
      idHash,
    );
  }

  /**
   * Replaces a session's id (privilege change: login, identity verified). The old id stops
   * working at once; the new record keeps everything else but gets a fresh CSRF token.
   */
  rotate(oldHash: string, newHash: string, csrfToken: string, expiresAt: number, now = Date.now()): SessionRecord | undefined {
    return this.#db.tx(() => {
      const changed = this.#db.run(
        'UPDATE sessions SET id_hash = ?, csrf_token = ?, expires_at = ?, last_seen_at = ? WHERE id_hash = ?',
        newHash,
        csrfToken,
        expiresAt,
        now,
        oldHash,
      ).changes;
      return changed === 1 ? this.get(newHash, now) : undefined;
    });
  }

  delete(idHash: string): void {
    this.#db.run('DELETE FROM sessions WHERE id_hash = ?', idHash);
  }

  deleteForVoter(electionId: string, voterId: string): void {
    this.#db.run('DELETE FROM sessions WHERE election_id = ? AND voter_id = ?', electionId, voterId);
  }

  deleteForUser(userId: string): void {
    this.#db.run('DELETE FROM sessions WHERE user_id = ?', userId);
  }

  deleteExpired(now = Date.now()): number {
    return this.#db.run('DELETE FROM sessions WHERE expires_at <= ?', now).changes;
  }
}
