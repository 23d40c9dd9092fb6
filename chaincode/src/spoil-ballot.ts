/**
 * SpoilBallot: a Benaloh-challenged ballot is published on the ledger and can never be cast.
 *
 * The voter's browser reveals the randomness of an encrypted ballot it will not cast; the
 * commission's gateway submits the ballot and the reveal as one argument (the SpoiledBallot wire
 * object). They carry no voter identity — only the public credential that is on the roll anyway —
 * and they are published in full, so they travel as an argument, not as transient data, and the
 * block itself shows what was spoiled. Every endorsing peer verifies the ballot and re-encrypts
 * the reveal with core, as CastBallot does.
 *
 * Race with a cast of the same ballot: SpoilBallot reads the ballot's receipt key and writes its
 * `spoiled` key; CastBallot reads the `spoiled` key and writes the receipt. Of the two, MVCC lets
 * exactly one commit, so a tracker is either cast or spoiled, never both.
 */
import { SpoiledBallotSchema, ballotTracker, parseCanonical, verifySpoiledBallot, type SpoiledBallot } from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { ballotContext } from './ballot-context.js';
import { asChaincodeError } from './core-errors.js';
import { inVotingWindow, loadElection } from './election.js';
import { ChaincodeError } from './errors.js';
import { parseJson, TRACKER } from './input.js';
import { keys } from './ledger-keys.js';
import { requireRole } from './network-roles.js';
import { keyPage, type Page } from './record.js';
import { exists, readState, txTime, writeState } from './state-io.js';

/** A spoiled ballot as the ledger holds it under `spoiled/<eid>/<tracker>`. */
export interface SpoiledEntry {
  readonly electionId: string;
  readonly tracker: string;
  readonly txId: string;
  readonly at: string;
  readonly spoiled: SpoiledBallot;
}

export async function spoilBallot(ctx: Context, electionId: string, spoiledJson: string): Promise<SpoiledEntry> {
  requireRole(ctx, 'gateway');
  const parsed = SpoiledBallotSchema.safeParse(parseJson(spoiledJson, 'spoiled ballot'));
  if (!parsed.success) throw new ChaincodeError('InvalidBallot', `spoiled ballot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const spoiled = parsed.data;
  const election = await loadElection(ctx, electionId);
  if (election.state !== 'open' || !inVotingWindow(ctx, election)) {
    throw new ChaincodeError('NotOpen', `election ${electionId} is not open for voting (${election.state})`);
  }
  if (spoiled.ballot.electionId !== electionId) throw new ChaincodeError('InvalidBallot', 'ballot is for another election');
  if (!(await exists(ctx, keys.credential(electionId, spoiled.ballot.credential)))) {
    throw new ChaincodeError('UnknownCredential', 'the ballot is signed with a credential that is not on the roll');
  }
  asChaincodeError(() => verifySpoiledBallot(spoiled.ballot, spoiled.reveal, ballotContext(election)));
  const tracker = ballotTracker(spoiled.ballot);
  if (await exists(ctx, keys.receipt(electionId, tracker))) throw new ChaincodeError('DuplicateBallot', 'this ballot was already cast; it cannot be spoiled');
  if (await exists(ctx, keys.spoiled(electionId, tracker))) throw new ChaincodeError('SpoiledBallot', 'this ballot was already spoiled');
  const entry: SpoiledEntry = { electionId, tracker, txId: ctx.stub.getTxID(), at: txTime(ctx), spoiled };
  await writeState(ctx, keys.spoiled(electionId, tracker), entry);
  return entry;
}

/** Refuses to cast a spoiled ballot. Reads the exact key SpoilBallot writes, so MVCC settles a race. */
export async function refuseSpoiled(ctx: Context, electionId: string, tracker: string): Promise<void> {
  if (await exists(ctx, keys.spoiled(electionId, tracker))) {
    throw new ChaincodeError('SpoiledBallot', 'this ballot was spoiled by a Benaloh challenge; it can never be cast');
  }
}

/** The spoiled ballot with this tracker, or null. Public: anyone may check it. */
export async function lookupSpoiled(ctx: Context, electionId: string, tracker: string): Promise<SpoiledEntry | null> {
  if (!TRACKER.test(tracker)) throw new ChaincodeError('BadRequest', 'a tracker is 64 hex digits');
  return (await readState<SpoiledEntry>(ctx, keys.spoiled(electionId, tracker))) ?? null;
}

/** Spoiled ballots in tracker order, a page at a time (for the election record). */
export async function spoiledPage(ctx: Context, electionId: string, after: string, size: number): Promise<Page<SpoiledEntry>> {
  await loadElection(ctx, electionId);
  return keyPage((start, end) => ctx.stub.getStateByRange(start, end), keys.spoiledPrefix(electionId), after, size, (_, value) => parseCanonical(value, false) as SpoiledEntry);
}
