import { expect } from 'chai';
import { DEFAULT_FEES } from '../config.js';
import { addStaff, makeHarness, seedRoll, signIn, VOTERS } from '../testing/harness.js';
import { planCampaign, sendCampaign } from './campaign.js';
import { estimateCost } from './cost.js';
import { cp949Bytes, maskRecipient, measureSms } from './sms.js';
import { checkTemplate, DEFAULT_TEMPLATES, renderTemplate } from './templates.js';

describe('SMS length rules', () => {
  it('counts CP949 bytes: Hangul 2, ASCII 1; 90 bytes is the SMS limit, 2000 the LMS limit', () => {
    expect(cp949Bytes('안녕하세요 abc').bytes).to.equal(14);
    expect(measureSms('가'.repeat(45)).class).to.equal('sms'); // 90 bytes
    expect(measureSms('가'.repeat(46)).class).to.equal('lms'); // 92 bytes
    expect(measureSms('a'.repeat(90)).class).to.equal('sms');
    expect(measureSms('a' + '가'.repeat(45)).class).to.equal('lms'); // 91 bytes
    expect(measureSms('가'.repeat(1000)).class).to.equal('lms'); // 2000 bytes
    expect(measureSms('가'.repeat(1000) + 'a').class).to.equal('too-long');
    expect(measureSms('투표하세요 🗳').unsupported).to.deep.equal(['🗳']);
  });

  it('masks recipients', () => {
    expect(maskRecipient('010-1234-5678')).to.equal('010-****-5678');
    expect(maskRecipient('kim@example.kr')).to.equal('k**@example.kr');
  });
});

describe('templates', () => {
  it('render the placeholders and refuse unknown or missing ones', () => {
    expect(renderTemplate('{name}님 {electionTitle} {deadline} {link}', { name: '홍길동', electionTitle: '회장 선거', deadline: '12/3 18:00', link: 'https://x/v/t' })).to.equal(
      '홍길동님 회장 선거 12/3 18:00 https://x/v/t',
    );
    expect(() => checkTemplate('{nmae}')).to.throw(/Unknown placeholder/);
    expect(() => renderTemplate('{link}', {})).to.throw(/No value for \{link\}/);
    for (const t of Object.values(DEFAULT_TEMPLATES)) {
      checkTemplate(t.ko);
      checkTemplate(t.en);
    }
  });
});

describe('cost estimate', () => {
  it('matches a hand-computed example', () => {
    // 100 SMS × 12.1 = 1,210; 50 LMS × 35.2 = 1,760; 150 SMS codes × 12.1 = 1,815; 20 carrier checks × 55 = 1,100;
    // 30 birth-date checks and 5 I-PIN checks are free. Total 5,885 KRW.
    const e = estimateCost({ messages: { sms: 100, lms: 50 }, identityChecks: { 'sms-code': 150, carrier: 20, birthdate: 30, ipin: 5 } }, DEFAULT_FEES);
    expect(e.lines.map((l) => [l.item, l.quantity, l.unitKrw, l.amountKrw])).to.deep.equal([
      ['message.sms', 100, 12.1, 1210],
      ['message.lms', 50, 35.2, 1760],
      ['identity.sms-code', 150, 12.1, 1815],
      ['identity.carrier', 20, 55, 1100],
      ['identity.birthdate', 30, 0, 0],
      ['identity.ipin', 5, 0, 0],
    ]);
    expect(e.totalKrw).to.equal(5885);
    expect(estimateCost({ messages: { sms: 3 }, identityChecks: { ars: 3 } }, DEFAULT_FEES).totalKrw).to.equal(112.2); // 36.3 + 75.9, no float drift
  });
});

