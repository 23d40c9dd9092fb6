import { expect } from 'chai';
import supertest from 'supertest';
import type { BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import { CaUnreachableError } from '../ledger/ca-services.js';
import { refusal } from '../testing/refusal.js';
import { hashToken } from '../security/tokens.js';
import { serviceDeskRoutes } from '../routes/service-desk.js';
import { makeHarness, type Harness } from '../testing/harness.js';
import { stubLedger } from '../testing/stub-ledger.js';
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
function desk(h: Harness, ca: { down: boolean; calls: number } = { down: false, calls: 0 }): ServiceDesk {
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
    maxApplicationBytes: 100,
    ownMspId: 'CentralMSP',
    gatewayLedger,
    adminLedger,
    organizationLedger: () => {
      ca.calls++;
      return ca.down ? Promise.reject(new CaUnreachableError('ca-central', new Error('Calling register endpoint failed with error [Error: connect ECONNREFUSED 127.0.0.1:7054]'))) : Promise.resolve({} as BallotLedger);
    },
  });
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
    expect(failed.message).to.match(/is approved, but its admin account could not be opened yet \(the commission's certificate authority did not answer\)\. Send the invitation again/);
    expect(failed.message, 'no internal address in the answer').to.not.match(/127\.0\.0\.1|ECONNREFUSED/);
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

  it('caps the total document bytes of one application', async () => {
    const h = makeHarness();
    const d = desk(h);
    const { ref, accessToken } = await d.apply(INPUT);
    d.addDocument(ref, accessToken, 'a.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(55)]));
    const err = (() => {
      try {
        d.addDocument(ref, accessToken, 'b.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(41, 1)]));
      } catch (e) {
        return e as ApiError;
      }
      throw new Error('expected a refusal');
    })();
    expect(err.code).to.equal('PayloadTooLarge');
    expect(h.store.applications.documents(ref)).to.have.length(1);
    d.addDocument(ref, accessToken, 'c.pdf', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(35, 2)])); // exactly 100 bytes in all
    expect(h.store.applications.documents(ref)).to.have.length(2);
  });
});

describe('attempt limiter quota (applications per address and day)', () => {
  it('allows max uses per window, then 429 with Retry-After until the window ends', () => {
    const h = makeHarness();
    const key = 'apply:203.0.113.1';
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) h.svc.attempts.takeQuota(key, 3, 86_400_000, t0 + i);
    let err: ApiError | undefined;
    try {
      h.svc.attempts.takeQuota(key, 3, 86_400_000, t0 + 3_600_000);
    } catch (e) {
      err = e as ApiError;
    }
    expect(err?.code).to.equal('RateLimited');
    expect(err?.headers['Retry-After']).to.equal(String(23 * 3600));
    h.svc.attempts.takeQuota('apply:198.51.100.1', 3, 86_400_000, t0 + 3_600_000); // another address is not affected
    h.svc.attempts.takeQuota(key, 3, 86_400_000, t0 + 86_400_000); // the next day
  });

  it('POST /api/applications takes one of the address\'s daily applications, even when refused', async () => {
    const h = makeHarness({ BL_APPLICATIONS_PER_DAY: '2', BL_TRUST_PROXY: 'loopback' }, { routes: (svc) => serviceDeskRoutes(svc, stubLedger()) });
    const apply = (ip: string): supertest.Test => supertest(h.app).post('/api/applications').set('X-Forwarded-For', ip).send({ ...INPUT, region: 'seoul' });
    for (let i = 0; i < 2; i++) await apply('203.0.113.1').expect(409); // another commission's region: refused, but counted
    const r = await apply('203.0.113.1').expect(429);
    expect(r.body.error.code).to.equal('RateLimited');
    expect(Number(r.headers['retry-after'])).to.be.greaterThan(80_000);
    await apply('198.51.100.1').expect(409);
  });
});
