// The allowed case of the ledger-backed routes, on a fake chain behind the gateway's real election,
// cast and turnout services: what each route answers when the caller may use it.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import supertest from 'supertest';
import { credentialFromSecret, encryptBallot, generateCredentialSecret, shortTracker, spoilBallot, verifySpoiledBallot, type BallotContext } from '@ballotledger/core';
import type { LedgerServices } from '../ledger/ledger-services.js';
import type { Services } from '../services.js';
import { AGREEING_PEERS, FakeChain, fakeLedgerServices } from '../testing/fake-chain.js';
import { addStaff, makeHarness, seedRoll, signIn, type Harness } from '../testing/harness.js';
import { verifiedVoterSession } from '../testing/voter-session.js';
import { ledgerRoutes } from './ledger-routes.js';

const EID = 'e-small';

function ledgerHarness(chain: FakeChain): Harness & { ledger: LedgerServices } {
  let ledger: LedgerServices | undefined;
  const h = makeHarness({ BL_RATE_API: '100000', BL_RATE_PUBLIC: '100000' }, {
    routes: (svc: Services) => ledgerRoutes(svc, (ledger = fakeLedgerServices(svc, chain))),
  });
  return { ...h, ledger: ledger! };
}

/** A fake chain with election EID in `state`, its roll seeded in the gateway. */
function electionHarness(state: Parameters<FakeChain['addElection']>[0]): { chain: FakeChain; h: Harness & { ledger: LedgerServices } } {
  const chain = new FakeChain();
  chain.addElection(state);
  const h = ledgerHarness(chain);
  seedRoll(h, EID);
  return { chain, h };
}

/** A commission admin of `h`, signed in. */
async function admin(h: Harness): Promise<{ agent: supertest.Agent; csrf: string }> {
  await addStaff(h, 'ann', 'admin');
  return signIn(h, 'ann');
}

