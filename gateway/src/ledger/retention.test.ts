import { expect } from 'chai';
import { LedgerError } from '@ballotledger/ledger-client';
import { makeHarness, seedRoll, type Harness } from '../testing/harness.js';
import type { LedgerServices } from './ledger-services.js';
import { runRetention } from './retention.js';

/**
 * Elections by ledger state; `failing` refuse the purge with the given error; `leftover` keep
 * that many turnout flags the gateway's roll does not name.
 */
function fakeLedger(states: Record<string, string>, failing: Record<string, Error>, purged: string[], leftover: Record<string, number> = {}): LedgerServices {
  return {
    fabric: {
      auditor: { getElection: (id: string) => Promise.resolve({ electionId: id, state: states[id] }) },
      admin: {
        purgeVoterData: (id: string, pseudonyms: string[], last: boolean) => {
          const err = failing[id];
          if (err) return Promise.reject(err);
          purged.push(`${id}:${pseudonyms.join(',')}:${last}`);
          return Promise.resolve();
        },
        turnoutRemaining: (id: string) => Promise.resolve(leftover[id] ?? 0),
      },
    },
  } as unknown as LedgerServices;
}

function due(h: Harness, electionIds: string[], now: number): void {
  for (const id of electionIds) {
    seedRoll(h, id);
    h.store.credentials.addAll(id, [{ voterId: 'v1', credential: `c-${id}`, pseudonym: `p-${id}`, secret: 's' }]);
    h.store.voters.setPurgeAfter(id, now - 1);
  }
}

describe('retention job', () => {
  it('purges the gateway PII of an election only after its own ledger purge succeeded', async () => {
    const h = makeHarness();
    const now = Date.now();
    due(h, ['open', 'failing', 'early', 'done', 'tallied', 'leftover'], now);
    const purged: string[] = [];
    const ledger = fakeLedger(
      { open: 'open', failing: 'tallied', early: 'tallied', done: 'purged', tallied: 'tallied', leftover: 'tallied' },
      { failing: new Error('peer unavailable'), early: new LedgerError({ code: 'RetentionNotReached', message: 'not yet' }) },
      purged,
      { leftover: 2 },
    );
    await runRetention(h.store, ledger, h.svc.logger, 30, now);
    // the roll's flags, then (no flag left on the ledger) the final, empty batch that marks the election purged
    expect(purged).to.deep.equal(['tallied:p-tallied:false', 'tallied::true', 'leftover:p-leftover:false']);
    for (const id of ['open', 'failing', 'early', 'leftover']) expect(h.store.voters.count(id), id).to.equal(3);
    for (const id of ['done', 'tallied']) expect(h.store.voters.count(id), id).to.equal(0);
    expect(h.store.voters.duePurge(now).sort()).to.deep.equal(['early', 'failing', 'leftover', 'open']); // tried again next run
    expect(h.logs.some((l) => l.includes('ledger purge failed') && l.includes('failing'))).to.equal(true);
    expect(h.logs.some((l) => l.includes('turnout flags remain') && l.includes('"remaining":2'))).to.equal(true);
  });

  it('without a ledger, purges the gateway PII of due elections only', async () => {
    const h = makeHarness();
    const now = Date.now();
    due(h, ['old'], now);
    seedRoll(h, 'recent');
    h.store.voters.setPurgeAfter('recent', now + 86_400_000);
    await runRetention(h.store, undefined, h.svc.logger, 30, now);
    expect(h.store.voters.count('old')).to.equal(0);
    expect(h.store.voters.count('recent')).to.equal(3);
  });

  it('deletes application drafts never submitted after N days, with their documents; keeps the rest', async () => {
    const h = makeHarness();
    const now = Date.now();
    const day = 86_400_000;
    const app = (ref: string, at: number): void => {
      h.store.applications.create({ ref, accessHash: 'x', organizationId: ref, organizationName: ref, organizationType: 'school', region: 'national', contact: { name: 'n', phone: '010-1111-2222', email: 'a@b.kr' }, planned: { title: 't', date: '2026-05-01', expectedVoters: 10 } }, at);
      h.store.applications.addDocument(ref, { sha256: `h-${ref}`, filename: 'a.pdf', contentType: 'application/pdf', size: 5 }, Buffer.from('%PDF-'), at);
    };
    app('old-draft', now - 31 * day);
    app('new-draft', now - 29 * day);
    app('old-submitted', now - 40 * day);
    h.store.applications.setStatus('old-submitted', 'submitted', null, now - 40 * day);
    await runRetention(h.store, undefined, h.svc.logger, 30, now);
    expect(h.store.applications.get('old-draft')).to.equal(undefined);
    expect(h.store.applications.document('old-draft', 'h-old-draft')).to.equal(undefined);
    expect(h.store.applications.get('new-draft')?.status).to.equal('draft');
    expect(h.store.applications.get('old-submitted')?.status).to.equal('submitted');
    expect(h.store.applications.documents('old-submitted')).to.have.length(1);
  });
});
