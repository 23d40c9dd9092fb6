/**
 * The tally after close:
 *   TallyShard(prefix)   sums the ballots whose tracker starts with `prefix` (16, 256 or 4096
 *                        shards, so no transaction touches every ballot): exactly the ballots the
 *                        public receipts say were cast, each checked against its tracker;
 *   CombineTally         adds the shards once all are present (their counts sum to the cast count);
 *   SubmitDecryptionShare a key holder's partial decryption with its proofs, checked on arrival,
 *                        refused before the election is closed and tallied;
 *   PublishResult        combines any t valid shares and recovers the counts.
 */
import {
  aggregateBallots,
  shardPrefixes,
  combineAggregates,
  combineDecryptionShares,
  parseBallot,
  parseCanonical,
  verifyDecryptionShare,
  type Ballot,
  type DecryptionShare,
  type EncryptedTally,
  type TallyResult,
} from '@ballotledger/core';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Context } from 'fabric-contract-api';
import type { Receipt } from './cast-ballot.js';
import { asChaincodeError } from './core-errors.js';
import { loadElection, requireManager, requireState, saveElection, type Election } from './election.js';
import { ChaincodeError } from './errors.js';
import { requireKeyHolder } from './ceremony.js';
import { parseJson } from './input.js';
import { COLLECTION_BALLOTS, keys } from './ledger-keys.js';
import { exists, readPrefix, readState, txTime, writeState } from './state-io.js';

export interface TallyShard {
  readonly prefix: string;
  readonly tally: EncryptedTally;
}

function requireCeremony(election: Election): NonNullable<Election['ceremony']> {
  if (election.ceremony === null) throw new ChaincodeError('CeremonyIncomplete', 'no ceremony result');
  return election.ceremony;
}

export async function tallyShard(ctx: Context, electionId: string, prefix: string): Promise<TallyShard> {
  const election = await loadElection(ctx, electionId);
  requireManager(ctx, election);
  requireState(election, 'closed');
  if (!shardPrefixes(election.tallyShardDigits).includes(prefix)) {
    throw new ChaincodeError('BadRequest', `shard prefix must be ${election.tallyShardDigits} hex digit(s)`);
  }
  if (await exists(ctx, keys.tallyShard(electionId, prefix))) throw new ChaincodeError('WrongState', `shard ${prefix} is already tallied`);
  // Fabric refuses writes after a private range query, so the ballots are found through their
  // public receipts (one per cast ballot) and read one by one; each must hash to its tracker.
  const receipts = await readPrefix<Receipt>(ctx, keys.receiptPrefix(electionId, prefix));
  const ballots: Ballot[] = [];
  for (const { value: receipt } of receipts) {
    const bytes = await ctx.stub.getPrivateData(COLLECTION_BALLOTS, keys.ballot(electionId, receipt.tracker));
    if (bytes.length === 0 || bytesToHex(sha256(bytes)) !== receipt.tracker) {
      throw new ChaincodeError('TallyIncomplete', `shard ${prefix}: the ballot of receipt ${receipt.tracker} is missing or altered on this peer`);
    }
    ballots.push(asChaincodeError(() => parseBallot(parseCanonical(bytes, true), election.manifest, `shard[${prefix}]`), 'InvalidBallot'));
  }
  const shard: TallyShard = { prefix, tally: asChaincodeError(() => aggregateBallots(election.manifest, ballots), 'InvalidBallot') };
  await writeState(ctx, keys.tallyShard(electionId, prefix), shard);
  return shard;
}

/**
 * Adds the shards. Each shard covered every receipt under its prefix, so their ballot counts sum
 * to the ballots cast; no receipt is read here (a range over all of them would be cut off at the
 * peers' query limit and make one transaction touch every ballot).
 */
