/**
 * Runs a real election on the running test network through the ledger client, each party with
 * its own enrolled identity: the election admin, five key holders across the organizations, the
 * commissions' gateways. For integration tests and benchmarks; the product does the same through
 * the gateway service.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  canonicalBytes,
  ceremonyParams,
  computeDecryptionShare,
  credentialFromSecret,
  encryptBallot,
  generateCredentialSecret,
  holderSecretShare,
  receiveShares,
  rollCommitment,
  round1,
  round2,
  shardPrefixes,
  type BallotContext,
  type CeremonyResult,
  type HolderState,
  type Manifest,
  type Round1Message,
  type Round2Message,
} from '@ballotledger/core';
import type { ElectionDraft, PublishedResult } from '@ballotledger/chaincode';
import { councilManifest } from '@ballotledger/core/testing/fixtures';
import { collectionMembers, createTopology, identityProfile, loadCollectionSpecs, loadNetworkProfile, orgProfile, type NetworkProfile } from '@ballotledger/test-network';
import type { AuditedLedger } from '../ballot-audit.js';
import { BallotLedger } from '../ballot-ledger.js';
import { connectLedger, type LedgerConnection } from '../connection.js';

export const ORG_NAMES = ['Central', 'Seoul', 'Busan', 'Observer'] as const;

export interface ProfileLedger {
  readonly ledger: BallotLedger;
  readonly connection: LedgerConnection;
  close(): void;
}

/** Every org's peer read as that org's auditor, with whether the org keeps turnout flags (network/collections.yaml); close each. */
export function auditedLedgers(profile: NetworkProfile): (AuditedLedger & { close(): void })[] {
  const turnout = loadCollectionSpecs().find((s) => s.name === 'turnout');
  const keepers = new Set(turnout ? collectionMembers(createTopology(), turnout).map((o) => o.name) : []);
  return profile.orgs.map((o) => {
    const connected = profileLedger(profile, o.name, 'auditor');
    return { org: o.name, ledger: connected.ledger, keepsTurnout: keepers.has(o.name), close: () => connected.close() };
  });
}

/** A ledger client as `identity` of `org`, connected to that org's peer. */
export function profileLedger(profile: NetworkProfile, org: string, identity: string): ProfileLedger {
  const o = orgProfile(profile, org);
  const id = identityProfile(profile, org, identity);
  if (!id.certPath || !id.keyPath) throw new Error(`${org}/${identity} is not enrolled`);
  const connection = connectLedger({
    peer: { address: o.peer.address, tlsRootCert: readFileSync(o.peer.tlsCaCertPath), hostnameOverride: o.peer.hostname },
    identity: { mspId: id.mspId, certificate: readFileSync(id.certPath), privateKey: readFileSync(id.keyPath) },
  });
  const commissions = profile.orgs.filter((x) => x.kind === 'commission').map((x) => x.mspId);
  const observer = profile.orgs.find((x) => x.kind !== 'commission')!.mspId;
  const ledger = new BallotLedger(connection, { channel: profile.channel, chaincode: profile.chaincode.name, orgs: { own: o.mspId, commissions, observer }, ownPeerOnly: true });
  return { ledger, connection, close: () => connection.close() };
}

/** Holders 1..5: two at Central, one at each other organization. */
export const KEY_HOLDERS: readonly { org: string; identity: string }[] = [
  { org: 'Central', identity: 'keyholder1' },
  { org: 'Central', identity: 'keyholder2' },
  { org: 'Seoul', identity: 'keyholder3' },
  { org: 'Busan', identity: 'keyholder4' },
  { org: 'Observer', identity: 'keyholder5' },
];

export interface DriverVoter {
  readonly secret: string;
  readonly credential: string;
  readonly pseudonym: string;
}

export function driverManifest(electionId: string): Manifest {
  return councilManifest(electionId, '통합 시험 선거 / Integration test election');
}

export class ElectionDriver {
  readonly profile: NetworkProfile;
  readonly electionId: string;
  readonly manifest: Manifest;
  readonly admin: ProfileLedger;
  readonly gateways: Map<string, ProfileLedger> = new Map();
  voters: DriverVoter[] = [];
  states: HolderState[] = [];
  ceremony: CeremonyResult | undefined;

