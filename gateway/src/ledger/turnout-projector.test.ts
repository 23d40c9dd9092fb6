import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { BallotLedger } from '@ballotledger/ledger-client';
import { FakeChain } from '../testing/fake-chain.js';
import { memoryLogger, VOTERS } from '../testing/harness.js';
import { Store } from '../storage/store.js';
import { recordCommitted } from './cast-service.js';
import { TurnoutProjector } from './turnout-projector.js';

const EID = 'e-small';
const at = '2026-03-02T01:00:00.000Z';
const receiptOf = (tracker: string, txId: string): { electionId: string; tracker: string; txId: string; at: string; channel: string } => ({ electionId: EID, tracker, txId, at, channel: 'web' });

describe('TurnoutProjector', () => {
  let store: Store;
  let chain: FakeChain;
  let projector: TurnoutProjector;

  beforeEach(() => {
    store = new Store({ path: ':memory:', piiKey: randomBytes(32) });
    store.voters.replaceRoll(EID, VOTERS, 'seed');
    store.credentials.addAll(EID, VOTERS.map((v, i) => ({ voterId: v.voterId, credential: String(i).repeat(43), pseudonym: `p${i}`, secret: `s${i}` })));
    chain = new FakeChain();
    projector = new TurnoutProjector(store, chain as unknown as BallotLedger, memoryLogger([]));
  });

  afterEach(async () => {
    await projector.stop();
    store.close();
  });

  async function deliver(tracker: string, txId: string, block: number): Promise<void> {
    const updated = new Promise((resolve) => projector.once('update', resolve));
    chain.emit({ receipt: receiptOf(tracker, txId), blockNumber: block, txId });
    await updated;
  }

  async function listening(): Promise<void> {
    projector.start();
    while (!chain.listening) await new Promise((r) => setImmediate(r));
  }

  it('counts a group from the same events as the total: a cast counts in its group once the chain reported it', async () => {
    await listening();
    store.casts.addEndorsed({ txId: 'tx-2', electionId: EID, voterId: 'v2', bytes: new Uint8Array([2]), receipt: receiptOf('b'.repeat(64), 'tx-2') });
    recordCommitted(store, store.casts.byTxId('tx-2')!, 11);
    const before = projector.turnout(EID);
    expect(before.voted).to.equal(0);
    expect(before.byGroup).to.deep.equal([
      { group: '-', eligible: 1, voted: 0 },
      { group: '1반', eligible: 1, voted: 0 },
      { group: '2반', eligible: 1, voted: 0 },
    ]);
    await deliver('b'.repeat(64), 'tx-2', 11);
    const after = projector.turnout(EID);
    expect(after.voted).to.equal(1);
    expect(after.byGroup.find((g) => g.group === '2반')).to.deep.equal({ group: '2반', eligible: 1, voted: 1 });
    expect(after.byGroup.reduce((n, g) => n + g.voted, 0)).to.equal(after.voted);
  });

  it('marks a voter whose cast was reported "not confirmed" as voted when its commit arrives as an event', async () => {
    await listening();
    store.casts.addEndorsed({ txId: 'tx-1', electionId: EID, voterId: 'v1', bytes: new Uint8Array([1]), receipt: receiptOf('a'.repeat(64), 'tx-1') });
    expect(store.credentials.get(EID, 'v1')!.votedAt).to.equal(null);
    await deliver('a'.repeat(64), 'tx-1', 12);
    const v1 = store.credentials.get(EID, 'v1')!;
    expect(v1.votedAt).to.be.a('number');
    expect(v1.receipt).to.deep.include({ tracker: 'a'.repeat(64), txId: 'tx-1', blockNumber: 12, shortTracker: 'AAAA-AAAA-AAAA-AAAA' });
    expect(store.casts.openFor(EID, 'v1')).to.equal(undefined);
    expect(projector.turnout(EID).byGroup.find((g) => g.group === '1반')!.voted).to.equal(1);
  });

  it('does not count a failed transaction of a voter, only the one the chain committed', async () => {
    await listening();
    store.casts.addEndorsed({ txId: 'tx-old', electionId: EID, voterId: 'v1', bytes: new Uint8Array([1]), receipt: receiptOf('c'.repeat(64), 'tx-old') });
    store.casts.setState('tx-old', 'failed', 'MVCC_READ_CONFLICT');
    store.casts.addEndorsed({ txId: 'tx-new', electionId: EID, voterId: 'v1', bytes: new Uint8Array([3]), receipt: receiptOf('c'.repeat(64), 'tx-new') });
    await deliver('c'.repeat(64), 'tx-new', 13);
    const t = projector.turnout(EID);
    expect(t.byGroup.find((g) => g.group === '1반')).to.deep.equal({ group: '1반', eligible: 1, voted: 1 });
    expect(store.casts.byTxId('tx-old')!.state).to.equal('failed');
    expect(store.casts.byTxId('tx-new')!.state).to.equal('committed');
  });
});
