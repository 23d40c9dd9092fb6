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

/** All public values under a prefix, in key order. */
export async function readPrefix<T>(ctx: Context, prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  for await (const kv of ctx.stub.getStateByRange(prefix, rangeEnd(prefix))) {
    out.push({ key: kv.key, value: parseCanonical(kv.value, false) as T });
  }
  return out;
}

/** Number of public keys under a prefix. */
export async function countPrefix(ctx: Context, prefix: string): Promise<number> {
  let count = 0;
  for await (const _ of ctx.stub.getStateByRange(prefix, rangeEnd(prefix))) count += 1;
  return count;
}

/** The transaction time as an ISO string (the only clock chaincode may use). */
export function txTime(ctx: Context): string {
  return ctx.stub.getDateTimestamp().toISOString();
}
