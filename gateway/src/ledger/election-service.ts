/**
 * The admin side of an election on the ledger: create and edit (manifest + information whose
 * hash is anchored), freeze the roll (credentials generated per voter, registered in batches, then
 * `FreezeRoll`), the state transitions, the tally and the result, the record.
 * Every ledger transaction is submitted with the commission's admin identity on behalf of the
 * logged-in staff member, who must manage the election (commission staff of the managing
 * commission, or the admin of the election's organization).
 *
 * @module
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  credentialBatchSummary,
  credentialFromSecret,
  generateCredentialSecret,
  MAX_CREDENTIAL_BATCH,
  MAX_JSON_RECORD_BALLOTS,
  rollCommitment,
  shardPrefixes,
  type CredentialBatchSummary,
  type ElectionRecord,
} from '@ballotledger/core';
import type { Election, PublishedResult } from '@ballotledger/chaincode';
import { electionRecordNdjson, exportElectionRecord, LedgerError, type BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import type { StaffPrincipal } from '../security/roles.js';
import type { Store } from '../storage/store.js';
import { draftOf, ElectionInputError, infoOf, manifestOf, type ElectionInfo, type ElectionInput } from './election-input.js';
import { onLedger } from './ledger-errors.js';
import type { Turnout } from './turnout-projector.js';

export interface AdminElection {
  readonly electionId: string;
  readonly title: string;
  readonly state: Election['state'];
  readonly schedule: { opensAt: string; closesAt: string };
  readonly organizationId: string;
  readonly managingMspId: string;
  readonly manifest: Election['manifest'];
  readonly input: ElectionInput | null;
  readonly info: ElectionInfo | null;
  readonly roll: { imported: number; frozen: boolean; count: number | null; hash: string | null };
  readonly ceremony: {
    holders: { index: number; name: string; round1: boolean; round2: boolean; reviewed: boolean; complaints: number }[];
    finalized: boolean;
    jointKey: string | null;
  };
  readonly tally: { shards: number; shardsDone: number; combined: boolean; ballotCount: number | null; shares: number[]; threshold: number; published: boolean };
  readonly turnout: Turnout;
  readonly history: Election['history'][number][];
}

export interface ElectionServiceDeps {
  readonly store: Store;
  /** The commission's admin identity (role=admin): transactions of commission staff. */
  readonly admin: BallotLedger;
  /** An approved organization's admin identity (role=orgadmin, org=<id>): transactions of its admins. */
  readonly organizationLedger: (organizationId: string) => Promise<BallotLedger>;
  readonly auditor: BallotLedger;
  readonly ownMspId: string;
  readonly retentionDays: number;
  readonly turnout: (electionId: string) => Turnout;
}

export type TransitionName = 'open' | 'pause' | 'resume' | 'close';
const TRANSITIONS = { open: 'OpenElection', pause: 'PauseElection', resume: 'ResumeElection', close: 'CloseElection' } as const;

/** The voter's pseudonym in the `turnout` collection: HMAC-SHA256(roll key, voter id), base64url. */
export function pseudonymOf(rollKey: string, voterId: string): string {
  return createHmac('sha256', Buffer.from(rollKey, 'base64url')).update(voterId).digest('base64url');
}

export class ElectionService {
  readonly #d: ElectionServiceDeps;

  constructor(deps: ElectionServiceDeps) {
    this.#d = deps;
  }

