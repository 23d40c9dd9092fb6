/**
 * What an auditor needs to rebuild and verify the election record, plus the retention purge.
 * Ballots come from the `ballots` collection, so only its members (the commissions and the
 * Observer) can export them; everything else is public state.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { parseJson } from './input.js';
import { loadElection, requireManager, requireState, saveElection, type Election } from './election.js';
import { ChaincodeError } from './errors.js';
import { COLLECTION_BALLOTS, COLLECTION_TURNOUT, keys, rangeEnd } from './ledger-keys.js';
import { isCommission, OBSERVER_MSP, callerOf } from './network-roles.js';

export const MAX_PAGE = 500;

export interface Page<T> {
  readonly items: T[];
  /** Pass as `after` to get the next page; null on the last page. */
  readonly next: string | null;
}

export function pageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) throw new ChaincodeError('BadRequest', `page size must be 1..${MAX_PAGE}`);
  return size;
}

/**
 * One page of the keys under `prefix` that come after the key suffix `after`, in key order, read
 * with `range` (public or private); `next` is the suffix of the page's last key.
 */
export async function keyPage<T>(
  range: (start: string, end: string) => AsyncIterable<{ key: string; value: Uint8Array }>,
  prefix: string,
  after: string,
  size: number,
  item: (suffix: string, value: Uint8Array) => T,
): Promise<Page<T>> {
  const limit = pageSize(size);
  const items: T[] = [];
  let last: string | null = null;
  for await (const kv of range(after ? `${prefix}${after}\u0000` : prefix, rangeEnd(prefix))) {
    if (items.length === limit) return { items, next: last };
    last = kv.key.slice(prefix.length);
    items.push(item(last, kv.value));
  }
  return { items, next: null };
}

function requireRecordReader(ctx: Context): void {
  const caller = callerOf(ctx);
  if (!isCommission(caller.mspId) && caller.mspId !== OBSERVER_MSP) throw new ChaincodeError('Forbidden', 'only commissions and the Observer may export ballots');
}

/** Registered public credentials in sorted order, a page at a time. */
export async function credentialsPage(ctx: Context, electionId: string, after: string, size: number): Promise<Page<string>> {
  await loadElection(ctx, electionId);
  return keyPage((start, end) => ctx.stub.getStateByRange(start, end), keys.credentialPrefix(electionId), after, size, (credential) => credential);
}

/** Cast ballots as canonical JSON text with their trackers, in tracker order, a page at a time. */
export async function ballotsPage(ctx: Context, electionId: string, after: string, size: number): Promise<Page<{ tracker: string; ballot: string }>> {
  requireRecordReader(ctx);
  await loadElection(ctx, electionId);
  return keyPage((start, end) => ctx.stub.getPrivateDataByRange(COLLECTION_BALLOTS, start, end), keys.ballotPrefix(electionId), after, size, (tracker, value) => ({
    tracker,
    ballot: Buffer.from(value).toString('utf8'),
  }));
}

/**
 * The SHA-256 this peer holds for each ballot's private data (works on every peer, members or
 * not). For a ballot the hash equals its tracker, so a verifier compares the two.
 */
export async function ballotHashes(ctx: Context, electionId: string, trackersJson: string): Promise<Record<string, string | null>> {
  let trackers: unknown;
  try {
    trackers = JSON.parse(trackersJson);
  } catch {
    throw new ChaincodeError('BadRequest', 'trackers must be a JSON array');
  }
  if (!Array.isArray(trackers) || trackers.length > MAX_PAGE || !trackers.every((t) => typeof t === 'string' && /^[0-9a-f]{64}$/.test(t))) {
    throw new ChaincodeError('BadRequest', `trackers must be up to ${MAX_PAGE} hex SHA-256 values`);
  }
  const out: Record<string, string | null> = {};
  for (const tracker of trackers as string[]) {
    const hash = await ctx.stub.getPrivateDataHash(COLLECTION_BALLOTS, keys.ballot(electionId, tracker));
    out[tracker] = hash.length > 0 ? bytesToHex(hash) : null;
  }
  return out;
}

const PurgeBatchSchema = z.strictObject({
  pseudonyms: z.array(z.string().regex(/^[A-Za-z0-9_-]{43}$/)).max(MAX_PAGE),
  /** The last batch: the election becomes `purged`. */
  final: z.boolean(),
});

/**
 * Purges the turnout flags of the listed voter pseudonyms once the retention period after the
 * result has passed (Fabric's purge removes them from every member's private store and history;
 * their hashes stay on the chain). The managing gateway passes its roll's pseudonyms in batches:
 * Fabric does not allow a private range query in a transaction that writes, so the chaincode
 * cannot list them itself. `TurnoutRemaining` (a query) tells whether any are left.
 */
export async function purgeVoterData(ctx: Context, electionId: string, batchJson: string): Promise<{ purged: number; election: Election }> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'tallied');
  const publishedAt = Date.parse(election.publishedAt ?? '');
  const due = publishedAt + election.retentionDays * 24 * 3600 * 1000;
  if (ctx.stub.getDateTimestamp().getTime() < due) {
    throw new ChaincodeError('RetentionNotReached', `voter data is kept until ${new Date(due).toISOString()}`);
  }
  const parsed = PurgeBatchSchema.safeParse(parseJson(batchJson, 'purge batch'));
  if (!parsed.success) throw new ChaincodeError('BadRequest', `purge batch: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  let purged = 0;
  for (const pseudonym of parsed.data.pseudonyms) {
    const key = keys.turnout(electionId, pseudonym);
    if ((await ctx.stub.getPrivateDataHash(COLLECTION_TURNOUT, key)).length === 0) continue;
    await ctx.stub.purgePrivateData(COLLECTION_TURNOUT, key);
    purged += 1;
  }
  const next = parsed.data.final ? await saveElection(ctx, { ...election, state: 'purged' }, 'PurgeVoterData', caller) : election;
  return { purged, election: next };
}

/** How many turnout flags of an election this peer still holds (a query; commissions only, by collection membership). */
export async function turnoutRemaining(ctx: Context, electionId: string): Promise<number> {
  const prefix = keys.turnoutPrefix(electionId);
  let count = 0;
  for await (const _ of ctx.stub.getPrivateDataByRange(COLLECTION_TURNOUT, prefix, rangeEnd(prefix))) count += 1;
  return count;
}
