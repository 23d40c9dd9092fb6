/**
 * The retention purge, run periodically: once an election's retention period is over, its
 * voters' turnout flags are purged from the ledger's private collection (in batches, by the
 * pseudonyms this gateway holds), then the gateway's own PII (names, phones, birth dates, link
 * secrets, message bodies). Results, hashes and counts stay.
 *
 * @module
 */
import { LedgerError } from '@ballotledger/ledger-client';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import type { LedgerServices } from './ledger-services.js';

const BATCH = 500;

export async function runRetention(store: Store, ledger: LedgerServices | undefined, log: Logger, now = Date.now()): Promise<void> {
  for (const electionId of store.voters.duePurge(now)) {
    if (ledger) {
      try {
        const election = await ledger.fabric.auditor.getElection(electionId);
        if (election.state === 'tallied') {
          const pseudonyms = store.credentials.list(electionId).map((c) => c.pseudonym);
          for (let i = 0; i < Math.max(1, pseudonyms.length); i += BATCH) {
            const last = i + BATCH >= pseudonyms.length;
            await ledger.fabric.admin.purgeVoterData(electionId, pseudonyms.slice(i, i + BATCH), last);
          }
          log.info({ electionId, voters: pseudonyms.length }, 'turnout flags purged from the ledger');
        } else if (election.state !== 'purged') {
          continue; // not tallied yet: keep the data until the result is out
        }
      } catch (err) {
        if (err instanceof LedgerError && err.code === 'RetentionNotReached') continue;
        log.warn({ electionId, err: (err as Error).message }, 'ledger purge failed; will retry');
        continue;
      }
    }
    for (const r of store.purgeExpiredPii(now).filter((x) => x.electionId === electionId)) log.info(r, 'voter PII purged from the gateway store');
  }
}
