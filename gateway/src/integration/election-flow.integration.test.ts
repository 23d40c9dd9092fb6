// The whole election through the gateway's HTTP API on the real network: an admin creates an
// election and uploads a roll, five key holders run the ceremony from their own keys, voters vote
// through their personal links, the admin browses the roll and closes, three key holders decrypt,
// the result is published, the certificate printed and the record verified. Skipped (loudly) only
// when the Fabric binaries are unavailable because the Go module proxy refused them.
import { readStreamedRecord, verifyElectionRecord, verifyElectionRecordStream } from '@ballotledger/core';
import { ensureNetworkOrSkip, orgProfile, type EnsureResult } from '@ballotledger/test-network';
import { expect } from 'chai';
import { expectStatus, KeyholderClient, staffSession, VoterClient, type ApiSession } from '../testing/api-clients.js';
import { startRealGateway, TEST_PASSWORD, type RealGateway } from '../testing/real-gateway.js';

const HOLDERS = [
  { org: 'Central', identity: 'keyholder1' },
  { org: 'Central', identity: 'keyholder2' },
  { org: 'Seoul', identity: 'keyholder3' },
  { org: 'Busan', identity: 'keyholder4' },
  { org: 'Observer', identity: 'keyholder5' },
];

const ROLL = [
  'voterId,name,birthDate,phone,email,group',
  'v1,홍길동,1990-03-07,010-1234-5678,,1반',
  'v2,김영희,1985-12-25,010-2222-3333,kim@example.kr,2반',
  'v3,이민수,2001-01-31,010-3333-4444,,1반',
  'v4,박지성,1979-07-11,010-5555-6666,,2반',
].join('\n');

