// Ledgers for tests of anything that compares or re-checks peers' chains: chains that hash like
// Fabric's, and peers that serve them.
import { createHash } from 'node:crypto';
import { blockHeaderHash, type BlockDigest, type PeerReader } from './compare.js';

/**
 * A chain whose header hashes and commit hashes both chain, as Fabric's do. From `forkAt` on
 * the blocks' contents differ; from `stateForkAt` on only the state (commit hash) does.
 */
export function chainedLedger(height: number, options: { forkAt?: number; stateForkAt?: number } = {}): BlockDigest[] {
  const blocks: BlockDigest[] = [];
  let prev: Buffer = Buffer.alloc(0);
  let prevCommit = Buffer.alloc(0);
  for (let i = 0; i < height; i++) {
    const dataHash = Buffer.alloc(32, i >= (options.forkAt ?? Infinity) ? 0xee : i % 251);
    const headerHash = blockHeaderHash(i, prev, dataHash);
    const update = i >= (options.stateForkAt ?? Infinity) ? 'tampered' : `updates of ${i}`;
    const commit = createHash('sha256').update(prevCommit).update(update).digest();
    blocks.push({ number: i, headerHash: headerHash.toString('hex'), previousHash: prev.toString('hex'), dataHash: dataHash.toString('hex'), dataHashValid: true, commitHash: commit.toString('hex'), txFilter: '00', txCount: 1 });
    prev = headerHash;
    prevCommit = commit;
  }
  return blocks;
}

/** A peer serving `blocks` (chain info from them), logging every block it is asked for into `reads`. */
export function fakeReader(name: string, blocks: readonly BlockDigest[], reads: number[] = []): PeerReader {
  return {
    peer: name,
    chainInfo: async () => ({ height: blocks.length, currentBlockHash: blocks.at(-1)?.headerHash ?? '', previousBlockHash: blocks.at(-2)?.headerHash ?? '' }),
    block: async (n) => {
      reads.push(n);
      const b = blocks[n];
      if (!b) throw new Error(`${name} has no block ${n}`);
      return b;
    },
  };
}
