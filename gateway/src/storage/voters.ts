import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

/** One voter of a roll, decrypted. Contact data is normalised (phone `010-1234-5678`). */
export interface Voter {
  readonly electionId: string;
  readonly voterId: string;
  readonly name: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly group: string | null;
}

export type VoterInput = Omit<Voter, 'electionId'>;

export interface RollInfo {
  readonly electionId: string;
  readonly voterCount: number;
  readonly sourceSha256: string;
  readonly importedAt: number;
  readonly frozenAt: number | null;
  readonly purgeAfter: number | null;
  readonly purgedAt: number | null;
}

export interface RollEdit {
  readonly electionId: string;
  readonly voterId: string;
  readonly fields: readonly string[];
  readonly actor: string;
  readonly at: number;
}

interface VoterRow {
  [k: string]: unknown;
  election_id: string;
  voter_id: string;
  name_enc: Uint8Array | null;
  birth_date_enc: Uint8Array | null;
  phone_enc: Uint8Array | null;
  email_enc: Uint8Array | null;
  voter_group: string | null;
}

interface RollRow {
  [k: string]: unknown;
  election_id: string;
  voter_count: number;
  source_sha256: string;
  imported_at: number;
  frozen_at: number | null;
  purge_after: number | null;
  purged_at: number | null;
}

const aad = (electionId: string, voterId: string, field: string): string => `voters:${electionId}:${voterId}:${field}`;

