/**
 * Per-voter credentials of a frozen roll: the public credential registered on the ledger, the
 * voter's pseudonym for the `turnout` collection, the credential secret (sealed; it goes into the
 * fragment of every invitation and reminder link and is purged with the roll), and whether and
 * how the voter's ballot was recorded.
 *
 * @module
 */
import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

export interface CredentialRow {
  readonly electionId: string;
  readonly voterId: string;
  readonly credential: string;
  readonly pseudonym: string;
  readonly votedAt: number | null;
  readonly receipt: unknown;
}

interface Row {
  [k: string]: unknown;
  election_id: string;
  voter_id: string;
  credential: string;
  pseudonym: string;
  secret_enc: Uint8Array | null;
  voted_at: number | null;
  receipt_json: string | null;
}

const aad = (electionId: string, voterId: string): string => `credentials:${electionId}:${voterId}:secret`;

export class CredentialRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
  }

  /** Stores the credentials of a whole roll at once (all or nothing). */
  addAll(electionId: string, rows: readonly { voterId: string; credential: string; pseudonym: string; secret: string }[]): void {
    this.#db.tx(() => {
      for (const r of rows) {
        this.#db.run(
          'INSERT INTO credentials (election_id, voter_id, credential, pseudonym, secret_enc) VALUES (?, ?, ?, ?, ?)',
          electionId,
          r.voterId,
          r.credential,
          r.pseudonym,
          this.#pii.seal(r.secret, aad(electionId, r.voterId)),
        );
      }
    });
  }

  get(electionId: string, voterId: string): CredentialRow | undefined {
    const r = this.#db.get<Row>('SELECT * FROM credentials WHERE election_id = ? AND voter_id = ?', electionId, voterId);
    return r === undefined ? undefined : toRow(r);
  }

  list(electionId: string): CredentialRow[] {
    return this.#db.all<Row>('SELECT * FROM credentials WHERE election_id = ? ORDER BY voter_id', electionId).map(toRow);
  }

  count(electionId: string): number {
    return this.#db.get<{ n: number }>('SELECT COUNT(*) AS n FROM credentials WHERE election_id = ?', electionId)?.n ?? 0;
  }

  /** The credential secret for the voter's link fragment, or null once purged. */
  secret(electionId: string, voterId: string): string | null {
    const r = this.#db.get<Row>('SELECT secret_enc FROM credentials WHERE election_id = ? AND voter_id = ?', electionId, voterId);
    return r?.secret_enc ? this.#pii.open(r.secret_enc, aad(electionId, voterId)) : null;
  }

  markVoted(electionId: string, voterId: string, receipt: unknown, now = Date.now()): void {
    this.#db.run(
      'UPDATE credentials SET voted_at = COALESCE(voted_at, ?), receipt_json = COALESCE(receipt_json, ?) WHERE election_id = ? AND voter_id = ?',
      now,
      JSON.stringify(receipt),
      electionId,
      voterId,
    );
  }

  /** Drops the sealed secrets (the retention purge); public credentials and pseudonyms stay for reconciliation. */
  purgeSecrets(electionId: string): number {
    return this.#db.run('UPDATE credentials SET secret_enc = NULL WHERE election_id = ?', electionId).changes;
  }
}

function toRow(r: Row): CredentialRow {
  return {
    electionId: r.election_id,
    voterId: r.voter_id,
    credential: r.credential,
    pseudonym: r.pseudonym,
    votedAt: r.voted_at,
    receipt: r.receipt_json === null ? null : (JSON.parse(r.receipt_json) as unknown),
  };
}
