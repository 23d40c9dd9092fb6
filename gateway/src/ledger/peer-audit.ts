/**
 * The auditor's view of the network: every organization's peer asked individually (this
 * gateway's auditor identity, connected to each peer) for its chain info, and compared at the
 * last block they all have — header hash, commit hash (state after the block), validation flags.
 * Both hashes chain, so that one block stands for the whole ledger; on a difference the
 * comparison bisects to the first block that differs (test-network `compareAtCommonHeight`).
 * A check reads one block per peer however long the chain is.
 *
 * What the peers agree on must also be an intact chain: each check starts, in the background and
 * one at a time, a walk that re-reads every peer's blocks it has not read yet, from the genesis
 * block, and checks that each block's data hashes to its header and links to the block before
 * (test-network `ChainVerifier`). The report says how far each peer's chain was re-checked and
 * names the first fault found. A block read once is not read again by that pass, so a block file
 * edited afterwards would go unseen: once a peer's pass has caught up and is `recheckAfterMs` old,
 * a fresh pass starts from the genesis block beside it and takes its place when it catches up or
 * finds a fault.
 *
 * @module
 */
import { connectLedger } from '@ballotledger/ledger-client';
import { ChainVerifier, compareAtCommonHeight, qsccReader, type ChainInfo, type PeerAtHeight, type PeerReader } from '@ballotledger/test-network';
import type { FabricAccess } from './fabric-access.js';

export interface PeerAuditReport {
  readonly checkedAt: string;
  readonly agree: boolean;
  /** A walk re-checking the peers' chains is under way; `verifiedHeight` will grow. */
  readonly chainsChecking: boolean;
  readonly peers: {
    org: string; mspId: string; address: string; healthy: boolean; height: number; currentBlockHash: string; previousBlockHash: string;
    /** Blocks 0 .. verifiedHeight-1 of this peer were re-read by this gateway and found intact and linked. */
    verifiedHeight: number;
    /** The first block found broken (the walk stops there) and why, or null. */
    chainFault: { height: number; reason: string } | null;
    /** When the pass that `verifiedHeight` reports started reading from the genesis block; null before the first. */
    chainCheckStartedAt: string | null;
  }[];
  readonly mismatches: { peer: string; height: number; reason: string }[];
}

/** One organization's peer, as the report names it. */
export interface AuditedPeer {
  readonly org: string;
  readonly mspId: string;
  readonly address: string;
}

/** A connection to one peer, closed by whoever opened it (the audit names its reader after the org). */
export interface PeerLink {
  readonly reader: PeerReader;
  close(): void;
}

export interface PeerAuditOptions {
  /** Blocks re-read per peer by one background walk (the next check goes on from there). */
  readonly maxBlocksPerWalk?: number;
  /** Age at which a caught-up pass is re-done from the genesis block (default 30 minutes). */
  readonly recheckAfterMs?: number;
  /** The clock (tests turn it). */
  readonly now?: () => number;
}

/** One pass over a peer's chain from the genesis block, and when it started. */
interface ChainPass {
  readonly verifier: ChainVerifier;
  readonly startedAt: number;
}

export class PeerAudit {
  readonly #peers: readonly AuditedPeer[];
  readonly #open: (peer: AuditedPeer) => PeerLink;
  readonly #maxBlocksPerWalk: number;
  readonly #recheckAfterMs: number;
  readonly #now: () => number;
  /** The pass each peer's report shows, in the order of #peers; undefined before the first walk. */
  readonly #passes: (ChainPass | undefined)[];
  /** A fresh pass under way beside it, which replaces it when done. */
  readonly #rechecks: (ChainPass | undefined)[];
  #walk: Promise<void> | undefined;

  constructor(peers: readonly AuditedPeer[], open: (peer: AuditedPeer) => PeerLink, options: PeerAuditOptions = {}) {
    this.#peers = peers;
    this.#open = open;
    this.#maxBlocksPerWalk = options.maxBlocksPerWalk ?? 2_000;
    this.#recheckAfterMs = options.recheckAfterMs ?? 30 * 60_000;
    this.#now = options.now ?? Date.now;
    this.#passes = peers.map(() => undefined);
    this.#rechecks = peers.map(() => undefined);
  }

  /** Every organization's peer, reached with this gateway's auditor identity. */
  static over(fabric: FabricAccess): PeerAudit {
    const { profile, auditorIdentity } = fabric;
    const peers = profile.orgs.map((o): AuditedPeer => ({ org: o.name, mspId: o.mspId, address: o.peer.address }));
    return new PeerAudit(peers, ({ org, mspId }) => {
      const connection = connectLedger({ peer: fabric.peerOf(profile.orgs.find((o) => o.name === org)!), identity: auditorIdentity });
      const qscc = connection.gateway.getNetwork(profile.channel).getContract('qscc');
      return { reader: qsccReader(org, qscc, profile.channel, mspId), close: () => connection.close() };
    });
  }

