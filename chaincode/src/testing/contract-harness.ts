/**
 * Drives the BallotContract against a MemoryLedger the way peers and clients would: every call is
 * a transaction by a named identity, committed (or only simulated, for concurrency tests).
 */
import { randomBytes } from 'node:crypto';
import {
  credentialFromSecret,
  generateCredentialSecret,
  type Manifest,
} from '@ballotledger/core';
import { councilManifest } from '@ballotledger/core/testing/fixtures';
import type { Context } from 'fabric-contract-api';
import { BallotContract } from '../ballot-contract.js';
import type { ElectionDraft } from '../election.js';
import { COMMISSION_MSPS, OBSERVER_MSP } from '../network-roles.js';
import { MemoryLedger, type LedgerOptions, type MemoryIdentity, type MemoryTransaction, type TransactionOptions } from './memory-ledger.js';

export const identities = {
  admin: { mspId: 'CentralMSP', name: 'electionadmin', attrs: { role: 'admin' } },
  seoulAdmin: { mspId: 'SeoulMSP', name: 'electionadmin', attrs: { role: 'admin' } },
  gateway: { mspId: 'CentralMSP', name: 'gateway', attrs: { role: 'gateway' } },
  seoulGateway: { mspId: 'SeoulMSP', name: 'gateway', attrs: { role: 'gateway' } },
  auditor: { mspId: OBSERVER_MSP, name: 'auditor', attrs: { role: 'auditor' } },
  keyholder: (index: number): MemoryIdentity => ({ mspId: 'CentralMSP', name: `keyholder${index}`, attrs: { role: 'keyholder' } }),
} as const;

export function newChannelLedger(options: LedgerOptions = {}): MemoryLedger {
  return new MemoryLedger(
    {
      turnout: { members: COMMISSION_MSPS, memberOnlyRead: true, memberOnlyWrite: true },
      ballots: { members: [...COMMISSION_MSPS, OBSERVER_MSP], memberOnlyRead: true, memberOnlyWrite: true },
    },
    options,
  );
}

export function sampleManifest(electionId = 'e2026-student-council', holders = 5, threshold = 3): Manifest {
  return councilManifest(electionId, undefined, threshold, holders);
}

export function sampleDraft(manifest: Manifest, overrides: Partial<ElectionDraft> = {}): ElectionDraft {
  return {
    v: 1,
    manifest,
    organizationId: 'CentralMSP',
    infoHash: null,
    schedule: { opensAt: '2026-03-02T00:00:00.000Z', closesAt: '2026-03-04T00:00:00.000Z' },
    keyHolders: Array.from({ length: manifest.keyCeremony.holders }, (_, i) => ({
      index: i + 1,
      mspId: 'CentralMSP',
      enrollmentId: `keyholder${i + 1}`,
      name: `Key holder ${i + 1}`,
    })),
    channels: ['web', 'mobile'],
    resultsVisibility: 'public',
    tallyShardDigits: 1,
    retentionDays: 7,
    ...overrides,
  };
}

type Method = { [K in keyof BallotContract]: BallotContract[K] extends (ctx: Context, ...args: string[]) => Promise<string> ? K : never }[keyof BallotContract];

export class ContractHarness {
  readonly ledger: MemoryLedger;
  readonly contract = new BallotContract();

  constructor(ledger: MemoryLedger = newChannelLedger()) {
    this.ledger = ledger;
  }

  /** Submits and commits a transaction; returns the parsed result. Throws the chaincode error. */
  async submit<T = unknown>(identity: MemoryIdentity, method: Method, args: string[], extra: Partial<TransactionOptions> = {}): Promise<T> {
    const text = await this.ledger.submit({ identity, ...extra }, (ctx) => this.#call(ctx, method, args));
    return JSON.parse(text) as T;
  }

  /** Evaluates a query; nothing is written. */
  async evaluate<T = unknown>(identity: MemoryIdentity, method: Method, args: string[], extra: Partial<TransactionOptions> = {}): Promise<T> {
    const text = await this.ledger.evaluate({ identity, ...extra }, (ctx) => this.#call(ctx, method, args));
    return JSON.parse(text) as T;
  }

  /** Simulates (endorses) a transaction without committing it, for concurrency tests. */
  async endorse(identity: MemoryIdentity, method: Method, args: string[], extra: Partial<TransactionOptions> = {}): Promise<MemoryTransaction> {
    const tx = this.ledger.transaction({ identity, ...extra });
    await this.#call(tx.ctx, method, args);
    return tx;
  }

  /** Resolves to the `[Code]` of the refusal, or throws if the call succeeded. */
  async refusal(identity: MemoryIdentity, method: Method, args: string[], extra: Partial<TransactionOptions> = {}): Promise<string> {
    try {
      await this.submit(identity, method, args, extra);
    } catch (e) {
      const code = /^\[([A-Za-z]+)\]/.exec((e as Error).message)?.[1];
      if (code) return code;
      throw e;
    }
    throw new Error(`${method} was expected to be refused`);
  }

  /** As fabric-contract-api does: the contract's beforeTransaction hook, then the transaction. */
  async #call(ctx: Context, method: Method, args: string[]): Promise<string> {
    await this.contract.beforeTransaction(ctx);
    const fn = this.contract[method] as (ctx: Context, ...args: string[]) => Promise<string>;
    return fn.call(this.contract, ctx, ...args);
  }
}

export interface Voter {
  readonly secret: string;
  readonly credential: string;
  /** The gateway's pseudonym for the voter (32 random bytes here; an HMAC in the gateway). */
  readonly pseudonym: string;
}

export function newVoters(electionId: string, count: number): Voter[] {
  return Array.from({ length: count }, () => {
    const secret = generateCredentialSecret();
    return {
      secret,
      credential: credentialFromSecret(electionId, secret).publicCredential,
      pseudonym: randomBytes(32).toString('base64url'),
    };
  });
}
