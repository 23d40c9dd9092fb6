import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { common } from '@hyperledger/fabric-protos';
import { chainedLedger, fakeReader } from './chain-fixtures.js';
import type { Contract } from '@hyperledger/fabric-gateway';
import { blockHeaderHash, compareAtCommonHeight, compareLedgers, digestBlock, formatComparison, qsccReader, type BlockDigest, type PeerAtHeight, type PeerLedger } from './compare.js';

/** A Fabric block as a peer serves it (protobuf bytes), with `dataHash` in its header. */
function blockBytes(number: number, previousHash: Uint8Array, envelopes: Uint8Array[], dataHash?: Uint8Array): Uint8Array {
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(dataHash ?? createHash('sha256').update(Buffer.concat(envelopes)).digest());
  const data = new common.BlockData();
  data.setDataList(envelopes);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  return block.serializeBinary();
}

function chain(n: number, tweak?: (b: BlockDigest) => BlockDigest): BlockDigest[] {
  const blocks: BlockDigest[] = [];
  let prev: Buffer = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    const dataHash = Buffer.alloc(32, i + 1);
    const headerHash = blockHeaderHash(i, prev, dataHash);
    let b: BlockDigest = {
      number: i, headerHash: headerHash.toString('hex'), previousHash: prev.toString('hex'), dataHash: dataHash.toString('hex'), dataHashValid: true,
      commitHash: Buffer.alloc(32, 100 + i).toString('hex'), txFilter: i === 0 ? '00' : '0000', txCount: i === 0 ? 1 : 2,
    };
    if (tweak) b = tweak(b);
    blocks.push(b);
    prev = headerHash;
  }
  return blocks;
}

function ledger(peer: string, blocks: BlockDigest[]): PeerLedger {
  return { peer, height: blocks.length, currentBlockHash: blocks.at(-1)?.headerHash ?? '', blocks };
}

