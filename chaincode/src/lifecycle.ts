/**
 * Election lifecycle transactions: create, update in draft, register the public credentials,
 * freeze the roll, open, pause, resume, extend, close.
 */
import { B64_32, credentialBatchSummary, checkPublicCredentials, MAX_CREDENTIAL_BATCH, rollCommitment, shardDigitsFor, type CredentialBatchSummary } from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { checkBlackout } from './blackout.js';
import { asChaincodeError } from './core-errors.js';
import { requireElectionOrganization } from './service-desk.js';
import {
  loadElection,
  newElection,
  parseDraft,
  requireManager,
  requireState,
  saveElection,
  type Election,
} from './election.js';
import { ChaincodeError } from './errors.js';
import { keys } from './ledger-keys.js';
import { requireRole } from './network-roles.js';
import { parseJson } from './input.js';
import { exists, readPrefix, writeState } from './state-io.js';

export async function createElection(ctx: Context, draftJson: string): Promise<Election> {
  const caller = requireRole(ctx, 'admin', 'orgadmin');
  const draft = parseDraft(parseJson(draftJson, 'election'));
  if (caller.role === 'orgadmin' && caller.organizationId !== draft.organizationId) {
    throw new ChaincodeError('Forbidden', 'an organization admin may only create elections of its own organization');
  }
  const key = keys.election(draft.manifest.electionId);
  if (await exists(ctx, key)) throw new ChaincodeError('ElectionExists', `election ${draft.manifest.electionId} exists`);
  await requireElectionOrganization(ctx, draft.organizationId, caller.mspId);
  await checkBlackout(ctx, draft.schedule);
  const election = newElection(ctx, draft, caller);
  await writeState(ctx, key, election);
  return election;
}

export async function updateElection(ctx: Context, draftJson: string): Promise<Election> {
  const draft = parseDraft(parseJson(draftJson, 'election'));
  const election = await loadElection(ctx, draft.manifest.electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'draft');
  if (draft.organizationId !== election.organizationId) throw new ChaincodeError('BadRequest', 'organizationId cannot change');
  if ((await readPrefix(ctx, keys.round1Prefix(election.electionId))).length > 0) {
    throw new ChaincodeError('WrongState', 'the key ceremony has started; the election can no longer change');
  }
  await checkBlackout(ctx, draft.schedule);
  const updated = newElection(ctx, draft, caller);
  return saveElection(ctx, { ...updated, managingMspId: election.managingMspId, history: election.history }, 'UpdateElection', caller);
}

const CredentialBatchSchema = z.strictObject({
  v: z.literal(1),
  electionId: z.string(),
  batch: z.number().int().min(0).max(999_999),
  credentials: z.array(B64_32).min(1).max(MAX_CREDENTIAL_BATCH),
});

export type CredentialBatchRecord = CredentialBatchSummary;

/** Registers one batch of public credentials (no identities; each a canonical, non-identity group element) while the election is a draft. */
export async function registerCredentials(ctx: Context, batchJson: string): Promise<CredentialBatchRecord> {
  const input = parseJson(batchJson, 'credential batch');
  const parsed = CredentialBatchSchema.safeParse(input);
  if (!parsed.success) throw new ChaincodeError('BadRequest', `credential batch: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const { electionId, batch, credentials } = parsed.data;
  const election = await loadElection(ctx, electionId);
  requireManager(ctx, election);
  requireState(election, 'draft');
  if (await exists(ctx, keys.credentialBatch(electionId, batch))) throw new ChaincodeError('BadRequest', `batch ${batch} is already registered`);
  const sorted = [...credentials].sort();
  asChaincodeError(() => checkPublicCredentials(sorted), 'BadRequest');
  for (let i = 0; i < sorted.length; i++) {
    const credential = sorted[i]!;
    if (i > 0 && sorted[i - 1] === credential) throw new ChaincodeError('BadRequest', 'a credential repeats in the batch');
    if (await exists(ctx, keys.credential(electionId, credential))) throw new ChaincodeError('BadRequest', 'a credential is already registered');
    await ctx.stub.putState(keys.credential(electionId, credential), Buffer.from(String(batch)));
  }
  const record: CredentialBatchRecord = credentialBatchSummary(batch, sorted);
  await writeState(ctx, keys.credentialBatch(electionId, batch), record);
  return record;
}

/**
 * Freezes the roll: the admin states the count and hash it expects; both must match the ledger.
 * The tally shards grow to what the real roll needs (the draft sized them from an estimate, and
 * a closed election cannot be re-sharded).
 */
export async function freezeRoll(ctx: Context, electionId: string, count: number, hash: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'draft');
  const batches = (await readPrefix<CredentialBatchRecord>(ctx, keys.credentialBatchPrefix(electionId))).map((kv) => kv.value);
  const commitment = rollCommitment(batches);
  if (commitment.count === 0) throw new ChaincodeError('BadRequest', 'no credentials are registered');
  if (commitment.count !== count || commitment.hash !== hash) {
    throw new ChaincodeError('RollMismatch', `roll mismatch: ledger has ${commitment.count} credentials with hash ${commitment.hash}`);
  }
  const tallyShardDigits = Math.max(election.tallyShardDigits, shardDigitsFor(commitment.count));
  const roll = { ...commitment, frozenAt: ctx.stub.getDateTimestamp().toISOString() };
  return saveElection(ctx, { ...election, state: 'frozen', roll, tallyShardDigits }, 'FreezeRoll', caller);
}

export async function openElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'frozen');
  if (election.ceremony === null) throw new ChaincodeError('CeremonyIncomplete', 'the key ceremony has not produced a joint key');
  return saveElection(ctx, { ...election, state: 'open' }, 'OpenElection', caller);
}

export async function pauseElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'open');
  return saveElection(ctx, { ...election, state: 'paused' }, 'PauseElection', caller);
}

export async function resumeElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'paused');
  return saveElection(ctx, { ...election, state: 'open' }, 'ResumeElection', caller);
}

export async function extendElection(ctx: Context, electionId: string, closesAt: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'open', 'paused');
  const next = Date.parse(closesAt);
  if (!Number.isFinite(next) || new Date(next).toISOString() !== closesAt) {
    throw new ChaincodeError('BadRequest', 'closesAt must be an ISO time like 2026-12-01T09:00:00.000Z');
  }
  if (next <= Date.parse(election.schedule.closesAt)) throw new ChaincodeError('BadRequest', 'an extension must move closesAt later');
  const schedule = { ...election.schedule, closesAt };
  await checkBlackout(ctx, schedule);
  return saveElection(ctx, { ...election, schedule }, 'ExtendElection', caller);
}

export async function closeElection(ctx: Context, electionId: string): Promise<Election> {
  const election = await loadElection(ctx, electionId);
  const caller = requireManager(ctx, election);
  requireState(election, 'open', 'paused');
  return saveElection(ctx, { ...election, state: 'closed', closedAt: ctx.stub.getDateTimestamp().toISOString() }, 'CloseElection', caller);
}

export async function readElection(ctx: Context, electionId: string): Promise<Election> {
  return loadElection(ctx, electionId);
}

export async function listElections(ctx: Context): Promise<Election[]> {
  return (await readPrefix<Election>(ctx, keys.electionsPrefix())).map((kv) => kv.value);
}
