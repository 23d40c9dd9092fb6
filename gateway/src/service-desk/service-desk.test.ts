import { expect } from 'chai';
import type { BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import { hashToken } from '../security/tokens.js';
import { makeHarness, type Harness } from '../testing/harness.js';
import { ServiceDesk, type ApplicationInput } from './service-desk.js';

const INPUT: ApplicationInput = {
  organizationId: 'hanbit-school',
  organizationName: '한빛고등학교',
  organizationType: 'school',
  region: 'national',
  contact: { name: '김담당', phone: '010-5555-6666', email: 'admin@hanbit.example.kr' },
  planned: { title: '학생회장 선거', date: '2026-05-01', expectedVoters: 900 },
};

/** A desk whose CA registration fails while `ca.down` is true. */
function desk(h: Harness, ca: { down: boolean; calls: number }): ServiceDesk {
  const gatewayLedger = {
    getOrganization: () => Promise.resolve(null),
    submitApplication: () => Promise.resolve(),
    getApplication: () => Promise.resolve({ history: [] }),
  } as unknown as BallotLedger;
  const adminLedger = { decideApplication: () => Promise.resolve() } as unknown as BallotLedger;
  return new ServiceDesk({
    store: h.store,
    notifier: h.svc.notifier,
    log: h.svc.logger,
    publicBaseUrl: 'https://vote.example.kr',
    ownMspId: 'CentralMSP',
    gatewayLedger,
    adminLedger,
    organizationLedger: () => {
      ca.calls++;
      return ca.down ? Promise.reject(new Error('connect ECONNREFUSED ca.central:7054')) : Promise.resolve({} as BallotLedger);
    },
  });
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const invitationTokens = (h: Harness): string[] =>
  h.store.outbox.list({}).flatMap((m) => /\/staff\/invitation#([A-Za-z0-9_-]+)/.exec(m.body ?? '')?.[1] ?? []);

describe('service desk: opening the organization admin account', () => {
  it('an approval whose CA registration failed is repaired by sending the invitation again', async () => {
    const h = makeHarness();
    const ca = { down: true, calls: 0 };
    const d = desk(h, ca);
    const { ref, accessToken } = await d.apply(INPUT);
    d.addDocument(ref, accessToken, 'letter.pdf', Buffer.from('%PDF-1.7 official letter'));
    await d.submit(ref, accessToken);

    const failed = await refusal(d.decide(ref, 'approve', '적격', 'staff-1'));
    expect(failed.code).to.equal('Unavailable');
    expect(failed.message).to.match(/is approved, but its admin account could not be opened yet.*Send the invitation again/);
    expect(h.store.applications.get(ref)?.status).to.equal('approved');
    expect(h.store.staff.byUsername('hanbit-school-admin')).to.equal(undefined);
    expect(invitationTokens(h)).to.deep.equal([]);

    expect((await refusal(d.resendInvitation(ref, 'staff-1'))).code).to.equal('Unavailable'); // the CA is still down
    expect(h.store.staff.byUsername('hanbit-school-admin')).to.equal(undefined);

    ca.down = false;
    expect(await d.resendInvitation(ref, 'staff-1')).to.have.property('sentTo');
    const user = h.store.staff.byUsername('hanbit-school-admin');
    expect(user).to.deep.include({ role: 'orgadmin', orgId: 'hanbit-school' });
    expect(ca.calls).to.equal(3);
    const [first] = invitationTokens(h);
    expect(first).to.be.a('string');

    await d.resendInvitation(ref, 'staff-1'); // runs again on the existing account: one account, a new link
    const tokens = invitationTokens(h);
    expect(tokens).to.have.length(2);
    expect(h.store.staff.takeInvitation(hashToken(first!))).to.equal(undefined);
    expect(h.store.staff.takeInvitation(hashToken(tokens[1]!))?.id).to.equal(user!.id);
  });

  it('refuses to invite for an application that is not approved', async () => {
    const h = makeHarness();
    const d = desk(h, { down: false, calls: 0 });
    const { ref } = await d.apply(INPUT);
    expect((await refusal(d.resendInvitation(ref, 'staff-1'))).code).to.equal('WrongState');
    expect(h.store.staff.byUsername('hanbit-school-admin')).to.equal(undefined);
  });
});