describe('ledger-backed routes, allowed requests (fake chain)', function () {
  this.timeout(30_000);

  describe('election lifecycle (admin)', () => {
    it('pauses, resumes and extends an open election, each an endorsed transaction', async () => {
      const chain = new FakeChain();
      chain.addElection('open');
      const h = ledgerHarness(chain);
      const { agent, csrf } = await admin(h);
      const paused = await agent.post(`/api/admin/elections/${EID}/pause`).set('x-csrf-token', csrf).expect(200);
      expect(paused.body.state).to.equal('paused');
      const resumed = await agent.post(`/api/admin/elections/${EID}/resume`).set('x-csrf-token', csrf).expect(200);
      expect(resumed.body.state).to.equal('open');
      const later = '2026-03-05T09:00:00.000Z';
      const extended = await agent.post(`/api/admin/elections/${EID}/extend`).set('x-csrf-token', csrf).send({ closesAt: '2026-03-05T18:00:00+09:00' }).expect(200);
      expect(extended.body.schedule.closesAt).to.equal(later);
      expect(chain.submitted).to.deep.equal([`PauseElection ${EID}`, `ResumeElection ${EID}`, `ExtendElection ${EID}`]);
      const refused = await agent.post(`/api/admin/elections/${EID}/resume`).set('x-csrf-token', csrf).expect(409);
      expect(refused.body.error.code).to.equal('WrongState');
    });

    it('opens a frozen election and closes it; closing starts the retention clock of its voter data', async () => {
      const { chain, h } = electionHarness('frozen');
      const { agent, csrf } = await admin(h);
      expect((await agent.post(`/api/admin/elections/${EID}/close`).set('x-csrf-token', csrf).expect(409)).body.error.code).to.equal('WrongState');
      expect((await agent.post(`/api/admin/elections/${EID}/open`).set('x-csrf-token', csrf).expect(200)).body.state).to.equal('open');
      expect(h.store.voters.duePurge(Date.now() + 10 * 365 * 86_400_000), 'no purge date while open').to.deep.equal([]);
      expect((await agent.post(`/api/admin/elections/${EID}/close`).set('x-csrf-token', csrf).expect(200)).body.state).to.equal('closed');
      const retention = h.config.retentionDays * 86_400_000;
      expect(h.store.voters.duePurge(Date.now() + retention - 60_000), 'kept for the retention period').to.deep.equal([]);
      expect(h.store.voters.duePurge(Date.now() + retention + 60_000)).to.deep.equal([EID]);
      expect(chain.submitted).to.deep.equal([`OpenElection ${EID}`, `CloseElection ${EID}`]);
    });

    it('lists the key holders enrolled at the network\'s CAs', async () => {
      const h = ledgerHarness(new FakeChain());
      const { agent } = await admin(h);
      const r = await agent.get('/api/admin/keyholders').expect(200);
      expect(r.body).to.deep.equal([
        { org: 'Central', mspId: 'CentralMSP', enrollmentId: 'keyholder1' },
        { org: 'Seoul', mspId: 'SeoulMSP', enrollmentId: 'keyholder2' },
      ]);
    });

    it('exports the record of a published election, and refuses it before', async () => {
      const chain = new FakeChain();
      chain.addElection('tallied');
      chain.addElection('closed', { electionId: 'e-closed' });
      const h = ledgerHarness(chain);
      const { agent } = await admin(h);
      const r = await agent.get(`/api/admin/elections/${EID}/record`).expect(200);
      const { record } = chain.records.get(EID)!;
      expect(r.body.result).to.deep.equal(record.result);
      expect(r.body.ballots).to.have.length(2);
      expect(r.body.anchors.map((a: { item: string }) => a.item)).to.deep.equal(['FreezeRoll', 'FinalizeCeremony', 'ballots']);
      const early = await agent.get('/api/admin/elections/e-closed/record').expect(409);
      expect(early.body.error.code).to.equal('WrongState');
    });
  });

  describe('live turnout stream', () => {
    it('sends the turnout at once, then again on every recorded ballot', async () => {
      const { chain, h } = electionHarness('open');
      await addStaff(h, 'ann', 'admin');
      const login = await supertest(h.app).post('/api/staff/login').send({ username: 'ann', password: 'correct horse battery' }).expect(200);
      const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      h.ledger.turnout.start();
      const server = h.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const abort = new AbortController();
      try {
        const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/elections/${EID}/turnout/stream`, { headers: { cookie }, signal: abort.signal });
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.match(/^text\/event-stream/);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        const nextEvent = async (): Promise<{ voted: number; eligible: number; byChannel: unknown[] }> => {
          for (;;) {
            const m = /event: turnout\ndata: (.*)\n\n/.exec(text);
            if (m) {
              text = text.slice(m.index + m[0].length);
              return JSON.parse(m[1]!) as { voted: number; eligible: number; byChannel: unknown[] };
            }
            const { value, done } = await reader.read();
            if (done) throw new Error('the stream ended');
            text += value;
          }
        };
        const first = await nextEvent();
        expect(first).to.include({ voted: 0, eligible: 3 });
        chain.emit({ receipt: { electionId: EID, tracker: 'f'.repeat(64), txId: 'tx-a', at: '2026-03-02T01:00:00.000Z', channel: 'mobile' }, blockNumber: 12, txId: 'tx-a' });
        const second = await nextEvent();
        expect(second.voted).to.equal(1);
        expect(second.byChannel).to.deep.equal([{ channel: 'mobile', voted: 1 }]);
      } finally {
        abort.abort();
        await h.ledger.turnout.stop();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('auditor and public reads', () => {
    let chain: FakeChain;
    let h: Harness;
    const tracker = '9f3a01bc77d2e410'.padEnd(64, '0');

    before(async () => {
      chain = new FakeChain();
      chain.addElection('tallied');
      chain.addElection('open', { electionId: 'e-open' });
      chain.addElection('tallied', { electionId: 'e-private', resultsVisibility: 'organization' });
      chain.receipts.push({ electionId: EID, tracker, txId: 'tx-cast', at: '2026-03-02T01:00:00.000Z', channel: 'web' });
      chain.usedCredentials.add('A'.repeat(43));
      chain.blackouts.push({ v: 1, blackoutId: 'local-2026', from: '2026-05-20T00:00:00.000Z', to: '2026-06-04T00:00:00.000Z', reason: '지방선거', declaredBy: 'CentralMSP' });
      h = ledgerHarness(chain);
      await addStaff(h, 'olive', 'auditor');
    });

    it('compares the peers for anyone', async () => {
      const r = await supertest(h.app).get('/api/audit/peers').expect(200);
      expect(r.body).to.deep.equal(AGREEING_PEERS);
    });

    it('lists every election and exports any published record for the auditor', async () => {
      const { agent } = await signIn(h, 'olive');
      const list = await agent.get('/api/audit/elections').expect(200);
      expect(list.body.map((e: { electionId: string; state: string }) => `${e.electionId}:${e.state}`)).to.deep.equal([`${EID}:tallied`, 'e-open:open', 'e-private:tallied']);
      expect(list.body[0].turnout).to.deep.equal({ voted: 0, eligible: 4 });
      const record = await agent.get(`/api/audit/elections/${EID}/record`).expect(200);
      expect(record.body.result).to.deep.equal(chain.records.get(EID)!.record.result);
      expect((await agent.get('/api/audit/elections/e-open/record').expect(409)).body.error.code).to.equal('WrongState');
    });

    it('lists the blackout periods for anyone', async () => {
      const r = await supertest(h.app).get('/api/blackouts').expect(200);
      expect(r.body).to.deep.equal([{ blackoutId: 'local-2026', from: '2026-05-20T00:00:00.000Z', to: '2026-06-04T00:00:00.000Z', reason: '지방선거', declaredBy: 'CentralMSP' }]);
    });

    it('names the commissions and this gateway\'s own', async () => {
      const r = await supertest(h.app).get('/api/service/commissions').expect(200);
      expect(r.body.own).to.equal('CentralMSP');
      expect(r.body.commissions.map((c: { mspId: string }) => c.mspId)).to.include.members(['CentralMSP', 'SeoulMSP', 'BusanMSP']);
      expect(r.body.organizationTypes).to.include('school');
      expect(r.body.regions.length).to.be.greaterThan(0);
    });

    it('shows a published public result with its anchor, and no result while voting or when results are not public', async () => {
      const r = await supertest(h.app).get(`/api/elections/${EID}/public`).expect(200);
      expect(r.body.result.result).to.deep.equal(chain.records.get(EID)!.record.result);
      expect(r.body.anchors).to.deep.equal({ resultTxId: 'tx-publish', resultBlock: 7 });
      expect(r.body.turnout).to.deep.equal({ voted: 1, eligible: 4 });
      const open = await supertest(h.app).get('/api/elections/e-open/public').expect(200);
      expect(open.body.state).to.equal('open');
      expect(open.body.result).to.equal(null);
      expect((await supertest(h.app).get('/api/elections/e-private/public').expect(200)).body.result).to.equal(null);
    });

    it('finds a ballot by the short tracker on the receipt, with or without dashes', async () => {
      const short = shortTracker(tracker);
      expect(short).to.equal('9F3A-01BC-77D2-E410');
      expect((await supertest(h.app).get(`/api/elections/${EID}/trackers/short/${short}`).expect(200)).body).to.deep.equal({ found: true, tracker });
      expect((await supertest(h.app).get(`/api/elections/${EID}/trackers/short/9f3a01bc77d2e410`).expect(200)).body).to.deep.equal({ found: true, tracker });
      expect((await supertest(h.app).get(`/api/elections/${EID}/trackers/short/0000-0000-0000-0000`).expect(200)).body).to.deep.equal({ found: false, tracker: null });
    });

    it('tells whether a ballot was cast with a public credential', async () => {
      expect((await supertest(h.app).get(`/api/elections/${EID}/credentials/${'A'.repeat(43)}`).expect(200)).body).to.deep.equal({ used: true });
      expect((await supertest(h.app).get(`/api/elections/${EID}/credentials/${'B'.repeat(43)}`).expect(200)).body).to.deep.equal({ used: false });
    });
  });

  describe('service desk decision', () => {
    it('records on the ledger which staff member decided (their account reference, not a name)', async () => {
      const chain = new FakeChain();
      const h = ledgerHarness(chain);
      const ref = 'APP-2026-ABCDEF12';
      const details = {
        organizationId: 'hanbit-school',
        organizationName: '한빛고등학교',
        organizationType: 'school',
        region: 'sejong',
        contact: { name: '박선생', phone: '010-7777-8888', email: 'office@hanbit.example.kr' },
        planned: { title: '2027 학생회장 선거', date: '2027-03-10', expectedVoters: 600 },
      };
      h.store.applications.create({ ref, accessHash: 'x'.repeat(64), ...details });
      h.store.applications.setStatus(ref, 'submitted', null);
      chain.applications.set(ref, {
        v: 1,
        ref,
        organizationId: 'hanbit-school',
        organizationName: '한빛고등학교',
        organizationType: 'school',
        routedTo: 'CentralMSP',
        documentsHash: 'a'.repeat(64),
        expectedVoters: 600,
        status: 'submitted',
        history: [{ action: 'submitted', reason: null, at: '2026-03-01T00:00:00.000Z', txId: 'tx-submit', by: 'CentralMSP/gateway', staff: null }],
      });
      const { agent, csrf } = await admin(h);
      const r = await agent.post(`/api/admin/applications/${ref}/decision`).set('x-csrf-token', csrf).send({ decision: 'reject', reason: '서류 미비' }).expect(200);
      expect(r.body.status).to.equal('rejected');
      expect(chain.decisions).to.deep.equal([{ ref, decision: 'reject', reason: '서류 미비', staff: `staff:${h.store.staff.byUsername('ann')!.id}` }]);
    });
  });

  describe('voter casting', () => {
    it('publishes a challenged (spoiled) ballot anyone can check, then casts a ballot encrypted from the election the voter was served: 201 with the receipt once committed; a second cast is AlreadyVoted with that receipt; a ballot signed with another link\'s credential is refused', async () => {
      const { chain, h } = electionHarness('open');
      const secrets = [generateCredentialSecret(), generateCredentialSecret()];
      h.store.credentials.addAll(EID, secrets.map((secret, i) => ({ voterId: `v${i + 1}`, credential: credentialFromSecret(EID, secret).publicCredential, pseudonym: randomBytes(32).toString('base64url'), secret })));
      const voter = await verifiedVoterSession(h, EID, 'v1');
      const served = (await voter.get('/api/voter/election')).body as { state: string; manifest: BallotContext['manifest']; jointKey: string; electionBaseHash: string; receipt: unknown };
      expect(served).to.include({ state: 'open', receipt: null });
      const ctx: BallotContext = { manifest: served.manifest, jointKey: served.jointKey, electionBaseHash: served.electionBaseHash };

      // a Benaloh challenge first: published on the ledger and checked by anyone from it
      const challenged = spoilBallot(encryptBallot(ctx, [[0, 0, 1], [0, 1, 0]], secrets[0]!));
      const published = await voter.post('/api/voter/spoiled', { ballot: challenged.ballot, reveal: challenged.reveal });
      expect(published.status, JSON.stringify(published.body)).to.equal(201);
      expect(published.body.tracker).to.equal(challenged.tracker);
      expect(published.body.auditUrl).to.match(new RegExp(`/audit/spoiled\\?e=${EID}&t=${challenged.tracker}$`));
      const found = await supertest(h.app).get(`/api/elections/${EID}/spoiled/${challenged.tracker}`).expect(200);
      expect(verifySpoiledBallot(found.body.ballot, found.body.reveal, ctx)).to.deep.equal([[0, 0, 1], [0, 1, 0]]);
      await supertest(h.app).get(`/api/elections/${EID}/spoiled/${'0'.repeat(64)}`).expect(404);

      const { ballot, tracker } = encryptBallot(ctx, [[0, 1, 0], [1, 0, 0]], secrets[0]!);

      const other = await verifiedVoterSession(h, EID, 'v2');
      const foreign = await other.post('/api/voter/ballot', { ballot, channel: 'web' });
      expect(foreign.status).to.equal(422);
      expect(foreign.body.error.code).to.equal('InvalidBallot');

      const cast = await voter.post('/api/voter/ballot', { ballot, channel: 'mobile' });
      expect(cast.status, JSON.stringify(cast.body)).to.equal(201);
      expect(cast.body).to.include({ electionId: EID, tracker, channel: 'mobile', blockNumber: 9 });
      expect(chain.submittedBytes, 'one transaction').to.have.length(1);
      const again = await voter.post('/api/voter/ballot', { ballot, channel: 'mobile' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('AlreadyVoted');
      expect(again.body.error.details.receipt.tracker).to.equal(tracker);
      expect((await voter.get('/api/voter/receipt')).body.tracker).to.equal(tracker);
      expect(((await voter.get('/api/voter/election')).body as { receipt: { tracker: string } }).receipt.tracker).to.equal(tracker);
      expect(chain.submittedBytes, 'still one transaction').to.have.length(1);
    });
  });

  describe('voter sign-out', () => {
    it('ends the voter session on the server: the cookie no longer opens it', async () => {
      const h = ledgerHarness(new FakeChain());
      seedRoll(h);
      const s = await verifiedVoterSession(h);
      await s.get('/api/voter/session').then((r) => expect(r.status).to.equal(200));
      expect((await s.post('/api/voter/logout')).body).to.deep.equal({ ok: true });
      expect((await s.get('/api/voter/session')).status).to.equal(401);
    });
  });
});
