/**
 * CastBallot: the one per-voter write path. Submitted by a commission's gateway identity with the
 * ballot, the voter pseudonym and the channel in transient data (never in the public
 * transaction). Every endorsing peer runs the full check with core — schema, canonical bytes,
 * registered credential, signature, every range and contest proof, bindings to the election —
 * so one peer cannot push a bad ballot through a MAJORITY policy.
 *
 * Spoiled ballots: it reads the tracker's `spoiled` key (see spoil-ballot.ts) and refuses a
 * Benaloh-challenged ballot, so a gateway cannot cast a ballot whose choices were revealed.
 *
 * Double votes: the transaction reads (by hash, so members and non-members alike) the exact
 * keys it will write — the credential's "used" marker and the voter's turnout flag — so of two
 * concurrent casts for one credential or one voter, MVCC lets exactly one commit. No key is
 * shared between different voters: no hot keys, no conflicts between distinct voters.
 */
import {
  ballotTracker,
  canonicalBytes,
  parseCanonical,
  verifyBallot,
  type Ballot,
} from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { ballotContext } from './ballot-context.js';
import { asChaincodeError } from './core-errors.js';
import { CAST_CHANNELS, inVotingWindow, loadElection } from './election.js';
import { ChaincodeError } from './errors.js';
import { TRACKER, transientBytes, transientText } from './input.js';
import { COLLECTION_BALLOTS, COLLECTION_TURNOUT, keys } from './ledger-keys.js';
import { requireCommission, requireRole } from './network-roles.js';
import { refuseSpoiled } from './spoil-ballot.js';
import { countPrefix, exists, privateExists, readPrefix, readState, txTime, writePrivate, writeState } from './state-io.js';

/** Largest ballot accepted (a 64-option score contest is about 100 kB). */
export const MAX_BALLOT_BYTES = 256 * 1024;
const PSEUDONYM = /^[A-Za-z0-9_-]{43}$/;

export interface Receipt {
  readonly electionId: string;
  readonly tracker: string;
  readonly txId: string;
  readonly at: string;
  readonly channel: string;
}

export const BALLOT_CAST_EVENT = 'BallotCast';

/** Parses the transient ballot bytes; they must already be the ballot's canonical encoding. */
function parseBallotBytes(bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = parseCanonical(bytes, true);
  } catch (e) {
    throw new ChaincodeError('InvalidBallot', `ballot bytes: ${(e as Error).message}`);
  }
  if (Buffer.compare(Buffer.from(canonicalBytes(value)), Buffer.from(bytes)) !== 0) {
    throw new ChaincodeError('InvalidBallot', 'ballot bytes are not in canonical form');
  }
  return value;
}

export async function castBallot(ctx: Context, electionId: string): Promise<Receipt> {
  requireRole(ctx, 'gateway');
  const bytes = transientBytes(ctx, 'ballot', MAX_BALLOT_BYTES);
  const pseudonym = transientText(ctx, 'pseudonym', PSEUDONYM);
  const channel = transientText(ctx, 'channel', /^[a-z]{1,16}$/);
  const election = await loadElection(ctx, electionId);
  if (election.state !== 'open' || !inVotingWindow(ctx, election)) {
    throw new ChaincodeError('NotOpen', `election ${electionId} is not open for voting (${election.state})`);
  }
  if (!(CAST_CHANNELS as readonly string[]).includes(channel) || !(election.channels as readonly string[]).includes(channel)) {
    throw new ChaincodeError('BadRequest', `channel ${channel} is not allowed in this election`);
  }
  const value = parseBallotBytes(bytes);
  const credential = (value as { credential?: unknown }).credential;
  if (typeof credential !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(credential)) {
    throw new ChaincodeError('InvalidBallot', 'ballot has no credential');
  }
  if (!(await exists(ctx, keys.credential(electionId, credential)))) {
    throw new ChaincodeError('UnknownCredential', 'the ballot is signed with a credential that is not on the roll');
  }
  // The same context object every time: core caches the joint key's precomputed table on it.
  const ballot: Ballot = asChaincodeError(() => verifyBallot(value, ballotContext(election)));
  if (ballot.electionId !== electionId) throw new ChaincodeError('InvalidBallot', 'ballot is for another election');
  const tracker = ballotTracker(ballot);
  await refuseSpoiled(ctx, electionId, tracker);
  if (await privateExists(ctx, COLLECTION_BALLOTS, keys.credentialUsed(electionId, credential))) {
    throw new ChaincodeError('AlreadyVoted', 'a ballot was already cast with this credential');
  }
  if (await privateExists(ctx, COLLECTION_TURNOUT, keys.turnout(electionId, pseudonym))) {
    throw new ChaincodeError('AlreadyVoted', 'this voter has already voted');
  }
  if (await exists(ctx, keys.receipt(electionId, tracker))) throw new ChaincodeError('DuplicateBallot', 'this ballot was already cast');
  const receipt: Receipt = { electionId, tracker, txId: ctx.stub.getTxID(), at: txTime(ctx), channel };
  await writePrivate(ctx, COLLECTION_BALLOTS, keys.ballot(electionId, tracker), bytes);
  await writePrivate(ctx, COLLECTION_BALLOTS, keys.credentialUsed(electionId, credential), { tracker, txId: receipt.txId });
  await writePrivate(ctx, COLLECTION_TURNOUT, keys.turnout(electionId, pseudonym), { at: receipt.at, channel, txId: receipt.txId });
  await writeState(ctx, keys.receipt(electionId, tracker), receipt);
  ctx.stub.setEvent(BALLOT_CAST_EVENT, canonicalBytes(receipt));
  return receipt;
}

