/**
 * Benaloh-challenged (spoiled) ballots, on the ledger.
 *
 * The voter's browser reveals the randomness of a ballot it will not cast. The gateway checks it
 * with core (a bad one never reaches the peers) and that it is signed with the voter's own
 * credential, then submits `SpoilBallot` and answers only after the commit: from then on every
 * peer refuses to cast that ballot, and any commission's gateway finds it by its tracker.
 *
 * @module
 */
import { ballotTracker, verifySpoiledBallot, type BallotContext, type SpoiledBallot } from '@ballotledger/core';
import type { Election } from '@ballotledger/chaincode';
import { LedgerError, type BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import type { Store } from '../storage/store.js';
import { apiErrorOf, onLedger } from './ledger-errors.js';

export interface SpoilServiceDeps {
  readonly store: Store;
  /** The gateway identity (role=gateway): submits SpoilBallot. */
  readonly ledger: Pick<BallotLedger, 'spoilBallot'>;
  /** Reads. */
  readonly auditor: Pick<BallotLedger, 'getSpoiledBallot'>;
  readonly election: (electionId: string) => Promise<Election>;
  readonly context: (election: Election) => BallotContext;
}

export interface SpoiledOnLedger {
  readonly tracker: string;
  readonly txId: string;
}

export class SpoilService {
  readonly #d: SpoilServiceDeps;

  constructor(deps: SpoilServiceDeps) {
    this.#d = deps;
  }

  async spoil(electionId: string, voterId: string, ballot: SpoiledBallot['ballot'], reveal: SpoiledBallot['reveal']): Promise<SpoiledOnLedger> {
    const credential = this.#d.store.credentials.get(electionId, voterId);
    if (!credential) throw new ApiError('WrongState', 'The roll of this election is not frozen yet.');
    const election = await this.#d.election(electionId);
    if (election.state !== 'open') throw new ApiError('NotOpen', `The election is ${election.state}.`);
    try {
      verifySpoiledBallot(ballot, reveal, this.#d.context(election));
    } catch (err) {
      throw new ApiError('InvalidBallot', `The audit data does not match the ballot: ${(err as Error).message}`);
    }
    if (ballot.credential !== credential.credential) {
      throw new ApiError('InvalidBallot', 'The ballot is not signed with the credential of your voting link.');
    }
    const tracker = ballotTracker(ballot);
    try {
      const committed = await this.#d.ledger.spoilBallot(electionId, { v: 1, ballot, reveal });
      return { tracker, txId: committed.txId };
    } catch (err) {
      // a retry of a spoil that was committed: the same tracker is the same ballot and reveal
      if (err instanceof LedgerError && err.code === 'SpoiledBallot') {
        const entry = await onLedger(() => this.#d.auditor.getSpoiledBallot(electionId, tracker));
        if (entry) return { tracker, txId: entry.txId };
      }
      throw apiErrorOf(err);
    }
  }

  /** The spoiled ballot with this tracker, from the ledger (whichever gateway published it). */
  async find(electionId: string, tracker: string): Promise<SpoiledBallot> {
    const entry = await onLedger(() => this.#d.auditor.getSpoiledBallot(electionId, tracker));
    if (!entry) throw new ApiError('NotFound', 'No audited ballot with this tracker was published.');
    return entry.spoiled;
  }
}
