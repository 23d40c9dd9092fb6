// The ballot audit of one election, peer by peer: what a state snapshot cannot see. Snapshots
// hold only the hashes of private data, so a peer whose stored ballot bytes were replaced (hash
// entry left alone) agrees on every snapshot; reading each peer's ballots and hashing them
// against their trackers (a tracker is the SHA-256 of the canonical ballot) finds it. Each peer
// is also checked against the others (a ballot the majority holds and it does not, or one only
// it holds), against the public ballot count, and, for the commissions that keep turnout flags,
// its number of flags.
import { createHash } from 'node:crypto';
import type { BallotLedger } from './ballot-ledger.js';
import { LedgerError } from './ledger-error.js';
import { allPages } from './pages.js';

/** One organization's peer, read with an identity that may read the `ballots` collection. */
export interface AuditedLedger {
  readonly org: string;
  readonly ledger: BallotLedger;
  /** Whether the org is a member of `turnout` (keeps turnout flags). */
  readonly keepsTurnout: boolean;
}

export interface PeerBallotAudit {
  readonly org: string;
  readonly ballots: number;
  readonly turnoutFlags: number | null;
  /** Findings about this peer, each naming it; empty when it holds what the others hold. */
  readonly problems: readonly string[];
}

export interface BallotAuditResult {
  readonly ok: boolean;
  readonly electionId: string;
  /** Ballots recorded, as the public count of the first peer that answered says. */
  readonly recorded: number;
  readonly peers: readonly PeerBallotAudit[];
}

const short = (tracker: string): string => `${tracker.slice(0, 12)}…`;

/** Every ballot of the election the peer serves: tracker → SHA-256 of the bytes it serves (equal for an intact ballot). */
export async function peerBallotHashes(ledger: BallotLedger, electionId: string): Promise<Map<string, string>> {
  const items = await allPages((after) => ledger.ballotsPage(electionId, after, 500), (b) => b.tracker);
  return new Map(items.map((b) => [b.tracker, createHash('sha256').update(b.ballot).digest('hex')]));
}

interface PeerHoldings {
  readonly hashes: Map<string, string>;
  readonly recorded: number;
  readonly turnoutFlags: number | null;
}

async function holdings({ ledger, keepsTurnout }: AuditedLedger, electionId: string): Promise<PeerHoldings> {
  return {
    hashes: await peerBallotHashes(ledger, electionId),
    recorded: await ledger.turnoutCount(electionId),
    turnoutFlags: keepsTurnout ? await ledger.turnoutRemaining(electionId) : null,
  };
}

/**
 * Reads every peer (each ledger should read its own peer only: BallotLedger `ownPeerOnly`) and
 * names each peer that differs from the majority or did not answer.
 */
export async function auditBallots(ledgers: readonly AuditedLedger[], electionId: string): Promise<BallotAuditResult> {
  const held = await Promise.allSettled(ledgers.map((l) => holdings(l, electionId)));
  const answered = held.flatMap((h) => (h.status === 'fulfilled' ? [h.value] : []));
  // the ballots a majority of all peers hold
  const holders = new Map<string, number>();
  for (const { hashes } of answered) for (const t of hashes.keys()) holders.set(t, (holders.get(t) ?? 0) + 1);
  const majority = new Set([...holders].filter(([, n]) => n * 2 > ledgers.length).map(([t]) => t));
  const first = held.findIndex((h) => h.status === 'fulfilled');
  const recorded = answered[0]?.recorded ?? 0;
  const peers = ledgers.map(({ org }, i): PeerBallotAudit => {
    const h = held[i]!;
    if (h.status === 'rejected') {
      const reason = h.reason instanceof LedgerError ? (h.reason.nodeMessages.at(-1) ?? h.reason.message) : h.reason instanceof Error ? h.reason.message : String(h.reason);
      return { org, ballots: 0, turnoutFlags: null, problems: [`${org}: its peer did not answer (${reason})`] };
    }
    const { hashes, turnoutFlags, recorded: count } = h.value;
    const problems: string[] = [];
    for (const [t, hash] of hashes) if (hash !== t) problems.push(`${org}: ballot ${short(t)} altered (its bytes hash to ${short(hash)})`);
    for (const t of majority) if (!hashes.has(t)) problems.push(`${org}: ballot ${short(t)} missing (the other peers hold it)`);
    for (const t of hashes.keys()) if (!majority.has(t)) problems.push(`${org}: ballot ${short(t)} held by this peer alone`);
    if (count !== recorded) problems.push(`${org}: counts ${count} ballots recorded, ${ledgers[first]!.org} counts ${recorded}`);
    if (hashes.size !== count) problems.push(`${org}: holds ${hashes.size} ballots, counts ${count} recorded`);
    if (turnoutFlags !== null && turnoutFlags !== count) problems.push(`${org}: ${turnoutFlags} turnout flags, ${count} ballots recorded`);
    return { org, ballots: hashes.size, turnoutFlags, problems };
  });
  return { ok: peers.every((p) => p.problems.length === 0), electionId, recorded, peers };
}

export function formatBallotAudit(r: BallotAuditResult): string {
  const lines = [`ballots of election ${r.electionId}: ${r.recorded} recorded`];
  for (const p of r.peers) {
    lines.push(`  ${p.org.padEnd(9)} ${String(p.ballots).padStart(7)} ballots${p.turnoutFlags === null ? '' : `, ${p.turnoutFlags} turnout flags`}  ${p.problems.length ? 'PROBLEMS' : 'ok'}`);
    for (const problem of p.problems) lines.push(`    ${problem}`);
  }
  lines.push(r.ok ? 'every peer holds every recorded ballot, intact' : `BALLOTS DIVERGE: ${r.peers.filter((p) => p.problems.length).map((p) => p.org).join(', ')}`);
  return lines.join('\n');
}
