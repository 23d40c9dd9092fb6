import { chainedLedger, fakeReader, type BlockDigest } from '@ballotledger/test-network';
import { expect } from 'chai';
import { PeerAudit, type AuditedPeer, type PeerLink } from './peer-audit.js';

const PEERS: AuditedPeer[] = ['Central', 'Seoul', 'Busan', 'Observer'].map((org, i) => ({ org, mspId: `${org}MSP`, address: `127.0.0.1:${7051 + 1000 * i}` }));

/**
 * Four peers serving the chains in `chains` (by org; a missing org does not answer), counting
 * connections and block reads; block reads wait for `gate` when one is given.
 */
function network(chains: Map<string, BlockDigest[]>, gate?: Promise<void>): { open: (p: AuditedPeer) => PeerLink; opened: string[]; reads: Map<string, number[]> } {
  const opened: string[] = [];
  const reads = new Map(PEERS.map((p) => [p.org, [] as number[]]));
  const open = (p: AuditedPeer): PeerLink => {
    opened.push(p.org);
    const blocks = chains.get(p.org);
    const reader = blocks
      ? fakeReader(`${p.org}@${p.address}`, blocks, reads.get(p.org))
      : { peer: `${p.org}@${p.address}`, chainInfo: () => Promise.reject(new Error('UNAVAILABLE')), block: () => Promise.reject(new Error('UNAVAILABLE')) };
    return { reader: { ...reader, block: async (n) => { await gate; return reader.block(n); } }, close: () => undefined };
  };
  return { open, opened, reads };
}

