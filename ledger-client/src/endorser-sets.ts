/**
 * Which organizations endorse a transaction that carries transient data (a cast, a spoiled
 * ballot), and how to get one endorsement when a peer is down or silent.
 *
 * A peer that is down refuses the connection and its set fails at once. A peer that is alive but
 * silent (host hung, network partition) answers nothing until Fabric's gateway gives up on it: its
 * connections to other endorsers use gRPC keepalive (ping every 10 s, 20 s timeout, not
 * configurable in core.yaml) and gossip expires the peer after 25 s; reliability.md R-14b measured
 * casts waiting 26.5 s. So a set that has not answered after `hedgeAfterMs` is raced by the other
 * sets; the first endorsement wins and the others are never submitted (an endorsement writes
 * nothing; its private data waits in the endorsers' transient stores until they purge it).
 */
import { LedgerError } from './ledger-error.js';

export interface LedgerOrgs {
  /** The MSP of the connected peer (must endorse every transaction carrying transient data). */
  readonly own: string;
  readonly commissions: readonly string[];
  readonly observer: string;
}

/** Endorsing organizations to try, in order: every commission, then the Observer in place of each other commission. */
export function endorserSets(orgs: LedgerOrgs): [string[], ...string[][]] {
  const others = orgs.commissions.filter((c) => c !== orgs.own);
  const sets: [string[], ...string[][]] = [[orgs.own, ...others]];
  for (const down of others) sets.push([orgs.own, ...others.filter((o) => o !== down), orgs.observer]);
  return sets;
}

/**
 * The first endorsement from `sets`, tried in order: a set that fails with `NotRecorded` starts
 * the next one at once; when none has answered `hedgeAfterMs` after the last start, every set not
 * yet tried starts together (`onRace` is told which set had not answered, and after how long). Any other failure (a
 * chaincode refusal) is final. Rejects with the last `NotRecorded` when every set failed.
 */
export function firstEndorsement<T>(sets: readonly [string[], ...string[][]], endorse: (orgs: string[]) => Promise<T>, hedgeAfterMs: number, onRace?: (silent: readonly string[], afterMs: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let next = 0;
    let pending = 0;
    let settled = false;
    let last: unknown;
    let timer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const start = (): void => {
      const orgs = sets[next++]!;
      pending++;
      Promise.resolve().then(() => endorse([...orgs])).then(
        (value) => finish(() => resolve(value)),
        (err: unknown) => {
          pending--;
          if (settled) return;
          if (!(err instanceof LedgerError) || err.code !== 'NotRecorded') return finish(() => reject(err));
          last = err;
          if (next < sets.length) return startOne();
          if (pending === 0) finish(() => reject(last));
        },
      );
    };
    const startOne = (): void => {
      clearTimeout(timer);
      start();
      if (next < sets.length) {
        const silent = sets[next - 1]!;
        timer = setTimeout(() => {
          onRace?.(silent, hedgeAfterMs);
          while (next < sets.length) start();
        }, hedgeAfterMs);
      }
    };
    startOne();
  });
}