describe('campaigns', () => {
  it('plan and send invitations; reminders skip voters who have voted', async () => {
    const h = makeHarness();
    seedRoll(h);
    const voters = h.store.voters.list('e1');
    const base = {
      electionId: 'e1',
      electionTitle: '2026 학생회장 선거',
      deadline: '12월 3일 18시',
      template: DEFAULT_TEMPLATES.invitation.ko,
      channel: 'sms' as const,
      voters,
      linkFor: (v: { voterId: string }) => Promise.resolve(`https://vote.example.kr/v/${'t'.repeat(43)}${v.voterId}`),
    };
    const plan = await planCampaign({ ...base, kind: 'invitation', hasVoted: () => Promise.resolve(false) }, DEFAULT_FEES, h.config.publicBaseUrl);
    expect(plan.recipients).to.equal(3);
    expect(plan.byChannel).to.deep.equal({ sms: 0, lms: 2, email: 1 }); // v3 has only e-mail
    expect(plan.estimate.totalKrw).to.equal(70.4);
    const r = await sendCampaign({ ...base, kind: 'reminder', template: DEFAULT_TEMPLATES.reminder.ko, hasVoted: (id) => Promise.resolve(id === 'v1') }, h.svc.notifier);
    expect(r).to.deep.equal({ sent: 2, failed: 0, skippedVoted: 1, skippedNoContact: 0 });
    const sent = h.store.outbox.list({ electionId: 'e1', kind: 'reminder' });
    expect(sent.map((m) => m.voterId).sort()).to.deep.equal(['v2', 'v3']);
    expect(sent.every((m) => m.status === 'delivered')).to.equal(true);
    // bodies and recipients are sealed at rest
    const raw = JSON.stringify(h.store.db.all('SELECT * FROM outbox'));
    expect(raw).not.to.include('010-2222-3333');
    expect(raw).not.to.include('김영희');
  });

  it('routes: preview, send with fresh links, fee statement, delivery report', async () => {
    const h = makeHarness();
    seedRoll(h);
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const body = { kind: 'invitation', electionTitle: '학생회장', deadline: '12/3 18:00' };
    const p = await agent.post('/api/admin/elections/e1/messages/preview').set('x-csrf-token', csrf).send(body).expect(200);
    expect(p.body.recipients).to.equal(3);
    const bad = await agent.post('/api/admin/elections/e1/messages/preview').set('x-csrf-token', csrf).send({ ...body, template: '{oops}' }).expect(400);
    expect(bad.body.error.details.fields[0].path).to.equal('body.template');
    // no credentials before the roll is frozen: no links can be made
    await agent.post('/api/admin/elections/e1/messages/send').set('x-csrf-token', csrf).send(body).expect(409);
    h.store.credentials.addAll('e1', VOTERS.map((v, i) => ({ voterId: v.voterId, credential: `cred${i}`, pseudonym: `pseudonym${i}`, secret: `secret${i}AAAAAAAAAAAAAAA` })));
    const s = await agent.post('/api/admin/elections/e1/messages/send').set('x-csrf-token', csrf).send(body).expect(200);
    expect(s.body.sent).to.equal(3);
    const outbox = h.store.outbox.list({ electionId: 'e1' });
    const link = /https?:\/\/\S+\/v\/([A-Za-z0-9_-]+)#secret\d/.exec(outbox[0]?.body ?? '')?.[1];
    expect(link, 'the link carries the credential secret in its fragment').to.be.a('string');
    const opened = await agent.post('/api/voter/link').send({ token: link }).expect(200);
    expect(opened.body.status).to.equal('ok');
    const fee = await agent.get('/api/admin/elections/e1/fee-statement').expect(200);
    expect(fee.body.lines.map((l: { item: string; quantity: number }) => `${l.item}×${l.quantity}`)).to.deep.equal(['message.lms×2', 'message.email×1']);
    const est = await agent.post('/api/fees/estimate').set('x-csrf-token', csrf).send({ messages: { sms: 100, lms: 50 }, identityChecks: { 'sms-code': 150, carrier: 20 } }).expect(200);
    expect(est.body.totalKrw).to.equal(5885);
    const unknownMethod = await agent.post('/api/fees/estimate').set('x-csrf-token', csrf).send({ identityChecks: { 'face-scan': 1 } }).expect(400);
    expect(unknownMethod.body.error.code).to.equal('ValidationFailed');
    h.store.outbox.setStatus(outbox[0]?.id ?? '', 'failed', { error: '=HYPERLINK("http://evil","click")' });
    const status = (await agent.get('/api/admin/elections/e1/messages').expect(200)).body as { id: string; kind: string; channel: string; recipient: string; status: string; costKrw: number }[];
    expect(status.map((m) => [m.kind, m.channel, m.status])).to.deep.equal(outbox.map((m, i) => ['invitation', m.channel, i === 0 ? 'failed' : m.status]));
    expect(status.map((m) => m.costKrw)).to.deep.equal(outbox.map((m) => m.costTenths / 10));
    expect(JSON.stringify(status)).to.include('010-****-5678').and.not.include('010-1234-5678');
    const csv = await agent.get('/api/admin/elections/e1/delivery-report.csv').expect(200);
    expect(csv.headers['content-type']).to.match(/text\/csv/);
    expect(csv.headers['content-disposition']).to.match(/attachment/);
    expect(csv.text.charCodeAt(0)).to.equal(0xfeff);
    expect(csv.text).to.include(`"'=HYPERLINK(""http://evil"",""click"")"`);
    expect(csv.text).to.include('010-****-5678');
    expect(csv.text).not.to.include('010-1234-5678');
  });
});
