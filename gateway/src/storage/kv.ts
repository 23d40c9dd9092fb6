import type { Database } from './database.js';

export interface KvEntry<T> {
  readonly key: string;
  readonly value: T;
  /** Increases by one on every write; 0 means absent. */
  readonly version: number;
  readonly updatedAt: number;
}

/**
 * A generic key-value store for checkpoints (block numbers, projector positions) with atomic
 * read-modify-write and compare-and-set. Values are JSON.
 */
export class KvRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  get<T>(key: string): KvEntry<T> | undefined {
    const r = this.#db.get<{ key: string; value: string; version: number; updated_at: number }>('SELECT * FROM kv WHERE key = ?', key);
    return r === undefined ? undefined : { key: r.key, value: JSON.parse(r.value) as T, version: r.version, updatedAt: r.updated_at };
  }

  set<T>(key: string, value: T, now = Date.now()): KvEntry<T> {
    return this.update<T>(key, () => value, now);
  }

  /** Atomically replaces the value with `fn(current)`, in one IMMEDIATE transaction. */
  update<T>(key: string, fn: (current: T | undefined) => T, now = Date.now()): KvEntry<T> {
    return this.#db.tx(() => {
      const cur = this.get<T>(key);
      const value = fn(cur?.value);
      const version = (cur?.version ?? 0) + 1;
      this.#db.run(
        `INSERT INTO kv (key, value, version, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_at = excluded.updated_at`,
        key,
        JSON.stringify(value),
        version,
        now,
      );
      return { key, value, version, updatedAt: now };
    });
  }

  /** Writes only if the stored version is `expectedVersion` (0 = absent). Returns whether it wrote. */
  compareAndSet<T>(key: string, expectedVersion: number, value: T, now = Date.now()): boolean {
    return this.#db.tx(() => {
      if ((this.get(key)?.version ?? 0) !== expectedVersion) return false;
      this.set(key, value, now);
      return true;
    });
  }

  delete(key: string): void {
    this.#db.run('DELETE FROM kv WHERE key = ?', key);
  }
}
