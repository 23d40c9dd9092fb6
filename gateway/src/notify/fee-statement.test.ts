// The fee statement of an election from what was really sent (outbox) and used (identity-check
// log), against totals computed by hand from the fee table: SMS 12.1, LMS 35.2, e-mail 0 KRW per
// message; identity info and I-PIN free, verification code 12.1, ARS 25.3, mobile carrier 55 KRW.
import { expect } from 'chai';
import type { Services } from '../services.js';
import type { Channel, DeliveryStatus, MessageKind } from '../storage/outbox.js';
import type { IdentityOutcome } from '../storage/identity.js';
import { ledgerRoutes } from '../routes/ledger-routes.js';
import { FakeChain, fakeLedgerServices } from '../testing/fake-chain.js';
import { addStaff, makeHarness, signIn, type Harness } from '../testing/harness.js';
import { feeStatement } from './fee-statement.js';

const EID = 'e-small';

function send(h: Harness, kind: MessageKind, channel: Channel, count: number, status: DeliveryStatus = 'delivered', electionId = EID): void {
  for (let i = 0; i < count; i++) {
    const m = h.store.outbox.add({ electionId, voterId: `v${i}`, kind, channel, recipientHint: '010-****-0000', subject: null, bytes: 80, provider: 'dev', costTenths: 0, recipient: '010-0000-0000', body: 'x' });
    h.store.outbox.setStatus(m.id, status);
  }
}

function checks(h: Harness, method: string, outcome: IdentityOutcome, count: number): void {
  for (let i = 0; i < count; i++) h.store.identity.log(EID, method, outcome);
}

describe('fee statement (hand-computed example)', () => {
  let h: Harness;

  before(() => {
    const chain = new FakeChain();
    chain.addElection('closed');
    h = makeHarness({}, { routes: (svc: Services) => ledgerRoutes(svc, fakeLedgerServices(svc, chain)) });
    send(h, 'invitation', 'sms', 5);
    send(h, 'reminder', 'sms', 2, 'sent');
    send(h, 'reminder', 'sms', 1, 'failed'); // not delivered: not charged
    send(h, 'invitation', 'lms', 3);
    send(h, 'invitation', 'email', 4);
    send(h, 'sms-code', 'sms', 5); // charged once, as the identity check
    send(h, 'sms-code', 'sms', 1, 'failed');
    send(h, 'invitation', 'sms', 9, 'delivered', 'e-other'); // another election
    checks(h, 'birthdate', 'success', 6);
    checks(h, 'birthdate', 'failure', 2);
    checks(h, 'ipin', 'success', 3);
    checks(h, 'ars', 'success', 2);
    checks(h, 'carrier', 'success', 3);
    checks(h, 'carrier', 'locked', 1);
    checks(h, 'carrier', 'error', 1); // the provider failed: no check was performed
    checks(h, 'sms-code', 'success', 4); // counted from the codes sent, not from the log
  });

  it('itemises and totals what was sent and used', () => {
    const s = feeStatement(h.store, h.config.fees, EID);
    expect(s.lines.map((l) => [l.item, l.quantity, l.unitKrw, l.amountKrw])).to.deep.equal([
      ['message.sms', 7, 12.1, 84.7], // 7 × 12.1
      ['message.lms', 3, 35.2, 105.6], // 3 × 35.2
      ['message.email', 4, 0, 0],
      ['identity.ars', 2, 25.3, 50.6], // 2 × 25.3
      ['identity.birthdate', 8, 0, 0],
      ['identity.carrier', 4, 55, 220], // 4 × 55
      ['identity.ipin', 3, 0, 0],
      ['identity.sms-code', 5, 12.1, 60.5], // 5 × 12.1
    ]);
    expect(s.totalKrw).to.equal(521.4); // 84.7 + 105.6 + 50.6 + 220 + 60.5
  });

  it('serves the same statement as JSON and as CSV', async () => {
    await addStaff(h, 'ann', 'admin');
    const { agent } = await signIn(h, 'ann');
    const json = await agent.get(`/api/admin/elections/${EID}/fee-statement`).expect(200);
    expect(json.body.totalKrw).to.equal(521.4);
    const csv = await agent.get(`/api/admin/elections/${EID}/fee-statement.csv`).expect(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.text).to.equal(
      '\uFEFF' +
        [
          'item,항목 / label,수량 / quantity,단가(원) / unit (KRW),금액(원) / amount (KRW)',
          'message.sms,"단문 문자(SMS, 90바이트까지) / SMS (up to 90 bytes)",7,12.1,84.7',
          'message.lms,"장문 문자(LMS, 2,000바이트까지) / LMS (up to 2,000 bytes)",3,35.2,105.6',
          'message.email,이메일 / E-mail,4,0,0',
          'identity.ars,ARS 전화 인증 / ARS (phone call) verification,2,25.3,50.6',
          'identity.birthdate,본인 정보 확인(이름·생년월일) / Identity info check (name + birth date),8,0,0',
          'identity.carrier,휴대폰 본인인증(통신사) / Mobile carrier identity verification,4,55,220',
          'identity.ipin,아이핀 / I-PIN,3,0,0',
          'identity.sms-code,휴대전화 문자 인증번호 / SMS verification code,5,12.1,60.5',
          `total,${EID} 합계 / total,,,521.4`,
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('e-mails the statement to the signed-in admin (itemised, Korean first) and refuses without an address on file', async () => {
    await addStaff(h, 'bea', 'admin');
    const { agent, csrf } = await signIn(h, 'bea');
    const refused = await agent.post(`/api/admin/elections/${EID}/fee-statement/email`).set('x-csrf-token', csrf).expect(409);
    expect(refused.body.error.code).to.equal('WrongState');
    h.store.staff.setContact(h.store.staff.byUsername('bea')!.id, { phone: null, email: 'bea@example.kr' }, null);
    const sent = await agent.post(`/api/admin/elections/${EID}/fee-statement/email`).set('x-csrf-token', csrf).expect(200);
    expect(sent.body.sentTo).to.not.contain('bea@example.kr');
    const mail = h.store.outbox.list({ electionId: EID, kind: 'notice' }).filter((m) => m.channel === 'email').at(-1)!;
    expect(mail.body).to.contain('- 단문 문자(SMS, 90바이트까지) / SMS (up to 90 bytes): 7 × 12.1 = 84.7원');
    expect(mail.body).to.contain('- 휴대폰 본인인증(통신사) / Mobile carrier identity verification: 4 × 55 = 220원');
    expect(mail.body).to.contain('합계 / total: 521.4원 (KRW)');
    // the e-mail is on the next statement, free of charge
    expect(feeStatement(h.store, h.config.fees, EID).totalKrw).to.equal(521.4);
  });

  it('serves the statement as a PDF', async () => {
    const { agent } = await signIn(h, 'ann');
    const pdf = await agent.get(`/api/admin/elections/${EID}/fee-statement.pdf`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(pdf.headers['content-type']).to.equal('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });
});
