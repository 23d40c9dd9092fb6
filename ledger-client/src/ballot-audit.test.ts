import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { auditBallots, formatBallotAudit, type AuditedLedger } from './ballot-audit.js';
import type { BallotLedger } from './ballot-ledger.js';
import { LedgerError } from './ledger-error.js';

const ballot = (i: number): { tracker: string; ballot: string } => {
  const text = `{"ballot":${i}}`;
  return { tracker: createHash('sha256').update(text).digest('hex'), ballot: text };
};

/** A peer serving `ballots` (in pages of 2), counting `recorded` and holding `flags` turnout flags (null: not a member). */
function peer(org: string, ballots: { tracker: string; ballot: string }[], recorded: number, flags: number | null): AuditedLedger {
  const sorted = [...ballots].sort((a, b) => a.tracker.localeCompare(b.tracker));
  const ledger = {
    ballotsPage: (_e: string, after: string) => {
      const rest = sorted.filter((b) => b.tracker > after);
      return Promise.resolve({ items: rest.slice(0, 2), next: rest.length > 2 ? rest[1]!.tracker : null });
    },
    turnoutCount: () => Promise.resolve(recorded),
    turnoutRemaining: () => (flags === null ? Promise.reject(new Error('not a member')) : Promise.resolve(flags)),
  } as unknown as BallotLedger;
  return { org, ledger, keepsTurnout: flags !== null };
}

describe('ballot audit (every peer\'s ballots hashed against their trackers and compared)', () => {
  const five = [1, 2, 3, 4, 5].map(ballot);

  it('passes when every peer holds every recorded ballot intact, and the commissions one flag per ballot', async () => {
    const r = await auditBallots([peer('Central', five, 5, 5), peer('Seoul', five, 5, 5), peer('Busan', five, 5, 5), peer('Observer', five, 5, null)], 'e1');
    expect(r.ok).to.equal(true);
    expect(r.peers.map((p) => [p.org, p.ballots, p.turnoutFlags])).to.deep.equal([['Central', 5, 5], ['Seoul', 5, 5], ['Busan', 5, 5], ['Observer', 5, null]]);
    expect(formatBallotAudit(r)).to.match(/every peer holds every recorded ballot, intact$/);
  });

  it('names the peer whose ballot bytes were replaced, whose ballot or turnout flag is missing, or which holds a ballot no one else has', async () => {
    const altered = five.map((b, i) => (i === 2 ? { tracker: b.tracker, ballot: five[0]!.ballot } : b));
    const extra = [...five, ballot(99)];
    const r = await auditBallots([
      peer('Central', five, 5, 5),
      peer('Seoul', five.slice(1), 5, 5),
      peer('Busan', altered, 5, 4),
      peer('Observer', extra, 5, null),
    ], 'e1');
    expect(r.ok).to.equal(false);
    const problems = Object.fromEntries(r.peers.map((p) => [p.org, p.problems]));
    const t = (i: number): string => `${ballot(i).tracker.slice(0, 12)}…`;
    expect(problems['Central']).to.deep.equal([]);
    expect(problems['Seoul']).to.deep.equal([`Seoul: ballot ${t(1)} missing (the other peers hold it)`, 'Seoul: holds 4 ballots, counts 5 recorded']);
    expect(problems['Busan']).to.deep.equal([`Busan: ballot ${t(3)} altered (its bytes hash to ${t(1)})`, 'Busan: 4 turnout flags, 5 ballots recorded']);
    expect(problems['Observer']).to.deep.equal([`Observer: ballot ${t(99)} held by this peer alone`, 'Observer: holds 6 ballots, counts 5 recorded']);
    expect(formatBallotAudit(r)).to.match(/BALLOTS DIVERGE: Seoul, Busan, Observer$/);
  });

  it('names a peer that does not answer, with the peer\'s own message, and audits the others (the first that answered gives the count)', async () => {
    const refusal = new LedgerError({ code: 'NotRecorded', message: 'not recorded, try again', nodeMessages: ['10 ABORTED: failed to evaluate transaction', 'CentralMSP@127.0.0.1:7051: could not launch chaincode ballot: connection refused'] });
    const down: AuditedLedger = { org: 'Central', ledger: { ballotsPage: () => Promise.reject(refusal) } as unknown as BallotLedger, keepsTurnout: true };
    const r = await auditBallots([down, peer('Seoul', five, 5, 5), peer('Busan', five, 5, 5), peer('Observer', five, 5, null)], 'e1');
    expect(r.ok).to.equal(false);
    expect(r.recorded).to.equal(5);
    const problems = Object.fromEntries(r.peers.map((p) => [p.org, p.problems]));
    expect(problems['Central']).to.deep.equal(['Central: its peer did not answer (CentralMSP@127.0.0.1:7051: could not launch chaincode ballot: connection refused)']);
    for (const o of ['Seoul', 'Busan', 'Observer']) expect(problems[o], o).to.deep.equal([]);
    expect(formatBallotAudit(r)).to.match(/BALLOTS DIVERGE: Central$/);
  });
});
