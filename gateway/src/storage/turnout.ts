/**
 * The turnout projection: one row per `BallotCast` chaincode event (tracker, time, channel,
 * block), written in the same SQLite transaction as the event checkpoint, so a crash never
 * double-counts or drops an event. Every figure (total, per group, per channel, over time) is
 * counted from these rows.
 *
 * @module
 */
import type { Database } from './database.js';

export interface CastEventRow {
  readonly electionId: string;
  readonly tracker: string;
  readonly at: string;
  readonly channel: string;
  readonly block: number;
  readonly txId: string;
}

export interface Checkpoint {
  readonly block: number;
  readonly txId: string | null;
}

const CHECKPOINT_KEY = 'turnout-checkpoint';

export class TurnoutRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  checkpoint(): Checkpoint | undefined {
    const r = this.#db.get<{ value: string }>('SELECT value FROM kv WHERE key = ?', CHECKPOINT_KEY);
    return r === undefined ? undefined : (JSON.parse(r.value) as Checkpoint);
  }

  /** Records an event and moves the checkpoint past it, atomically. Idempotent per tracker. */
  record(event: CastEventRow, now = Date.now()): boolean {
    return this.#db.tx(() => {
      const inserted = this.#db.run(
        'INSERT OR IGNORE INTO turnout_events (election_id, tracker, at, channel, block, tx_id) VALUES (?, ?, ?, ?, ?, ?)',
        event.electionId,
        event.tracker,
        event.at,
        event.channel,
        event.block,
        event.txId,
      ).changes;
      this.#db.run(
        `INSERT INTO kv (key, value, version, updated_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = kv.version + 1, updated_at = excluded.updated_at`,
        CHECKPOINT_KEY,
        JSON.stringify({ block: event.block, txId: event.txId } satisfies Checkpoint),
        now,
      );
      return inserted > 0;
    });
  }

  total(electionId: string): number {
    return this.#db.get<{ n: number }>('SELECT COUNT(*) AS n FROM turnout_events WHERE election_id = ?', electionId)?.n ?? 0;
  }

  /**
   * Per group of the roll: voters, and voters whose cast is among the recorded events (this
   * gateway's stored transaction, matched by tracker and transaction id). The same source as the
   * total and the channels: a ballot counts in its group once the chain's event has reported it.
   */
  byGroup(electionId: string): { group: string; eligible: number; voted: number }[] {
    return this.#db.all<{ grp: string | null; eligible: number; voted: number }>(
      `SELECT v.voter_group AS grp, COUNT(*) AS eligible,
              SUM(EXISTS (SELECT 1 FROM pending_casts p
                            JOIN turnout_events te ON te.election_id = p.election_id AND te.tracker = json_extract(p.receipt_json, '$.tracker') AND te.tx_id = p.tx_id
                           WHERE p.election_id = v.election_id AND p.voter_id = v.voter_id)) AS voted
         FROM voters v WHERE v.election_id = ? GROUP BY v.voter_group ORDER BY v.voter_group`,
      electionId,
    ).map((r) => ({ group: r.grp ?? '-', eligible: r.eligible, voted: r.voted }));
  }

  byChannel(electionId: string): { channel: string; voted: number }[] {
    return this.#db.all<{ channel: string; voted: number }>(
      'SELECT channel, COUNT(*) AS voted FROM turnout_events WHERE election_id = ? GROUP BY channel ORDER BY channel',
      electionId,
    );
  }

  /** Cumulative count per hour (ISO hour strings). */
  series(electionId: string): { at: string; voted: number }[] {
    const rows = this.#db.all<{ hour: string; n: number }>(
      "SELECT substr(at, 1, 13) || ':00:00.000Z' AS hour, COUNT(*) AS n FROM turnout_events WHERE election_id = ? GROUP BY hour ORDER BY hour",
      electionId,
    );
    let total = 0;
    return rows.map((r) => ({ at: r.hour, voted: (total += r.n) }));
  }
}
