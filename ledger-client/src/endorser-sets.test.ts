import { expect } from 'chai';
import { endorserSets, firstEndorsement } from './endorser-sets.js';
import { LedgerError } from './ledger-error.js';

const ORGS = { own: 'CentralMSP', commissions: ['CentralMSP', 'SeoulMSP', 'BusanMSP'], observer: 'ObserverMSP' };
const SETS = endorserSets(ORGS);
const notRecorded = (): LedgerError => new LedgerError({ code: 'NotRecorded', message: 'not recorded, try again' });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fake endorsement: `silent` orgs never answer, `down` orgs fail at once, the rest answer after 5 ms. */
function network(options: { silent?: string[]; down?: string[]; refuse?: LedgerError }): { calls: string[][]; endorse(orgs: string[]): Promise<string> } {
  const calls: string[][] = [];
  return {
    calls,
    endorse(orgs) {
      calls.push(orgs);
      if (orgs.some((o) => options.silent?.includes(o))) return new Promise(() => undefined);
      if (orgs.some((o) => options.down?.includes(o))) return Promise.reject(notRecorded());
      if (options.refuse) return Promise.reject(options.refuse);
      return sleep(5).then(() => orgs.join('+'));
    },
  };
}

describe('endorser sets', () => {
  it('every commission first, then the Observer in place of each other commission; the own org in every set', () => {
    expect(SETS).to.deep.equal([
      ['CentralMSP', 'SeoulMSP', 'BusanMSP'],
      ['CentralMSP', 'BusanMSP', 'ObserverMSP'],
      ['CentralMSP', 'SeoulMSP', 'ObserverMSP'],
    ]);
  });

  it('all peers answering: one endorsement, from every commission, nothing else tried', async () => {
    const n = network({});
    expect(await firstEndorsement(SETS, (o) => n.endorse(o), 50)).to.equal('CentralMSP+SeoulMSP+BusanMSP');
    await sleep(80);
    expect(n.calls).to.have.length(1);
  });

  it('a peer that is down: the next sets are tried at once, one after the other, without waiting for the hedge', async () => {
    const n = network({ down: ['BusanMSP'] });
    const t0 = performance.now();
    expect(await firstEndorsement(SETS, (o) => n.endorse(o), 10_000, () => expect.fail('no race for a peer that is down'))).to.equal('CentralMSP+SeoulMSP+ObserverMSP');
    expect(performance.now() - t0).to.be.below(1_000);
    expect(n.calls).to.deep.equal(SETS);
  });

  it('a silent peer: after hedgeAfterMs the sets not yet tried start together and the one without it wins', async () => {
    const n = network({ silent: ['BusanMSP'] });
    const raced: [readonly string[], number][] = [];
    const t0 = performance.now();
    expect(await firstEndorsement(SETS, (o) => n.endorse(o), 60, (silent, afterMs) => raced.push([silent, afterMs]))).to.equal('CentralMSP+SeoulMSP+ObserverMSP');
    expect(raced, 'told once, with the set that had not answered and the wait').to.deep.equal([[SETS[0], 60]]);
    const ms = performance.now() - t0;
    expect(ms).to.be.at.least(55).and.below(1_000);
    expect(n.calls).to.deep.equal(SETS);
  });

  it('a chaincode refusal is final: no other set is tried', async () => {
    const refusal = new LedgerError({ code: 'AlreadyVoted', message: 'this credential has already cast a ballot' });
    const n = network({ refuse: refusal });
    expect(await firstEndorsement(SETS, (o) => n.endorse(o), 10).then(() => null, (e: unknown) => e)).to.equal(refusal);
    await sleep(40);
    expect(n.calls).to.have.length(1);
  });

  it('a refusal from a hedged set while another set is still silent is final too', async () => {
    const refusal = new LedgerError({ code: 'AlreadyVoted', message: 'this credential has already cast a ballot' });
    const n = network({ silent: ['BusanMSP'], refuse: refusal });
    expect(await firstEndorsement(SETS, (o) => n.endorse(o), 20).then(() => null, (e: unknown) => e)).to.equal(refusal);
  });

  it('every set fails: the last NotRecorded, after the silent ones have failed too', async () => {
    const silent: (() => void)[] = [];
    const calls: string[][] = [];
    const endorse = (orgs: string[]): Promise<string> => {
      calls.push(orgs);
      if (orgs.includes('BusanMSP')) return new Promise((_, reject) => { silent.push(() => reject(notRecorded())); });
      return Promise.reject(notRecorded());
    };
    let outcome: unknown = 'pending';
    const p = firstEndorsement(SETS, endorse, 20).then(() => 'endorsed', (e: unknown) => e);
    void p.then((o) => { outcome = o; });
    await sleep(60);
    expect(outcome, 'two sets are still in flight').to.equal('pending');
    expect(silent).to.have.length(2);
    silent[0]!();
    await sleep(10);
    expect(outcome, 'one set is still in flight').to.equal('pending');
    silent[1]!();
    const err = await p;
    expect(err).to.be.instanceOf(LedgerError).with.property('code', 'NotRecorded');
    expect(calls).to.have.length(3);
  });

  it('an endorse function that throws instead of rejecting is a failure like any other', async () => {
    const boom = new Error('no connection');
    const endorse = (): Promise<string> => { throw boom; };
    expect(await firstEndorsement(SETS, endorse, 10).then(() => null, (e: unknown) => e)).to.equal(boom);
  });

  it('a late failure of an abandoned set is swallowed (no unhandled rejection)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => { unhandled.push(e); };
    process.on('unhandledRejection', onUnhandled);
    try {
      const endorse = (orgs: string[]): Promise<string> =>
        orgs.includes('BusanMSP') ? sleep(50).then(() => Promise.reject(notRecorded())) : sleep(5).then(() => 'ok');
      expect(await firstEndorsement(SETS, endorse, 10)).to.equal('ok');
      await sleep(100);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
