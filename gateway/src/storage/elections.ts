/**
 * The gateway's own data about each election it manages: the admin's input (candidate profiles,
 * templates, identity method), the rendered information whose hash is on the ledger, and the
 * per-election key of the voter pseudonyms (sealed).
 *
 * @module
 */
import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

export interface ElectionRecordLocal<Input, Info> {
  readonly electionId: string;
  readonly organizationId: string;
  readonly managingMsp: string;
  readonly input: Input;
  readonly info: Info;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Row {
  [k: string]: unknown;
  election_id: string;
  organization_id: string;
  managing_msp: string;
  input_json: string;
  info_json: string;
  roll_key_enc: Uint8Array;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export class ElectionRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
  }

  upsert<I, F>(e: Omit<ElectionRecordLocal<I, F>, 'createdAt' | 'updatedAt'>, rollKey: string, now = Date.now()): void {
    this.#db.run(
      `INSERT INTO elections (election_id, organization_id, managing_msp, input_json, info_json, roll_key_enc, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (election_id) DO UPDATE SET input_json = excluded.input_json, info_json = excluded.info_json, updated_at = excluded.updated_at`,
      e.electionId,
      e.organizationId,
      e.managingMsp,
      JSON.stringify(e.input),
      JSON.stringify(e.info),
      this.#pii.seal(rollKey, `elections:${e.electionId}:roll_key`),
      e.createdBy,
      now,
      now,
    );
  }

  get<I, F>(electionId: string): ElectionRecordLocal<I, F> | undefined {
    const r = this.#db.get<Row>('SELECT * FROM elections WHERE election_id = ?', electionId);
    return r === undefined ? undefined : toRecord<I, F>(r);
  }

  list<I, F>(): ElectionRecordLocal<I, F>[] {
    return this.#db.all<Row>('SELECT * FROM elections ORDER BY created_at DESC').map((r) => toRecord<I, F>(r));
  }

  /** The secret key of the election's voter pseudonyms, HMAC(rollKey, voterId). */
  rollKey(electionId: string): string {
    const r = this.#db.get<Row>('SELECT roll_key_enc FROM elections WHERE election_id = ?', electionId);
    if (r === undefined) throw new Error(`no election ${electionId}`);
    return this.#pii.open(r.roll_key_enc, `elections:${electionId}:roll_key`);
  }
}

function toRecord<I, F>(r: Row): ElectionRecordLocal<I, F> {
  return {
    electionId: r.election_id,
    organizationId: r.organization_id,
    managingMsp: r.managing_msp,
    input: JSON.parse(r.input_json) as I,
    info: JSON.parse(r.info_json) as F,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
