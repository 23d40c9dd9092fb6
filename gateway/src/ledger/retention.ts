/**
 * The retention purge, run periodically: once an election's retention period is over, its
 * voters' turnout flags are purged from the ledger's private collection (in batches, by the
 * pseudonyms this gateway holds), then the gateway's own PII (names, phones, birth dates, link
 * secrets, message bodies). Results, hashes and counts stay. Application drafts never submitted
 * are deleted with their documents after `BL_DRAFT_APPLICATION_DAYS`.
 *
 * @module
 */
import { LedgerError } from '@ballotledger/ledger-client';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import type { LedgerServices } from './ledger-services.js';

const BATCH = 500;

/**
 * Purges each election that is due, one at a time: the gateway's PII of an election goes only
 * after its own ledger purge succeeded (or the ledger says it is purged already); an election
 * skipped now (not tallied, purge refused or failed) keeps everything and is tried again.
 */
export async function runRetention(store: Store, ledger: LedgerServices | undefined, log: Logger, draftApplicationDays: number, now = Date.now()): Promise<void> {
  const drafts = store.applications.deleteDraftsBefore(now - draftApplicationDays * 86_400_000);
  if (drafts > 0) log.info({ drafts, days: draftApplicationDays }, 'unsubmitted application drafts deleted');
  for (const electionId of store.voters.duePurge(now)) {
    if (ledger && !(await purgeLedger(store, ledger, electionId, log))) continue;
    const report = store.purgePii(electionId, now);
    if (report) log.info(report, 'voter PII purged from the gateway store');
  }
}

/**
 * True once the election's turnout flags are gone from the ledger. The chaincode cannot list
 * them in a transaction that writes (Fabric forbids private range reads there), so the gateway
 * purges its roll's pseudonyms in batches, asks the ledger how many flags remain, and only at
 * zero marks the election purged (a final, empty batch).
 */
async function purgeLedger(store: Store, ledger: LedgerServices, electionId: string, log: Logger): Promise<boolean> {
  try {
    const election = await ledger.fabric.auditor.getElection(electionId);
    if (election.state === 'purged') return true;
    if (election.state !== 'tallied') return false; // keep the data until the result is out
    const { admin } = ledger.fabric;
    const pseudonyms = store.credentials.list(electionId).map((c) => c.pseudonym);
    for (let i = 0; i < pseudonyms.length; i += BATCH) await admin.purgeVoterData(electionId, pseudonyms.slice(i, i + BATCH), false);
    const remaining = await admin.turnoutRemaining(electionId);
    if (remaining > 0) {
      log.warn({ electionId, remaining }, 'turnout flags remain on the ledger after the purge; the election is not marked purged and keeps its data; will retry');
      return false;
    }
    await admin.purgeVoterData(electionId, [], true);
    log.info({ electionId, voters: pseudonyms.length }, 'turnout flags purged from the ledger');
    return true;
  } catch (err) {
    if (!(err instanceof LedgerError && err.code === 'RetentionNotReached')) log.warn({ electionId, err: (err as Error).message }, 'ledger purge failed; will retry');
    return false;
  }
}
