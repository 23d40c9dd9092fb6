/**
 * Shared fixture of the fault tests: the real network, a gateway child process with an election
 * set up through its HTTP API, signed-in voters with pre-encrypted ballots, and the oracles
 * (what each peer holds, read from that peer alone).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { encryptBallot, type Ballot, type BallotContext } from '@ballotledger/core';
import { auditedLedgers, profileLedger } from '@ballotledger/ledger-client/testing/election-driver';
import { auditBallots, peerBallotHashes, type BallotAuditResult } from '@ballotledger/ledger-client';
import { createTopology, type NetworkProfile } from '@ballotledger/test-network';
import { choicesOf, setUpApiElection, type ApiElection } from '../testing/api-election.js';
import { GatewayProcess } from '../testing/gateway-process.js';
import { HttpVoter, type HttpReply } from '../testing/http-voter.js';

export const ORGS = ['Central', 'Seoul', 'Busan', 'Observer'] as const;
export const COMMISSIONS = ['Central', 'Seoul', 'Busan'] as const;

export interface CastOutcome {
  readonly index: number;
  readonly status: number;
  readonly code: string | null;
  readonly tracker: string | null;
  readonly ms: number;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class FaultFixture {
  readonly profile: NetworkProfile;
  readonly topology = createTopology();
  readonly dir: string;
  gw: GatewayProcess;
  election!: ApiElection;
  voters: HttpVoter[] = [];
  ballots: { ballot: Ballot; tracker: string }[] = [];
  context!: BallotContext;
  #next = 0;

  constructor(profile: NetworkProfile, port = 18180) {
    this.profile = profile;
    this.dir = join(this.topology.stateDir, 'faults', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(this.dir, { recursive: true });
    this.gw = new GatewayProcess({ dataDir: join(this.dir, 'gateway'), port, profilePath: this.topology.paths.profile, env: { BL_LOG_LEVEL: 'info' } });
  }

  async setUp(voterCount: number): Promise<void> {
    await this.gw.start();
    const t0 = performance.now();
    this.election = await setUpApiElection(this.gw.baseUrl, this.gw.adminPassword(), this.profile, voterCount);
    for (const v of this.election.voters) {
      const hv = new HttpVoter(this.gw.baseUrl, v.link);
      if ((await hv.signIn(v.name, v.birthDate)) !== 'ok') throw new Error(`${v.voterId} already voted`);
      this.voters.push(hv);
    }
    const e = (await this.voters[0]!.request('GET', '/api/voter/election')).body;
    this.context = { manifest: e.manifest, jointKey: e.jointKey, electionBaseHash: e.electionBaseHash };
    this.ballots = this.voters.map((v, i) => encryptBallot(this.context, choicesOf(i), v.secret));
    console.log(`      election ${this.eid} with ${voterCount} signed-in voters and encrypted ballots in ${((performance.now() - t0) / 1000).toFixed(1)} s (gateway pid ${this.gw.pid}, ${this.gw.baseUrl})`);
  }

  get eid(): string {
    return this.election.electionId;
  }

  /** The next `n` unused voters' indexes. */
  take(n: number): number[] {
    const out = Array.from({ length: n }, (_, k) => this.#next + k);
    this.#next += n;
    if (this.#next > this.voters.length) throw new Error('fixture ran out of voters');
    return out;
  }

  /** Casts voter i's ballot through the gateway's HTTP API. */
  async cast(i: number, timeoutMs = 180_000): Promise<CastOutcome> {
    const t0 = performance.now();
    let r: HttpReply;
    try {
      r = await this.voters[i]!.cast(this.ballots[i]!.ballot, 'web', timeoutMs);
    } catch (err) {
      return { index: i, status: 0, code: (err as Error).name, tracker: null, ms: performance.now() - t0 };
    }
    const tracker = r.status === 201 ? (r.body.tracker as string) : r.status === 409 ? ((r.body?.error?.details?.receipt?.tracker as string | undefined) ?? null) : null;
    return { index: i, status: r.status, code: r.body?.error?.code ?? null, tracker, ms: performance.now() - t0 };
  }

  /** Casts at a fixed spacing (open loop), all in flight together; resolves with every outcome. */
  async castSpaced(indexes: readonly number[], spacingMs: number, during?: (k: number) => Promise<void> | void): Promise<CastOutcome[]> {
    const all: Promise<CastOutcome>[] = [];
    for (let k = 0; k < indexes.length; k++) {
      all.push(this.cast(indexes[k]!));
      await during?.(k);
      await sleep(spacingMs);
    }
    return Promise.all(all);
  }

  /**
   * What a voter does after "not recorded, try again": sends the same ballot again until it is
   * recorded (201) or the gateway says it already was (409 AlreadyVoted with the receipt).
   */
  async castUntilRecorded(i: number, attempts = 30): Promise<CastOutcome> {
    let last: CastOutcome | undefined;
    for (let a = 0; a < attempts; a++) {
      last = await this.cast(i);
      if (last.status === 201 || (last.status === 409 && last.code === 'AlreadyVoted')) return last;
      await sleep(2000);
    }
    throw new Error(`voter ${i} not recorded after ${attempts} attempts: ${JSON.stringify(last)}`);
  }

  // ---------------------------------------------------------------- oracles (one peer at a time)

  /** The ballot audit of this election over every org's peer (what `npm run network:audit-ballots` runs). */
  async auditBallots(): Promise<BallotAuditResult> {
    const ledgers = auditedLedgers(this.profile);
    try {
      return await auditBallots(ledgers, this.eid);
    } finally {
      for (const l of ledgers) l.close();
    }
  }

  /** Every ballot of the election on `org`'s peer: tracker → SHA-256 of the bytes it serves. */
  async peerBallots(org: string): Promise<Map<string, string>> {
    const l = profileLedger(this.profile, org, 'auditor');
    try {
      return await peerBallotHashes(l.ledger, this.eid);
    } finally {
      l.close();
    }
  }

  /** Number of turnout flags in `org`'s private store (commissions only). */
  async peerTurnoutFlags(org: string): Promise<number> {
    const l = profileLedger(this.profile, org, 'auditor');
    try {
      return await l.ledger.turnoutRemaining(this.eid);
    } finally {
      l.close();
    }
  }

  /** Ballots recorded on the public ledger (receipts), as `org`'s peer counts them. */
  async turnoutCount(org = 'Central'): Promise<number> {
    const l = profileLedger(this.profile, org, 'auditor');
    try {
      return await l.ledger.turnoutCount(this.eid);
    } finally {
      l.close();
    }
  }

  /**
   * Problems of one peer's private data: ballots missing, or whose bytes do not hash to their
   * tracker; on a commission's peer also turnout flags that are not one per expected ballot.
   */
  async peerProblems(org: string, expected: ReadonlySet<string>): Promise<string[]> {
    const held = await this.peerBallots(org);
    const problems: string[] = [];
    for (const t of expected) if (!held.has(t)) problems.push(`${org}: ballot ${t.slice(0, 12)}… missing`);
    for (const [t, h] of held) if (h !== t) problems.push(`${org}: ballot ${t.slice(0, 12)}… altered (its bytes hash to ${h.slice(0, 12)}…)`);
    if ((COMMISSIONS as readonly string[]).includes(org)) {
      const flags = await this.peerTurnoutFlags(org);
      if (flags !== expected.size) problems.push(`${org}: ${flags} turnout flags for ${expected.size} ballots`);
    }
    return problems;
  }

  /** The gateway's own rows (read-only, next to the running process). */
  store(): DatabaseSync {
    return new DatabaseSync(join(this.gw.options.dataDir, 'gateway.sqlite'), { readOnly: true });
  }

  pendingCasts(voterIds: readonly string[]): { voterId: string; state: string; txId: string }[] {
    const db = this.store();
    try {
      return voterIds.flatMap((v) => db.prepare('SELECT voter_id AS voterId, state, tx_id AS txId FROM pending_casts WHERE election_id = ? AND voter_id = ?').all(this.eid, v) as { voterId: string; state: string; txId: string }[]);
    } finally {
      db.close();
    }
  }

  credentialRow(voterId: string): { credential: string; pseudonym: string } {
    const db = this.store();
    try {
      return db.prepare('SELECT credential, pseudonym FROM credentials WHERE election_id = ? AND voter_id = ?').get(this.eid, voterId) as { credential: string; pseudonym: string };
    } finally {
      db.close();
    }
  }

  voterId(i: number): string {
    return this.election.voters[i]!.voterId;
  }
}

export function summarize(outcomes: readonly CastOutcome[]): string {
  const by = new Map<string, number>();
  for (const o of outcomes) by.set(o.status === 201 ? '201' : `${o.status} ${o.code ?? ''}`.trim(), (by.get(o.status === 201 ? '201' : `${o.status} ${o.code ?? ''}`.trim()) ?? 0) + 1);
  return [...by].map(([k, v]) => `${k} ×${v}`).join(', ');
}