describe('peer audit (the auditor page\'s node comparison)', () => {
  it('agrees at once, then re-checks every peer\'s chain from the genesis block in the background, each block once', async () => {
    const chain = chainedLedger(500);
    const chains = new Map(PEERS.map((p) => [p.org, chain]));
    const net = network(chains);
    const audit = new PeerAudit(PEERS, net.open);
    const first = await audit.check();
    expect(first.agree).to.equal(true);
    expect(first.chainsChecking).to.equal(true);
    expect(first.peers.map((p) => [p.org, p.height, p.verifiedHeight])).to.deep.equal(PEERS.map((p) => [p.org, 500, 0]));
    await audit.chainsChecked();
    const second = await audit.check();
    expect(second.peers.map((p) => p.verifiedHeight)).to.deep.equal([500, 500, 500, 500]);
    expect(second.agree).to.equal(true);
    expect(second.chainsChecking, 'nothing left to re-check').to.equal(false);
    await audit.chainsChecked();
    expect(net.reads.get('Seoul')!.filter((n) => n !== 499)).to.deep.equal(Array.from({ length: 499 }, (_, i) => i));

    // New blocks: only they are re-read.
    const longer = chainedLedger(520);
    for (const p of PEERS) chains.set(p.org, longer);
    net.reads.get('Seoul')!.length = 0;
    await audit.check();
    await audit.chainsChecked();
    expect(net.reads.get('Seoul')).to.deep.equal([519, ...Array.from({ length: 20 }, (_, i) => 500 + i)]);
  });

  it('names the peer whose block data was altered though its block hashes agree with everyone\'s', async () => {
    const chain = chainedLedger(80);
    const altered = chain.map((b): BlockDigest => (b.number === 33 ? { ...b, dataHashValid: false } : b));
    const audit = new PeerAudit(PEERS, network(new Map(PEERS.map((p) => [p.org, p.org === 'Busan' ? altered : chain]))).open);
    expect((await audit.check()).agree, 'the headers agree').to.equal(true);
    await audit.chainsChecked();
    const report = await audit.check();
    expect(report.agree).to.equal(false);
    expect(report.mismatches).to.deep.equal([{ peer: 'Busan', height: 33, reason: 'Busan: block 33 data does not hash to its header\'s data_hash' }]);
    expect(report.peers.find((p) => p.org === 'Busan')).to.deep.include({
      verifiedHeight: 33, chainFault: { height: 33, reason: 'block 33 data does not hash to its header\'s data_hash' },
    });
    expect(report.peers.find((p) => p.org === 'Seoul')).to.deep.include({ verifiedHeight: 80, chainFault: null });
  });

  it('names a diverging peer by its organization, as the page shows it', async () => {
    const chain = chainedLedger(64);
    const forked = chainedLedger(64, { forkAt: 40 });
    const audit = new PeerAudit(PEERS, network(new Map(PEERS.map((p) => [p.org, p.org === 'Seoul' ? forked : chain]))).open);
    const report = await audit.check();
    expect(report.agree).to.equal(false);
    expect(report.mismatches.map((m) => [m.peer, m.height])).to.deep.include(['Seoul', 40]);
  });

  it('reports a peer that does not answer and leaves it out of the comparison and the walk', async () => {
    const chain = chainedLedger(30);
    const net = network(new Map(PEERS.filter((p) => p.org !== 'Observer').map((p) => [p.org, chain])));
    const audit = new PeerAudit(PEERS, net.open);
    const report = await audit.check();
    await audit.chainsChecked();
    expect(report.agree).to.equal(false);
    expect(report.mismatches).to.deep.equal([{ peer: 'Observer', height: 0, reason: 'the peer did not answer' }]);
    expect(report.peers.find((p) => p.org === 'Observer')).to.include({ healthy: false, height: 0 });
    expect(net.opened.filter((o) => o === 'Observer')).to.have.length(1);
  });

  it('runs one walk at a time, each reading at most maxBlocksPerWalk blocks per peer', async () => {
    const chain = chainedLedger(250);
    let release = (): void => undefined;
    const net = network(new Map(PEERS.map((p) => [p.org, chain])), new Promise<void>((resolve) => { release = resolve; }));
    const audit = new PeerAudit(PEERS, net.open, { maxBlocksPerWalk: 100 });
    const checks = Promise.all([audit.check(), audit.check(), audit.check()]);
    release();
    await checks;
    await audit.chainsChecked();
    expect(net.opened).to.have.length(3 * 4 + 4);
    expect((await audit.check()).peers.map((p) => p.verifiedHeight)).to.deep.equal([100, 100, 100, 100]);
    await audit.chainsChecked();
    await audit.check();
    await audit.chainsChecked();
    expect((await audit.check()).peers.map((p) => p.verifiedHeight)).to.deep.equal([250, 250, 250, 250]);
  });

  it('re-does a caught-up pass from the genesis block once it is recheckAfterMs old, so a block edited after it was read is named', async () => {
    const chain = chainedLedger(300);
    const chains = new Map(PEERS.map((p) => [p.org, chain]));
    const net = network(chains);
    let clock = Date.parse('2026-12-07T10:00:00Z');
    const audit = new PeerAudit(PEERS, net.open, { maxBlocksPerWalk: 200, recheckAfterMs: 60_000, now: () => clock });
    const walk = async (): Promise<void> => {
      await audit.check();
      await audit.chainsChecked();
    };
    await walk();
    await walk();
    const first = await audit.check();
    expect(first.peers.map((p) => [p.verifiedHeight, p.chainFault, p.chainCheckStartedAt])).to.deep.equal(PEERS.map(() => [300, null, '2026-12-07T10:00:00.000Z']));
    expect(first.chainsChecking, 'not yet due').to.equal(false);

    // Block 250 of Busan's chain is edited after the pass read it.
    chains.set('Busan', chain.map((b): BlockDigest => (b.number === 250 ? { ...b, dataHashValid: false } : b)));
    clock += 60_000;
    await walk();
    const during = await audit.check();
    expect(during.chainsChecking, 'the fresh pass is under way').to.equal(true);
    expect(during.peers.map((p) => p.verifiedHeight), 'the shown pass stays until the fresh one is done').to.deep.equal([300, 300, 300, 300]);
    expect(during.agree).to.equal(true);
    await audit.chainsChecked();

    const after = await audit.check();
    expect(after.agree).to.equal(false);
    expect(after.mismatches).to.deep.equal([{ peer: 'Busan', height: 250, reason: 'Busan: block 250 data does not hash to its header\'s data_hash' }]);
    expect(after.peers.find((p) => p.org === 'Busan')).to.deep.include({ verifiedHeight: 250, chainCheckStartedAt: '2026-12-07T10:01:00.000Z' });
    expect(after.peers.find((p) => p.org === 'Seoul')).to.deep.include({ verifiedHeight: 300, chainFault: null, chainCheckStartedAt: '2026-12-07T10:01:00.000Z' });
  });
});
