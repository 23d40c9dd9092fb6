/**
 * Ledgers for gateway unit tests: one that must never be reached (for the layers that run before
 * any handler — roles, CSRF, validation — and for listing the routes), and an in-memory model of
 * the spoiled-ballot transactions with the chaincode's refusals.
 */
import { ballotTracker, type SpoiledBallot } from '@ballotledger/core';
import type { SpoiledEntry } from '@ballotledger/chaincode';
import { LedgerError, type BallotLedger, type Committed } from '@ballotledger/ledger-client';
import type { LedgerServices } from '../ledger/ledger-services.js';

/** A ledger that must never be reached by a refused request. */
export function stubLedger(): LedgerServices {
  const never = new Proxy({}, { get: () => () => Promise.reject(new Error('the ledger was reached')) });
  return {
    fabric: { org: { mspId: 'CentralMSP', name: 'Central' }, profile: { orgs: [], channel: 'elections', chaincode: { name: 'ballot' } }, gateway: never, admin: never, auditor: never, organizationLedger: () => Promise.reject(new Error('the ledger was reached')) },
    elections: never,
    casts: never,
    spoils: never,
    turnout: Object.assign(never, { on: () => undefined, off: () => undefined }),
    relay: never,
    audit: never,
    election: () => Promise.reject(new Error('the ledger was reached')),
    close: () => Promise.resolve(),
  } as unknown as LedgerServices;
}

/** SpoilBallot / GetSpoiledBallot in memory: a tracker in `cast` or already spoiled is refused as the chaincode does. */
export class SpoilLedgerModel implements Pick<BallotLedger, 'spoilBallot' | 'getSpoiledBallot'> {
  readonly spoiled = new Map<string, SpoiledEntry>();
  readonly cast = new Set<string>();
  submissions = 0;

  spoilBallot(electionId: string, spoiled: SpoiledBallot): Promise<Committed<SpoiledEntry>> {
    this.submissions += 1;
    const tracker = ballotTracker(spoiled.ballot);
    const refuse = (code: string, message: string): Promise<never> => Promise.reject(new LedgerError({ code, message: `[${code}] ${message}` }));
    if (this.cast.has(tracker)) return refuse('DuplicateBallot', 'this ballot was already cast; it cannot be spoiled');
    if (this.spoiled.has(`${electionId}/${tracker}`)) return refuse('SpoiledBallot', 'this ballot was already spoiled');
    const txId = `tx-${this.submissions}`;
    const entry: SpoiledEntry = { electionId, tracker, txId, at: new Date(0).toISOString(), spoiled };
    this.spoiled.set(`${electionId}/${tracker}`, entry);
    return Promise.resolve({ txId, blockNumber: this.submissions, result: entry });
  }

  getSpoiledBallot(electionId: string, tracker: string): Promise<SpoiledEntry | null> {
    return Promise.resolve(this.spoiled.get(`${electionId}/${tracker}`) ?? null);
  }
}
