import { expect } from 'chai';
import supertest from 'supertest';
import { refusal } from '../testing/refusal.js';
import { addStaff, makeHarness, signIn, testConfig } from '../testing/harness.js';
import { Store } from '../storage/store.js';
import type { StaffPrincipal } from '../security/roles.js';
import { LedgerHooks } from './ledger-hooks.js';
import type { LedgerServices } from './ledger-services.js';

const ELECTION = {
  electionId: 'club-2026',
  organizationId: 'club',
  managingMspId: 'CentralMSP',
  state: 'tallied',
  resultsVisibility: 'organization',
  manifest: {
    title: 'Club board 2026',
    contests: [{ label: 'Chair', abstainOptionId: 'abstain', options: [{ optionId: 'a', label: 'Ann' }, { optionId: 'abstain', label: 'Abstain' }] }],
    keyCeremony: { threshold: 1, holders: 1 },
  },
  schedule: { opensAt: '2026-03-01T00:00:00Z', closesAt: '2026-03-02T00:00:00Z' },
  roll: { count: 3 },
  keyHolders: [{ index: 1, name: 'Central' }],
};

/** A ledger holding one tallied election (visibility as given) with a published result. */
function fakeLedger(resultsVisibility: string): LedgerServices {
  const e = { ...ELECTION, resultsVisibility };
  return {
    election: () => Promise.resolve(e),
    elections: {
      canManage: (staff: StaffPrincipal, x: { organizationId: string }) => staff.role === 'admin' || (staff.role === 'orgadmin' && staff.user.orgId === x.organizationId),
      recordDigest: () => Promise.resolve('ab'.repeat(32)),
    },
    fabric: {
      profile: { channel: 'elections' },
      auditor: {
        getResult: () => Promise.resolve({ txId: 'tx1', usedHolders: [1], result: { ballotCount: 2, contests: [{ counts: [2, 0] }] } }),
        transactionStatus: () => Promise.resolve({ blockNumber: 7n }),
      },
    },
  } as unknown as LedgerServices;
}

const staff = (role: StaffPrincipal['role'], orgId: string | null = null): StaffPrincipal => ({ kind: 'staff', role, user: { orgId } } as unknown as StaffPrincipal);

function hooks(resultsVisibility: string | undefined): LedgerHooks {
  const config = testConfig({ BL_PUBLIC_BASE_URL: 'https://vote.example.kr/' });
  const h = new LedgerHooks(new Store({ path: ':memory:', piiKey: config.piiKey! }), config);
  if (resultsVisibility !== undefined) h.attach(fakeLedger(resultsVisibility));
  return h;
}

describe('ledger hooks', () => {
  it('the certificate links to the web app\'s record verifier for the election', async () => {
    const data = await hooks('public').certificate('club-2026', undefined);
    expect(data?.verifyUrl).to.equal('https://vote.example.kr/audit/verify?e=club-2026');
    expect(data?.turnout).to.deep.equal({ eligible: 3, voted: 2 });
  });

  it('the certificate follows the results visibility: not public → only auditors and the managing staff', async () => {
    const h = hooks('organization');
    expect((await refusal(h.certificate('club-2026', undefined))).code).to.equal('Forbidden');
    expect((await refusal(h.certificate('club-2026', staff('orgadmin', 'other')))).code).to.equal('Forbidden');
    expect((await refusal(h.certificate('club-2026', staff('keyholder')))).code).to.equal('Forbidden');
    expect(await h.certificate('club-2026', staff('orgadmin', 'club'))).to.have.property('electionId', 'club-2026');
    expect(await h.certificate('club-2026', staff('auditor'))).to.have.property('electionId', 'club-2026');
  });

  it('without a ledger, election-scoped staff requests are refused with 503 Unavailable', async () => {
    expect((await refusal(hooks(undefined).authorizeElection(staff('admin'), 'club-2026'))).code).to.equal('Unavailable');
    const h = makeHarness({}, { hooks: hooks(undefined) });
    await addStaff(h, 'commission', 'admin');
    const { agent } = await signIn(h, 'commission');
    const r = await agent.get('/api/admin/elections/club-2026/roll').expect(503);
    expect((r.body as { error: { code: string; message: string } }).error).to.deep.include({ code: 'Unavailable' });
    expect((r.body as { error: { message: string } }).error.message).to.match(/not connected to the ledger/);
    await supertest(h.app).get('/api/admin/elections/club-2026/roll').expect(401);
  });
});
