/**
 * The auditor's view of the network: every organization's peer asked individually (this
 * gateway's auditor identity, connected to each peer) for its chain info, and compared at the
 * last block they all have — header hash, commit hash (state after the block), validation flags.
 * Both hashes chain, so that one block stands for the whole ledger; on a difference the
 * comparison bisects to the first block that differs (test-network `compareAtCommonHeight`).
 * A check reads one block per peer however long the chain is.
 *
 * @module
 */
import { connectLedger, type LedgerConnection } from '@ballotledger/ledger-client';
import { compareAtCommonHeight, qsccReader, type PeerAtHeight, type PeerReader } from '@ballotledger/test-network';
import type { FabricAccess } from './fabric-access.js';

export interface PeerAuditReport {
  readonly checkedAt: string;
  readonly agree: boolean;
  readonly peers: { org: string; mspId: string; address: string; healthy: boolean; height: number; currentBlockHash: string; previousBlockHash: string }[];
  readonly mismatches: { peer: string; height: number; reason: string }[];
}

export class PeerAudit {
  readonly #fabric: FabricAccess;

  constructor(fabric: FabricAccess) {
    this.#fabric = fabric;
  }

  #connect(orgName: string): { connection: LedgerConnection; reader: PeerReader } {
    const { profile, auditorIdentity } = this.#fabric;
    const org = profile.orgs.find((o) => o.name === orgName)!;
    const connection = connectLedger({ peer: this.#fabric.peerOf(org), identity: auditorIdentity });
    const qscc = connection.gateway.getNetwork(profile.channel).getContract('qscc');
    return { connection, reader: qsccReader(`${orgName}@${org.peer.address}`, qscc, profile.channel) };
  }

  async check(): Promise<PeerAuditReport> {
    const orgs = this.#fabric.profile.orgs;
    const connected = orgs.map((o) => this.#connect(o.name));
    try {
      // A peer that does not answer is reported as such and left out of the comparison.
      const answered = await Promise.all(connected.map(({ reader }) => reader.chainInfo().then((info) => info, () => undefined)));
      const healthy = connected.flatMap(({ reader }, i): PeerAtHeight[] => {
        const info = answered[i];
        return info === undefined ? [] : [{ reader, info }];
      });
      let mismatches: PeerAuditReport['mismatches'];
      let agree = false;
      try {
        const result = await compareAtCommonHeight(healthy);
        mismatches = result.mismatches.map((m) => ({ peer: m.peer, height: m.height, reason: m.message }));
        agree = result.ok && healthy.length === orgs.length;
      } catch {
        mismatches = [{ peer: '', height: 0, reason: 'a peer stopped answering during the comparison' }];
      }
      return {
        checkedAt: new Date().toISOString(),
        agree,
        peers: orgs.map((o, i) => ({
          org: o.name,
          mspId: o.mspId,
          address: o.peer.address,
          healthy: answered[i] !== undefined,
          height: answered[i]?.height ?? 0,
          currentBlockHash: answered[i]?.currentBlockHash ?? '',
          previousBlockHash: answered[i]?.previousBlockHash ?? '',
        })),
        mismatches: [
          ...mismatches,
          ...orgs.filter((_, i) => answered[i] === undefined).map((o) => ({ peer: o.name, height: 0, reason: 'the peer did not answer' })),
        ],
      };
    } finally {
      for (const { connection } of connected) connection.close();
    }
  }
}
