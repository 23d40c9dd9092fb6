/**
 * The auditor's view of the network: every organization's peer asked individually (this
 * gateway's auditor identity, connected to each peer) for its chain info and blocks, compared
 * block by block — header hash, commit hash (state after the block), validation flags. Block
 * digests already compared are kept, so each check fetches only new blocks.
 *
 * @module
 */
import { connectLedger } from '@ballotledger/ledger-client';
import { compareLedgers, digestBlock, type BlockDigest, type ComparisonResult, type PeerLedger } from '@ballotledger/test-network';
import { common } from '@hyperledger/fabric-protos';
import type { FabricAccess } from './fabric-access.js';

export interface PeerAuditReport {
  readonly checkedAt: string;
  readonly agree: boolean;
  readonly peers: { org: string; mspId: string; address: string; healthy: boolean; height: number; currentBlockHash: string; previousBlockHash: string }[];
  readonly mismatches: { peer: string; height: number; reason: string }[];
}

export class PeerAudit {
  readonly #fabric: FabricAccess;
  readonly #blocks = new Map<string, BlockDigest[]>();

  constructor(fabric: FabricAccess) {
    this.#fabric = fabric;
  }

  async #fetch(orgName: string): Promise<{ ledger: PeerLedger; previousBlockHash: string } | undefined> {
    const { profile, auditorIdentity } = this.#fabric;
    const org = profile.orgs.find((o) => o.name === orgName)!;
    const connection = connectLedger({ peer: this.#fabric.peerOf(org), identity: auditorIdentity });
    try {
      const qscc = connection.gateway.getNetwork(profile.channel).getContract('qscc');
      const info = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', profile.channel));
      const known = this.#blocks.get(orgName) ?? [];
      for (let n = known.length; n < info.getHeight(); n++) {
        known.push(digestBlock(await qscc.evaluateTransaction('GetBlockByNumber', profile.channel, String(n))));
      }
      this.#blocks.set(orgName, known);
      return {
        ledger: { peer: `${orgName}@${org.peer.address}`, height: info.getHeight(), currentBlockHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex'), blocks: known.slice(0, info.getHeight()) },
        previousBlockHash: Buffer.from(info.getPreviousblockhash_asU8()).toString('hex'),
      };
    } catch {
      return undefined;
    } finally {
      connection.close();
    }
  }

  async check(): Promise<PeerAuditReport> {
    const orgs = this.#fabric.profile.orgs;
    const fetched = await Promise.all(orgs.map((o) => this.#fetch(o.name)));
    const healthy = fetched.filter((f): f is NonNullable<typeof f> => f !== undefined);
    const result: ComparisonResult = compareLedgers(healthy.map((f) => f.ledger));
    return {
      checkedAt: new Date().toISOString(),
      agree: result.ok && healthy.length === orgs.length,
      peers: orgs.map((o, i) => {
        const f = fetched[i];
        return {
          org: o.name,
          mspId: o.mspId,
          address: o.peer.address,
          healthy: f !== undefined,
          height: f?.ledger.height ?? 0,
          currentBlockHash: f?.ledger.currentBlockHash ?? '',
          previousBlockHash: f?.previousBlockHash ?? '',
        };
      }),
      mismatches: [
        ...result.mismatches.map((m) => ({ peer: m.peer, height: m.height, reason: m.message })),
        ...orgs.filter((_, i) => fetched[i] === undefined).map((o) => ({ peer: o.name, height: 0, reason: 'the peer did not answer' })),
      ],
    };
  }
}
