/**
 * Reading and writing ledger values. Every value is canonical JSON (core's codec: sorted keys,
 * no floats), so every endorsing peer writes byte-identical state.
 */
import { canonicalBytes, parseCanonical } from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { rangeEnd } from './ledger-keys.js';

export async function readState<T>(ctx: Context, key: string): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(key);
  return bytes.length === 0 ? undefined : (parseCanonical(bytes, false) as T);
}

export async function writeState(ctx: Context, key: string, value: unknown): Promise<void> {
  await ctx.stub.putState(key, canonicalBytes(value));
}

export async function exists(ctx: Context, key: string): Promise<boolean> {
  return (await ctx.stub.getState(key)).length > 0;
}

/** Whether a private key exists, readable on every peer (members and non-members) and MVCC-checked. */
export async function privateExists(ctx: Context, collection: string, key: string): Promise<boolean> {
  return (await ctx.stub.getPrivateDataHash(collection, key)).length > 0;
}

export async function writePrivate(ctx: Context, collection: string, key: string, value: unknown): Promise<void> {
  await ctx.stub.putPrivateData(collection, key, value instanceof Uint8Array ? value : canonicalBytes(value));
}

/**
 * All public values under a prefix, in key order. A peer returns at most `totalQueryLimit` keys
 * from one range read and silently stops there, so the read resumes after the last key until a
 * read comes back empty (one extra, empty read when nothing was cut off).
 */
export async function readPrefix<T>(ctx: Context, prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  const end = rangeEnd(prefix);
  let start = prefix;
  for (;;) {
    const before = out.length;
    for await (const kv of ctx.stub.getStateByRange(start, end)) {
      out.push({ key: kv.key, value: parseCanonical(kv.value, false) as T });
    }
    const last = out.at(-1);
    if (out.length === before || last === undefined) return out;
    start = `${last.key}\u0000`;
  }
}

/** Keys per page when counting; below any sensible `totalQueryLimit`, so a page is never cut short. */
const COUNT_PAGE_SIZE = 10_000;

/**
 * Number of public keys under a prefix, read a page at a time with bookmarks. Fabric allows
 * paginated reads only in a transaction that writes nothing, so this is for queries.
 */
export async function countPrefix(ctx: Context, prefix: string): Promise<number> {
  let count = 0;
  let bookmark = '';
  do {
    const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(prefix, rangeEnd(prefix), COUNT_PAGE_SIZE, bookmark);
    await iterator.close();
    // no metadata at all for an empty last page (see MemoryLedger's #page)
    count += metadata?.fetchedRecordsCount ?? 0;
    bookmark = metadata?.bookmark ?? '';
  } while (bookmark !== '');
  return count;
}

/** The transaction time as an ISO string (the only clock chaincode may use). */
export function txTime(ctx: Context): string {
  return ctx.stub.getDateTimestamp().toISOString();
}
