/**
 * The gateway's local SQLite store (node:sqlite, no native addon): opening with WAL and a busy
 * timeout, forward-only migrations, and an IMMEDIATE transaction helper.
 *
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { MIGRATIONS } from './migrations.js';

export type Row = Record<string, unknown>;

export class Database {
  readonly #db: DatabaseSync;
  #depth = 0;
  readonly path: string;

  constructor(path: string, options: Readonly<{ busyTimeoutMs?: number }> = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.#db = new DatabaseSync(path, {
      enableForeignKeyConstraints: true,
      timeout: options.busyTimeoutMs ?? 5000,
    });
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#db.exec('PRAGMA synchronous = NORMAL');
    this.#db.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number; lastInsertRowid: number } {
    const r = this.#db.prepare(sql).run(...params);
    return { changes: Number(r.changes), lastInsertRowid: Number(r.lastInsertRowid) };
  }

  get<T extends Row = Row>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.#db.prepare(sql).get(...params) as T | undefined;
  }

  all<T extends Row = Row>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.#db.prepare(sql).all(...params) as T[];
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /**
   * Runs `fn` in one `BEGIN IMMEDIATE` transaction (writers serialise; readers go on under WAL).
   * Nested calls join the outer transaction. `fn` must be synchronous.
   */
  tx<T>(fn: () => T): T {
    if (this.#depth > 0) {
      this.#depth++;
      try {
        return fn();
      } finally {
        this.#depth--;
      }
    }
    this.#db.exec('BEGIN IMMEDIATE');
    this.#depth = 1;
    try {
      const result = fn();
      this.#db.exec('COMMIT');
      return result;
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    } finally {
      this.#depth = 0;
    }
  }

  /** Applies the migrations not yet applied, each in its own transaction. Returns the schema version. */
  migrate(): number {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const row = this.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    let version = row?.v ?? 0;
    for (const [i, sql] of MIGRATIONS.entries()) {
      const v = i + 1;
      if (v <= version) continue;
      this.tx(() => {
        this.#db.exec(sql);
        this.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', v, Date.now());
      });
      version = v;
    }
    return version;
  }

  /** Online, consistent copy of the database to `file` (`VACUUM INTO`); safe while serving. */
  backupTo(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    this.#db.prepare('VACUUM INTO ?').run(file);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}