/** Does a ballot with this tracker exist? Anyone may ask. */
export async function lookupTracker(ctx: Context, electionId: string, tracker: string): Promise<Receipt | null> {
  if (!TRACKER.test(tracker)) throw new ChaincodeError('BadRequest', 'a tracker is 64 hex digits');
  return (await readState<Receipt>(ctx, keys.receipt(electionId, tracker))) ?? null;
}

/** The receipt whose tracker starts with these 16 hex digits (the short tracker on a receipt), or null. */
export async function lookupShortTracker(ctx: Context, electionId: string, prefix: string): Promise<Receipt | null> {
  if (!/^[0-9a-f]{16}$/.test(prefix)) throw new ChaincodeError('BadRequest', 'a short tracker is 16 hex digits');
  const found = await readPrefix<Receipt>(ctx, keys.receiptPrefix(electionId, prefix));
  return found.length === 1 ? found[0]!.value : null;
}

/** Number of ballots cast: the per-ballot receipts counted a page at a time (no counter key, no cap at the peer's query limit). */
export async function turnoutCount(ctx: Context, electionId: string): Promise<number> {
  await loadElection(ctx, electionId);
  return countPrefix(ctx, keys.receiptPrefix(electionId));
}

/** Whether the voter behind a pseudonym has voted. Commissions only. */
export async function hasVoted(ctx: Context, electionId: string, pseudonym: string): Promise<boolean> {
  requireCommission(ctx);
  if (!PSEUDONYM.test(pseudonym)) throw new ChaincodeError('BadRequest', 'a pseudonym is 32 bytes in base64url');
  return privateExists(ctx, COLLECTION_TURNOUT, keys.turnout(electionId, pseudonym));
}

/**
 * The turnout entry of a voter ({at, channel, txId}) or null. No role check here: the peer only
 * serves the `turnout` collection to clients of its member organizations (memberOnlyRead), so
 * the Observer and anyone else is refused by Fabric itself.
 */
export async function turnoutEntry(ctx: Context, electionId: string, pseudonym: string): Promise<{ at: string; channel: string; txId: string } | null> {
  if (!PSEUDONYM.test(pseudonym)) throw new ChaincodeError('BadRequest', 'a pseudonym is 32 bytes in base64url');
  const bytes = await ctx.stub.getPrivateData(COLLECTION_TURNOUT, keys.turnout(electionId, pseudonym));
  return bytes.length === 0 ? null : (parseCanonical(bytes, false) as { at: string; channel: string; txId: string });
}

/** Whether a credential has been used, for the voter who holds it (Belenios-style check). */
export async function credentialUsed(ctx: Context, electionId: string, credential: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(credential)) throw new ChaincodeError('BadRequest', 'a credential is 32 bytes in base64url');
  return privateExists(ctx, COLLECTION_BALLOTS, keys.credentialUsed(electionId, credential));
}