  /** A link to the peer whose reader is named after its organization, as the report names peers. */
  #link(peer: AuditedPeer): PeerLink {
    const link = this.#open(peer);
    return { reader: { ...link.reader, peer: peer.org }, close: () => link.close() };
  }

  async check(): Promise<PeerAuditReport> {
    const links = this.#peers.map((p) => this.#link(p));
    let answered: (ChainInfo | undefined)[];
    let mismatches: PeerAuditReport['mismatches'];
    let compared = false;
    try {
      // A peer that does not answer is reported as such and left out of the comparison.
      answered = await Promise.all(links.map(({ reader }) => reader.chainInfo().then((info) => info, () => undefined)));
      const healthy = links.flatMap(({ reader }, i): PeerAtHeight[] => {
        const info = answered[i];
        return info === undefined ? [] : [{ reader, info }];
      });
      try {
        const result = await compareAtCommonHeight(healthy);
        mismatches = result.mismatches.map((m) => ({ peer: m.peer, height: m.height, reason: m.message }));
        compared = result.ok;
      } catch {
        mismatches = [{ peer: '', height: 0, reason: 'a peer stopped answering during the comparison' }];
      }
    } finally {
      for (const link of links) link.close();
    }
    if (this.#walk === undefined && this.#peers.some((_, i) => this.#pendingPass(i, answered[i]) !== undefined)) {
      this.#walk = this.#verifyChains(answered).finally(() => {
        this.#walk = undefined;
      });
    }
    const chains = this.#passes.map((pass) => pass?.verifier.progress ?? { verifiedHeight: 0, fault: null });
    const faults = this.#peers.flatMap((p, i) => {
      const { fault } = chains[i]!;
      return fault ? [{ peer: p.org, height: fault.height, reason: `${p.org}: ${fault.reason}` }] : [];
    });
    return {
      checkedAt: new Date(this.#now()).toISOString(),
      agree: compared && faults.length === 0 && answered.every((info) => info !== undefined),
      chainsChecking: this.#walk !== undefined,
      peers: this.#peers.map((p, i) => ({
        ...p,
        healthy: answered[i] !== undefined,
        height: answered[i]?.height ?? 0,
        currentBlockHash: answered[i]?.currentBlockHash ?? '',
        previousBlockHash: answered[i]?.previousBlockHash ?? '',
        verifiedHeight: chains[i]!.verifiedHeight,
        chainFault: chains[i]!.fault,
        chainCheckStartedAt: this.#passes[i] ? new Date(this.#passes[i].startedAt).toISOString() : null,
      })),
      mismatches: [
        ...mismatches,
        ...faults,
        ...this.#peers.filter((_, i) => answered[i] === undefined).map((p) => ({ peer: p.org, height: 0, reason: 'the peer did not answer' })),
      ],
    };
  }

  /** Resolves when the background walk started by the last check has finished. */
  async chainsChecked(): Promise<void> {
    await this.#walk;
  }

  /**
   * The pass a walk should advance on peer i, if any: the shown pass while it is behind the
   * peer's height (and found no fault), else a fresh pass under way or due.
   */
  #pendingPass(i: number, info: ChainInfo | undefined): 'shown' | 'fresh' | undefined {
    if (info === undefined) return undefined;
    const pass = this.#passes[i];
    if (pass === undefined) return 'shown';
    const { verifiedHeight, fault } = pass.verifier.progress;
    if (fault !== null) return undefined;
    if (info.height !== verifiedHeight) return 'shown';
    return this.#rechecks[i] !== undefined || this.#now() - pass.startedAt >= this.#recheckAfterMs ? 'fresh' : undefined;
  }

  /** Re-reads, on each peer with a pass to advance, up to maxBlocksPerWalk blocks. */
  async #verifyChains(infos: readonly (ChainInfo | undefined)[]): Promise<void> {
    await Promise.all(this.#peers.map(async (p, i) => {
      const info = infos[i];
      const which = this.#pendingPass(i, info);
      if (info === undefined || which === undefined) return;
      const fresh = (): ChainPass => ({ verifier: new ChainVerifier(), startedAt: this.#now() });
      const pass = which === 'shown' ? (this.#passes[i] ??= fresh()) : (this.#rechecks[i] ??= fresh());
      const link = this.#link(p);
      try {
        const progress = await pass.verifier.advance(link.reader, info.height, this.#maxBlocksPerWalk);
        if (which === 'fresh' && (progress.fault !== null || progress.verifiedHeight >= info.height)) {
          this.#passes[i] = pass;
          this.#rechecks[i] = undefined;
        }
      } catch {
        // The peer stopped answering; the next check goes on from where this walk got.
      } finally {
        link.close();
      }
    }));
  }
}
