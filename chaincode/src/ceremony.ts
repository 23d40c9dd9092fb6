/**
 * The t-of-n key ceremony on the ledger. Key holders post, from their own browsers and with
 * their own Fabric identities:
 *   1. round 1: Feldman commitments with proofs of knowledge and a communication key;
 *   2. round 2: the encrypted shares for every other holder;
 *   3. a review: either "every share I received matches the commitments" or publicly
 *      verifiable complaints against the senders of bad shares.
 * The chaincode checks every message with core as it arrives (so nothing unverifiable is ever
 * stored) and, once every holder has reviewed, FinalizeCeremony derives the qualified set, the
 * joint key and the verification shares deterministically from the transcript.
 */
import {
  ComplaintSchema,
  ceremonyParams,
  checkComplaint,
  checkRound1,
  checkRound2,
  finalizeCeremony,
  type CeremonyResult,
  type Complaint,
  type Round1Message,
  type Round2Message,
} from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { loadElection, requireManager, requireState, saveElection, type Election } from './election.js';
import { ChaincodeError } from './errors.js';
import { parseJson } from './input.js';
import { keys } from './ledger-keys.js';
import { callerOf, type Caller } from './network-roles.js';
import { exists, readPrefix, writeState } from './state-io.js';
import { asChaincodeError } from './core-errors.js';

export const ReviewSchema = z.strictObject({
  v: z.literal(1),
  electionId: z.string(),
  holder: z.number().int().min(1).max(64),
  /** Empty when every received share matched the sender's commitments. */
  complaints: z.array(ComplaintSchema).max(63),
});
export type Review = z.infer<typeof ReviewSchema>;

export interface CeremonyTranscriptView {
  readonly round1: Round1Message[];
  readonly round2: Round2Message[];
  readonly reviews: Review[];
  readonly complaints: Complaint[];
  readonly result: CeremonyResult | null;
}

/** The caller must be the key holder with this index in the election's key-holder list. */
export function requireKeyHolder(ctx: Context, election: Election, holder: number): Caller {
  const caller = callerOf(ctx);
  const expected = election.keyHolders.find((h) => h.index === holder);
  if (caller.role !== 'keyholder' || !expected || expected.mspId !== caller.mspId || expected.enrollmentId !== caller.name) {
    throw new ChaincodeError('Forbidden', `only key holder ${holder} of election ${election.electionId} may do this`);
  }
  return caller;
}

async function ceremonyElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  requireState(election, 'draft', 'frozen');
  if (election.ceremony !== null) throw new ChaincodeError('WrongState', 'the key ceremony is already finalized');
  return election;
}

function holderOf(message: unknown): number {
  const holder = (message as { holder?: unknown; sender?: unknown } | null)?.holder ?? (message as { sender?: unknown } | null)?.sender;
  if (typeof holder !== 'number') throw new ChaincodeError('InvalidCeremonyMessage', 'message names no holder');
  return holder;
}

export async function postRound1(ctx: Context, electionId: string, messageJson: string): Promise<void> {
  const election = await ceremonyElection(ctx, electionId);
  const value = parseJson(messageJson, 'round-1 message');
  const holder = holderOf(value);
  requireKeyHolder(ctx, election, holder);
  const message = asChaincodeError(() => checkRound1(value, ceremonyParams(election.manifest)), 'InvalidCeremonyMessage');
  if (await exists(ctx, keys.round1(electionId, holder))) throw new ChaincodeError('WrongState', `holder ${holder} already posted round 1`);
  await writeState(ctx, keys.round1(electionId, holder), message);
}

export async function postRound2(ctx: Context, electionId: string, messageJson: string): Promise<void> {
  const election = await ceremonyElection(ctx, electionId);
  const value = parseJson(messageJson, 'round-2 message');
  const sender = holderOf(value);
  requireKeyHolder(ctx, election, sender);
  const n = election.manifest.keyCeremony.holders;
  if ((await values(ctx, keys.round1Prefix(electionId))).length !== n) {
    throw new ChaincodeError('CeremonyIncomplete', 'round 2 starts when every holder has posted round 1');
  }
  const message = asChaincodeError(() => checkRound2(value, ceremonyParams(election.manifest)), 'InvalidCeremonyMessage');
  if (await exists(ctx, keys.round2(electionId, sender))) throw new ChaincodeError('WrongState', `holder ${sender} already posted round 2`);
  await writeState(ctx, keys.round2(electionId, sender), message);
}

export async function postReview(ctx: Context, electionId: string, reviewJson: string): Promise<void> {
  const election = await ceremonyElection(ctx, electionId);
  const parsed = ReviewSchema.safeParse(parseJson(reviewJson, 'review'));
  if (!parsed.success) throw new ChaincodeError('InvalidCeremonyMessage', `review: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const review = parsed.data;
  if (review.electionId !== electionId) throw new ChaincodeError('InvalidCeremonyMessage', 'review is for another election');
  requireKeyHolder(ctx, election, review.holder);
  // Only rounds 1 and 2 are read: reading the review range would make concurrent reviews
  // invalidate each other (phantom reads).
  const transcript = { round1: await values<Round1Message>(ctx, keys.round1Prefix(electionId)), round2: await values<Round2Message>(ctx, keys.round2Prefix(electionId)) };
  if (transcript.round2.length !== election.manifest.keyCeremony.holders) {
    throw new ChaincodeError('CeremonyIncomplete', 'reviews start when every holder has posted round 2');
  }
  if (await exists(ctx, keys.review(electionId, review.holder))) throw new ChaincodeError('WrongState', `holder ${review.holder} already reviewed`);
  const params = ceremonyParams(election.manifest);
  for (const complaint of review.complaints) {
    if (complaint.complainer !== review.holder) throw new ChaincodeError('InvalidCeremonyMessage', 'a holder may only complain for itself');
    asChaincodeError(() => checkComplaint(complaint, transcript.round1, transcript.round2, params), 'InvalidCeremonyMessage');
    await writeState(ctx, keys.complaint(electionId, complaint.complainer, complaint.accused), complaint);
  }
  await writeState(ctx, keys.review(electionId, review.holder), review);
}

/** Computes the joint key once every holder has reviewed; the manager submits it. */
export async function finalize(ctx: Context, electionId: string): Promise<CeremonyResult> {
  const election = await ceremonyElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  const transcript = await readTranscript(ctx, election);
  if (transcript.reviews.length !== election.manifest.keyCeremony.holders) {
    throw new ChaincodeError('CeremonyIncomplete', `${transcript.reviews.length} of ${election.manifest.keyCeremony.holders} holders have reviewed their shares`);
  }
  const result = asChaincodeError(
    () => finalizeCeremony(transcript.round1, transcript.round2, transcript.complaints, ceremonyParams(election.manifest)),
    'CeremonyIncomplete',
  );
  await saveElection(ctx, { ...election, ceremony: result }, 'FinalizeCeremony', caller);
  return result;
}

async function values<T>(ctx: Context, prefix: string): Promise<T[]> {
  return (await readPrefix<T>(ctx, prefix)).map((kv) => kv.value);
}

export async function readTranscript(ctx: Context, election: Election): Promise<CeremonyTranscriptView> {
  const eid = election.electionId;
  return {
    round1: await values<Round1Message>(ctx, keys.round1Prefix(eid)),
    round2: await values<Round2Message>(ctx, keys.round2Prefix(eid)),
    reviews: await values<Review>(ctx, keys.reviewPrefix(eid)),
    complaints: await values<Complaint>(ctx, keys.complaintPrefix(eid)),
    result: election.ceremony,
  };
}
