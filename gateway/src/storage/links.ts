import type { Database } from './database.js';

export interface LinkRecord {
  readonly tokenHash: string;
  readonly electionId: string;
  readonly voterId: string;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

/** Personal voting-link tokens, by SHA-256 only. A voter may hold more than one live link. */
export class LinkRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  add(tokenHash: string, electionId: string, voterId: string, expiresAt: number | null, now = Date.now()): void {
    this.#db.run(
      'INSERT INTO link_tokens (token_hash, election_id, voter_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
      tokenHash,
      electionId,
      voterId,
      now,
      expiresAt,
    );
  }

  /** The live (not revoked, not expired) link with this hash. */
  find(tokenHash: string, now = Date.now()): LinkRecord | undefined {
    const r = this.#db.get<{
      token_hash: string;
      election_id: string;
      voter_id: string;
      created_at: number;
      expires_at: number | null;
      revoked_at: number | null;
    }>('SELECT * FROM link_tokens WHERE token_hash = ?', tokenHash);
    if (r === undefined || r.revoked_at !== null || (r.expires_at !== null && r.expires_at <= now)) return undefined;
    return {
      tokenHash: r.token_hash,
      electionId: r.election_id,
      voterId: r.voter_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    };
  }

  revokeForVoter(electionId: string, voterId: string, now = Date.now()): number {
    return this.#db.run(
      'UPDATE link_tokens SET revoked_at = ? WHERE election_id = ? AND voter_id = ? AND revoked_at IS NULL',
      now,
      electionId,
      voterId,
    ).changes;
  }

  deleteForElection(electionId: string): number {
    return this.#db.run('DELETE FROM link_tokens WHERE election_id = ?', electionId).changes;
  }
}
