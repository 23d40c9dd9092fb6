/**
 * Live turnout from the ledger: follows the chaincode's `BallotCast` events from the stored
 * checkpoint, records each in the turnout projection together with the new checkpoint (one
 * SQLite transaction), and notifies listeners (the server-sent-events stream). After a crash it
 * resumes from the checkpoint block; events already recorded are ignored, so nothing is counted
 * twice or missed.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { BallotLedger } from '@ballotledger/ledger-client';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';

export interface Turnout {
  readonly eligible: number;
  readonly voted: number;
  readonly byGroup: { group: string; eligible: number; voted: number }[];
  readonly byChannel: { channel: string; voted: number }[];
  readonly series: { at: string; voted: number }[];
  readonly updatedAt: string;
}

export class TurnoutProjector extends EventEmitter<{ update: [electionId: string] }> {
  readonly #store: Store;
  readonly #ledger: BallotLedger;
  readonly #log: Logger;
  #stopped = false;
  #close: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(store: Store, ledger: BallotLedger, log: Logger) {
    super();
    this.#store = store;
    this.#ledger = ledger;
    this.#log = log;
  }

  start(): void {
    this.#running ??= this.#loop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#close?.();
    await this.#running?.catch(() => undefined);
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      try {
        const from = this.#store.turnout.checkpoint();
        const events = await this.#ledger.castEvents(BigInt(from?.block ?? 0));
        this.#close = () => events.close();
        for await (const e of events) {
          if (this.#stopped) break;
          const added = this.#store.turnout.record({ electionId: e.receipt.electionId, tracker: e.receipt.tracker, at: e.receipt.at, channel: e.receipt.channel, block: e.blockNumber, txId: e.txId });
          if (added) this.emit('update', e.receipt.electionId);
        }
      } catch (err) {
        if (this.#stopped) break;
        this.#log.warn({ err: (err as Error).message }, 'turnout event stream interrupted; resuming from the checkpoint');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  turnout(electionId: string): Turnout {
    const s = this.#store;
    const byGroup = s.credentials.votedByGroup(electionId);
    return {
      eligible: s.credentials.count(electionId) || s.voters.count(electionId),
      voted: s.turnout.total(electionId),
      byGroup,
      byChannel: s.turnout.byChannel(electionId),
      series: s.turnout.series(electionId),
      updatedAt: new Date().toISOString(),
    };
  }
}