export async function combineTally(ctx: Context, electionId: string): Promise<EncryptedTally> {
  const election = await loadElection(ctx, electionId);
  requireManager(ctx, election);
  requireState(election, 'closed');
  if (await exists(ctx, keys.tally(electionId))) throw new ChaincodeError('WrongState', 'the tally is already combined');
  const shards = (await readPrefix<TallyShard>(ctx, keys.tallyShardPrefix(electionId))).map((kv) => kv.value);
  const expected = 16 ** election.tallyShardDigits;
  if (shards.length !== expected) throw new ChaincodeError('TallyIncomplete', `${shards.length} of ${expected} shards are tallied`);
  const tally = asChaincodeError(() => combineAggregates(election.manifest, shards.map((s) => s.tally)), 'TallyIncomplete');
  const registered = election.roll?.count ?? 0;
  if (tally.ballotCount > registered) {
    throw new ChaincodeError('TallyIncomplete', `shards count ${tally.ballotCount} ballots, only ${registered} credentials are registered`);
  }
  await writeState(ctx, keys.tally(electionId), tally);
  return tally;
}

async function requireTally(ctx: Context, electionId: string): Promise<EncryptedTally> {
  const tally = await readState<EncryptedTally>(ctx, keys.tally(electionId));
  if (!tally) throw new ChaincodeError('TallyIncomplete', 'the tally is not combined yet');
  return tally;
}

export async function submitDecryptionShare(ctx: Context, electionId: string, shareJson: string): Promise<void> {
  const election = await loadElection(ctx, electionId);
  const value = parseJson(shareJson, 'decryption share') as Partial<DecryptionShare> | null;
  const holder = value?.holder;
  if (typeof holder !== 'number') throw new ChaincodeError('InvalidShare', 'the share names no holder');
  requireKeyHolder(ctx, election, holder);
  if (election.state !== 'closed') {
    throw new ChaincodeError('WrongState', `decryption shares are refused while the election is ${election.state}`);
  }
  const tally = await requireTally(ctx, electionId);
  const ceremony = requireCeremony(election);
  asChaincodeError(() => verifyDecryptionShare(election.manifest, tally, value, ceremony), 'InvalidShare');
  if (await exists(ctx, keys.decryptionShare(electionId, holder))) throw new ChaincodeError('WrongState', `holder ${holder} already posted a share`);
  await writeState(ctx, keys.decryptionShare(electionId, holder), value);
}

export interface PublishedResult {
  readonly result: TallyResult;
  readonly usedHolders: number[];
  readonly publishedAt: string;
  readonly txId: string;
}

export async function publishResult(ctx: Context, electionId: string): Promise<PublishedResult> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'closed');
  const tally = await requireTally(ctx, electionId);
  const shares = (await readPrefix<DecryptionShare>(ctx, keys.decryptionSharePrefix(electionId))).map((kv) => kv.value);
  const combined = asChaincodeError(() => combineDecryptionShares(election.manifest, tally, shares, requireCeremony(election)), 'InsufficientShares');
  const published: PublishedResult = { result: combined.result, usedHolders: combined.usedHolders, publishedAt: txTime(ctx), txId: ctx.stub.getTxID() };
  await writeState(ctx, keys.result(electionId), published);
  await saveElection(ctx, { ...election, state: 'tallied', publishedAt: published.publishedAt }, 'PublishResult', caller);
  return published;
}

export async function readResult(ctx: Context, electionId: string): Promise<PublishedResult | null> {
  return (await readState<PublishedResult>(ctx, keys.result(electionId))) ?? null;
}

export async function readTally(ctx: Context, electionId: string): Promise<{ shards: TallyShard[]; tally: EncryptedTally | null }> {
  const shards = (await readPrefix<TallyShard>(ctx, keys.tallyShardPrefix(electionId))).map((kv) => kv.value);
  return { shards, tally: (await readState<EncryptedTally>(ctx, keys.tally(electionId))) ?? null };
}

export async function readDecryptionShares(ctx: Context, electionId: string): Promise<DecryptionShare[]> {
  return (await readPrefix<DecryptionShare>(ctx, keys.decryptionSharePrefix(electionId))).map((kv) => kv.value);
}
