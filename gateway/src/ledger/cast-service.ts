/**
 * Casting a voter's ballot, exactly once.
 *
 * 1. The ballot is checked with core first (a bad ballot never reaches the peers) and must be
 *    signed with this voter's own registered credential.
 * 2. It is endorsed (`CastBallot`, the ballot and the voter's pseudonym in transient data) and
 *    the endorsed transaction bytes are stored **before** they are submitted.
 * 3. It is submitted and the commit awaited; only a VALID commit marks the voter as voted and
 *    returns a receipt.
 * After a crash or a timeout the stored transaction is finished, never replaced: its status is
 * looked up by id and, if the chain does not have it, the very same bytes are submitted again
 * (Fabric keeps only the first of two transactions with one id). So a ballot is neither recorded
 * twice nor silently lost.
 *
 * @module
 */
import { canonicalBytes, shortTracker, verifyBallot, type Ballot, type BallotContext } from '@ballotledger/core';
import type { Election, Receipt } from '@ballotledger/chaincode';
import { LedgerError, type BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PendingCast } from '../storage/casts.js';
import type { Store } from '../storage/store.js';
import { apiErrorOf } from './ledger-errors.js';

export interface CastReceipt extends Receipt {
  readonly shortTracker: string;
  readonly blockNumber: number | null;
}

/** At most `limit` tasks at once; the rest wait in order. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#free = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

/**
 * Marks a stored cast as committed and its voter as voted, with the receipt: when the cast's
 * submit returns VALID, on recovery, or when the commit is learned from the chain's event.
 */
export function recordCommitted(store: Store, p: PendingCast, blockNumber: number | null): CastReceipt {
  const receipt = p.receipt as Receipt;
  const out: CastReceipt = { ...receipt, shortTracker: shortTracker(receipt.tracker), blockNumber };
  store.db.tx(() => {
    store.casts.setState(p.txId, 'committed');
    store.credentials.markVoted(p.electionId, p.voterId, out);
  });
  return out;
}

export interface CastServiceDeps {
  readonly store: Store;
  readonly ledger: BallotLedger;
  readonly log: Logger;
  readonly concurrency: number;
  /** The election as the ledger holds it (cached by the caller). */
  readonly election: (electionId: string) => Promise<Election>;
}

export class CastService {
  readonly #deps: CastServiceDeps;
  readonly #limit: Semaphore;
  readonly #contexts = new Map<string, BallotContext>();
  /** One cast at a time per voter: a double click waits for the first and gets its receipt. */
  readonly #inFlight = new Map<string, Promise<CastReceipt>>();

  constructor(deps: CastServiceDeps) {
    this.#deps = deps;
    this.#limit = new Semaphore(deps.concurrency);
  }

  /** The context core needs to check ballots of this election (cached per election and key). */
  context(election: Election): BallotContext {
    if (election.ceremony === null) throw new ApiError('NotOpen', 'The election has no joint key yet.');
    const key = `${election.electionId}/${election.ceremony.electionBaseHash}`;
    let ctx = this.#contexts.get(key);
    if (!ctx) {
      ctx = { manifest: election.manifest, jointKey: election.ceremony.jointKey, electionBaseHash: election.ceremony.electionBaseHash };
      this.#contexts.set(key, ctx);
    }
    return ctx;
  }

  cast(electionId: string, voterId: string, ballot: unknown, channel: string): Promise<CastReceipt> {
    const key = `${electionId}/${voterId}`;
    const running = this.#inFlight.get(key);
    if (running) return running;
    const p = this.#cast(electionId, voterId, ballot, channel).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, p);
    return p;
  }

