/**
 * An in-memory stand-in for a Fabric channel's world state, used by the chaincode's unit tests.
 *
 * It keeps the semantics the contract relies on:
 * - simulation and commit are separate: a transaction reads committed state, buffers its writes,
 *   and is validated at commit (MVCC on every key read, including hashed reads of private data,
 *   and phantom checks on public range reads), so concurrent transactions behave as on a peer;
 * - private data collections with member organizations: a non-member peer holds only hashes
 *   (getPrivateData fails for an existing key, getPrivateDataHash works), and memberOnlyRead /
 *   memberOnlyWrite are enforced against the client's organization;
 * - the peer's `ledger.state.totalQueryLimit`: a range read returns at most that many keys and
 *   silently stops there (its phantom check then covers only the keys returned), a paginated read
 *   returns at most min(pageSize, limit) keys with the bookmark of the next one, and, as on a peer,
 *   paginated reads are refused in a transaction that writes;
 * - transient data, the transaction timestamp and id, chaincode events, the client identity with
 *   its attributes.
 * It does not model endorsement policies or ordering: tests decide which transactions commit.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import type { ChaincodeStub, ClientIdentity, Iterators, StateQueryResponse } from 'fabric-shim-api';

export interface MemoryIdentity {
  readonly mspId: string;
  /** The enrollment id, used as the certificate's CN. */
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

export interface CollectionConfig {
  readonly members: readonly string[];
  readonly memberOnlyRead?: boolean;
  readonly memberOnlyWrite?: boolean;
}

export interface TransactionOptions {
  readonly identity: MemoryIdentity;
  /** The MSP of the endorsing peer; defaults to the client's. */
  readonly peerMspId?: string;
  readonly transient?: Readonly<Record<string, Uint8Array | string>>;
  readonly timestamp?: Date;
  readonly txId?: string;
}

export interface LedgerOptions {
  /** The peers' `ledger.state.totalQueryLimit` (Fabric's default: 100,000). */
  readonly totalQueryLimit?: number;
}

export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';

interface Versioned {
  readonly value: Uint8Array;
  readonly version: number;
}

interface RangeRead {
  readonly start: string;
  readonly end: string;
  readonly keys: readonly string[];
}

const PUBLIC = '';

export class MemoryLedger {
  readonly #state = new Map<string, Map<string, Versioned>>([[PUBLIC, new Map()]]);
  readonly #collections: Readonly<Record<string, CollectionConfig>>;
  #version = 0;
  #txCounter = 0;
  #clock = Date.UTC(2026, 0, 1);
  readonly events: { readonly txId: string; readonly name: string; readonly payload: Uint8Array }[] = [];
  readonly totalQueryLimit: number;

  constructor(collections: Readonly<Record<string, CollectionConfig>>, options: LedgerOptions = {}) {
    this.#collections = collections;
    this.totalQueryLimit = options.totalQueryLimit ?? 100_000;
    for (const name of Object.keys(collections)) this.#state.set(name, new Map());
  }

  /** Sets the timestamp given to the next transactions (milliseconds since the epoch). */
  setTime(at: Date): void {
    this.#clock = at.getTime();
  }

