/**
 * The gateway hooks answered by the ledger: whether a voter has voted (the local mark, else the
 * `turnout` collection by pseudonym), who manages an election, and the results certificate.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { canonicalBytes } from '@ballotledger/core';
import { verificationPageUrl, type CertificateData } from '../certificate/pdf.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors.js';
import type { StaffPrincipal } from '../security/roles.js';
import type { GatewayHooks } from '../services.js';
import type { Store } from '../storage/store.js';
import { onLedger } from './ledger-errors.js';
import type { LedgerServices } from './ledger-services.js';
import { assertResultsReadable } from './results-access.js';

const sha256Hex = (value: unknown): string => createHash('sha256').update(canonicalBytes(value)).digest('hex');

/**
 * Hooks whose ledger is attached once connected (routes and services are built before). The
 * hooks are own properties (arrow functions), so `createServices` can merge them by spreading.
 */
export class LedgerHooks implements GatewayHooks {
  #ledger: LedgerServices | undefined;
  readonly #store: Store;
  readonly #config: Config;
  readonly #recordHashes = new Map<string, string>();

  constructor(store: Store, config: Config) {
    this.#store = store;
    this.#config = config;
  }

  attach(ledger: LedgerServices): void {
    this.#ledger = ledger;
  }

  readonly hasVoted = async (electionId: string, voterId: string): Promise<boolean> => {
    const credential = this.#store.credentials.get(electionId, voterId);
    if (!credential) return false;
    if (credential.votedAt !== null) return true;
    return this.#ledger ? onLedger(() => this.#ledger!.fabric.gateway.hasVoted(electionId, credential.pseudonym)) : false;
  };

  /** Without a ledger nobody can tell who manages an election, so election-scoped staff requests are refused. */
  readonly authorizeElection = async (staff: StaffPrincipal, electionId: string): Promise<void> => {
    if (!this.#ledger) throw new ApiError('Unavailable', 'The gateway is not connected to the ledger, so it cannot check who manages this election. Try again once the network is reachable.');
    await this.#ledger.elections.requireManaged(staff, electionId);
  };

  readonly certificate = async (electionId: string, viewer: StaffPrincipal | undefined): Promise<CertificateData | undefined> => {
    const ledger = this.#ledger;
    if (!ledger) return undefined;
    const e = await ledger.election(electionId);
    assertResultsReadable(e, viewer, (staff) => ledger.elections.canManage(staff, e), 'results certificate');
    const published = await onLedger(() => ledger.fabric.auditor.getResult(electionId));
    if (!published) return undefined;
    const status = await onLedger(() => ledger.fabric.auditor.transactionStatus(published.txId));
    let recordHash = this.#recordHashes.get(electionId);
    if (!recordHash) {
      recordHash = await onLedger(() => ledger.elections.recordDigest(electionId));
      this.#recordHashes.set(electionId, recordHash);
    }
    const info = this.#store.elections.get<unknown, { contests: { options: { optionId: string; number: number | null; name: string }[] }[] }>(electionId)?.info;
    return {
      electionId,
      title: e.manifest.title,
      organization: e.organizationId,
      commission: e.managingMspId,
      votingPeriod: { opens: e.schedule.opensAt, closes: e.schedule.closesAt },
      turnout: { eligible: e.roll?.count ?? 0, voted: published.result.ballotCount },
      contests: e.manifest.contests.map((c, ci) => {
        const counts = published.result.contests[ci]?.counts ?? [];
        const abstainAt = c.options.findIndex((o) => o.optionId === c.abstainOptionId);
        return {
          title: c.label,
          options: c.options
            .map((o, oi) => ({ o, oi }))
            .filter(({ oi }) => oi !== abstainAt)
            .map(({ o, oi }) => {
              const shown = info?.contests[ci]?.options.find((x) => x.optionId === o.optionId);
              return { label: shown?.name ?? o.label, ...(shown?.number ? { number: String(shown.number) } : {}), count: counts[oi] ?? 0 };
            }),
          ...(abstainAt >= 0 ? { abstain: counts[abstainAt] ?? 0 } : {}),
        };
      }),
      quorum: {
        threshold: e.manifest.keyCeremony.threshold,
        total: e.manifest.keyCeremony.holders,
        holders: published.usedHolders.map((i) => e.keyHolders.find((h) => h.index === i)?.name ?? `#${i}`),
      },
      anchors: {
        channel: ledger.fabric.profile.channel,
        blockNumber: String(status.blockNumber ?? ''),
        txId: published.txId,
        resultHash: sha256Hex(published.result),
        recordHash,
      },
      verifyUrl: verificationPageUrl(this.#config.publicBaseUrl, electionId),
      issuedAt: new Date().toISOString(),
    };
  };
}