  async #cast(electionId: string, voterId: string, ballot: unknown, channel: string): Promise<CastReceipt> {
    const { store } = this.#deps;
    const credential = store.credentials.get(electionId, voterId);
    if (!credential) throw new ApiError('WrongState', 'The roll of this election is not frozen yet.');
    if (credential.votedAt !== null) {
      throw new ApiError('AlreadyVoted', 'You have already voted. Look up your receipt with your tracker.', { details: { receipt: credential.receipt } });
    }
    const pending = store.casts.openFor(electionId, voterId);
    if (pending) return this.#finish(pending);
    const election = await this.#deps.election(electionId);
    if (election.state !== 'open') throw new ApiError('NotOpen', `The election is ${election.state}.`);
    let checked: Ballot;
    try {
      checked = verifyBallot(ballot, this.context(election));
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new ApiError(code === 'InvalidProof' || code === 'InvalidSignature' ? code : 'InvalidBallot', `The ballot was refused: ${(err as Error).message}`);
    }
    if (checked.credential !== credential.credential) {
      throw new ApiError('InvalidBallot', 'The ballot is not signed with the credential of your voting link.');
    }
    return this.#limit.run(async () => {
      let prepared;
      try {
        prepared = await this.#deps.ledger.prepareCast({ electionId, ballotBytes: canonicalBytes(checked), pseudonym: credential.pseudonym, channel });
      } catch (err) {
        if (err instanceof LedgerError && err.code === 'NotRecorded') {
          // which peer failed and why (no payloads): the only trace of a failed endorsement
          this.#deps.log.warn({ ledgerCode: err.code, nodes: err.nodeMessages.map((m) => m.slice(0, 300)) }, 'cast not endorsed by any endorser set');
        }
        throw this.#refusal(err, electionId, voterId);
      }
      store.casts.addEndorsed({ txId: prepared.txId, electionId, voterId, bytes: prepared.bytes, receipt: prepared.result });
      // just endorsed: it cannot be on the chain yet, so no status lookup (two qscc queries per
      // vote on the gateway's peer, measured in bench:cast) before the first submit
      return this.#finish({ txId: prepared.txId, electionId, voterId, bytes: prepared.bytes, receipt: prepared.result, state: 'endorsed', createdAt: Date.now() }, true);
    });
  }

  /** Finishes a stored transaction: looks its outcome up, submits the same bytes if the chain lacks it. */
  async #finish(p: PendingCast, fresh = false): Promise<CastReceipt> {
    const { store, ledger, log } = this.#deps;
    const status = fresh ? { code: null, blockNumber: null } : await ledger.transactionStatus(p.txId).catch(() => ({ code: undefined, blockNumber: null }));
    if (status.code === 'VALID') return recordCommitted(this.#deps.store, p, status.blockNumber);
    if (status.code !== null && status.code !== undefined) {
      store.casts.setState(p.txId, 'failed', status.code);
      throw new ApiError('NotRecorded', `Not recorded (${status.code}); please try again.`);
    }
    try {
      const committed = await ledger.submitPrepared<Receipt>(p.bytes);
      return recordCommitted(this.#deps.store, p, committed.blockNumber);
    } catch (err) {
      if (err instanceof LedgerError && err.code === 'Conflict') {
        store.casts.setState(p.txId, 'failed', err.message);
      } else {
        // (not `code`: the logger redacts that key, it names SMS codes elsewhere)
        log.warn({ txId: p.txId, ledgerCode: err instanceof LedgerError ? err.code : 'error', nodes: err instanceof LedgerError ? err.nodeMessages.map((m) => m.slice(0, 300)) : [String(err)] }, 'cast not confirmed; kept for retry');
        // The outcome is not known: the orderers may still commit the transaction (seen under
        // load: a submit past its deadline that committed later). Claim nothing either way; a
        // retry finishes this very transaction, so the ballot can never count twice.
        throw new ApiError('NotRecorded', 'Your ballot is not confirmed as recorded. Please send it again: it will never be counted twice.');
      }
      throw new ApiError('NotRecorded', 'Your ballot was not recorded. Nothing was written; please try again.');
    }
  }

  #refusal(err: unknown, electionId: string, voterId: string): ApiError {
    const api = apiErrorOf(err);
    if (api.code === 'AlreadyVoted') {
      const credential = this.#deps.store.credentials.get(electionId, voterId);
      return new ApiError('AlreadyVoted', 'You have already voted. Look up your receipt with your tracker.', { details: { receipt: credential?.receipt ?? null } });
    }
    return api;
  }

  /** After a restart: finishes every stored, unconfirmed cast. Returns how many were recorded. */
  async recoverPending(): Promise<{ recorded: number; failed: number; open: number }> {
    let recorded = 0;
    let failed = 0;
    let open = 0;
    for (const p of this.#deps.store.casts.allOpen()) {
      try {
        await this.#finish(p);
        recorded += 1;
      } catch {
        if (this.#deps.store.casts.openFor(p.electionId, p.voterId)) open += 1;
        else failed += 1;
      }
    }
    return { recorded, failed, open };
  }
}
