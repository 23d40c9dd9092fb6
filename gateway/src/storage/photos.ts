import type { Database } from './database.js';

export interface StoredPhoto {
  readonly sha256: string;
  readonly contentType: string;
  readonly bytes: number;
  readonly data: Buffer;
}

/** Candidate photos, content-addressed by SHA-256 (the hash goes into the on-ledger manifest). */
export class PhotoRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  put(p: StoredPhoto, now = Date.now()): void {
    this.#db.run(
      'INSERT OR IGNORE INTO photos (sha256, content_type, bytes, data, created_at) VALUES (?, ?, ?, ?, ?)',
      p.sha256,
      p.contentType,
      p.bytes,
      p.data,
      now,
    );
  }

  get(sha256: string): StoredPhoto | undefined {
    const r = this.#db.get<{ sha256: string; content_type: string; bytes: number; data: Uint8Array }>(
      'SELECT sha256, content_type, bytes, data FROM photos WHERE sha256 = ?',
      sha256,
    );
    return r === undefined ? undefined : { sha256: r.sha256, contentType: r.content_type, bytes: r.bytes, data: Buffer.from(r.data) };
  }
}
