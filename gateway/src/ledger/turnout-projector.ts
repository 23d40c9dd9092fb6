/**
 * Live turnout from the ledger: follows the chaincode's `BallotCast` events from the stored
 * checkpoint, records each in the turnout projection together with the new checkpoint (one
 * SQLite transaction), and notifies listeners (the server-sent-events stream). The events carry
 * nothing about the voter; the group of a ballot cast through this gateway is found through its
 * stored transaction, so every figure, per group included, counts the same committed ballots. After a crash it
 * resumes from the checkpoint block; events already recorded are ignored, so nothing is counted
 * twice or missed.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { BallotLedger, CastEvent } from '@ballotledger/ledger-client';
import type { Logger } from '../logger.js';
import type { Store } from '../storage/store.js';
import { recordCommitted } from './cast-service.js';

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
          if (this.#project(e)) this.emit('update', e.receipt.electionId);
        }
      } catch (err) {
        if (this.#stopped) break;
        this.#log.warn({ err: (err as Error).message }, 'turnout event stream interrupted; resuming from the checkpoint');
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  /**
   * Records the event with the checkpoint; if the ballot was cast through this gateway and its
   * outcome was not known here (a submit that timed out, then committed), the voter is marked as
   * voted with the receipt now, in the same transaction.
   */
  #project(e: CastEvent): boolean {
    const s = this.#store;
    return s.db.tx(() => {
      const added = s.turnout.record({ electionId: e.receipt.electionId, tracker: e.receipt.tracker, at: e.receipt.at, channel: e.receipt.channel, block: e.blockNumber, txId: e.txId });
      const cast = s.casts.byTxId(e.txId);
      if (cast && cast.state !== 'committed') recordCommitted(s, cast, e.blockNumber);
      return added;
    });
  }

  turnout(electionId: string): Turnout {
    const s = this.#store;
    return {
      eligible: s.credentials.count(electionId) || s.voters.count(electionId),
      voted: s.turnout.total(electionId),
      byGroup: s.turnout.byGroup(electionId),
      byChannel: s.turnout.byChannel(electionId),
      series: s.turnout.series(electionId),
      updatedAt: new Date().toISOString(),
    };
  }
}