  constructor(profile: NetworkProfile = loadNetworkProfile(), electionId = `it-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, manifest?: Manifest) {
    this.profile = profile;
    this.electionId = electionId;
    this.manifest = manifest ?? driverManifest(electionId);
    this.admin = profileLedger(profile, 'Central', 'electionadmin');
  }

  /** The gateway identity of a commission (cached connection). */
  gateway(org = 'Central'): BallotLedger {
    let g = this.gateways.get(org);
    if (!g) {
      g = profileLedger(this.profile, org, 'gateway');
      this.gateways.set(org, g);
    }
    return g.ledger;
  }

  get context(): BallotContext {
    if (!this.ceremony) throw new Error('the ceremony has not run');
    return { manifest: this.manifest, jointKey: this.ceremony.jointKey, electionBaseHash: this.ceremony.electionBaseHash };
  }

  draft(overrides: Partial<ElectionDraft> = {}): ElectionDraft {
    const now = Date.now();
    return {
      v: 1,
      manifest: this.manifest,
      organizationId: 'CentralMSP',
      infoHash: null,
      schedule: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 86_400_000).toISOString() },
      keyHolders: KEY_HOLDERS.map((h, i) => ({ index: i + 1, mspId: orgProfile(this.profile, h.org).mspId, enrollmentId: h.identity, name: `${h.org} ${h.identity}` })),
      channels: ['web', 'mobile'],
      resultsVisibility: 'public',
      tallyShardDigits: 1,
      retentionDays: 7,
      ...overrides,
    };
  }

  async create(overrides: Partial<ElectionDraft> = {}): Promise<void> {
    await this.admin.ledger.createElection(this.draft(overrides));
  }

  /** Rounds 1, 2 and reviews, each holder with its own identity; then the admin finalizes. */
  async runCeremony(): Promise<CeremonyResult> {
    const p = ceremonyParams(this.manifest);
    const holders = KEY_HOLDERS.map((h) => profileLedger(this.profile, h.org, h.identity));
    try {
      const r1 = holders.map((_, i) => round1(p, i + 1));
      await Promise.all(holders.map((h, i) => h.ledger.postRound1(this.electionId, r1[i]!.message)));
      const msgs1: Round1Message[] = r1.map((r) => r.message);
      const msgs2: Round2Message[] = r1.map((r) => round2(r.state, msgs1, p));
      await Promise.all(holders.map((h, i) => h.ledger.postRound2(this.electionId, msgs2[i]!)));
      const received = r1.map((r) => receiveShares(r.state, msgs1, msgs2, p));
      await Promise.all(holders.map((h, i) => h.ledger.postReview(this.electionId, i + 1, received[i]!.complaints)));
      this.ceremony = (await this.admin.ledger.finalizeCeremony(this.electionId)).result;
      this.states = r1.map((r, i) => holderSecretShare(r.state, received[i]!.shares, this.ceremony!));
      return this.ceremony;
    } finally {
      holders.forEach((h) => h.close());
    }
  }

  /** Registers `count` fresh voters' public credentials in batches and freezes the roll. */
  async registerRoll(count: number, batchSize = 500): Promise<void> {
    this.voters = Array.from({ length: count }, () => {
      const secret = generateCredentialSecret();
      return { secret, credential: credentialFromSecret(this.electionId, secret).publicCredential, pseudonym: randomBytes(32).toString('base64url') };
    });
    const batches = [];
    for (let i = 0; i * batchSize < count; i++) {
      const credentials = this.voters.slice(i * batchSize, (i + 1) * batchSize).map((v) => v.credential);
      batches.push((await this.admin.ledger.registerCredentials(this.electionId, i, credentials)).result);
    }
    const roll = rollCommitment(batches);
    await this.admin.ledger.freezeRoll(this.electionId, roll.count, roll.hash);
  }

  async open(): Promise<void> {
    await this.admin.ledger.transition('OpenElection', this.electionId);
  }

  /** Everything up to an open election with `voters` registered voters. */
  async setup(voters: number): Promise<this> {
    await this.create();
    await this.runCeremony();
    await this.registerRoll(voters);
    await this.open();
    return this;
  }

  /** The canonical bytes of a fresh ballot of `voter` with `choices`. */
  ballotBytes(voter: DriverVoter, choices: readonly (readonly number[])[]): { bytes: Uint8Array; tracker: string } {
    const { ballot, tracker } = encryptBallot(this.context, choices, voter.secret);
    return { bytes: canonicalBytes(ballot), tracker };
  }

  async closeAndTally(): Promise<void> {
    await this.admin.ledger.transition('CloseElection', this.electionId);
    const election = await this.admin.ledger.getElection(this.electionId);
    for (const prefix of shardPrefixes(election.tallyShardDigits)) await this.admin.ledger.tallyShard(this.electionId, prefix);
    await this.admin.ledger.combineTally(this.electionId);
  }

  /** The listed holders (1-based) decrypt with their own identities; then the admin publishes. */
  async decryptAndPublish(holders: readonly number[]): Promise<PublishedResult> {
    const { tally } = await this.admin.ledger.getTally(this.electionId);
    if (!tally || !this.ceremony) throw new Error('no combined tally');
    for (const index of holders) {
      const h = KEY_HOLDERS[index - 1]!;
      const holder = profileLedger(this.profile, h.org, h.identity);
      try {
        await holder.ledger.submitDecryptionShare(this.electionId, computeDecryptionShare(this.manifest, tally, this.states[index - 1]!, this.ceremony));
      } finally {
        holder.close();
      }
    }
    return (await this.admin.ledger.publishResult(this.electionId)).result;
  }

  close(): void {
    this.admin.close();
    for (const g of this.gateways.values()) g.close();
  }
}