describe('election through the gateway API on the real network (integration)', function () {
  this.timeout(600_000);
  let net: EnsureResult | undefined;
  let gateway: RealGateway;
  let admin: ApiSession;
  const eid = `gw-${Date.now().toString(36)}`;

  before(async function () {
    net = await ensureNetworkOrSkip(() => this.skip());
    gateway = await startRealGateway(net.profile, 'Central');
    await gateway.addStaff('admin1', 'admin');
    admin = await staffSession(gateway.app, 'admin1', TEST_PASSWORD);
  });

  after(async () => {
    await gateway?.stop();
    await net?.teardown();
  });

  const holders: KeyholderClient[] = [];
  const links = new Map<string, string>();

  it('creates an election, uploads a roll (and refuses one with a bad row), and key holders run the ceremony', async () => {
    const input = {
      electionId: eid,
      title: '2026 학생회장 선거',
      descriptionMarkdown: '**투표 안내**: 기간 안에 투표하세요.',
      organizationId: 'CentralMSP',
      schedule: { opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() },
      contests: [
        {
          contestId: 'president',
          label: '회장',
          description: null,
          type: 'choice',
          abstain: true,
          min: 1,
          max: 1,
          candidates: [
            { optionId: 'c1', number: 1, name: '김민지', party: null, photoSha256: null, profileMarkdown: '- 학생 복지 확대 <script>alert(1)</script>' },
            { optionId: 'c2', number: 2, name: '이서준', party: null, photoSha256: null, profileMarkdown: null },
          ],
        },
        { contestId: 'budget', label: '예산안 승인', description: null, type: 'yesno', abstain: false, candidates: [] },
      ],
      keyHolders: HOLDERS.map((h, i) => ({ index: i + 1, mspId: orgProfile(net!.profile, h.org).mspId, enrollmentId: h.identity, name: `${h.org} ${h.identity}` })),
      threshold: 3,
      identityMethod: 'birthdate',
      channels: ['web', 'mobile'],
      resultsVisibility: 'public',
      templates: { invitation: '[{electionTitle}] 투표 링크: {link}', reminder: '[{electionTitle}] 아직 투표하지 않으셨습니다: {link}' },
    };
    const created = expectStatus(await admin.post('/api/admin/elections', input), 201, 'create election').body;
    expect(created.state).to.equal('draft');
    expect(created.info.contests[0].options[0].profileHtml).to.not.contain('<script');

    const bad = await admin.upload(`/api/admin/elections/${eid}/roll`, Buffer.from(`${ROLL}\nv5,,not-a-date,010-12,,`));
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.report.problems.length).to.be.greaterThan(0);
    expect(gateway.store.voters.count(eid)).to.equal(0);
    expectStatus(await admin.upload(`/api/admin/elections/${eid}/roll`, Buffer.from(ROLL)), 200, 'roll upload');

    for (const h of HOLDERS) {
      const c = KeyholderClient.fromProfile(gateway.app, net!.profile, h.org, h.identity);
      await c.signIn();
      holders.push(c);
    }
    for (const h of holders) await h.postRound1(eid);
    for (const h of holders) await h.postRound2(eid);
    for (const h of holders) await h.review(eid);
    const finalized = expectStatus(await admin.post(`/api/admin/elections/${eid}/ceremony/finalize`), 200, 'finalize').body;
    expect(finalized.ceremony.finalized).to.equal(true);
    expect(finalized.ceremony.holders.every((x: { reviewed: boolean }) => x.reviewed)).to.equal(true);
  });

  it('freezes the roll, opens, and sends personal links carrying the credential in the fragment', async () => {
    const frozen = expectStatus(await admin.post(`/api/admin/elections/${eid}/freeze`), 200, 'freeze').body;
    expect(frozen.roll).to.include({ frozen: true, count: 4 });
    expectStatus(await admin.post(`/api/admin/elections/${eid}/open`), 200, 'open');
    const sent = await admin.post(`/api/admin/elections/${eid}/messages/send`, { kind: 'invitation', channel: 'sms', electionTitle: '학생회장 선거', deadline: '12월 1일' });
    expectStatus(sent, 200, 'send invitations');
    const outbox = expectStatus(await admin.get(`/api/dev/outbox?electionId=${eid}&kind=invitation`), 200, 'outbox').body as { voterId: string; body: string }[];
    for (const m of outbox) links.set(m.voterId, /https?:\/\/\S+\/v\/\S+#\S+/.exec(m.body)![0]);
    expect(links.size).to.equal(4);
    expect([...links.values()].every((l) => /#[A-Za-z0-9_-]{22}$/.test(l))).to.equal(true);
  });

  it('lets voters vote through their links, refuses a second ballot and a replayed link', async () => {
    const people: Record<string, [string, string]> = { v1: ['홍길동', '1990-03-07'], v2: ['김영희', '1985-12-25'], v3: ['이민수', '2001-01-31'], v4: ['박지성', '1979-07-11'] };
    const choices: Record<string, number[][]> = { v1: [[1, 0, 0], [1, 0]], v2: [[0, 1, 0], [1, 0]], v3: [[1, 0, 0], [0, 1]], v4: [[0, 0, 1], [1, 0]] };
    expect(links.size, 'the invitations of the previous step').to.equal(4);
    for (const [voterId, link] of links) {
      const voter = new VoterClient(gateway.app, link);
      expect(await voter.signIn(...people[voterId]!)).to.equal('ok');
      const { ballot, tracker } = await voter.encrypt(choices[voterId]!);
      const r = expectStatus(await voter.cast(ballot), 201, `cast ${voterId}`);
      expect(r.body.tracker).to.equal(tracker);
      expect(r.body.blockNumber).to.be.a('number');
      const again = await voter.cast((await voter.encrypt(choices[voterId]!)).ballot);
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('AlreadyVoted');
      const replay = new VoterClient(gateway.app, link);
      expect(await replay.signIn(...people[voterId]!)).to.equal('already-voted');
      const lookup = expectStatus(await replay.session.get(`/api/elections/${eid}/trackers/${tracker}`), 200, 'tracker lookup').body;
      expect(lookup.found).to.equal(true);
    }
    const turnout = expectStatus(await admin.get(`/api/admin/elections/${eid}/turnout`), 200, 'turnout').body;
    expect(turnout.eligible).to.equal(4);
  });

  it('lists the roll for the admin with masked contacts; voters who voted can no longer be edited', async () => {
    const page = expectStatus(await admin.get(`/api/admin/elections/${eid}/voters?pageSize=2&page=2`), 200, 'roll page').body;
    expect(page).to.deep.include({ total: 4, page: 2, pageSize: 2 });
    expect(page.voters.map((v: { voterId: string }) => v.voterId)).to.deep.equal(['v3', 'v4']);
    const found = expectStatus(await admin.get(`/api/admin/elections/${eid}/voters?q=${encodeURIComponent('영희')}`), 200, 'roll search').body;
    expect(found.voters).to.deep.equal([
      { voterId: 'v2', name: '김영희', group: '2반', phone: '010-****-3333', email: 'k**@example.kr', editable: { contact: false, identity: false } },
    ]);
    const refused = await admin.agent.patch(`/api/admin/elections/${eid}/voters/v2`).set('x-csrf-token', admin.csrf).send({ email: null });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('AlreadyVoted');
  });

  it('closes, tallies, decrypts with three key holders, publishes, prints the certificate and exports a record the verifier accepts', async () => {
    expectStatus(await admin.post(`/api/admin/elections/${eid}/close`), 200, 'close');
    const tally = expectStatus(await admin.post(`/api/admin/elections/${eid}/tally`), 200, 'tally').body;
    expect(tally.ballotCount).to.equal(links.size);
    for (const h of [holders[0]!, holders[2]!, holders[4]!]) expectStatus(await h.decrypt(eid), 200, 'decryption share');
    const result = expectStatus(await admin.post(`/api/admin/elections/${eid}/publish`), 200, 'publish').body;
    expect(result.result.ballotCount).to.equal(links.size);
    const pdf = await admin.agent.get(`/api/elections/${eid}/certificate.pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-type']).to.match(/application\/pdf/);
    const record = expectStatus(await admin.get(`/api/elections/${eid}/record`), 200, 'record').body;
    const report = await verifyElectionRecord(record);
    expect(report.checks.filter((c) => c.status === 'fail')).to.deep.equal([]);
    expect(report.ok).to.equal(true);
    const ndjson = await admin.agent
      .get(`/api/admin/elections/${eid}/record.ndjson`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(ndjson.status).to.equal(200);
    expect(ndjson.headers['content-type']).to.equal('application/x-ndjson');
    const streamed = await readStreamedRecord((async function* () { yield ndjson.body as string; })());
    expect(await verifyElectionRecordStream(streamed!.header, streamed!.ballots)).to.deep.equal(report);
  });
});
