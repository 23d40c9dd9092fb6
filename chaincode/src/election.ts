/**
 * The election object on the ledger and its state machine.
 *
 *   draft ──FreezeRoll──▶ frozen ──OpenElection──▶ open ◀──Pause/Resume──▶ paused
 *                                                  │                        │
 *                                                  └──────CloseElection─────┘
 *                                                              ▼
 *                                   closed ──PublishResult──▶ tallied ──PurgeVoterData──▶ purged
 *
 * The key ceremony runs in draft or frozen; OpenElection needs its result. Every transition is an
 * endorsed transaction by the managing commission's admin; casting checks the state (and the
 * schedule against the transaction time) on every endorsing peer.
 */
import { B64_32, Id, ManifestSchema, manifestHash, parseManifest, type CeremonyResult, type Manifest } from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { ChaincodeError } from './errors.js';
import { keys } from './ledger-keys.js';
import { callerOf, isCommission, type Caller } from './network-roles.js';
import { readState, txTime, writeState } from './state-io.js';

export const ELECTION_STATES = ['draft', 'frozen', 'open', 'paused', 'closed', 'tallied', 'purged'] as const;
export type ElectionStateName = (typeof ELECTION_STATES)[number];

export const CAST_CHANNELS = ['web', 'mobile', 'kiosk'] as const;

const IsoTime = z.iso.datetime({ offset: false });

export const KeyHolderSchema = z.strictObject({
  index: z.number().int().min(1).max(64),
  mspId: z.string().min(1).max(64),
  /** The holder's enrollment id at its org's CA (the certificate CN), e.g. `keyholder1`. */
  enrollmentId: Id,
  name: z.string().min(1).max(100),
});

/** What an admin submits to create (or update, while in draft) an election. */
export const ElectionDraftSchema = z.strictObject({
  v: z.literal(1),
  manifest: ManifestSchema,
  /** The client organization running the election (issue 8); the commission's own id otherwise. */
  organizationId: Id,
  /** SHA-256 (base64url) of the off-ledger election information (description, candidate profiles, photos). */
  infoHash: B64_32.nullable(),
  schedule: z.strictObject({ opensAt: IsoTime, closesAt: IsoTime }),
  keyHolders: z.array(KeyHolderSchema).min(1).max(64),
  channels: z.array(z.enum(CAST_CHANNELS)).min(1).max(CAST_CHANNELS.length),
  resultsVisibility: z.enum(['public', 'voters', 'organization']),
  /** Tally shards are the tracker prefixes of this many hex digits: 1 → 16, 2 → 256, 3 → 4096 shards. */
  tallyShardDigits: z.number().int().min(1).max(3),
  /** Days after the result is published before voter-identifying private data is purged. */
  retentionDays: z.number().int().min(1).max(365),
});
export type ElectionDraft = z.infer<typeof ElectionDraftSchema>;

export interface HistoryEntry {
  readonly action: string;
  readonly at: string;
  readonly txId: string;
  readonly by: string;
}

export interface Election extends ElectionDraft {
  readonly electionId: string;
  readonly managingMspId: string;
  readonly manifestHash: string;
  readonly state: ElectionStateName;
  readonly ceremony: CeremonyResult | null;
  readonly roll: { readonly count: number; readonly hash: string; readonly frozenAt: string } | null;
  readonly closedAt: string | null;
  readonly publishedAt: string | null;
  readonly history: readonly HistoryEntry[];
}

/** Parses and checks a draft: schema, manifest semantics, key holders matching the manifest, schedule. */
export function parseDraft(value: unknown): ElectionDraft & { manifest: Manifest } {
  const parsed = ElectionDraftSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChaincodeError('BadRequest', `election ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const draft = parsed.data;
  let manifest: Manifest;
  try {
    manifest = parseManifest(draft.manifest);
  } catch (e) {
    throw new ChaincodeError('BadRequest', `manifest: ${(e as Error).message}`);
  }
  const { holders } = manifest.keyCeremony;
  const indexes = draft.keyHolders.map((h) => h.index).sort((a, b) => a - b);
  if (indexes.length !== holders || indexes.some((index, i) => index !== i + 1)) {
    throw new ChaincodeError('BadRequest', `keyHolders must list holders 1..${holders} exactly once`);
  }
  const names = new Set(draft.keyHolders.map((h) => `${h.mspId}/${h.enrollmentId}`));
  if (names.size !== holders) throw new ChaincodeError('BadRequest', 'keyHolders must be distinct identities');
  if (Date.parse(draft.schedule.closesAt) <= Date.parse(draft.schedule.opensAt)) {
    throw new ChaincodeError('BadRequest', 'schedule.closesAt must be after schedule.opensAt');
  }
  if (new Set(draft.channels).size !== draft.channels.length) throw new ChaincodeError('BadRequest', 'channels repeat');
  return { ...draft, manifest };
}

export function newElection(ctx: Context, draft: ElectionDraft, caller: Caller): Election {
  return {
    ...draft,
    electionId: draft.manifest.electionId,
    managingMspId: caller.mspId,
    manifestHash: manifestHash(draft.manifest),
    state: 'draft',
    ceremony: null,
    roll: null,
    closedAt: null,
    publishedAt: null,
    history: [entry(ctx, 'CreateElection', caller)],
  };
}

export async function loadElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await readState<Election>(ctx, keys.election(electionId));
  if (!election) throw new ChaincodeError('ElectionNotFound', `no election ${electionId}`);
  return election;
}

/** Writes the election back with a history entry for `action`. */
export async function saveElection(ctx: Context, election: Election, action: string, caller: Caller): Promise<Election> {
  const next = { ...election, history: [...election.history, entry(ctx, action, caller)] };
  await writeState(ctx, keys.election(election.electionId), next);
  return next;
}

export function requireState(election: Election, ...states: ElectionStateName[]): void {
  if (!states.includes(election.state)) {
    throw new ChaincodeError('WrongState', `election ${election.electionId} is ${election.state}, needs ${states.join(' or ')}`);
  }
}

/**
 * The caller must manage this election: an `admin` of the managing commission, or an `orgadmin`
 * of the election's client organization enrolled by that commission's CA.
 */
export function requireManager(ctx: Context, election: Election): Caller {
  const caller = callerOf(ctx);
  const isStaff = caller.role === 'admin' && caller.mspId === election.managingMspId;
  const isOrgAdmin =
    caller.role === 'orgadmin' && caller.mspId === election.managingMspId && caller.organizationId === election.organizationId;
  if (!isCommission(caller.mspId) || !(isStaff || isOrgAdmin)) {
    throw new ChaincodeError('Forbidden', `only the managers of election ${election.electionId} may do this`);
  }
  return caller;
}

/** Whether the transaction time lies in the voting window. */
export function inVotingWindow(ctx: Context, election: Election): boolean {
  const now = ctx.stub.getDateTimestamp().getTime();
  return now >= Date.parse(election.schedule.opensAt) && now < Date.parse(election.schedule.closesAt);
}

function entry(ctx: Context, action: string, caller: Caller): HistoryEntry {
  return { action, at: txTime(ctx), txId: ctx.stub.getTxID(), by: `${caller.mspId}/${caller.name}` };
}
