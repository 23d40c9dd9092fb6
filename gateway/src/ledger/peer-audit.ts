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
 * names the first fault found.
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
}

export class PeerAudit {
  readonly #peers: readonly AuditedPeer[];
  readonly #open: (peer: AuditedPeer) => PeerLink;
  readonly #maxBlocksPerWalk: number;
  /** One per peer, in the order of #peers. */
  readonly #verifiers: readonly ChainVerifier[];
  #walk: Promise<void> | undefined;

  constructor(peers: readonly AuditedPeer[], open: (peer: AuditedPeer) => PeerLink, options: PeerAuditOptions = {}) {
    this.#peers = peers;
    this.#open = open;
    this.#maxBlocksPerWalk = options.maxBlocksPerWalk ?? 2_000;
    this.#verifiers = peers.map(() => new ChainVerifier());
  }

  /** Every organization's peer, reached with this gateway's auditor identity. */
  static over(fabric: FabricAccess): PeerAudit {
    const { profile, auditorIdentity } = fabric;
    const peers = profile.orgs.map((o): AuditedPeer => ({ org: o.name, mspId: o.mspId, address: o.peer.address }));
    return new PeerAudit(peers, ({ org }) => {
      const connection = connectLedger({ peer: fabric.peerOf(profile.orgs.find((o) => o.name === org)!), identity: auditorIdentity });
      const qscc = connection.gateway.getNetwork(profile.channel).getContract('qscc');
      return { reader: qsccReader(org, qscc, profile.channel), close: () => connection.close() };
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
    if (this.#walk === undefined && this.#peers.some((_, i) => this.#behind(i, answered[i]))) {
      this.#walk = this.#verifyChains(answered).finally(() => {
        this.#walk = undefined;
      });
    }
    const chains = this.#verifiers.map((v) => v.progress);
    const faults = this.#peers.flatMap((p, i) => {
      const { fault } = chains[i]!;
      return fault ? [{ peer: p.org, height: fault.height, reason: `${p.org}: ${fault.reason}` }] : [];
    });
    return {
      checkedAt: new Date().toISOString(),
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

  /** Whether peer i answered with a height its chain has not been re-checked to (and no fault stopped the check). */
  #behind(i: number, info: ChainInfo | undefined): boolean {
    const { verifiedHeight, fault } = this.#verifiers[i]!.progress;
    return info !== undefined && fault === null && info.height !== verifiedHeight;
  }

  /** Re-reads, on each peer that is behind, up to maxBlocksPerWalk blocks. */
  async #verifyChains(infos: readonly (ChainInfo | undefined)[]): Promise<void> {
    await Promise.all(this.#peers.map(async (p, i) => {
      const info = infos[i];
      if (info === undefined || !this.#behind(i, info)) return;
      const link = this.#link(p);
      try {
        await this.#verifiers[i]!.advance(link.reader, info.height, this.#maxBlocksPerWalk);
      } catch {
        // The peer stopped answering; the next check goes on from where this walk got.
      } finally {
        link.close();
      }
    }));
  }
}
