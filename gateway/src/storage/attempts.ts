import type { Database } from './database.js';

export interface AttemptState {
  readonly key: string;
  readonly failures: number;
  readonly windowStart: number;
  readonly lastFailureAt: number;
  readonly lockedUntil: number;
  readonly lockouts: number;
}

/** Failure counters by key (`link:<hash>`, `ip:<addr>`, `login:<user>:<addr>`); policy lives in security/attempts.ts. */
export class AttemptRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  get(key: string): AttemptState | undefined {
    const r = this.#db.get<{
      key: string;
      failures: number;
      window_start: number;
      last_failure_at: number;
      locked_until: number;
      lockouts: number;
    }>('SELECT * FROM attempts WHERE key = ?', key);
    return r === undefined
      ? undefined
      : {
          key: r.key,
          failures: r.failures,
          windowStart: r.window_start,
          lastFailureAt: r.last_failure_at,
          lockedUntil: r.locked_until,
          lockouts: r.lockouts,
        };
  }

  /** Atomically reads, transforms and writes one counter. */
  update(key: string, fn: (cur: AttemptState | undefined) => Omit<AttemptState, 'key'>): AttemptState {
    return this.#db.tx(() => {
      const next = { key, ...fn(this.get(key)) };
      this.#db.run(
        `INSERT INTO attempts (key, failures, window_start, last_failure_at, locked_until, lockouts) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
           last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until, lockouts = excluded.lockouts`,
        key,
        next.failures,
        next.windowStart,
        next.lastFailureAt,
        next.lockedUntil,
        next.lockouts,
      );
      return next;
    });
  }

  delete(key: string): void {
    this.#db.run('DELETE FROM attempts WHERE key = ?', key);
  }

  /** Drops counters idle since before `before` and not locked. */
  prune(before: number, now = Date.now()): number {
    return this.#db.run('DELETE FROM attempts WHERE last_failure_at < ? AND locked_until <= ?', before, now).changes;
  }
}
