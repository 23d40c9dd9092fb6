/**
 * The typed client of the `ballot` chaincode: one method per transaction, results parsed, every
 * failure a {@link LedgerError}. Casting is split into endorse (`prepareCast`) and submit
 * (`submitPrepared`) so a caller can persist the endorsed bytes in between and, after a crash,
 * finish or re-check the same transaction instead of making a second one.
 */
import { canonicalJson, type SpoiledBallot, type CeremonyResult, type Complaint, type DecryptionShare, type EncryptedTally, type Round1Message, type Round2Message } from '@ballotledger/core';
import type {
  Application,
  ApplicationInput,
  Organization,
  Blackout,
  CeremonyTranscriptView,
  CredentialBatchRecord,
  Election,
  ElectionDraft,
  Page,
  PublishedResult,
  Receipt,
  SpoiledEntry,
  TallyShard,
} from '@ballotledger/chaincode';
import { common, peer } from '@hyperledger/fabric-protos';
import type { Contract, Gateway, Network, Transaction } from '@hyperledger/fabric-gateway';
import type { LedgerConnection } from './connection.js';
import { afterPeersCatchUp } from './catch-up.js';
import { endorserSets, firstEndorsement, type LedgerOrgs } from './endorser-sets.js';
import { LedgerError, toLedgerError } from './ledger-error.js';

export interface BallotLedgerOptions {
  readonly channel?: string;
  readonly chaincode?: string;
  readonly orgs: LedgerOrgs;
  /**
   * Reads only from the connected organization's own peer (`orgs.own`). Without it, Fabric's
   * gateway answers a read the local peer cannot serve (chaincode server down, ledger being
   * rebuilt) from another organization's peer, which is right for voters and wrong for an audit
   * of that peer: its answer would be another peer's (reliability.md R-10).
   */
  readonly ownPeerOnly?: boolean;
  /**
   * How long an endorsement may stay unanswered before the other endorser sets are tried
   * alongside it (a silent peer; endorser-sets.ts). Default 8 s: well above a cast's endorsement
   * under load (p95 0.5 s at 12 casts/s, benchmarks.md), well below Fabric's 26–30 s.
   */
  readonly hedgeAfterMs?: number;
  /** Told when an endorser set has not answered in `hedgeAfterMs` and the others start beside it. */
  readonly onEndorsementRace?: (silent: readonly string[], afterMs: number) => void;
}

export interface CastInput {
  readonly electionId: string;
  /** The canonical ballot bytes (core `canonicalBytes(ballot)`). */
  readonly ballotBytes: Uint8Array;
  readonly pseudonym: string;
  readonly channel: string;
}

/** An endorsed, signed, not yet submitted transaction. */
export interface PreparedTransaction<T> {
  readonly txId: string;
  /** Serialized transaction: re-creatable with `Gateway.newTransaction` after a restart. */
  readonly bytes: Uint8Array;
  /** The chaincode's result, as endorsed. */
  readonly result: T;
}

export interface Committed<T> {
  readonly txId: string;
  readonly blockNumber: number;
  readonly result: T;
}

export interface TransactionStatus {
  /** Fabric's validation code name (e.g. `VALID`, `MVCC_READ_CONFLICT`), or null if the chain has no such transaction. */
  readonly code: string | null;
  readonly blockNumber: number | null;
}

export interface CastEvent {
  readonly receipt: Receipt;
  readonly blockNumber: number;
  readonly txId: string;
}

const utf8 = new TextDecoder();
const VALIDATION_NAMES = Object.fromEntries(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name])) as Record<number, string>;

function parse<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8.decode(bytes)) as T;
}

export class BallotLedger {
  readonly gateway: Gateway;
  readonly network: Network;
  readonly contract: Contract;
  readonly orgs: LedgerOrgs;
  readonly #chaincode: string;
  readonly #readFrom: { endorsingOrganizations?: string[] };
  readonly #hedgeAfterMs: number;
  readonly #onEndorsementRace: ((silent: readonly string[], afterMs: number) => void) | undefined;

