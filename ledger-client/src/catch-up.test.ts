import { expect } from 'chai';
import { BallotLedger } from './ballot-ledger.js';
import { afterPeersCatchUp } from './catch-up.js';
import { LedgerError } from './ledger-error.js';

/** A submission refused with `codes` in turn, then accepted. */
function refusedThenAccepted(codes: string[]): { submit: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    submit: async () => {
      const code = codes[calls++];
      if (code) throw new LedgerError({ code, message: `${code} on attempt ${calls}` });
      return 'published';
    },
    calls: () => calls,
  };
}

describe('afterPeersCatchUp (a transaction that needs earlier ones)', () => {
  it('retries while an endorser says the earlier transactions are missing, then succeeds', async () => {
    const s = refusedThenAccepted(['InsufficientShares', 'InsufficientShares', 'TallyIncomplete', 'CeremonyIncomplete', 'RollMismatch']);
    expect(await afterPeersCatchUp(s.submit, { delayMs: 1 })).to.equal('published');
    expect(s.calls()).to.equal(6);
  });

  it('throws any other refusal at once: nothing to wait for', async () => {
    const s = refusedThenAccepted(['WrongState', 'InsufficientShares']);
    const err = await afterPeersCatchUp(s.submit, { delayMs: 1 }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(LedgerError).with.property('code', 'WrongState');
    expect(s.calls()).to.equal(1);
  });

  it('throws the refusal itself after the last attempt (the shares really are too few)', async () => {
    const s = refusedThenAccepted(Array(10).fill('InsufficientShares'));
    const err = await afterPeersCatchUp(s.submit, { attempts: 3, delayMs: 1 }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(LedgerError).with.property('message', 'InsufficientShares on attempt 3');
    expect(s.calls()).to.equal(3);
  });

  it('is what BallotLedger\'s freezeRoll, finalizeCeremony, combineTally and publishResult submit through', async () => {
    const submitted: string[] = [];
    const ledger = Object.create(BallotLedger.prototype) as BallotLedger;
    const refusals = new Map([['FreezeRoll', 'RollMismatch'], ['FinalizeCeremony', 'CeremonyIncomplete'], ['CombineTally', 'TallyIncomplete'], ['PublishResult', 'InsufficientShares']]);
    ledger.submit = (async (name: string) => {
      submitted.push(name);
      const code = refusals.get(name);
      refusals.delete(name);
      if (code) throw new LedgerError({ code, message: `${name}: an endorser is a block behind` });
      return { result: name };
    }) as BallotLedger['submit'];
    await ledger.freezeRoll('e1', 3, 'h');
    await ledger.finalizeCeremony('e1');
    await ledger.combineTally('e1');
    await ledger.publishResult('e1');
    expect(submitted).to.deep.equal(['FreezeRoll', 'FreezeRoll', 'FinalizeCeremony', 'FinalizeCeremony', 'CombineTally', 'CombineTally', 'PublishResult', 'PublishResult']);
  });
});
