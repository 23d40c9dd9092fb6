// The state audit: what block comparison cannot see. A peer's state database edited after the
// commit (a stored ballot changed, a turnout flag deleted) keeps every block and commit hash
// intact (docs/reliability.md R-08). Every peer takes a snapshot at the same height; a snapshot
// hash covers the whole world state (public state and private-data hashes), so honest peers have
// one hash; a peer whose hash differs from the majority's is named, and `ledgerutil compare`
// against a majority peer lists the keys that differ.
//
// It reads the peers' snapshot folders, so it runs where the peers run (this test network). Across
// hosts each commission takes its own snapshot (`peer snapshot submitrequest`) and publishes the
// hash; the comparison is the same.
import { compareSnapshots, takeSnapshot, waitForSameHeight, type PeerSnapshot } from './faults.js';
import { createTopology, type Topology } from './topology.js';

export interface StateAuditResult {
  readonly ok: boolean;
  /** The block every snapshot was taken at. */
  readonly height: number;
  readonly peers: readonly { readonly org: string; readonly snapshotHash: string; readonly commitHash: string }[];
  /** Peers whose snapshot differs from the majority's, with the keys `ledgerutil compare` lists against `against`. */
  readonly divergent: readonly { readonly org: string; readonly against: string; readonly differences: number; readonly keys: readonly string[] }[];
}

/** Snapshots at one height, up to `attempts` times while blocks keep arriving between snapshots. */
async function snapshotsAtOneHeight(topology: Topology, attempts: number, timeoutMs: number): Promise<PeerSnapshot[]> {
  for (let i = 0; i < attempts; i++) {
    await waitForSameHeight(topology, 0, timeoutMs);
    const snaps = await Promise.all(topology.orgs.map((o) => takeSnapshot(o.name, topology)));
    if (new Set(snaps.map((s) => s.height)).size === 1) return snaps;
  }
  throw new Error(`blocks kept arriving while the peers took their snapshots (${attempts} attempts); run the state audit again when the network is quieter`);
}

/** The peers whose snapshot hash differs from the majority's. */
function divergentSnapshots(snaps: readonly PeerSnapshot[]): string[] {
  const counts = new Map<string, number>();
  for (const s of snaps) counts.set(s.snapshotHash, (counts.get(s.snapshotHash) ?? 0) + 1);
  const majority = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0];
  return snaps.filter((s) => s.snapshotHash !== majority).map((s) => s.org);
}

export async function auditState(options: { topology?: Topology; attempts?: number; timeoutMs?: number } = {}): Promise<StateAuditResult> {
  const topology = options.topology ?? createTopology();
  const snaps = await snapshotsAtOneHeight(topology, options.attempts ?? 3, options.timeoutMs ?? 120_000);
  const named = divergentSnapshots(snaps);
  const reference = snaps.find((s) => !named.includes(s.org))!;
  const divergent = await Promise.all(snaps.filter((s) => named.includes(s.org)).map(async (s) => {
    const diff = await compareSnapshots(s, reference);
    return { org: s.org, against: reference.org, differences: diff.differences, keys: diff.keys };
  }));
  return {
    ok: named.length === 0,
    height: snaps[0]!.height,
    peers: snaps.map((s) => ({ org: s.org, snapshotHash: s.snapshotHash, commitHash: s.commitHash })),
    divergent,
  };
}

export function formatStateAudit(r: StateAuditResult): string {
  const lines = [`state snapshots at block ${r.height}:`];
  for (const p of r.peers) {
    const bad = r.divergent.find((d) => d.org === p.org);
    lines.push(`  ${p.org.padEnd(9)} ${p.snapshotHash}  ${bad ? 'DIFFERS from the majority' : 'ok'}`);
  }
  for (const d of r.divergent) {
    lines.push(`  ${d.org}: ${d.differences} difference(s) against ${d.against}${d.keys.length ? `:\n    ${d.keys.join('\n    ')}` : ''}`);
  }
  lines.push(r.ok ? 'every peer holds the same state' : `STATE DIVERGES: ${r.divergent.map((d) => d.org).join(', ')}`);
  return lines.join('\n');
}
