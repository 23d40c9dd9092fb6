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
          'item,label,quantity,unit (KRW),amount (KRW)',
          'message.sms,SMS (up to 90 bytes),7,12.1,84.7',
          'message.lms,"LMS (up to 2,000 bytes)",3,35.2,105.6',
          'message.email,E-mail,4,0,0',
          'identity.ars,ARS (phone call) verification,2,25.3,50.6',
          'identity.birthdate,Identity info check (name + birth date),8,0,0',
          'identity.carrier,Mobile carrier identity verification,4,55,220',
          'identity.ipin,I-PIN,3,0,0',
          'identity.sms-code,SMS verification code,5,12.1,60.5',
          `total,${EID} 합계,,,521.4`,
        ].join('\r\n') +
        '\r\n',
    );
  });
});
