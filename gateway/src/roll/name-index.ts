/**
 * The roll's voter ids and names, opened for searching. Names are sealed one by one at rest and
 * opening one takes tens of microseconds, so a roll of 200,000 takes seconds: the index opens
 * them once per roll in slices (voters' requests keep being served meanwhile), keeps them in
 * memory only while staff keep searching (`idleMs` after the last search they are dropped), and
 * opens them again when an import, a name edit or the purge has changed the roll.
 *
 * @module
 */
import type { Store } from '../storage/store.js';

export interface NameEntry {
  readonly voterId: string;
  /** {@link searchable} voter id and name. */
  readonly id: string;
  readonly name: string;
}

interface Cached {
  readonly revision: string;
  readonly entries: Promise<readonly NameEntry[]>;
  timer: NodeJS.Timeout;
}

/** How ids, names and search texts are compared: Unicode composition, spaces and case ignored. */
export const searchable = (s: string): string => s.normalize('NFC').replace(/\s+/g, '').toLowerCase();

export class RollNameIndex {
  readonly #store: Store;
  readonly #idleMs: number;
  readonly #cache = new Map<string, Cached>();

  constructor(store: Store, idleMs: number) {
    this.#store = store;
    this.#idleMs = idleMs;
  }

  /** The voters of the roll, in voter-id order; empty without a roll. */
  entries(electionId: string): Promise<readonly NameEntry[]> {
    const revision = this.#store.voters.namesRevision(electionId);
    if (revision === undefined) return Promise.resolve([]);
    let cached = this.#cache.get(electionId);
    if (cached?.revision !== revision) {
      if (cached !== undefined) clearTimeout(cached.timer);
      const entries = this.#store.voters.names(electionId, (voterId, name): NameEntry => ({ voterId, id: searchable(voterId), name: searchable(name) }));
      cached = { revision, entries, timer: this.#expire(electionId) };
      this.#cache.set(electionId, cached);
      entries.catch(() => {
        if (this.#cache.get(electionId)?.entries === entries) this.#drop(electionId);
      });
    } else {
      clearTimeout(cached.timer);
      cached.timer = this.#expire(electionId);
    }
    return cached.entries;
  }

  #expire(electionId: string): NodeJS.Timeout {
    return setTimeout(() => this.#drop(electionId), this.#idleMs).unref();
  }

  #drop(electionId: string): void {
    const cached = this.#cache.get(electionId);
    if (cached !== undefined) clearTimeout(cached.timer);
    this.#cache.delete(electionId);
  }
}
