/**
 * Crash safety of casting: the endorsed transaction is written here before it is submitted, so
 * a restart finishes or re-checks exactly that transaction (same id, same bytes) and a ballot is
 * never recorded twice nor silently lost.
 *
 * @module
 */
import type { Database } from './database.js';

export type PendingState = 'endorsed' | 'committed' | 'failed';

export interface PendingCast {
  readonly txId: string;
  readonly electionId: string;
  readonly voterId: string;
  readonly bytes: Uint8Array;
  readonly receipt: unknown;
  readonly state: PendingState;
  readonly createdAt: number;
}

interface Row {
  [k: string]: unknown;
  tx_id: string;
  election_id: string;
  voter_id: string;
  tx_bytes: Uint8Array;
  receipt_json: string;
  state: PendingState;
  created_at: number;
}

const toPending = (r: Row): PendingCast => ({
  txId: r.tx_id,
  electionId: r.election_id,
  voterId: r.voter_id,
  bytes: Uint8Array.from(r.tx_bytes),
  receipt: JSON.parse(r.receipt_json) as unknown,
  state: r.state,
  createdAt: r.created_at,
});

export class CastRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  addEndorsed(p: Omit<PendingCast, 'state' | 'createdAt'>, now = Date.now()): void {
    this.#db.run(
      'INSERT INTO pending_casts (tx_id, election_id, voter_id, tx_bytes, receipt_json, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      p.txId,
      p.electionId,
      p.voterId,
      p.bytes,
      JSON.stringify(p.receipt),
      'endorsed',
      now,
      now,
    );
  }

  setState(txId: string, state: PendingState, error: string | null = null, now = Date.now()): void {
    this.#db.run('UPDATE pending_casts SET state = ?, error = ?, updated_at = ? WHERE tx_id = ?', state, error, now, txId);
  }

  /** The voter's transaction still waiting for its outcome, if any. */
  openFor(electionId: string, voterId: string): PendingCast | undefined {
    const r = this.#db.get<Row>("SELECT * FROM pending_casts WHERE election_id = ? AND voter_id = ? AND state = 'endorsed' ORDER BY created_at DESC", electionId, voterId);
    return r === undefined ? undefined : toPending(r);
  }

  byTxId(txId: string): PendingCast | undefined {
    const r = this.#db.get<Row>('SELECT * FROM pending_casts WHERE tx_id = ?', txId);
    return r === undefined ? undefined : toPending(r);
  }

  allOpen(): PendingCast[] {
    return this.#db.all<Row>("SELECT * FROM pending_casts WHERE state = 'endorsed' ORDER BY created_at").map(toPending);
  }
}
