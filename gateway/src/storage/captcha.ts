import type { Database } from './database.js';

export interface CaptchaRecord {
  readonly id: string;
  readonly sessionHash: string | null;
  readonly answerHash: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** CAPTCHA challenges: the answer by hash, single use (taken atomically), expiring. */
export class CaptchaRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  add(c: CaptchaRecord): void {
    this.#db.run(
      'INSERT INTO captcha_challenges (id, session_hash, answer_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      c.id,
      c.sessionHash,
      c.answerHash,
      c.createdAt,
      c.expiresAt,
    );
  }

  /** Marks the challenge used and returns it, or undefined if unknown, already used or expired. */
  take(id: string, now = Date.now()): CaptchaRecord | undefined {
    return this.#db.tx(() => {
      const r = this.#db.get<{
        id: string;
        session_hash: string | null;
        answer_hash: string;
        created_at: number;
        expires_at: number;
        used_at: number | null;
      }>('SELECT * FROM captcha_challenges WHERE id = ?', id);
      if (r === undefined || r.used_at !== null) return undefined;
      this.#db.run('UPDATE captcha_challenges SET used_at = ? WHERE id = ?', now, id);
      if (r.expires_at <= now) return undefined;
      return {
        id: r.id,
        sessionHash: r.session_hash,
        answerHash: r.answer_hash,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
      };
    });
  }

  deleteExpired(now = Date.now()): number {
    return this.#db.run('DELETE FROM captcha_challenges WHERE expires_at <= ? OR used_at IS NOT NULL', now).changes;
  }
}