  constructor(connection: LedgerConnection, options: BallotLedgerOptions) {
    this.gateway = connection.gateway;
    this.network = this.gateway.getNetwork(options.channel ?? 'elections');
    this.#chaincode = options.chaincode ?? 'ballot';
    this.contract = this.network.getContract(this.#chaincode);
    this.orgs = options.orgs;
    this.#readFrom = options.ownPeerOnly ? { endorsingOrganizations: [options.orgs.own] } : {};
    this.#hedgeAfterMs = options.hedgeAfterMs ?? 8_000;
    this.#onEndorsementRace = options.onEndorsementRace;
  }

  // ---- generic ----------------------------------------------------------------------------

  async evaluate<T>(name: string, args: readonly string[] = []): Promise<T> {
    try {
      return parse<T>(await this.contract.evaluate(name, { arguments: [...args], ...this.#readFrom }));
    } catch (err) {
      throw toLedgerError(err);
    }
  }

  /** Endorses (letting the Fabric gateway pick endorsers), submits and waits for a VALID commit. */
  async submit<T>(name: string, args: readonly string[] = []): Promise<Committed<T>> {
    let transaction: Transaction;
    try {
      transaction = await this.contract.newProposal(name, { arguments: [...args] }).endorse();
    } catch (err) {
      throw toLedgerError(err);
    }
    return this.#submitEndorsed<T>(transaction);
  }

  /** Submits an endorsed transaction and waits for a VALID commit. */
  async #submitEndorsed<T>(transaction: Transaction): Promise<Committed<T>> {
    const txId = transaction.getTransactionId();
    let result: T | undefined;
    try {
      result = parse<T>(transaction.getResult());
      const submitted = await transaction.submit();
      return { txId, result, blockNumber: await this.#committed(submitted.getStatus()) };
    } catch (err) {
      const e = toLedgerError(err);
      // Fabric 3.1 with BFT ordering: the peer's gateway sends the transaction to every orderer
      // and wants a quorum of acceptances, but an orderer that has already ordered it (under
      // load the leader can cut it before our copy arrives) answers "request already processed",
      // so the submit is reported as failed although the transaction is being committed
      // (hyperledger/fabric#4415). Measured in bench:cast. Wait for its commit instead.
      if (e.code === 'NotRecorded' && e.nodeMessages.some((m) => /request already processed/.test(m))) {
        const status = await this.#awaitStatus(txId, 30_000);
        if (status.code === 'VALID') return { txId, result: result as T, blockNumber: status.blockNumber ?? -1 };
        if (status.code !== null) throw new LedgerError({ code: 'Conflict', message: `transaction ${txId} was not recorded (${status.code})`, txId });
        throw new LedgerError({ code: 'Unknown', message: `the outcome of ${txId} is not known yet`, txId, nodeMessages: e.nodeMessages, cause: err });
      }
      throw e;
    }
  }

  async #committed(statusPromise: Promise<{ successful: boolean; code: number; blockNumber: bigint; transactionId: string }>): Promise<number> {
    const status = await statusPromise;
    if (!status.successful) {
      throw new LedgerError({ code: 'Conflict', message: `transaction ${status.transactionId} was not recorded (${VALIDATION_NAMES[status.code] ?? status.code})`, txId: status.transactionId });
    }
    return Number(status.blockNumber);
  }

  // ---- lifecycle --------------------------------------------------------------------------

  createElection(draft: ElectionDraft): Promise<Committed<Election>> {
    return this.submit('CreateElection', [canonicalJson(draft)]);
  }

  updateElection(draft: ElectionDraft): Promise<Committed<Election>> {
    return this.submit('UpdateElection', [canonicalJson(draft)]);
  }

  registerCredentials(electionId: string, batch: number, credentials: readonly string[]): Promise<Committed<CredentialBatchRecord>> {
    return this.submit('RegisterCredentials', [canonicalJson({ v: 1, electionId, batch, credentials: [...credentials] })]);
  }

  /** Retried while an endorser has not committed every credential batch yet (catch-up.ts). */
  freezeRoll(electionId: string, count: number, hash: string): Promise<Committed<Election>> {
    return afterPeersCatchUp(() => this.submit('FreezeRoll', [electionId, String(count), hash]));
  }

  transition(name: 'OpenElection' | 'PauseElection' | 'ResumeElection' | 'CloseElection' | 'FinalizeCeremony' | 'CombineTally' | 'PublishResult', electionId: string): Promise<Committed<unknown>> {
    return this.submit(name, [electionId]);
  }

  extendElection(electionId: string, closesAt: string): Promise<Committed<Election>> {
    return this.submit('ExtendElection', [electionId, closesAt]);
  }

  declareBlackout(blackout: Omit<Blackout, 'declaredBy'>): Promise<Committed<Blackout>> {
    return this.submit('DeclareBlackout', [canonicalJson(blackout)]);
  }

  // ---- service desk ------------------------------------------------------------------------

  submitApplication(application: ApplicationInput): Promise<Committed<Application>> {
    return this.submit('SubmitApplication', [canonicalJson(application)]);
  }

  /** `staff`: the deciding staff member's pseudonymous account reference (`staff:<account id>`). */
  decideApplication(ref: string, decision: 'approve' | 'reject' | 'request-changes', reason: string, staff: string): Promise<Committed<Application>> {
    return this.submit('DecideApplication', [ref, canonicalJson({ decision, reason, staff })]);
  }

  getApplication(ref: string): Promise<Application> {
    return this.evaluate('GetApplication', [ref]);
  }

  listApplications(routedTo = ''): Promise<Application[]> {
    return this.evaluate('ListApplications', [routedTo]);
  }

  async getOrganization(organizationId: string): Promise<Organization | null> {
    return (await this.evaluate<{ organization: Organization | null }>('GetOrganization', [organizationId])).organization;
  }

  listOrganizations(): Promise<Organization[]> {
    return this.evaluate('ListOrganizations');
  }

  // ---- key ceremony (a key holder's own identity; see offline-signing.ts for browsers) ------

  postRound1(electionId: string, message: Round1Message): Promise<Committed<unknown>> {
    return this.submit('PostCeremonyRound1', [electionId, canonicalJson(message)]);
  }

  postRound2(electionId: string, message: Round2Message): Promise<Committed<unknown>> {
    return this.submit('PostCeremonyRound2', [electionId, canonicalJson(message)]);
  }

  postReview(electionId: string, holder: number, complaints: readonly Complaint[]): Promise<Committed<unknown>> {
    return this.submit('PostCeremonyReview', [electionId, canonicalJson({ v: 1, electionId, holder, complaints: [...complaints] })]);
  }

  /** Retried while an endorser has not committed every holder's review yet (catch-up.ts). */
  finalizeCeremony(electionId: string): Promise<Committed<CeremonyResult>> {
    return afterPeersCatchUp(() => this.submit('FinalizeCeremony', [electionId]));
  }

  // ---- casting ----------------------------------------------------------------------------

  /**
   * Endorses on the own organization and enough others for MAJORITY, with the Observer in place
   * of a commission whose peer fails or stays silent (endorser-sets.ts). A chaincode refusal is final.
   */
  #endorseOnMajority(name: string, args: readonly string[], transientData?: Record<string, Uint8Array | string>): Promise<Transaction> {
    return firstEndorsement(endorserSets(this.orgs), async (endorsingOrganizations) => {
      try {
        return await this.contract.newProposal(name, { arguments: [...args], ...(transientData ? { transientData } : {}), endorsingOrganizations }).endorse();
      } catch (err) {
        throw toLedgerError(err);
      }
    }, this.#hedgeAfterMs, this.#onEndorsementRace);
  }

  /** Endorses a cast (the ballot and the voter's pseudonym in transient data) on a majority. */
  async prepareCast(input: CastInput): Promise<PreparedTransaction<Receipt>> {
    const transientData = { ballot: input.ballotBytes, pseudonym: input.pseudonym, channel: input.channel };
    const transaction = await this.#endorseOnMajority('CastBallot', [input.electionId], transientData);
    return { txId: transaction.getTransactionId(), bytes: transaction.getBytes(), result: parse<Receipt>(transaction.getResult()) };
  }

  /** Submits endorsed bytes (again, after a crash) and waits for the commit. */
  async submitPrepared<T>(bytes: Uint8Array): Promise<Committed<T>> {
    let transaction: Transaction;
    try {
      transaction = this.gateway.newTransaction(bytes);
    } catch (err) {
      throw toLedgerError(err);
    }
    return this.#submitEndorsed<T>(transaction);
  }

  /** Polls the connected peer for a transaction's validation code until it is known or `timeoutMs` passes. */
  async #awaitStatus(txId: string, timeoutMs: number): Promise<TransactionStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.transactionStatus(txId).catch(() => ({ code: null, blockNumber: null }));
      if (status.code !== null || Date.now() > deadline) return status;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async castBallot(input: CastInput): Promise<Committed<Receipt>> {
    return this.submitPrepared<Receipt>((await this.prepareCast(input)).bytes);
  }

  /**
   * Publishes a Benaloh-challenged ballot (public, so an argument) on the same endorsers as a
   * cast and waits for the commit: from then on the ledger refuses to cast it.
   */
  async spoilBallot(electionId: string, spoiled: SpoiledBallot): Promise<Committed<SpoiledEntry>> {
    return this.#submitEndorsed<SpoiledEntry>(await this.#endorseOnMajority('SpoilBallot', [electionId, canonicalJson(spoiled)]));
  }

  /** The validation outcome of a transaction id as the connected peer's chain records it. */
  async transactionStatus(txId: string): Promise<TransactionStatus> {
    const qscc = this.network.getContract('qscc');
    try {
      const processed = peer.ProcessedTransaction.deserializeBinary(await qscc.evaluateTransaction('GetTransactionByID', this.network.getName(), txId));
      const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByTxID', this.network.getName(), txId));
      return { code: VALIDATION_NAMES[processed.getValidationcode()] ?? String(processed.getValidationcode()), blockNumber: Number(block.getHeader()?.getNumber() ?? -1) };
    } catch (err) {
      const text = err instanceof Error ? `${err.message} ${JSON.stringify((err as { details?: unknown }).details ?? '')}` : String(err);
      if (/not found|no such transaction|Failed to get transaction/i.test(text)) return { code: null, blockNumber: null };
      throw toLedgerError(err);
    }
  }

  /** Chaincode `BallotCast` events from `startBlock` on (receipts only; nothing identifying). */
  async castEvents(startBlock?: bigint): Promise<AsyncIterable<CastEvent> & { close(): void }> {
    const events = await this.network.getChaincodeEvents(this.#chaincode, startBlock === undefined ? {} : { startBlock });
    async function* receipts(): AsyncGenerator<CastEvent> {
      for await (const event of events) {
        if (event.eventName !== 'BallotCast') continue;
        yield { receipt: parse<Receipt>(event.payload), blockNumber: Number(event.blockNumber), txId: event.transactionId };
      }
    }
    const iterator = receipts();
    return Object.assign(iterator, { close: () => events.close() });
  }

  // ---- tally ------------------------------------------------------------------------------

  tallyShard(electionId: string, prefix: string): Promise<Committed<TallyShard>> {
    return this.submit('TallyShard', [electionId, prefix]);
  }

  /** Retried while an endorser has not committed every shard yet (catch-up.ts). */
  combineTally(electionId: string): Promise<Committed<EncryptedTally>> {
    return afterPeersCatchUp(() => this.submit('CombineTally', [electionId]));
  }

  submitDecryptionShare(electionId: string, share: DecryptionShare): Promise<Committed<unknown>> {
    return this.submit('SubmitDecryptionShare', [electionId, canonicalJson(share)]);
  }

  /** Retried while an endorser has not committed t decryption shares yet (catch-up.ts). */
  publishResult(electionId: string): Promise<Committed<PublishedResult>> {
    return afterPeersCatchUp(() => this.submit('PublishResult', [electionId]));
  }

  /** Purges the turnout flags of these voters (at most 500 per call); `final` marks the election purged. */
  purgeVoterData(electionId: string, pseudonyms: readonly string[], final: boolean): Promise<Committed<{ purged: number; election: Election }>> {
    return this.submit('PurgeVoterData', [electionId, canonicalJson({ pseudonyms: [...pseudonyms], final })]);
  }

  async turnoutRemaining(electionId: string): Promise<number> {
    return (await this.evaluate<{ remaining: number }>('TurnoutRemaining', [electionId])).remaining;
  }

  // ---- queries ----------------------------------------------------------------------------

  info(): Promise<{ name: string; version: string }> {
    return this.evaluate('Info');
  }

  getElection(electionId: string): Promise<Election> {
    return this.evaluate('GetElection', [electionId]);
  }

  listElections(): Promise<Election[]> {
    return this.evaluate('ListElections');
  }

  listBlackouts(): Promise<Blackout[]> {
    return this.evaluate('ListBlackouts');
  }

  getCeremony(electionId: string): Promise<CeremonyTranscriptView> {
    return this.evaluate('GetCeremony', [electionId]);
  }

  async turnoutCount(electionId: string): Promise<number> {
    return (await this.evaluate<{ count: number }>('TurnoutCount', [electionId])).count;
  }

  async hasVoted(electionId: string, pseudonym: string): Promise<boolean> {
    return (await this.evaluate<{ voted: boolean }>('HasVoted', [electionId, pseudonym])).voted;
  }

  async credentialUsed(electionId: string, credential: string): Promise<boolean> {
    return (await this.evaluate<{ used: boolean }>('CredentialUsed', [electionId, credential])).used;
  }

  async lookupTracker(electionId: string, tracker: string): Promise<Receipt | null> {
    return (await this.evaluate<{ receipt: Receipt | null }>('LookupTracker', [electionId, tracker])).receipt;
  }

  async lookupShortTracker(electionId: string, prefix: string): Promise<Receipt | null> {
    return (await this.evaluate<{ receipt: Receipt | null }>('LookupShortTracker', [electionId, prefix])).receipt;
  }

  async getSpoiledBallot(electionId: string, tracker: string): Promise<SpoiledEntry | null> {
    return (await this.evaluate<{ spoiled: SpoiledEntry | null }>('GetSpoiledBallot', [electionId, tracker])).spoiled;
  }

  spoiledPage(electionId: string, after = '', size = 200): Promise<Page<SpoiledEntry>> {
    return this.evaluate('GetSpoiledBallots', [electionId, after, String(size)]);
  }

  credentialsPage(electionId: string, after = '', size = 500): Promise<Page<string>> {
    return this.evaluate('GetCredentials', [electionId, after, String(size)]);
  }

  ballotsPage(electionId: string, after = '', size = 200): Promise<Page<{ tracker: string; ballot: string }>> {
    return this.evaluate('GetBallots', [electionId, after, String(size)]);
  }

  ballotHashes(electionId: string, trackers: readonly string[]): Promise<Record<string, string | null>> {
    return this.evaluate('GetBallotHashes', [electionId, JSON.stringify(trackers)]);
  }

  getTally(electionId: string): Promise<{ shards: TallyShard[]; tally: EncryptedTally | null }> {
    return this.evaluate('GetTally', [electionId]);
  }

  getDecryptionShares(electionId: string): Promise<DecryptionShare[]> {
    return this.evaluate('GetDecryptionShares', [electionId]);
  }

  async getResult(electionId: string): Promise<PublishedResult | null> {
    return (await this.evaluate<{ result: PublishedResult | null }>('GetResult', [electionId])).result;
  }

}
