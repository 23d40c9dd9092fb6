/**
 * An in-memory stand-in for the ledger client (`BallotLedger`) with just the behaviour the
 * gateway's services read and write: elections and their state machine, a finished election's
 * record (simulated by core, read in pages), tracker and credential lookups, blackouts, transaction statuses,
 * cast endorsement/submission and the `BallotCast` event stream. For route and service unit tests
 * of allowed requests; the real chaincode is exercised by the integration tests.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ballotTracker, canonicalJson, simulateElection, type Ballot, type ElectionRecord } from '@ballotledger/core';
import { smallManifest } from '@ballotledger/core/testing/fixtures';
import type { Application, Blackout, Election, Page, PublishedResult, Receipt, SpoiledEntry } from '@ballotledger/chaincode';
import { LedgerError, type BallotLedger, type CastEvent, type CastInput, type Committed, type PreparedTransaction, type TransactionStatus } from '@ballotledger/ledger-client';
import { keyPageOf } from '@ballotledger/ledger-client/testing/key-pages';
import type { NetworkProfile, OrgProfile } from '@ballotledger/test-network';
import type { FabricAccess } from '../ledger/fabric-access.js';
import { createLedgerServices, type LedgerServices } from '../ledger/ledger-services.js';
import type { PeerAuditReport } from '../ledger/peer-audit.js';
import type { Services } from '../services.js';
import { SpoilLedgerModel } from './stub-ledger.js';

type State = Election['state'];
const NEXT: Record<string, { from: readonly State[]; to: State }> = {
  OpenElection: { from: ['frozen'], to: 'open' },
  PauseElection: { from: ['open'], to: 'paused' },
  ResumeElection: { from: ['paused'], to: 'open' },
  CloseElection: { from: ['open', 'paused'], to: 'closed' },
};

/** An election as the ledger would hold it, from a simulated record; in `state`. */
export function fakeElection(sim: ElectionRecord, state: State, overrides: Partial<Election> = {}): Election {
  const holders = sim.manifest.keyCeremony.holders;
  return {
    v: 1,
    electionId: sim.manifest.electionId,
    manifest: sim.manifest,
    manifestHash: sim.manifestHash,
    organizationId: 'org-school',
    managingMspId: 'CentralMSP',
    infoHash: null,
    schedule: { opensAt: '2026-03-02T00:00:00.000Z', closesAt: '2026-03-04T00:00:00.000Z' },
    keyHolders: Array.from({ length: holders }, (_, i) => ({ index: i + 1, mspId: 'CentralMSP', enrollmentId: `keyholder${i + 1}`, name: `Key holder ${i + 1}` })),
    channels: ['web', 'mobile'],
    resultsVisibility: 'public',
    tallyShardDigits: 1,
    retentionDays: 7,
    state,
    ceremony: state === 'draft' ? null : sim.ceremony.result,
    roll: state === 'draft' ? null : { count: sim.credentials.length, hash: 'roll-hash', frozenAt: '2026-03-01T00:00:00.000Z' },
    closedAt: null,
    publishedAt: null,
    history: [
      { action: 'FreezeRoll', at: '2026-03-01T00:00:00.000Z', txId: 'tx-freeze', by: 'CentralMSP/electionadmin' },
      { action: 'FinalizeCeremony', at: '2026-03-01T01:00:00.000Z', txId: 'tx-ceremony', by: 'CentralMSP/electionadmin' },
    ],
    ...overrides,
  } as Election;
}

/** A queue of `BallotCast` events the test pushes; the turnout projector iterates it. */
class EventFeed implements AsyncIterable<CastEvent> {
  readonly #queue: CastEvent[] = [];
  #wake: (() => void) | undefined;
  #closed = false;