  /** Starts simulating a transaction; call `commit()` on the result to apply it. */
  transaction(options: TransactionOptions): MemoryTransaction {
    this.#txCounter += 1;
    const txId = options.txId ?? createHash('sha256').update(`tx-${this.#txCounter}`).digest('hex');
    return new MemoryTransaction(this, options, txId, new Date(options.timestamp?.getTime() ?? this.#clock));
  }

  /** Runs `fn` in one transaction and commits it; throws if validation fails. */
  async submit<T>(options: TransactionOptions, fn: (ctx: Context) => Promise<T>): Promise<T> {
    const tx = this.transaction(options);
    const result = await fn(tx.ctx);
    const code = tx.commit();
    if (code !== 'VALID') throw new Error(`transaction ${tx.txId} invalid: ${code}`);
    return result;
  }

  /** Runs `fn` as a query: nothing it writes is kept. */
  async evaluate<T>(options: TransactionOptions, fn: (ctx: Context) => Promise<T>): Promise<T> {
    return fn(this.transaction(options).ctx);
  }

  collection(name: string): CollectionConfig {
    const config = this.#collections[name];
    if (!config) throw new Error(`collection ${name} is not defined`);
    return config;
  }

  read(collection: string, key: string): Versioned | undefined {
    return this.#space(collection).get(key);
  }

  range(collection: string, start: string, end: string): string[] {
    return [...this.#space(collection).keys()].filter((k) => k >= start && (end === '' || k < end)).sort();
  }

  /** Test hook: change committed state directly, as someone editing a peer's database would. */
  tamper(collection: string, key: string, value: Uint8Array | undefined): void {
    const space = this.#space(collection);
    if (value === undefined) space.delete(key);
    else space.set(key, { value, version: ++this.#version });
  }

  /** Keys and values currently committed in a collection ('' for public state). */
  dump(collection = PUBLIC): Map<string, Uint8Array> {
    return new Map([...this.#space(collection)].map(([k, v]) => [k, v.value]));
  }

  apply(tx: MemoryTransaction, reads: Map<string, number | undefined>, ranges: readonly RangeRead[]): ValidationCode {
    for (const [qualified, version] of reads) {
      const [collection, key] = splitQualified(qualified);
      if (this.#space(collection).get(key)?.version !== version) return 'MVCC_READ_CONFLICT';
    }
    for (const range of ranges) {
      const now = this.range(PUBLIC, range.start, range.end);
      if (now.length !== range.keys.length || now.some((k, i) => k !== range.keys[i])) return 'PHANTOM_READ_CONFLICT';
    }
    this.#version += 1;
    for (const [qualified, value] of tx.writes) {
      const [collection, key] = splitQualified(qualified);
      if (value === undefined) this.#space(collection).delete(key);
      else this.#space(collection).set(key, { value, version: this.#version });
    }
    for (const event of tx.emitted) this.events.push({ txId: tx.txId, ...event });
    return 'VALID';
  }

  #space(collection: string): Map<string, Versioned> {
    const space = this.#state.get(collection);
    if (!space) throw new Error(`collection ${collection} is not defined`);
    return space;
  }
}

export class MemoryTransaction {
  readonly txId: string;
  readonly ctx: Context;
  readonly writes = new Map<string, Uint8Array | undefined>();
  readonly emitted: { name: string; payload: Uint8Array }[] = [];
  readonly #ledger: MemoryLedger;
  readonly #options: TransactionOptions;
  readonly #reads = new Map<string, number | undefined>();
  readonly #ranges: RangeRead[] = [];
  #queriedPrivateRange = false;
  #queriedPages = false;
  #done = false;

  constructor(ledger: MemoryLedger, options: TransactionOptions, txId: string, timestamp: Date) {
    this.#ledger = ledger;
    this.#options = options;
    this.txId = txId;
    const stub = this.#stub(timestamp);
    this.ctx = { stub, clientIdentity: clientIdentity(options.identity), logging: noLogging } as unknown as Context;
  }

  commit(): ValidationCode {
    if (this.#done) throw new Error('transaction already committed');
    this.#done = true;
    return this.#ledger.apply(this, this.#reads, this.#ranges);
  }

  #peerMsp(): string {
    return this.#options.peerMspId ?? this.#options.identity.mspId;
  }

  #get(collection: string, key: string): Uint8Array | undefined {
    const qualified = qualify(collection, key);
    if (this.writes.has(qualified)) return this.writes.get(qualified);
    const found = this.#ledger.read(collection, key);
    if (!this.#reads.has(qualified)) this.#reads.set(qualified, found?.version);
    return found?.value;
  }

  #checkRead(collection: string): void {
    const config = this.#ledger.collection(collection);
    if (config.memberOnlyRead && !config.members.includes(this.#options.identity.mspId)) {
      throw new Error(`tx creator does not have read access permission on privatedata in collection ${collection}`);
    }
  }

  #checkWritable(): void {
    if (this.#queriedPrivateRange) {
      throw new Error('unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed');
    }
    if (this.#queriedPages) {
      throw new Error('unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed');
    }
  }

  #checkWrite(collection: string): void {
    this.#checkWritable();
    const config = this.#ledger.collection(collection);
    if (config.memberOnlyWrite && !config.members.includes(this.#options.identity.mspId)) {
      throw new Error(`tx creator does not have write access permission on privatedata in collection ${collection}`);
    }
  }

  #isMemberPeer(collection: string): boolean {
    return this.#ledger.collection(collection).members.includes(this.#peerMsp());
  }

  /**
   * At most `limit` keys of a range, as a peer returns them; a truncated read's phantom check
   * covers the range up to the last key returned (Fabric records that key as the range's end).
   */
  #read(collection: string, start: string, end: string, limit: number, recordPhantoms: boolean): { items: Iterators.KV[]; next: string } {
    const all = this.#ledger.range(collection, start, end);
    const keys = all.slice(0, limit);
    const last = keys.at(-1);
    if (recordPhantoms) this.#ranges.push({ start, end: all.length > limit && last !== undefined ? `${last}\u0000` : end, keys });
    const items = keys.map((key) => ({
      namespace: 'ballot',
      key,
      value: (collection === PUBLIC ? this.#get(PUBLIC, key) : this.#ledger.read(collection, key)?.value) ?? new Uint8Array(),
    }));
    return { items, next: all[limit] ?? '' };
  }

  #iterate(collection: string, start: string, end: string, recordPhantoms: boolean): AsyncIterable<Iterators.KV> &
    Promise<Iterators.StateQueryIterator> {
    const { items } = this.#read(collection, start, end, this.#ledger.totalQueryLimit, recordPhantoms);
    return withAsyncIterator(Promise.resolve(queryIterator(items)), items);
  }

  #page(start: string, end: string, pageSize: number, bookmark: string): AsyncIterable<Iterators.KV> &
    Promise<StateQueryResponse<Iterators.StateQueryIterator>> {
    if (this.writes.size > 0) {
      const refused = Promise.reject(new Error('unsuppored transaction. Paginated queries are supported only in a read-only transaction'));
      return withAsyncIterator(refused, []);
    }
    this.#queriedPages = true;
    const limit = pageSize > 0 ? Math.min(pageSize, this.#ledger.totalQueryLimit) : this.#ledger.totalQueryLimit;
    const { items, next } = this.#read(PUBLIC, bookmark || start, end, limit, true);
    // fabric-shim sets `metadata` only when the peer's response metadata has bytes: none for an
    // empty page with no bookmark (every proto field at its default), so it is undefined then.
    const metadata = items.length === 0 && next === '' ? undefined : { fetchedRecordsCount: items.length, bookmark: next };
    return withAsyncIterator(Promise.resolve({ iterator: queryIterator(items), metadata } as StateQueryResponse<Iterators.StateQueryIterator>), items);
  }

  #stub(timestamp: Date): ChaincodeStub {
    const transient = new Map(
      Object.entries(this.#options.transient ?? {}).map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v) : v]),
    );
    const seconds = Math.floor(timestamp.getTime() / 1000);
    const stub: Partial<ChaincodeStub> = {
      getTxID: () => this.txId,
      getChannelID: () => 'elections',
      getMspID: () => this.#peerMsp(),
      getTransient: () => transient,
      getDateTimestamp: () => new Date(timestamp.getTime()),
      getTxTimestamp: () => ({ seconds: { toNumber: () => seconds, low: seconds, high: 0 }, nanos: 0 }) as never,
      getState: async (key) => this.#get(PUBLIC, key) ?? new Uint8Array(),
      putState: async (key, value) => {
        assertKey(key);
        this.#checkWritable();
        this.writes.set(qualify(PUBLIC, key), Uint8Array.from(value));
      },
      deleteState: async (key) => {
        this.#checkWritable();
        this.writes.set(qualify(PUBLIC, key), undefined);
      },
      getStateByRange: (start, end) => this.#iterate(PUBLIC, start, end, true),
      getStateByRangeWithPagination: (start, end, pageSize, bookmark) => this.#page(start, end, pageSize, bookmark ?? ''),
      getPrivateData: async (collection, key) => {
        this.#checkRead(collection);
        const value = this.#get(collection, key);
        if (value && !this.#isMemberPeer(collection)) {
          throw new Error('private data matching public hash version is not available');
        }
        return value ?? new Uint8Array();
      },
      getPrivateDataHash: async (collection, key) => {
        this.#ledger.collection(collection);
        const value = this.#get(collection, key);
        return value ? createHash('sha256').update(value).digest() : new Uint8Array();
      },
      putPrivateData: async (collection, key, value) => {
        assertKey(key);
        this.#checkWrite(collection);
        this.writes.set(qualify(collection, key), Uint8Array.from(value));
      },
      deletePrivateData: async (collection, key) => {
        this.#checkWrite(collection);
        this.writes.set(qualify(collection, key), undefined);
      },
      purgePrivateData: async (collection, key) => {
        this.#checkWrite(collection);
        this.writes.set(qualify(collection, key), undefined);
      },
      getPrivateDataByRange: (collection, start, end) => {
        this.#checkRead(collection);
        this.#queriedPrivateRange = true;
        if (!this.#isMemberPeer(collection)) throw new Error(`peer is not a member of collection ${collection}`);
        return this.#iterate(collection, start, end, false);
      },
      setEvent: (name, payload) => {
        if (this.emitted.length > 0) this.emitted.length = 0; // Fabric keeps only the last event
        this.emitted.push({ name, payload: Uint8Array.from(payload) });
      },
    };
    return stub as ChaincodeStub;
  }
}

function clientIdentity(identity: MemoryIdentity): ClientIdentity {
  const id = `x509::/CN=${identity.name}::/CN=ca.${identity.mspId.toLowerCase()}`;
  return {
    getMSPID: () => identity.mspId,
    getID: () => id,
    getIDBytes: () => Buffer.from(id),
    getAttributeValue: (name) => identity.attrs?.[name] ?? null,
    assertAttributeValue: (name, value) => identity.attrs?.[name] === value,
  };
}

function queryIterator(items: Iterators.KV[]): Iterators.StateQueryIterator {
  let index = 0;
  return {
    next: async () => {
      const value = items[index];
      index += 1;
      return value ? { value, done: false } : { value: undefined as never, done: true };
    },
    close: async () => undefined,
  };
}

/** A query result the way fabric-shim returns it: a promise that is also async-iterable over its keys. */
function withAsyncIterator<T>(promise: Promise<T>, items: Iterators.KV[]): Promise<T> & AsyncIterable<Iterators.KV> {
  const result = promise as Promise<T> & AsyncIterable<Iterators.KV>;
  result[Symbol.asyncIterator] = async function* (): AsyncGenerator<Iterators.KV> {
    await promise;
    yield* items;
  };
  return result;
}

function qualify(collection: string, key: string): string {
  return `${collection}\u0000${key}`;
}

function splitQualified(qualified: string): [string, string] {
  const at = qualified.indexOf('\u0000');
  return [qualified.slice(0, at), qualified.slice(at + 1)];
}

function assertKey(key: string): void {
  if (key.length === 0) throw new Error('key must not be empty');
}

const noLogging = {
  setLevel: (): void => undefined,
  getLogger: (): unknown => ({ info: (): void => undefined, debug: (): void => undefined, error: (): void => undefined }),
};
