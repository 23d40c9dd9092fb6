import { expect } from 'chai';
import { MemoryLedger } from './memory-ledger.js';

const commissions = ['CentralMSP', 'SeoulMSP', 'BusanMSP'];
const gateway = { mspId: 'CentralMSP', name: 'gateway', attrs: { role: 'gateway' } };
const auditor = { mspId: 'ObserverMSP', name: 'auditor', attrs: { role: 'auditor' } };

function newLedger(totalQueryLimit?: number): MemoryLedger {
  return new MemoryLedger(
    {
      turnout: { members: commissions, memberOnlyRead: true, memberOnlyWrite: true },
      ballots: { members: [...commissions, 'ObserverMSP'], memberOnlyRead: true, memberOnlyWrite: true },
    },
    totalQueryLimit === undefined ? {} : { totalQueryLimit },
  );
}

async function ledgerWithKeys(count: number, totalQueryLimit: number): Promise<MemoryLedger> {
  const ledger = newLedger(totalQueryLimit);
  await ledger.submit({ identity: gateway }, async (ctx) => {
    for (let i = 0; i < count; i++) await ctx.stub.putState(`k/${String(i).padStart(3, '0')}`, Buffer.from('{}'));
  });
  return ledger;
}

describe('MemoryLedger', () => {
  it('lets exactly one of two transactions that read and write the same key commit', async () => {
    const ledger = newLedger();
    const a = ledger.transaction({ identity: gateway });
    const b = ledger.transaction({ identity: gateway });
    for (const tx of [a, b]) {
      expect((await tx.ctx.stub.getPrivateDataHash('turnout', 'voter')).length).to.equal(0);
      await tx.ctx.stub.putPrivateData('turnout', 'voter', Buffer.from('x'));
    }
    expect(a.commit()).to.equal('VALID');
    expect(b.commit()).to.equal('MVCC_READ_CONFLICT');
  });

  it('keeps private values from non-member peers but gives them the hash', async () => {
    const ledger = newLedger();
    await ledger.submit({ identity: gateway }, (ctx) => ctx.stub.putPrivateData('turnout', 'k', Buffer.from('v')));
    const onObserverPeer = ledger.transaction({ identity: gateway, peerMspId: 'ObserverMSP' });
    expect((await onObserverPeer.ctx.stub.getPrivateDataHash('turnout', 'k')).length).to.equal(32);
    let failed = false;
    await onObserverPeer.ctx.stub.getPrivateData('turnout', 'k').catch(() => (failed = true));
    expect(failed).to.equal(true);
  });

  it('refuses a non-member client when the collection is member-only', async () => {
    const ledger = newLedger();
    const tx = ledger.transaction({ identity: auditor });
    let message = '';
    await tx.ctx.stub.getPrivateData('turnout', 'k').catch((e: Error) => (message = e.message));
    expect(message).to.contain('read access');
  });

  it('detects a phantom in a public range read', async () => {
    const ledger = newLedger();
    const reader = ledger.transaction({ identity: gateway });
    for await (const _ of reader.ctx.stub.getStateByRange('a/', 'a0')) void _;
    await reader.ctx.stub.putState('summary', Buffer.from('0'));
    await ledger.submit({ identity: gateway }, (ctx) => ctx.stub.putState('a/1', Buffer.from('1')));
    expect(reader.commit()).to.equal('PHANTOM_READ_CONFLICT');
  });

  it('passes transient data and records the last event', async () => {
    const ledger = newLedger();
    await ledger.submit({ identity: gateway, transient: { ballot: 'abc' } }, async (ctx) => {
      expect(Buffer.from(ctx.stub.getTransient().get('ballot') ?? []).toString()).to.equal('abc');
      ctx.stub.setEvent('BallotCast', Buffer.from('t'));
    });
    expect(ledger.events.map((e) => e.name)).to.deep.equal(['BallotCast']);
  });

  it('refuses writes after a private range query, as Fabric does', async () => {
    const ledger = newLedger();
    const tx = ledger.transaction({ identity: gateway });
    for await (const _ of tx.ctx.stub.getPrivateDataByRange('ballots', 'a', 'b')) void _;
    let message = '';
    await tx.ctx.stub.putState('k', Buffer.from('v')).catch((e: Error) => (message = e.message));
    expect(message).to.contain('Writes are not allowed');
  });

  describe('totalQueryLimit', () => {
    it('cuts a range read off at the limit without telling, as a peer does', async () => {
      const ledger = await ledgerWithKeys(12, 5);
      const keys = await ledger.evaluate({ identity: gateway }, async (ctx) => {
        const out: string[] = [];
        for await (const kv of ctx.stub.getStateByRange('k/', 'k0')) out.push(kv.key);
        return out;
      });
      expect(keys).to.deep.equal(['k/000', 'k/001', 'k/002', 'k/003', 'k/004']);
    });

    it('checks phantoms of a cut-off read only up to the last key returned', async () => {
      const ledger = await ledgerWithKeys(12, 5);
      const reader = ledger.transaction({ identity: gateway });
      for await (const _ of reader.ctx.stub.getStateByRange('k/', 'k0')) void _;
      await reader.ctx.stub.putState('summary', Buffer.from('0'));
      await ledger.submit({ identity: gateway }, (ctx) => ctx.stub.putState('k/100', Buffer.from('{}')));
      expect(reader.commit()).to.equal('VALID');
    });

    it('pages with bookmarks at most min(pageSize, limit) keys at a time', async () => {
      const ledger = await ledgerWithKeys(12, 5);
      const pages = await ledger.evaluate({ identity: gateway }, async (ctx) => {
        const out: { count: number; bookmark: string }[] = [];
        let bookmark = '';
        do {
          const { metadata } = await ctx.stub.getStateByRangeWithPagination('k/', 'k0', 1000, bookmark);
          out.push({ count: metadata.fetchedRecordsCount, bookmark: metadata.bookmark });
          bookmark = metadata.bookmark;
        } while (bookmark !== '');
        return out;
      });
      expect(pages).to.deep.equal([{ count: 5, bookmark: 'k/005' }, { count: 5, bookmark: 'k/010' }, { count: 2, bookmark: '' }]);
    });

    it('allows paginated reads only in a transaction that writes nothing', async () => {
      const ledger = await ledgerWithKeys(3, 5);
      const writer = ledger.transaction({ identity: gateway });
      await writer.ctx.stub.putState('x', Buffer.from('1'));
      let before = '';
      await writer.ctx.stub.getStateByRangeWithPagination('k/', 'k0', 10, '').catch((e: Error) => (before = e.message));
      expect(before).to.contain('read-only');
      const reader = ledger.transaction({ identity: gateway });
      await reader.ctx.stub.getStateByRangeWithPagination('k/', 'k0', 10, '');
      let after = '';
      await reader.ctx.stub.putState('x', Buffer.from('1')).catch((e: Error) => (after = e.message));
      expect(after).to.contain('paginated query');
    });
  });
});