describe('ledger comparison', () => {
  it('computes Fabric\'s block header hash (vector from a real Fabric 3.1.5 peer)', () => {
    const h = blockHeaderHash(2,
      Buffer.from('62fceec12009ed651f9fa76ae6923e8ef0cd5029a1a738065567189879ab0562', 'hex'),
      Buffer.from('d3dfac2ffecbb5d48a2c2c18f027cbc7feaa5f42a371c55fbea3806f1ef74c48', 'hex'));
    // previous_hash of block 3 on that peer
    expect(h.toString('hex')).to.equal('c13b2bf793a23471594ac214720bc52721df6570454da46ae4a69074badf98c7');
  });

  it('encodes large block numbers as positive DER integers', () => {
    expect(blockHeaderHash(128, Buffer.alloc(0), Buffer.alloc(0))).to.not.deep.equal(blockHeaderHash(0x80n * 2n, Buffer.alloc(0), Buffer.alloc(0)));
    expect(blockHeaderHash(2n ** 40n, Buffer.alloc(32), Buffer.alloc(32))).to.have.length(32);
  });

  it('agrees when all peers report the same blocks', () => {
    const r = compareLedgers(['A', 'B', 'C', 'D'].map((p) => ledger(p, chain(5))));
    expect(r.ok).to.equal(true);
    expect(r.comparedHeight).to.equal(5);
    expect(r.rows.map((x) => [x.validTx, x.invalidTx])).to.deep.equal(Array(4).fill([9, 0]));
    expect(formatComparison(r)).to.match(/OK: 4 peers agree on all 5 blocks/);
  });

  it('names the peer and height whose commit hash differs', () => {
    const bad = chain(5, (b) => (b.number === 3 ? { ...b, commitHash: 'ff'.repeat(32) } : b));
    const r = compareLedgers([ledger('A', chain(5)), ledger('B', chain(5)), ledger('C', bad), ledger('D', chain(5))]);
    expect(r.ok).to.equal(false);
    expect(r.mismatches).to.have.length(1);
    expect(r.mismatches[0]).to.include({ peer: 'C', height: 3, field: 'commitHash' });
    expect(r.rows.find((x) => x.peer === 'C')?.ok).to.equal(false);
    expect(formatComparison(r)).to.match(/C: block 3 commitHash/);
  });

  it('detects different validation flags and different block contents', () => {
    const flags = chain(4, (b) => (b.number === 2 ? { ...b, txFilter: '000b' } : b));
    const r1 = compareLedgers([ledger('A', chain(4)), ledger('B', flags), ledger('C', chain(4))]);
    expect(r1.mismatches.map((m) => [m.peer, m.height, m.field])).to.deep.equal([['B', 2, 'txFilter']]);
    expect(r1.rows.find((x) => x.peer === 'B')).to.include({ validTx: 6, invalidTx: 1 });

    // a self-consistent fork from block 1 on
    const r2 = compareLedgers([ledger('A', chainedLedger(4)), ledger('B', chainedLedger(4)), ledger('C', chainedLedger(4, { forkAt: 1 }))]);
    expect(r2.mismatches.filter((m) => m.field === 'headerHash').map((m) => [m.peer, m.height])).to.deep.equal([['C', 1], ['C', 2], ['C', 3]]);
  });

  it('reports a peer that is behind, or only compares common blocks when asked', () => {
    const r = compareLedgers([ledger('A', chain(5)), ledger('B', chain(5)), ledger('C', chain(3))]);
    expect(r.mismatches.map((m) => [m.peer, m.field, m.expected, m.actual])).to.deep.equal([['C', 'height', '5', '3']]);
    expect(r.comparedHeight).to.equal(3);
    expect(compareLedgers([ledger('A', chain(5)), ledger('C', chain(3))], { requireEqualHeights: false }).ok).to.equal(true);
  });

  it('detects a broken hash chain within one peer', () => {
    const broken = chain(4, (b) => (b.number === 2 ? { ...b, previousHash: '00'.repeat(32) } : b));
    const r = compareLedgers([ledger('A', broken)]);
    expect(r.mismatches.map((m) => [m.peer, m.height, m.field])).to.deep.equal([['A', 2, 'chain']]);
    const wrongInfo: PeerLedger = { ...ledger('B', chain(3)), currentBlockHash: 'ab'.repeat(32) };
    expect(compareLedgers([wrongInfo]).mismatches.map((m) => m.field)).to.deep.equal(['chain']);
  });

  it('recomputes each block\'s data hash (SHA-256 of its concatenated envelopes) from the bytes a peer serves', () => {
    const envelopes = [Buffer.from('envelope one'), Buffer.from('envelope two')];
    const good = digestBlock(blockBytes(7, Buffer.alloc(32, 1), envelopes));
    expect(good).to.include({ number: 7, dataHashValid: true, txCount: 2, previousHash: '01'.repeat(32) });
    expect(good.headerHash).to.equal(blockHeaderHash(7, Buffer.alloc(32, 1), Buffer.from(good.dataHash, 'hex')).toString('hex'));
    // The same header over altered data (a ballot changed in a peer's block file).
    const altered = digestBlock(blockBytes(7, Buffer.alloc(32, 1), [Buffer.from('envelope one'), Buffer.from('envelope 2wo')], Buffer.from(good.dataHash, 'hex')));
    expect(altered).to.include({ dataHashValid: false, headerHash: good.headerHash });
  });

  it('names the peer and block whose data does not match its header, though every hash agrees', () => {
    const altered = chain(4, (b) => (b.number === 2 ? { ...b, dataHashValid: false } : b));
    const r = compareLedgers([ledger('A', chain(4)), ledger('B', altered), ledger('C', chain(4))]);
    expect(r.mismatches.map((m) => [m.peer, m.height, m.field])).to.deep.equal([['B', 2, 'data']]);
    expect(formatComparison(r)).to.match(/B: block 2 data does not hash to its header's data_hash/);
  });

  describe('at the common height (the auditor page)', () => {
    /** A peer holding `blocks`, logging every block it is asked for into `reads`. */
    function peer(name: string, blocks: BlockDigest[], reads: number[] = []): PeerAtHeight {
      return {
        reader: fakeReader(name, blocks, reads),
        info: { height: blocks.length, currentBlockHash: blocks.at(-1)?.headerHash ?? '', previousBlockHash: blocks.at(-2)?.headerHash ?? '' },
      };
    }

    it('reads one block per peer when 4 peers agree on a 20,000-block chain', async () => {
      const chain = chainedLedger(20_000);
      const reads: number[] = [];
      const result = await compareAtCommonHeight(['A', 'B', 'C', 'D'].map((p) => peer(p, chain, reads)));
      expect(result.ok).to.equal(true);
      expect(result.comparedHeight).to.equal(20_000);
      expect(reads).to.deep.equal([19_999, 19_999, 19_999, 19_999]);
    });

    it('bisects to the first block whose contents differ and names the peer', async () => {
      const reads: number[] = [];
      const good = chainedLedger(20_000);
      const result = await compareAtCommonHeight([
        peer('A', good, reads), peer('B', good, reads), peer('C', chainedLedger(20_000, { forkAt: 12_345 }), reads), peer('D', good, reads),
      ]);
      expect(result.ok).to.equal(false);
      expect(result.mismatches.map((m) => [m.peer, m.height, m.field])).to.deep.include(['C', 12_345, 'headerHash']);
      expect(result.mismatches.every((m) => m.peer === 'C' && m.height >= 12_345)).to.equal(true);
      expect(reads.length / 4).to.be.at.most(Math.ceil(Math.log2(20_000)) + 2); // tip + bisection + predecessor, per peer
    });

    it('finds a state divergence (commit hash only) at the block where it began', async () => {
      const good = chainedLedger(5_000);
      const result = await compareAtCommonHeight([peer('A', good), peer('B', chainedLedger(5_000, { stateForkAt: 4_321 })), peer('C', good)]);
      expect(result.mismatches.map((m) => [m.peer, m.height, m.field])).to.deep.equal([['B', 4_321, 'commitHash']]);
    });

    it('compares a peer that is behind at the height all have, and reports the height', async () => {
      const chain = chainedLedger(300);
      const result = await compareAtCommonHeight([peer('A', chain), peer('B', chain), peer('C', chain.slice(0, 290))]);
      expect(result.comparedHeight).to.equal(290);
      expect(result.mismatches.map((m) => [m.peer, m.field])).to.deep.equal([['C', 'height']]);
      const relaxed = await compareAtCommonHeight([peer('A', chain), peer('C', chain.slice(0, 290))], { requireEqualHeights: false });
      expect(relaxed.ok).to.equal(true);
    });

    it('catches a peer whose chain info does not match its own last block', async () => {
      const chain = chainedLedger(50);
      const liar: PeerAtHeight = { ...peer('B', chain), info: { height: 50, currentBlockHash: 'ab'.repeat(32), previousBlockHash: '' } };
      const result = await compareAtCommonHeight([peer('A', chain), liar]);
      expect(result.mismatches.map((m) => [m.peer, m.field])).to.deep.equal([['B', 'chain']]);
    });
  });

  it('qsccReader targets the peer\'s own organization on every read (no answer from another org\'s peer under its name)', async () => {
    const calls: { name: string; options: unknown }[] = [];
    const info = new common.BlockchainInfo();
    info.setHeight(3);
    const qscc = {
      evaluate: (name: string, options: unknown) => {
        calls.push({ name, options });
        return Promise.resolve(name === 'GetChainInfo' ? info.serializeBinary() : blockBytes(2, Buffer.alloc(32), [Buffer.from('tx')]));
      },
    } as unknown as Contract;
    const reader = qsccReader('Busan', qscc, 'elections', 'BusanMSP');
    expect((await reader.chainInfo()).height).to.equal(3);
    expect((await reader.block(2)).number).to.equal(2);
    expect(calls).to.deep.equal([
      { name: 'GetChainInfo', options: { arguments: ['elections'], endorsingOrganizations: ['BusanMSP'] } },
      { name: 'GetBlockByNumber', options: { arguments: ['elections', '2'], endorsingOrganizations: ['BusanMSP'] } },
    ]);
  });
});
