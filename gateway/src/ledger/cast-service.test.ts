// CastService's recovery after a restart, on a fake ledger client: every stored (endorsed, not
// confirmed) cast is finished exactly once, by its own transaction id and bytes.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { LedgerError, type BallotLedger } from '@ballotledger/ledger-client';
import { FakeChain } from '../testing/fake-chain.js';
import { memoryLogger, VOTERS } from '../testing/harness.js';
import { Store } from '../storage/store.js';
import { CastService } from './cast-service.js';

const EID = 'e-small';
const bytesOf = (n: number): Uint8Array => Uint8Array.from([n, n, n]);

describe('CastService recovery after a restart', () => {
  let store: Store;
  let chain: FakeChain;

  beforeEach(() => {
    store = new Store({ path: ':memory:', piiKey: randomBytes(32) });
    store.voters.replaceRoll(EID, VOTERS, 'seed');
    store.credentials.addAll(EID, VOTERS.map((v, i) => ({ voterId: v.voterId, credential: String(i).repeat(43), pseudonym: `p${i}`, secret: `s${i}` })));
    chain = new FakeChain();
    chain.addElection('open');
  });

  afterEach(() => store.close());

  /** The state a crash between endorse and commit leaves: the endorsed bytes stored, nothing known. */
  function endorsedBeforeCrash(voterId: string, txId: string, n: number): void {
    store.casts.addEndorsed({ txId, electionId: EID, voterId, bytes: bytesOf(n), receipt: { electionId: EID, tracker: String(n).repeat(64), txId, at: '2026-03-02T01:00:00.000Z', channel: 'web' } });
  }

  const restarted = (): CastService =>
    new CastService({ store, ledger: chain as unknown as BallotLedger, log: memoryLogger([]), concurrency: 4, election: (id) => chain.getElection(id) });

  it('a transaction the chain committed: the voter is recorded as voted with its block, nothing is submitted again', async () => {
    endorsedBeforeCrash('v1', 'tx-valid', 1);
    chain.statuses.set('tx-valid', { code: 'VALID', blockNumber: 21 });
    expect(await restarted().recoverPending()).to.deep.equal({ recorded: 1, failed: 0, open: 0 });
    expect(chain.submittedBytes).to.deep.equal([]);
    expect(store.casts.byTxId('tx-valid')!.state).to.equal('committed');
    expect(store.credentials.get(EID, 'v1')!.receipt).to.deep.include({ txId: 'tx-valid', blockNumber: 21, shortTracker: '1111-1111-1111-1111' });
  });

  it('a transaction the chain invalidated: marked failed, the voter has not voted and may cast again', async () => {
    endorsedBeforeCrash('v1', 'tx-invalid', 1);
    chain.statuses.set('tx-invalid', { code: 'MVCC_READ_CONFLICT', blockNumber: 22 });
    expect(await restarted().recoverPending()).to.deep.equal({ recorded: 0, failed: 1, open: 0 });
    expect(chain.submittedBytes).to.deep.equal([]);
    expect(store.casts.byTxId('tx-invalid')!.state).to.equal('failed');
    expect(store.casts.openFor(EID, 'v1')).to.equal(undefined);
    expect(store.credentials.get(EID, 'v1')!.votedAt).to.equal(null);
  });

  it('a transaction the chain does not have (or whose status cannot be read): the very same bytes are submitted', async () => {
    endorsedBeforeCrash('v1', 'tx-missing', 1);
    endorsedBeforeCrash('v2', 'tx-unreadable', 2);
    chain.statuses.set('tx-missing', { code: null, blockNumber: null });
    const status = chain.transactionStatus.bind(chain);
    chain.transactionStatus = (txId) => (txId === 'tx-unreadable' ? Promise.reject(new Error('peer down')) : status(txId));
    chain.submitOutcome = (bytes) => Promise.resolve(30 + bytes[0]!);
    expect(await restarted().recoverPending()).to.deep.equal({ recorded: 2, failed: 0, open: 0 });
    expect(chain.submittedBytes).to.deep.equal([bytesOf(1), bytesOf(2)]);
    expect((store.credentials.get(EID, 'v1')!.receipt as { blockNumber: number }).blockNumber).to.equal(31);
    expect((store.credentials.get(EID, 'v2')!.receipt as { blockNumber: number }).blockNumber).to.equal(32);
  });

  it('an outcome still unknown stays stored for the next try; an ordered but invalidated resubmission is failed', async () => {
    endorsedBeforeCrash('v1', 'tx-unknown', 1);
    endorsedBeforeCrash('v2', 'tx-conflict', 2);
    chain.statuses.set('tx-unknown', { code: null, blockNumber: null });
    chain.statuses.set('tx-conflict', { code: null, blockNumber: null });
    chain.submitOutcome = (bytes) =>
      Promise.reject(bytes[0] === 1 ? new LedgerError({ code: 'Unknown', message: 'commit status timed out' }) : new LedgerError({ code: 'Conflict', message: 'MVCC_READ_CONFLICT' }));
    expect(await restarted().recoverPending()).to.deep.equal({ recorded: 0, failed: 1, open: 1 });
    expect(store.casts.openFor(EID, 'v1')!.txId).to.equal('tx-unknown');
    expect(store.casts.byTxId('tx-conflict')!.state).to.equal('failed');
    chain.statuses.set('tx-unknown', { code: 'VALID', blockNumber: 40 });
    expect(await restarted().recoverPending()).to.deep.equal({ recorded: 1, failed: 0, open: 0 });
    expect(store.credentials.get(EID, 'v1')!.votedAt).to.be.a('number');
  });

  it('a voter sending the ballot again after a restart gets the stored transaction finished, never a second one', async () => {
    endorsedBeforeCrash('v1', 'tx-pending', 1);
    chain.statuses.set('tx-pending', { code: 'VALID', blockNumber: 23 });
    const receipt = await restarted().cast(EID, 'v1', { not: 'even a ballot' }, 'web');
    expect(receipt).to.deep.include({ txId: 'tx-pending', blockNumber: 23 });
    expect(chain.submittedBytes).to.deep.equal([]);
    const again = await restarted().cast(EID, 'v1', {}, 'web').catch((e: unknown) => e);
    expect(again).to.have.property('code', 'AlreadyVoted');
  });
});
