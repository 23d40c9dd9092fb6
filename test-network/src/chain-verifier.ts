// One peer's own chain re-checked block by block from the genesis block: every block's data
// hashes to its header's data_hash and its previous_hash is the header hash of the block before.
// Comparing peers at one height (compareAtCommonHeight) shows that they agree; this shows that
// what each of them agrees on is a chain whose blocks still hold the data their headers name. It is
// incremental: a verifier remembers how far it got, so each block is read once.
import { blockFault, type PeerReader } from './compare.js';

/** The first thing found wrong with a peer's chain; the verifier stops there. */
export interface ChainFault {
  readonly height: number;
  /** Names the block, not the peer. */
  readonly reason: string;
}

export interface ChainProgress {
  /** Blocks 0 .. verifiedHeight-1 were read and found linked and intact. */
  readonly verifiedHeight: number;
  readonly fault: ChainFault | null;
}

export class ChainVerifier {
  #verifiedHeight = 0;
  #lastHeaderHash = '';
  #fault: ChainFault | null = null;

  get progress(): ChainProgress {
    return { verifiedHeight: this.#verifiedHeight, fault: this.#fault };
  }

  /**
   * Reads and checks the peer's blocks from where the last call stopped up to `height` (the
   * height the peer reports now), at most `maxBlocks` of them. A height below what was already
   * verified is itself a fault: a ledger never shrinks. A read that fails (the peer stopped
   * answering) rejects and leaves the progress as it was.
   */
  async advance(reader: PeerReader, height: number, maxBlocks = Number.POSITIVE_INFINITY): Promise<ChainProgress> {
    if (this.#fault === null && height < this.#verifiedHeight) {
      this.#fault = { height, reason: `its height went down from ${this.#verifiedHeight} to ${height}` };
    }
    const end = Math.min(height, this.#verifiedHeight + maxBlocks);
    while (this.#fault === null && this.#verifiedHeight < end) {
      const n = this.#verifiedHeight;
      const block = await reader.block(n);
      const fault = block.number !== n ? { reason: `asked for block ${n}, it served block ${block.number}` } : blockFault(block, this.#lastHeaderHash);
      if (fault) {
        this.#fault = { height: n, reason: fault.reason };
      } else {
        this.#lastHeaderHash = block.headerHash;
        this.#verifiedHeight = n + 1;
      }
    }
    return this.progress;
  }
}