  /** The Fabric identity that signs this staff member's transactions. */
  async ledgerFor(staff: StaffPrincipal): Promise<BallotLedger> {
    if (staff.role === 'orgadmin') {
      if (!staff.user.orgId) throw new ApiError('Forbidden', 'This organization admin account has no organization.');
      return onLedger(() => this.#d.organizationLedger(staff.user.orgId!));
    }
    return this.#d.admin;
  }

  /** Whether this staff member manages the election (staff: its commission created it; orgadmin: its organization). */
  canManage(staff: StaffPrincipal, election: { organizationId: string; managingMspId: string }): boolean {
    if (election.managingMspId !== this.#d.ownMspId) return false;
    if (staff.role === 'admin') return true;
    return staff.role === 'orgadmin' && staff.user.orgId === election.organizationId;
  }

  async requireManaged(staff: StaffPrincipal, electionId: string): Promise<Election> {
    const election = await onLedger(() => this.#d.auditor.getElection(electionId));
    if (!this.canManage(staff, election)) throw new ApiError('Forbidden', 'You do not manage this election.');
    return election;
  }

  async list(staff: StaffPrincipal): Promise<Election[]> {
    const all = await onLedger(() => this.#d.auditor.listElections());
    return all.filter((e) => this.canManage(staff, e));
  }

  #prepare(input: ElectionInput): { draft: ReturnType<typeof draftOf>; info: ElectionInfo } {
    try {
      const manifest = manifestOf(input);
      const info = infoOf(input, manifest);
      return { draft: draftOf(input, manifest, info, this.#d.retentionDays), info };
    } catch (err) {
      if (err instanceof ElectionInputError) {
        throw new ApiError('ValidationFailed', err.message, { details: { fields: [{ path: `body.${err.path}`, message: err.message, code: 'custom' }] } });
      }
      throw new ApiError('ValidationFailed', `The election is not valid: ${(err as Error).message}`);
    }
  }

  async create(staff: StaffPrincipal, input: ElectionInput): Promise<AdminElection> {
    if (staff.role === 'orgadmin' && staff.user.orgId !== input.organizationId) {
      throw new ApiError('Forbidden', 'You may only create elections of your own organization.');
    }
    const { draft, info } = this.#prepare(input);
    await onLedger(async () => (await this.ledgerFor(staff)).createElection(draft));
    this.#d.store.elections.upsert(
      { electionId: input.electionId, organizationId: input.organizationId, managingMsp: this.#d.ownMspId, input, info, createdBy: staff.user.id },
      randomBytes(32).toString('base64url'),
    );
    return this.view(staff, input.electionId);
  }

  async update(staff: StaffPrincipal, input: ElectionInput): Promise<AdminElection> {
    const election = await this.requireManaged(staff, input.electionId);
    if (input.organizationId !== election.organizationId) throw new ApiError('BadRequest', 'The organization of an election cannot change.');
    const { draft, info } = this.#prepare(input);
    await onLedger(async () => (await this.ledgerFor(staff)).updateElection(draft));
    const local = this.#d.store.elections.get(input.electionId);
    this.#d.store.elections.upsert(
      { electionId: input.electionId, organizationId: input.organizationId, managingMsp: this.#d.ownMspId, input, info, createdBy: local?.createdBy ?? staff.user.id },
      local ? this.#d.store.elections.rollKey(input.electionId) : randomBytes(32).toString('base64url'),
    );
    return this.view(staff, input.electionId);
  }

  /**
   * Generates a credential for every voter of the imported roll (once), registers the public
   * credentials in batches (batches already on the ledger are skipped, so a retry after
   * a failure completes the job) and freezes the roll with its commitment.
   */
  async freeze(staff: StaffPrincipal, electionId: string): Promise<AdminElection> {
    const election = await this.requireManaged(staff, electionId);
    if (election.state !== 'draft') throw new ApiError('WrongState', `The roll can only be frozen in draft; the election is ${election.state}.`);
    const { store } = this.#d;
    const voters = store.voters.list(electionId);
    if (voters.length === 0) throw new ApiError('WrongState', 'Import the voter roll before freezing it.');
    if (store.credentials.count(electionId) === 0) {
      const rollKey = store.elections.rollKey(electionId);
      store.credentials.addAll(
        electionId,
        voters.map((v) => {
          const secret = generateCredentialSecret();
          return { voterId: v.voterId, credential: credentialFromSecret(electionId, secret).publicCredential, pseudonym: pseudonymOf(rollKey, v.voterId), secret };
        }),
      );
    }
    // Sorted public keys are in random order relative to the roll (they are random points), and
    // the same on every retry, so batch i always holds the same credentials.
    const credentials = store.credentials.list(electionId).map((c) => c.credential).sort();
    const batches: CredentialBatchSummary[] = [];
    for (let i = 0; i * MAX_CREDENTIAL_BATCH < credentials.length; i++) {
      const slice = credentials.slice(i * MAX_CREDENTIAL_BATCH, (i + 1) * MAX_CREDENTIAL_BATCH);
      try {
        batches.push((await (await this.ledgerFor(staff)).registerCredentials(electionId, i, slice)).result);
      } catch (err) {
        if (!(err instanceof LedgerError && err.code === 'BadRequest' && /already registered/.test(err.message))) throw err;
        batches.push(credentialBatchSummary(i, slice));
      }
    }
    const roll = rollCommitment(batches);
    await onLedger(async () => (await this.ledgerFor(staff)).freezeRoll(electionId, roll.count, roll.hash));
    store.voters.freeze(electionId);
    return this.view(staff, electionId);
  }

  async finalizeCeremony(staff: StaffPrincipal, electionId: string): Promise<AdminElection> {
    await this.requireManaged(staff, electionId);
    await onLedger(async () => (await this.ledgerFor(staff)).finalizeCeremony(electionId));
    return this.view(staff, electionId);
  }

  async transition(staff: StaffPrincipal, electionId: string, name: TransitionName): Promise<AdminElection> {
    await this.requireManaged(staff, electionId);
    await onLedger(async () => (await this.ledgerFor(staff)).transition(TRANSITIONS[name], electionId));
    if (name === 'close') {
      const days = this.#d.retentionDays;
      this.#d.store.voters.setPurgeAfter(electionId, Date.now() + days * 24 * 3600 * 1000);
    }
    return this.view(staff, electionId);
  }

  async extend(staff: StaffPrincipal, electionId: string, closesAt: string): Promise<AdminElection> {
    await this.requireManaged(staff, electionId);
    await onLedger(async () => (await this.ledgerFor(staff)).extendElection(electionId, new Date(closesAt).toISOString()));
    return this.view(staff, electionId);
  }

  /** Every shard not yet tallied, then the combination. Safe to call again after a failure. */
  async tally(staff: StaffPrincipal, electionId: string): Promise<{ shards: number; ballotCount: number }> {
    const election = await this.requireManaged(staff, electionId);
    const prefixes = shardPrefixes(election.tallyShardDigits);
    const done = new Set((await onLedger(() => this.#d.auditor.getTally(electionId))).shards.map((s) => s.prefix));
    for (const prefix of prefixes.filter((p) => !done.has(p))) await onLedger(async () => (await this.ledgerFor(staff)).tallyShard(electionId, prefix));
    const existing = (await onLedger(() => this.#d.auditor.getTally(electionId))).tally;
    const tally = existing ?? (await onLedger(async () => (await this.ledgerFor(staff)).combineTally(electionId))).result;
    return { shards: prefixes.length, ballotCount: tally.ballotCount };
  }

  async publish(staff: StaffPrincipal, electionId: string): Promise<PublishedResult> {
    await this.requireManaged(staff, electionId);
    return (await onLedger(async () => (await this.ledgerFor(staff)).publishResult(electionId))).result;
  }

  /** The record in its JSON form, built in memory. */
  async record(electionId: string): Promise<ElectionRecord> {
    return onLedger(() => exportElectionRecord(this.#d.auditor, electionId));
  }

  /**
   * The record in its JSON form for a download, refused (RecordTooLarge) above
   * {@link MAX_JSON_RECORD_BALLOTS} counted ballots before anything is built; `streamedPath`
   * is where its streamed form is.
   */
  async jsonRecord(electionId: string, streamedPath: string): Promise<ElectionRecord> {
    const { tally } = await onLedger(() => this.#d.auditor.getTally(electionId));
    if (tally !== null && tally.ballotCount > MAX_JSON_RECORD_BALLOTS) {
      throw new ApiError(
        'RecordTooLarge',
        `This election has ${tally.ballotCount} counted ballots; its record is sent as one JSON document only up to ${MAX_JSON_RECORD_BALLOTS}. Download the streamed form instead: GET ${streamedPath}`,
        { details: { ballotCount: tally.ballotCount, limit: MAX_JSON_RECORD_BALLOTS, streamed: streamedPath } },
      );
    }
    return this.record(electionId);
  }

  /**
   * The record's streamed form (record.ndjson) as text chunks, read from the ledger a page at a
   * time as they are taken. The header is read first, so a refusal (not published yet) is an
   * ApiError here, before anything is sent; a later ledger failure ends the chunks with an error.
   */
  async recordNdjson(electionId: string): Promise<AsyncGenerator<string>> {
    const chunks = electionRecordNdjson(this.#d.auditor, electionId);
    const header = await onLedger(() => chunks.next());
    return (async function* (): AsyncGenerator<string> {
      if (header.done !== true) yield header.value;
      yield* chunks;
    })();
  }

  /**
   * SHA-256 (hex) of record.ndjson exactly as the download sends it, hashed as it streams from the
   * ledger (any size): `sha256sum record-<eid>.ndjson` prints the same. The certificate shows it.
   */
  async recordDigest(electionId: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of await this.recordNdjson(electionId)) hash.update(chunk, 'utf8');
    return hash.digest('hex');
  }

  async view(staff: StaffPrincipal, electionId: string): Promise<AdminElection> {
    const election = await this.requireManaged(staff, electionId);
    const local = this.#d.store.elections.get<ElectionInput, ElectionInfo>(electionId);
    const transcript = await onLedger(() => this.#d.auditor.getCeremony(electionId));
    const { shards, tally } = await onLedger(() => this.#d.auditor.getTally(electionId));
    const shares = (await onLedger(() => this.#d.auditor.getDecryptionShares(electionId))).map((s) => s.holder);
    const result = election.state === 'tallied' || election.state === 'purged' ? await onLedger(() => this.#d.auditor.getResult(electionId)) : null;
    return {
      electionId,
      title: election.manifest.title,
      state: election.state,
      schedule: election.schedule,
      organizationId: election.organizationId,
      managingMspId: election.managingMspId,
      manifest: election.manifest,
      input: local?.input ?? null,
      info: local?.info ?? null,
      roll: {
        imported: this.#d.store.voters.count(electionId),
        frozen: election.roll !== null,
        count: election.roll?.count ?? null,
        hash: election.roll?.hash ?? null,
      },
      ceremony: {
        holders: election.keyHolders.map((h) => ({
          index: h.index,
          name: h.name,
          round1: transcript.round1.some((m) => m.holder === h.index),
          round2: transcript.round2.some((m) => m.sender === h.index),
          reviewed: transcript.reviews.some((r) => r.holder === h.index),
          complaints: transcript.complaints.filter((c) => c.complainer === h.index).length,
        })),
        finalized: election.ceremony !== null,
        jointKey: election.ceremony?.jointKey ?? null,
      },
      tally: {
        shards: 16 ** election.tallyShardDigits,
        shardsDone: shards.length,
        combined: tally !== null,
        ballotCount: tally?.ballotCount ?? null,
        shares,
        threshold: election.manifest.keyCeremony.threshold,
        published: result !== null,
      },
      turnout: this.#d.turnout(electionId),
      history: [...election.history],
    };
  }
}
