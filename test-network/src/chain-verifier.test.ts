import { expect } from 'chai';
import { chainedLedger, fakeReader } from './chain-fixtures.js';
import { ChainVerifier } from './chain-verifier.js';
import type { BlockDigest, PeerReader } from './compare.js';

describe('chain verifier (one peer\'s own chain, from the genesis block)', () => {
  it('verifies an intact chain and reads each block once across calls', async () => {
    const chain = chainedLedger(300);
    const reads: number[] = [];
    const reader = fakeReader('A', chain, reads);
    const verifier = new ChainVerifier();
    expect(await verifier.advance(reader, 120)).to.deep.equal({ verifiedHeight: 120, fault: null });
    expect(await verifier.advance(reader, 120)).to.deep.equal({ verifiedHeight: 120, fault: null });
    expect(await verifier.advance(reader, 300)).to.deep.equal({ verifiedHeight: 300, fault: null });
    expect(reads).to.deep.equal(Array.from({ length: 300 }, (_, i) => i));
  });

  it('reads at most maxBlocks per call', async () => {
    const reader = fakeReader('A', chainedLedger(50));
    const verifier = new ChainVerifier();
    expect((await verifier.advance(reader, 50, 20)).verifiedHeight).to.equal(20);
    expect((await verifier.advance(reader, 50, 20)).verifiedHeight).to.equal(40);
    expect((await verifier.advance(reader, 50, 20)).verifiedHeight).to.equal(50);
  });

  it('names the block whose data no longer hashes to its header, and stops there', async () => {
    const chain = chainedLedger(40).map((b): BlockDigest => (b.number === 17 ? { ...b, dataHashValid: false } : b));
    const reads: number[] = [];
    const verifier = new ChainVerifier();
    const progress = await verifier.advance(fakeReader('Busan', chain, reads), 40);
    expect(progress.verifiedHeight).to.equal(17);
    expect(progress.fault).to.deep.equal({ height: 17, reason: 'block 17 data does not hash to its header\'s data_hash' });
    expect(await verifier.advance(fakeReader('Busan', chain, reads), 40)).to.deep.equal(progress);
    expect(reads).to.have.length(18);
  });

  it('names a block whose previous_hash is not its predecessor\'s header hash (a block replaced with its header re-hashed)', async () => {
    const chain = chainedLedger(40);
    const forged = chainedLedger(40, { forkAt: 25 });
    // Blocks 0..29 of the honest chain, then the forged chain's blocks from 30 on: 30 names the forged 29.
    const spliced = [...chain.slice(0, 30), ...forged.slice(30)];
    const progress = await new ChainVerifier().advance(fakeReader('Seoul', spliced), 40);
    expect(progress).to.deep.equal({ verifiedHeight: 30, fault: { height: 30, reason: 'block 30 previous_hash does not match the hash of block 29' } });
  });

  it('rejects a genesis block that names a previous block', async () => {
    const chain = chainedLedger(3).map((b): BlockDigest => (b.number === 0 ? { ...b, previousHash: 'ab'.repeat(32) } : b));
    expect((await new ChainVerifier().advance(fakeReader('A', chain), 3)).fault?.reason).to.equal('block 0 names a previous block');
  });

  it('reports a ledger that shrank below what was verified (a rolled-back peer)', async () => {
    const chain = chainedLedger(60);
    const verifier = new ChainVerifier();
    await verifier.advance(fakeReader('Central', chain), 60);
    expect((await verifier.advance(fakeReader('Central', chain.slice(0, 45)), 45)).fault).to.deep.equal({
      height: 45, reason: 'its height went down from 60 to 45',
    });
  });

  it('reports a peer that serves another block than the one asked for', async () => {
    const chain = chainedLedger(10);
    const reader: PeerReader = { ...fakeReader('A', chain), block: async (n) => chain[Math.max(0, n - 1)]! };
    expect((await new ChainVerifier().advance(reader, 10)).fault).to.deep.equal({ height: 1, reason: 'asked for block 1, it served block 0' });
  });

  it('keeps its progress when the peer stops answering, and goes on from there', async () => {
    const chain = chainedLedger(30);
    const verifier = new ChainVerifier();
    const flaky: PeerReader = { ...fakeReader('A', chain), block: async (n) => { if (n === 12) throw new Error('UNAVAILABLE'); return chain[n]!; } };
    let error: unknown;
    try {
      await verifier.advance(flaky, 30);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect(verifier.progress).to.deep.equal({ verifiedHeight: 12, fault: null });
    expect(await verifier.advance(fakeReader('A', chain), 30)).to.deep.equal({ verifiedHeight: 30, fault: null });
  });
});
