/**
 * A transaction that needs earlier ones, retried while the endorsing peers catch up.
 *
 * A submission is acknowledged once the submitting client's own peer has committed it; the other
 * organizations' peers commit the same block a moment later (milliseconds when idle, seconds under
 * load). A transaction endorsed right afterwards that needs it — finalizing the ceremony after the
 * holders' reviews, combining the tally after the shards, publishing after the decryption shares —
 * can be refused by an endorser still a block behind, with the code that says the earlier
 * transactions are missing (freezing the roll after its credential batches, too). Those refusals are retried for a few seconds; any other error, or the
 * same refusal after the last attempt, is thrown as it is. BallotLedger's freezeRoll,
 * finalizeCeremony, combineTally and publishResult submit through it.
 */
import { LedgerError } from './ledger-error.js';

/** Refusals that mean "not everything this needs is on that peer yet". */
const CATCH_UP_CODES: readonly string[] = ['RollMismatch', 'CeremonyIncomplete', 'TallyIncomplete', 'InsufficientShares'];

export interface CatchUpOptions {
  /** Attempts in all (default 20). */
  readonly attempts?: number;
  /** Wait between attempts (default 250 ms). */
  readonly delayMs?: number;
}

export async function afterPeersCatchUp<T>(submit: () => Promise<T>, options: CatchUpOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 20;
  for (let i = 1; ; i++) {
    try {
      return await submit();
    } catch (err) {
      if (i >= attempts || !(err instanceof LedgerError) || !CATCH_UP_CODES.includes(err.code)) throw err;
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 250));
    }
  }
}