  push(e: CastEvent): void {
    this.#queue.push(e);
    this.#wake?.();
  }

  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CastEvent> {
    while (!this.#closed) {
      const next = this.#queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

export class FakeChain {
  readonly elections = new Map<string, Election>();
  readonly records = new Map<string, { record: ElectionRecord; published: PublishedResult }>();
  readonly blackouts: Blackout[] = [];
  readonly receipts: Receipt[] = [];
  readonly usedCredentials = new Set<string>();
  readonly statuses = new Map<string, TransactionStatus>();
  /** Every transaction submitted, as `Name electionId`. */
  readonly submitted: string[] = [];
  /** Every prepared transaction submitted, by its bytes. */
  readonly submittedBytes: Uint8Array[] = [];
  /** How a submit of prepared bytes ends: its block, or a LedgerError (default: block 9). */
  submitOutcome: (bytes: Uint8Array) => Promise<number> = () => Promise.resolve(9);
  readonly applications = new Map<string, Application>();
  /** Every application decision submitted, with the staff reference it carried. */
  readonly decisions: { ref: string; decision: string; reason: string; staff: string }[] = [];
  /** Items per page of the paged reads (credentials, spoiled ballots, ballots). */
  pageSize = 500;
  /** The `after` of every ballot page read. */
  readonly ballotPagesRead: string[] = [];
  /** Awaited before a ballot page is answered (a test holds or fails pages with it). */
  ballotsPageGate: (after: string) => Promise<void> = () => Promise.resolve();
  #feed: EventFeed | undefined;
  #tx = 0;

  /** Adds an election in `state`, from a small simulated election (2 ballots unless `ballots`). */
  addElection(state: State, overrides: Partial<Election> = {}, ballots = 2): Election {
    const sim = simulateElection({ manifest: smallManifest(overrides.electionId ?? 'e-small'), ballots, shards: 1 });
    const election = fakeElection(sim.record, state, overrides);
    this.elections.set(election.electionId, election);
    this.records.set(election.electionId, { record: sim.record, published: { result: sim.record.result, usedHolders: sim.record.decryptionShares.map((s) => s.holder), publishedAt: '2026-03-05T00:00:00.000Z', txId: 'tx-publish' } });
    return election;
  }

  /** Delivers a `BallotCast` event to the open event stream. */
  emit(e: CastEvent): void {
    if (!this.#feed) throw new Error('nobody listens to cast events yet');
    this.#feed.push(e);
  }

  get listening(): boolean {
    return this.#feed !== undefined;
  }

  #election(electionId: string): Election {
    const e = this.elections.get(electionId);
    if (!e) throw new LedgerError({ code: 'NotFound', message: `election ${electionId} not found` });
    return e;
  }

  #committed<T>(name: string, electionId: string, result: T): Committed<T> {
    this.submitted.push(`${name} ${electionId}`);
    this.#tx += 1;
    return { txId: `tx-${this.#tx}`, blockNumber: 10 + this.#tx, result };
  }

  async getElection(electionId: string): Promise<Election> {
    return this.#election(electionId);
  }

  async listElections(): Promise<Election[]> {
    return [...this.elections.values()];
  }

  async transition(name: string, electionId: string): Promise<Committed<unknown>> {
    const e = this.#election(electionId);
    const rule = NEXT[name];
    if (!rule) throw new Error(`the fake chain has no ${name}`);
    if (!rule.from.includes(e.state)) throw new LedgerError({ code: 'WrongState', message: `election ${electionId} is ${e.state}` });
    const next = { ...e, state: rule.to, history: [...e.history, { action: name, at: new Date().toISOString(), txId: `tx-${name}`, by: 'CentralMSP/electionadmin' }] };
    this.elections.set(electionId, next);
    return this.#committed(name, electionId, next);
  }

  async extendElection(electionId: string, closesAt: string): Promise<Committed<Election>> {
    const e = this.#election(electionId);
    if (Date.parse(closesAt) <= Date.parse(e.schedule.closesAt)) throw new LedgerError({ code: 'BadRequest', message: 'closesAt must be later than the current closing time' });
    const next = { ...e, schedule: { ...e.schedule, closesAt } };
    this.elections.set(electionId, next);
    return this.#committed('ExtendElection', electionId, next);
  }

  async getCeremony(electionId: string): Promise<{ round1: ElectionRecord['ceremony']['round1']; round2: ElectionRecord['ceremony']['round2']; reviews: never[]; complaints: ElectionRecord['ceremony']['complaints']; result: Election['ceremony'] }> {
    const { record } = this.records.get(electionId)!;
    return { round1: record.ceremony.round1, round2: record.ceremony.round2, reviews: [], complaints: record.ceremony.complaints, result: this.#election(electionId).ceremony };
  }

  #tallied(electionId: string): boolean {
    return this.#election(electionId).state === 'tallied';
  }

  async getTally(electionId: string): Promise<{ shards: never[]; tally: ElectionRecord['tally'] | null }> {
    return { shards: [], tally: this.#tallied(electionId) ? this.records.get(electionId)!.record.tally : null };
  }

  async getDecryptionShares(electionId: string): Promise<ElectionRecord['decryptionShares']> {
    return this.#tallied(electionId) ? this.records.get(electionId)!.record.decryptionShares : [];
  }

  async getResult(electionId: string): Promise<PublishedResult | null> {
    return this.#tallied(electionId) ? this.records.get(electionId)!.published : null;
  }

  async credentialsPage(electionId: string, after = ''): Promise<Page<string>> {
    return keyPageOf(this.records.get(electionId)!.record.credentials, (c) => c, after, this.pageSize);
  }

  async spoiledPage(electionId: string, after = ''): Promise<Page<SpoiledEntry>> {
    const entries = this.records.get(electionId)!.record.spoiledBallots.map((spoiled) => ({ electionId, tracker: ballotTracker(spoiled.ballot), txId: 'tx-spoil', at: '2026-03-02T00:00:00.000Z', spoiled }));
    return keyPageOf(entries, (e) => e.tracker, after, this.pageSize);
  }

  async ballotsPage(electionId: string, after = ''): Promise<Page<{ tracker: string; ballot: string }>> {
    this.ballotPagesRead.push(after);
    await this.ballotsPageGate(after);
    const ballots = this.records.get(electionId)!.record.ballots.map((b) => ({ tracker: ballotTracker(b), ballot: canonicalJson(b) }));
    return keyPageOf(ballots, (b) => b.tracker, after, this.pageSize);
  }

  async transactionStatus(txId: string): Promise<TransactionStatus> {
    return this.statuses.get(txId) ?? { code: 'VALID', blockNumber: 7 };
  }

  async listBlackouts(): Promise<Blackout[]> {
    return this.blackouts;
  }

  async turnoutCount(electionId: string): Promise<number> {
    return this.receipts.filter((r) => r.electionId === electionId).length;
  }

  async lookupTracker(electionId: string, tracker: string): Promise<Receipt | null> {
    return this.receipts.find((r) => r.electionId === electionId && r.tracker === tracker) ?? null;
  }

  async lookupShortTracker(electionId: string, prefix: string): Promise<Receipt | null> {
    return this.receipts.find((r) => r.electionId === electionId && r.tracker.startsWith(prefix)) ?? null;
  }

  async credentialUsed(_electionId: string, credential: string): Promise<boolean> {
    return this.usedCredentials.has(credential);
  }

  /** SpoilBallot and GetSpoiledBallot, as the chaincode answers them. */
  readonly spoils = new SpoilLedgerModel();

  spoilBallot(...args: Parameters<SpoilLedgerModel['spoilBallot']>): ReturnType<SpoilLedgerModel['spoilBallot']> {
    return this.spoils.spoilBallot(...args);
  }

  getSpoiledBallot(...args: Parameters<SpoilLedgerModel['getSpoiledBallot']>): ReturnType<SpoilLedgerModel['getSpoiledBallot']> {
    return this.spoils.getSpoiledBallot(...args);
  }

  async prepareCast(input: CastInput): Promise<PreparedTransaction<Receipt>> {
    const e = this.#election(input.electionId);
    if (e.state !== 'open') throw new LedgerError({ code: 'NotOpen', message: `election ${input.electionId} is ${e.state}` });
    this.#tx += 1;
    const txId = `cast-${this.#tx}`;
    const tracker = ballotTracker(JSON.parse(new TextDecoder().decode(input.ballotBytes)) as Ballot);
    return { txId, bytes: input.ballotBytes, result: { electionId: input.electionId, tracker, txId, at: new Date().toISOString(), channel: input.channel } };
  }

  async submitPrepared<T>(bytes: Uint8Array): Promise<Committed<T>> {
    this.submittedBytes.push(bytes);
    return { txId: '', blockNumber: await this.submitOutcome(bytes), result: undefined as T };
  }

  async getApplication(ref: string): Promise<Application> {
    const a = this.applications.get(ref);
    if (!a) throw new LedgerError({ code: 'NotFound', message: `no application ${ref}` });
    return a;
  }

  async decideApplication(ref: string, decision: 'approve' | 'reject' | 'request-changes', reason: string, staff: string): Promise<Committed<Application>> {
    const a = await this.getApplication(ref);
    this.decisions.push({ ref, decision, reason, staff });
    const status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes-requested';
    const decided: Application = { ...a, status, history: [...a.history, { action: decision, reason, at: new Date().toISOString(), txId: `tx-${decision}`, by: 'CentralMSP/electionadmin', staff }] };
    this.applications.set(ref, decided);
    return this.#committed('DecideApplication', ref, decided);
  }

  async castEvents(): Promise<AsyncIterable<CastEvent> & { close(): void }> {
    this.#feed = new EventFeed();
    return this.#feed;
  }
}

/** A throwaway CA certificate (its key was discarded): the key-holder relay loads every org's CA at start. */
const FAKE_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBhjCCASugAwIBAgIUJh9WUvY3PNlnpR8Oc8QPZRNMRN0wCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMZmFrZS1jYS50ZXN0MCAXDTI2MTEyNDAzMzAzNVoYDzIxMjYx
MDMxMDMzMDM1WjAXMRUwEwYDVQQDDAxmYWtlLWNhLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASTekW++F5uBIdbQCPA7t/12xsjwEaEK0xFp3mYrB5LdfdI
NyZrYqcxk2G29wwrSquB7m65z9bYyMowGN//w56So1MwUTAdBgNVHQ4EFgQU+oeb
M9KP1aUZxXoYTfziadPTzUkwHwYDVR0jBBgwFoAU+oebM9KP1aUZxXoYTfziadPT
zUkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBGAiEAzshqww1xdsEe
afGfVSkBZycbIL6S62XEf93Y57y29QoCIQDbZiNQR/oWt5W1xfeRQazwfD7ouI2L
cywggEpvxZbuuw==
-----END CERTIFICATE-----`;

let mspPath: string | undefined;
function fakeMsp(): string {
  if (mspPath === undefined) {
    mspPath = mkdtempSync(join(tmpdir(), 'ballotledger-fake-msp-'));
    mkdirSync(join(mspPath, 'cacerts'));
    writeFileSync(join(mspPath, 'cacerts', 'ca.pem'), FAKE_CA_PEM);
  }
  return mspPath;
}

const org = (name: OrgProfile['name'], mspId: string, keyholder: string): OrgProfile =>
  ({
    name,
    mspId,
    kind: 'commission',
    peer: { address: `peer0.${name.toLowerCase()}:7051` },
    identities: {
      auditor: { name: 'auditor', mspId, type: 'client', role: 'auditor', mspPath: fakeMsp() },
      [keyholder]: { name: keyholder, mspId, type: 'client', role: 'keyholder' },
    },
  }) as unknown as OrgProfile;

/** The dev network's profile, as far as the routes read it (organizations, their peers' addresses and key holders). */
export function fakeProfile(): NetworkProfile {
  return { channel: 'elections', chaincode: { name: 'ballot' }, orgs: [org('Central', 'CentralMSP', 'keyholder1'), org('Seoul', 'SeoulMSP', 'keyholder2')] } as unknown as NetworkProfile;
}

export const AGREEING_PEERS: PeerAuditReport = {
  checkedAt: '2026-03-02T00:00:00.000Z',
  agree: true,
  chainsChecking: false,
  peers: [
    { org: 'Central', mspId: 'CentralMSP', address: 'peer0.central:7051', healthy: true, height: 12, currentBlockHash: 'ab'.repeat(32), previousBlockHash: 'cd'.repeat(32), verifiedHeight: 12, chainFault: null, chainCheckStartedAt: '2026-12-07T09:00:00.000Z' },
    { org: 'Seoul', mspId: 'SeoulMSP', address: 'peer0.seoul:7051', healthy: true, height: 12, currentBlockHash: 'ab'.repeat(32), previousBlockHash: 'cd'.repeat(32), verifiedHeight: 12, chainFault: null, chainCheckStartedAt: '2026-12-07T09:00:00.000Z' },
  ],
  mismatches: [],
};

/**
 * The gateway's ledger services (the real election, cast and turnout services) on a fake chain;
 * the cross-node comparison, which dials every peer, answers `peers`.
 */
export function fakeLedgerServices(svc: Services, chain: FakeChain, peers: PeerAuditReport = AGREEING_PEERS): LedgerServices {
  const ledger = chain as unknown as BallotLedger;
  const profile = fakeProfile();
  const fabric = {
    profile,
    org: profile.orgs[0]!,
    orgs: { own: 'CentralMSP', commissions: ['CentralMSP', 'SeoulMSP'], observer: 'ObserverMSP' },
    gateway: ledger,
    admin: ledger,
    auditor: ledger,
    organizationLedger: () => Promise.resolve(ledger),
    close: () => undefined,
  } as unknown as FabricAccess;
  return { ...createLedgerServices(svc, fabric), audit: { check: () => Promise.resolve(peers) } as LedgerServices['audit'] };
}
