import type { Database } from './database.js';

export type IdentityOutcome = 'success' | 'failure' | 'locked' | 'expired' | 'error';

export interface IdentityChallengeRecord {
  readonly id: string;
  readonly electionId: string;
  readonly voterId: string;
  readonly method: string;
  readonly secretHash: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly consumedAt: number | null;
}

/** The identity-check log (method, outcome, time — no PII; for fee statements) and pending challenges. */
export class IdentityRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  log(electionId: string, method: string, outcome: IdentityOutcome, now = Date.now()): void {
    this.#db.run('INSERT INTO identity_checks (election_id, method, outcome, at) VALUES (?, ?, ?, ?)', electionId, method, outcome, now);
  }

  /** Counts per method and outcome. */
  summary(electionId: string): { method: string; outcome: IdentityOutcome; count: number }[] {
    return this.#db.all<{ method: string; outcome: IdentityOutcome; count: number }>(
      'SELECT method, outcome, COUNT(*) AS count FROM identity_checks WHERE election_id = ? GROUP BY method, outcome ORDER BY method, outcome',
      electionId,
    );
  }

  addChallenge(c: Omit<IdentityChallengeRecord, 'attempts' | 'consumedAt'>): void {
    this.#db.run(
      `INSERT INTO identity_challenges (id, election_id, voter_id, method, secret_hash, max_attempts, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      c.id,
      c.electionId,
      c.voterId,
      c.method,
      c.secretHash,
      c.maxAttempts,
      c.createdAt,
      c.expiresAt,
    );
  }

  challenge(id: string): IdentityChallengeRecord | undefined {
    const r = this.#db.get<{
      id: string;
      election_id: string;
      voter_id: string;
      method: string;
      secret_hash: string | null;
      attempts: number;
      max_attempts: number;
      created_at: number;
      expires_at: number;
      consumed_at: number | null;
    }>('SELECT * FROM identity_challenges WHERE id = ?', id);
    return r === undefined
      ? undefined
      : {
          id: r.id,
          electionId: r.election_id,
          voterId: r.voter_id,
          method: r.method,
          secretHash: r.secret_hash,
          attempts: r.attempts,
          maxAttempts: r.max_attempts,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
          consumedAt: r.consumed_at,
        };
  }

  /** Counts one attempt; returns the attempt number, or 0 if the challenge is consumed. */
  countAttempt(id: string): number {
    return this.#db.tx(() => {
      const changed = this.#db.run('UPDATE identity_challenges SET attempts = attempts + 1 WHERE id = ? AND consumed_at IS NULL', id).changes;
      return changed === 1 ? (this.challenge(id)?.attempts ?? 0) : 0;
    });
  }

  consume(id: string, now = Date.now()): boolean {
    return this.#db.run('UPDATE identity_challenges SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL', now, id).changes === 1;
  }

  /** Consumes every open challenge of a voter (a new one supersedes them). */
  consumeForVoter(electionId: string, voterId: string, method: string, now = Date.now()): void {
    this.#db.run(
      'UPDATE identity_challenges SET consumed_at = ? WHERE election_id = ? AND voter_id = ? AND method = ? AND consumed_at IS NULL',
      now,
      electionId,
      voterId,
      method,
    );
  }

  deleteForElection(electionId: string): number {
    return this.#db.run('DELETE FROM identity_challenges WHERE election_id = ?', electionId).changes;
  }

  deleteExpired(now = Date.now()): number {
    return this.#db.run('DELETE FROM identity_challenges WHERE expires_at <= ?', now).changes;
  }
}
