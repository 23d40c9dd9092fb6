// The service desk on the real network, through two commissions' gateways (Central and Seoul):
// an organization applies, the competent commission requests changes and approves, the new
// organization admin sets a password, signs in with an SMS code and creates its first election;
// and every refusal: the wrong commission, another organization's election, an unapproved
// organization, a blackout period. Skipped (loudly) only when the Fabric binaries are unavailable
// because the Go module proxy refused them.
import { ensureNetworkOrSkip, orgProfile, type EnsureResult } from '@ballotledger/test-network';
import { expect } from 'chai';
import { ApiSession, expectStatus, staffSession } from '../testing/api-clients.js';
import { startRealGateway, TEST_PASSWORD, type RealGateway } from '../testing/real-gateway.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('service desk on the real network (integration)', function () {
  this.timeout(600_000);
  let net: EnsureResult | undefined;
  let central: RealGateway;
  let seoul: RealGateway;
  const org = `hanbit-${Date.now().toString(36)}`;
  let ref = '';
  let accessToken = '';

  before(async function () {
    net = await ensureNetworkOrSkip(() => this.skip());
    central = await startRealGateway(net.profile, 'Central');
    seoul = await startRealGateway(net.profile, 'Seoul');
    await central.addStaff('central-staff', 'admin');
    await seoul.addStaff('seoul-staff', 'admin');
  });

  after(async () => {
    await central?.stop();
    await seoul?.stop();
    await net?.teardown();
  });

  const applicant = (): ApiSession => {
    const s = new ApiSession(central.app);
    return s;
  };
  const withToken = (s: ApiSession, path: string, body?: unknown): Promise<{ status: number; body: any }> => // eslint-disable-line @typescript-eslint/no-explicit-any
    body === undefined ? s.agent.get(path).set('x-application-token', accessToken) : s.agent.post(path).set('x-application-token', accessToken).send(body as object);

  it('takes an application with documents at the competent commission only', async () => {
    const s = applicant();
    const input = {
      organizationId: org,
      organizationName: '한빛고등학교',
      organizationType: 'school',
      region: 'other',
      contact: { name: '박선생', phone: '010-7777-8888', email: 'teacher@hanbit.example.kr' },
      planned: { title: '2027 학생회장 선거', date: '2027-03-10', expectedVoters: 640 },
    };
    const wrong = await s.post('/api/applications', { ...input, region: 'seoul' });
    expect(wrong.status).to.equal(409);
    expect(wrong.body.error.details.competent).to.equal('SeoulMSP');
    expect((await s.post('/api/applications', { ...input, organizationType: 'casino' })).status).to.equal(400);
    const created = expectStatus(await s.post('/api/applications', input), 201, 'apply').body;
    ref = created.ref;
    accessToken = created.accessToken;
    expect(accessToken.length).to.be.at.least(43);
    const notPdf = await s.agent.post(`/api/applications/${ref}/documents?filename=a.txt`).set('x-application-token', accessToken).set('content-type', 'application/octet-stream').send(Buffer.from('hello'));
    expect(notPdf.status).to.equal(415);
    const big = await s.agent.post(`/api/applications/${ref}/documents`).set('x-application-token', accessToken).set('content-type', 'application/pdf').send(Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]));
    expect(big.status).to.equal(413);
    const stranger = await s.agent.post(`/api/applications/${ref}/submit`).set('x-application-token', 'x'.repeat(43)).send({});
    expect(stranger.status).to.equal(404);
    expect((await withToken(s, `/api/applications/${ref}/submit`, {})).status, 'no documents yet').to.equal(400);
    const doc = await s.agent.post(`/api/applications/${ref}/documents?filename=${encodeURIComponent('공문.pdf')}`).set('x-application-token', accessToken).set('content-type', 'application/pdf').send(PDF);
    expect(doc.status).to.equal(201);
    const submitted = expectStatus(await withToken(s, `/api/applications/${ref}/submit`, {}), 200, 'submit').body;
    expect(submitted.status).to.equal('submitted');
    expect(submitted.history[0].action).to.equal('submitted');
    const details = { organizationName: '한빛고등학교', organizationType: 'school', contact: input.contact, planned: input.planned };
    expect((await s.agent.put(`/api/applications/${ref}`).set('x-application-token', accessToken).send(details)).status, 'no edits while under review').to.equal(409);
  });

  it('is reviewed by its competent commission only', async () => {
    const seoulStaff = await staffSession(seoul.app, 'seoul-staff', TEST_PASSWORD);
    const seoulQueue = expectStatus(await seoulStaff.get('/api/admin/applications'), 200, 'seoul queue').body as { ref: string }[];
    expect(seoulQueue.map((a) => a.ref)).to.not.include(ref);
    expect((await seoulStaff.post(`/api/admin/applications/${ref}/decision`, { decision: 'approve', reason: 'x' })).status).to.equal(404);
    // and on the ledger itself Seoul's admin identity cannot decide an application routed to Central
    const onLedger = await seoul.ledger!.fabric.admin.decideApplication(ref, 'approve', 'x', 'staff:integration-test').then(() => 'committed', (e: { code: string }) => e.code);
    expect(onLedger).to.equal('Forbidden');
  });

  it('requests changes, takes the resubmission, approves, and opens the organization admin account with an SMS second factor', async () => {
    const staff = await staffSession(central.app, 'central-staff', TEST_PASSWORD);
    const queue = expectStatus(await staff.get('/api/admin/applications'), 200, 'queue').body as { ref: string }[];
    expect(queue.map((a) => a.ref)).to.include(ref);
    const detail = expectStatus(await staff.get(`/api/admin/applications/${ref}`), 200, 'detail').body;
    expect(detail.contact.name).to.equal('박선생');
    const docBytes = await staff.agent.get(`/api/admin/applications/${ref}/documents/${detail.documents[0].sha256}`);
    expect(docBytes.status).to.equal(200);
    expectStatus(await staff.post(`/api/admin/applications/${ref}/decision`, { decision: 'request-changes', reason: '학교장 직인이 있는 공문을 첨부해 주세요' }), 200, 'request changes');
    expect((await staff.post(`/api/admin/applications/${ref}/invitation`, {})).status, 'no invitation before approval').to.equal(409);
    const s = applicant();
    const status = expectStatus(await withToken(s, `/api/applications/${ref}`), 200, 'status').body;
    expect(status).to.include({ status: 'changes-requested', decisionReason: '학교장 직인이 있는 공문을 첨부해 주세요' });
    // The applicant corrects the details: the voters and the contact e-mail (the id and region stay).
    const corrected = {
      organizationName: '한빛고등학교',
      organizationType: 'school',
      contact: { name: '박선생', phone: '01077778888', email: 'office@hanbit.example.kr' },
      planned: { title: '2027 학생회장 선거', date: '2027-03-10', expectedVoters: 700 },
    };
    expect((await s.agent.put(`/api/applications/${ref}`).set('x-application-token', accessToken).send({ ...corrected, region: 'seoul' })).status, 'region is not editable').to.equal(400);
    const edited = await s.agent.put(`/api/applications/${ref}`).set('x-application-token', accessToken).send(corrected);
    expect(edited.status, JSON.stringify(edited.body)).to.equal(200);
    expect(edited.body.contact).to.deep.equal({ name: '박선생', phone: '010-7777-8888', email: 'office@hanbit.example.kr' });
    expect(edited.body.planned.expectedVoters).to.equal(700);
    await s.agent.post(`/api/applications/${ref}/documents?filename=stamped.pdf`).set('x-application-token', accessToken).set('content-type', 'application/pdf').send(Buffer.concat([PDF, Buffer.from('% stamped')])).expect(201);
    expectStatus(await withToken(s, `/api/applications/${ref}/submit`, {}), 200, 'resubmit');
    const approved = expectStatus(await staff.post(`/api/admin/applications/${ref}/decision`, { decision: 'approve', reason: '요건 충족' }), 200, 'approve').body;
    expect(approved.history.map((h: { action: string }) => h.action)).to.deep.equal(['submitted', 'request-changes', 'resubmitted', 'approve']);
    const onChain = await central.ledger!.fabric.auditor.getApplication(ref);
    const staffRef = `staff:${central.store.staff.byUsername('central-staff')!.id}`;
    expect(onChain.history.map((h) => h.staff), 'the ledger names the deciding staff member').to.deep.equal([null, staffRef, null, staffRef]);
    expect(approved.planned.expectedVoters, 'the corrected details were reviewed').to.equal(700);
    expect(approved.contact.email, 'every view of the application carries the contact person').to.equal('office@hanbit.example.kr');

    const invitations = (): string[] =>
      central.store.outbox
        .list({})
        .filter((m) => m.kind === 'notice' && (m.body ?? '').includes('/staff/invitation#'))
        .map((m) => /\/staff\/invitation#([A-Za-z0-9_-]+)/.exec(m.body ?? '')?.[1] ?? '');
    const [lost] = invitations();
    expect(lost, 'invitation e-mail').to.be.a('string');
    // The first e-mail is lost: the commission sends a new link, and the old one stops working.
    expect(expectStatus(await staff.post(`/api/admin/applications/${ref}/invitation`, {}), 200, 'resend invitation').body.sentTo).to.match(/^o\*+@hanbit\.example\.kr$/);
    const invite = invitations().find((t) => t !== lost);
    expect(invite, 'second invitation e-mail').to.be.a('string');
    expect((await s.post('/api/staff/invitations/accept', { token: lost, password: 'a long enough passphrase' })).status, 'the first link is revoked').to.equal(401);
    const accepted = expectStatus(await s.post('/api/staff/invitations/accept', { token: invite, password: 'a long enough passphrase' }), 200, 'accept').body;
    expect((await s.post('/api/staff/invitations/accept', { token: invite, password: 'a long enough passphrase' })).status, 'single use').to.equal(401);
    expect(expectStatus(await staff.post(`/api/admin/applications/${ref}/invitation`, {}), 409, 'no invitation once a password is set').body.error.code).to.equal('WrongState');

    const orgAdmin = new ApiSession(central.app);
    const first = expectStatus(await orgAdmin.post('/api/staff/login', { username: accepted.username, password: 'a long enough passphrase' }), 200, 'password').body;
    expect(first.secondFactor).to.equal('sms');
    expect((await orgAdmin.get('/api/admin/elections')).status, 'no access before the code').to.equal(401);
    const sms = central.store.outbox.list({ kind: 'sms-code' }).at(-1);
    const code = /(\d{6})/.exec(sms?.body ?? '')?.[1];
    const session = expectStatus(await orgAdmin.post('/api/staff/login/code', { code }), 200, 'sms code').body;
    expect(session.user).to.include({ role: 'orgadmin', orgId: org });
    orgAdmin.csrf = session.csrfToken;
    orgAdminSession = orgAdmin;
  });

  it('refuses a new application with the id of an approved organization at once', async () => {
    const taken = await applicant().post('/api/applications', {
      organizationId: org,
      organizationName: '한빛고등학교 동문회',
      organizationType: 'other',
      region: 'other',
      contact: { name: '김동문', phone: '010-1111-2222', email: 'alumni@hanbit.example.kr' },
      planned: { title: '동문회장 선거', date: '2027-05-01', expectedVoters: 300 },
    });
    expect(taken.status).to.equal(409);
    expect(taken.body.error.details).to.deep.equal({ field: 'organizationId' });
  });

  let orgAdminSession: ApiSession;

  const election = (id: string, organizationId: string, opensAt: string, closesAt: string): unknown => ({
    electionId: id,
    title: '2027 학생회장 선거',
    descriptionMarkdown: null,
    organizationId,
    schedule: { opensAt, closesAt },
    contests: [{ contestId: 'agenda', label: '학생회 회칙 개정', description: null, type: 'yesno', abstain: true, candidates: [] }],
    keyHolders: [1, 2, 3].map((i) => ({ index: i, mspId: orgProfile(net!.profile, 'Central').mspId, enrollmentId: `keyholder${i}`, name: `위원 ${i}` })),
    threshold: 2,
    identityMethod: 'birthdate',
    channels: ['web'],
    resultsVisibility: 'public',
    templates: { invitation: '{link}', reminder: '{link}' },
  });

  it('lets the organization admin run its own elections only, and refuses blackout periods', async () => {
    const id = `${org}-e1`;
    const created = expectStatus(await orgAdminSession.post('/api/admin/elections', election(id, org, '2027-03-09T00:00:00.000Z', '2027-03-10T09:00:00.000Z')), 201, 'org election').body;
    expect(created.organizationId).to.equal(org);
    expect((await orgAdminSession.post('/api/admin/elections', election(`${org}-e2`, 'someone-else', '2027-03-09T00:00:00.000Z', '2027-03-10T00:00:00.000Z'))).status).to.equal(403);
    const staff = await staffSession(central.app, 'central-staff', TEST_PASSWORD);
    const own = `central-${Date.now().toString(36)}`;
    expectStatus(await staff.post('/api/admin/elections', election(own, 'CentralMSP', '2027-04-01T00:00:00.000Z', '2027-04-02T00:00:00.000Z')), 201, 'commission election');
    expect((await orgAdminSession.get(`/api/admin/elections/${own}`)).status, 'another organization\'s election').to.equal(403);
    expect((await staff.get(`/api/admin/elections/${id}`)).status, 'the approving commission sees its organizations\' elections').to.equal(200);
    const blackout = { blackoutId: `local-${Date.now().toString(36)}`, from: '2027-06-01T00:00:00.000Z', to: '2027-06-04T00:00:00.000Z', reason: '전국동시지방선거' };
    expectStatus(await staff.post('/api/admin/blackouts', blackout), 201, 'blackout');
    const refused = await orgAdminSession.post('/api/admin/elections', election(`${org}-e3`, org, '2027-06-02T00:00:00.000Z', '2027-06-03T00:00:00.000Z'));
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('Blackout');
  });

  it('refuses an organization that no commission approved, in the chaincode too', async () => {
    await central.addStaff('ghost-admin', 'orgadmin', 'ghost-school');
    const ghost = await staffSession(central.app, 'ghost-admin', TEST_PASSWORD);
    const r = await ghost.post('/api/admin/elections', election(`ghost-${Date.now().toString(36)}`, 'ghost-school', '2027-05-01T00:00:00.000Z', '2027-05-02T00:00:00.000Z'));
    expect(r.status).to.equal(403);
    expect(r.body.error.message).to.match(/not an approved client/);
  });

  it('prices what was used: the fee estimator and the statement downloads', async () => {
    const est = expectStatus(await new ApiSession(central.app).post('/api/fees/estimate', { messages: { sms: 640, lms: 640 }, identityChecks: { 'sms-code': 640 } }), 200, 'estimate').body;
    // 640 × 12.1 + 640 × 35.2 + 640 × 12.1 = 7744 + 22528 + 7744
    expect(est.totalKrw).to.equal(38016);
    const unknownMethod = await new ApiSession(central.app).post('/api/fees/estimate', { messages: { sms: 1 }, identityChecks: { 'face-scan': 1 } });
    expectStatus(unknownMethod, 400, 'an identity method without a fee');
    const staff = await staffSession(central.app, 'central-staff', TEST_PASSWORD);
    const id = `${org}-e1`;
    const csv = await orgAdminSession.agent.get(`/api/admin/elections/${id}/fee-statement.csv`);
    expect(csv.status).to.equal(200);
    const pdf = await orgAdminSession.agent.get(`/api/admin/elections/${id}/fee-statement.pdf`);
    expect(pdf.headers['content-type']).to.match(/application\/pdf/);
    const mailed = expectStatus(await orgAdminSession.post(`/api/admin/elections/${id}/fee-statement/email`), 200, 'email').body;
    expect(mailed.sentTo).to.contain('@');
    void staff;
  });
});