/** Voter rolls: PII sealed per field, one roll per election, replaced whole until frozen. */
export class VoterRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
  }

  roll(electionId: string): RollInfo | undefined {
    const r = this.#db.get<RollRow>('SELECT * FROM rolls WHERE election_id = ?', electionId);
    return r === undefined
      ? undefined
      : {
          electionId: r.election_id,
          voterCount: r.voter_count,
          sourceSha256: r.source_sha256,
          importedAt: r.imported_at,
          frozenAt: r.frozen_at,
          purgeAfter: r.purge_after,
          purgedAt: r.purged_at,
        };
  }

  /**
   * Stores a validated roll, replacing any earlier import for the election, all or nothing.
   * Throws if the roll is frozen.
   */
  replaceRoll(electionId: string, voters: readonly VoterInput[], sourceSha256: string, now = Date.now()): RollInfo {
    this.#db.tx(() => {
      const cur = this.roll(electionId);
      if (cur?.frozenAt !== null && cur?.frozenAt !== undefined) throw new Error('roll is frozen');
      this.#db.run('DELETE FROM voters WHERE election_id = ?', electionId);
      this.#db.run(
        `INSERT INTO rolls (election_id, voter_count, source_sha256, imported_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (election_id) DO UPDATE SET voter_count = excluded.voter_count,
           source_sha256 = excluded.source_sha256, imported_at = excluded.imported_at`,
        electionId,
        voters.length,
        sourceSha256,
        now,
      );
      for (const v of voters) this.#insert(electionId, v, now);
    });
    const info = this.roll(electionId);
    if (info === undefined) throw new Error('roll vanished');
    return info;
  }

  #insert(electionId: string, v: VoterInput, now: number): void {
    const p = this.#pii;
    this.#db.run(
      `INSERT INTO voters (election_id, voter_id, name_enc, birth_date_enc, phone_enc, email_enc, voter_group, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      electionId,
      v.voterId,
      p.seal(v.name, aad(electionId, v.voterId, 'name')),
      p.seal(v.birthDate, aad(electionId, v.voterId, 'birth_date')),
      p.sealOptional(v.phone, aad(electionId, v.voterId, 'phone')),
      p.sealOptional(v.email, aad(electionId, v.voterId, 'email')),
      v.group,
      now,
      now,
    );
  }

  #toVoter(r: VoterRow): Voter {
    const p = this.#pii;
    const e = r.election_id;
    const id = r.voter_id;
    return {
      electionId: e,
      voterId: id,
      name: p.openOptional(r.name_enc, aad(e, id, 'name')) ?? '',
      birthDate: p.openOptional(r.birth_date_enc, aad(e, id, 'birth_date')) ?? '',
      phone: p.openOptional(r.phone_enc, aad(e, id, 'phone')),
      email: p.openOptional(r.email_enc, aad(e, id, 'email')),
      group: r.voter_group,
    };
  }

  get(electionId: string, voterId: string): Voter | undefined {
    const r = this.#db.get<VoterRow>('SELECT * FROM voters WHERE election_id = ? AND voter_id = ?', electionId, voterId);
    return r === undefined ? undefined : this.#toVoter(r);
  }

  list(electionId: string): Voter[] {
    return this.#db
      .all<VoterRow>('SELECT * FROM voters WHERE election_id = ? ORDER BY voter_id', electionId)
      .map((r) => this.#toVoter(r));
  }

  /** Voters `offset` to `offset + limit` in voter-id order. */
  page(electionId: string, offset: number, limit: number): Voter[] {
    return this.#db
      .all<VoterRow>('SELECT * FROM voters WHERE election_id = ? ORDER BY voter_id LIMIT ? OFFSET ?', electionId, limit, offset)
      .map((r) => this.#toVoter(r));
  }

  /**
   * `each` of every voter id with the name (the only field opened), in voter-id order. Opening a
   * name takes tens of microseconds, so the roll is read and opened in slices between which other
   * requests run.
   */
  async names<T>(electionId: string, each: (voterId: string, name: string) => T, slice = 1000): Promise<T[]> {
    const out: T[] = [];
    let after = '';
    for (;;) {
      const rows = this.#db.all<{ [k: string]: unknown; voter_id: string; name_enc: Uint8Array | null }>(
        'SELECT voter_id, name_enc FROM voters WHERE election_id = ? AND voter_id > ? ORDER BY voter_id LIMIT ?',
        electionId,
        after,
        slice,
      );
      for (const r of rows) out.push(each(r.voter_id, this.#pii.openOptional(r.name_enc, aad(electionId, r.voter_id, 'name')) ?? ''));
      if (rows.length < slice) return out;
      after = rows.at(-1)?.voter_id ?? after;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Changes whenever a voter id or name of the roll may have changed (import, name edit, purge); undefined without a roll. */
  namesRevision(electionId: string): string | undefined {
    const r = this.#db.get<{ [k: string]: unknown; source_sha256: string; imported_at: number; purged_at: number | null; last_edit: number | null }>(
      `SELECT source_sha256, imported_at, purged_at,
         (SELECT MAX(id) FROM roll_edits WHERE election_id = rolls.election_id AND fields LIKE '%"name"%') AS last_edit
       FROM rolls WHERE election_id = ?`,
      electionId,
    );
    return r === undefined ? undefined : `${r.source_sha256}:${r.imported_at}:${r.purged_at ?? ''}:${r.last_edit ?? ''}`;
  }

  count(electionId: string): number {
    return this.#db.get<{ n: number }>('SELECT COUNT(*) AS n FROM voters WHERE election_id = ?', electionId)?.n ?? 0;
  }

  /** Updates some fields of one voter and records which fields changed (not their values). */
  update(electionId: string, voterId: string, patch: Partial<Omit<VoterInput, 'voterId'>>, actor: string, now = Date.now()): Voter {
    return this.#db.tx(() => {
      const cur = this.get(electionId, voterId);
      if (cur === undefined) throw new Error('no such voter');
      const next: Voter = { ...cur, ...patch };
      const changed = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined && cur[k] !== patch[k]);
      if (changed.length === 0) return cur;
      this.#db.run('DELETE FROM voters WHERE election_id = ? AND voter_id = ?', electionId, voterId);
      this.#insert(electionId, next, now);
      this.#db.run(
        'INSERT INTO roll_edits (election_id, voter_id, fields, actor, at) VALUES (?, ?, ?, ?, ?)',
        electionId,
        voterId,
        JSON.stringify(changed),
        actor,
        now,
      );
      return next;
    });
  }

  edits(electionId: string): RollEdit[] {
    return this.#db
      .all<{ election_id: string; voter_id: string; fields: string; actor: string; at: number }>(
        'SELECT * FROM roll_edits WHERE election_id = ? ORDER BY id',
        electionId,
      )
      .map((r) => ({ electionId: r.election_id, voterId: r.voter_id, fields: JSON.parse(r.fields) as string[], actor: r.actor, at: r.at }));
  }

  freeze(electionId: string, now = Date.now()): void {
    this.#db.run('UPDATE rolls SET frozen_at = COALESCE(frozen_at, ?) WHERE election_id = ?', now, electionId);
  }

  /** When the election's PII may be purged (closing time + retention), set by the election flow. */
  setPurgeAfter(electionId: string, purgeAfter: number): void {
    this.#db.run('UPDATE rolls SET purge_after = ? WHERE election_id = ?', purgeAfter, electionId);
  }

  /** Elections whose purge time has come and that still hold PII. */
  duePurge(now = Date.now()): string[] {
    return this.#db
      .all<{ election_id: string }>(
        'SELECT election_id FROM rolls WHERE purge_after IS NOT NULL AND purge_after <= ? AND purged_at IS NULL',
        now,
      )
      .map((r) => r.election_id);
  }

  /** Deletes every voter row (keeps the roll's count and hash) and marks the roll purged. */
  purge(electionId: string, now = Date.now()): number {
    return this.#db.tx(() => {
      const n = this.#db.run('DELETE FROM voters WHERE election_id = ?', electionId).changes;
      this.#db.run('UPDATE roll_edits SET actor = \'[purged]\' WHERE election_id = ?', electionId);
      this.#db.run('UPDATE rolls SET purged_at = ? WHERE election_id = ?', now, electionId);
      return n;
    });
  }
}
