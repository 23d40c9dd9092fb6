// The election record's downloads on a fake chain: the streamed form (record.ndjson) on the admin,
// auditor and public routes, and the JSON form's size limit.
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import supertest from 'supertest';
import { MAX_JSON_RECORD_BALLOTS, readStreamedRecord, verifyElectionRecordStream, type RecordReport } from '@ballotledger/core';
import { LedgerError } from '@ballotledger/ledger-client';
import type { Services } from '../services.js';
import { LedgerHooks } from '../ledger/ledger-hooks.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import { Store } from '../storage/store.js';
import { FakeChain, fakeLedgerServices } from '../testing/fake-chain.js';
import { addStaff, makeHarness, testConfig, type Harness } from '../testing/harness.js';
import { ledgerRoutes } from './ledger-routes.js';

const EID = 'e-small';

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function verifyNdjson(text: string): Promise<RecordReport> {
  const streamed = await readStreamedRecord(once(text));
  expect(streamed, 'the streamed form').to.not.equal(null);
  return verifyElectionRecordStream(streamed!.header, streamed!.ballots);
}

/** A chain with a published 5-ballot election (pages of 2 ballots), an open one and a published non-public one. */
function chainWithElections(): FakeChain {
  const chain = new FakeChain();
  chain.pageSize = 2;
  chain.addElection('tallied', {}, 5);
  chain.addElection('open', { electionId: 'e-open' });
  chain.addElection('tallied', { electionId: 'e-private', resultsVisibility: 'organization' });
  return chain;
}

async function staffCookie(h: Harness, username: string, role: 'admin' | 'auditor'): Promise<string> {
  await addStaff(h, username, role);
  const login = await supertest(h.app).post('/api/staff/login').send({ username, password: 'correct horse battery' }).expect(200);
  return (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
}

describe('election record downloads (fake chain)', function () {
  this.timeout(60_000);
  let chain: FakeChain;
  let h: Harness;
  let server: Server;
  let base: string;
  let admin: string;
  let auditor: string;
  let ledger: LedgerServices;

  beforeEach(async () => {
    chain = chainWithElections();
    h = makeHarness({ BL_RATE_API: '100000', BL_RATE_PUBLIC: '100000' }, { routes: (svc: Services) => ledgerRoutes(svc, (ledger = fakeLedgerServices(svc, chain))) });
    admin = await staffCookie(h, 'ann', 'admin');
    auditor = await staffCookie(h, 'olive', 'auditor');
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams record.ndjson to the admin, the auditor and the public, page by page, and it verifies', async () => {
    for (const [path, cookie] of [
      [`/api/admin/elections/${EID}/record.ndjson`, admin],
      [`/api/audit/elections/${EID}/record.ndjson`, auditor],
      [`/api/elections/${EID}/record.ndjson`, ''],
    ] as const) {
      const read = chain.ballotPagesRead.length;
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('application/x-ndjson');
      expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="record-e-small\.ndjson"/);
      expect(res.headers.get('cache-control')).to.equal('no-store');
      const text = await res.text();
      expect(text.split('\n')).to.have.length(1 + 5 + 1);
      expect(chain.ballotPagesRead.length - read, 'pages of 2 ballots').to.equal(3);
      const report = await verifyNdjson(text);
      expect(report.ok, JSON.stringify(report.checks.filter((c) => c.status !== 'pass'))).to.equal(true);
      expect(report.ballotCount).to.equal(5);
    }
  });

  it('the results certificate prints the SHA-256 of the record.ndjson bytes a download gets (the same bytes every time)', async () => {
    const first = await (await fetch(`${base}/api/elections/${EID}/record.ndjson`)).text();
    const second = await (await fetch(`${base}/api/audit/elections/${EID}/record.ndjson`, { headers: { cookie: auditor } })).text();
    expect(second).to.equal(first);
    const config = testConfig();
    const hooks = new LedgerHooks(new Store({ path: ':memory:', piiKey: config.piiKey! }), config);
    hooks.attach(ledger);
    const certificate = await hooks.certificate(EID, undefined);
    expect(certificate?.anchors.recordHash).to.equal(createHash('sha256').update(first, 'utf8').digest('hex'));
  });

  it('answers a refusal before the download starts with an ordinary JSON error', async () => {
    const early = await fetch(`${base}/api/admin/elections/e-open/record.ndjson`, { headers: { cookie: admin } });
    expect(early.status).to.equal(409);
    expect(((await early.json()) as { error: { code: string } }).error.code).to.equal('WrongState');
    const hidden = await fetch(`${base}/api/elections/e-private/record.ndjson`);
    expect(hidden.status).to.equal(403);
    expect(chain.ballotPagesRead).to.deep.equal([]);
  });

  it('drops the connection when the ledger fails midway: the download is incomplete and the verifier reports the count', async () => {
    chain.ballotsPageGate = (after) => (after !== '' ? Promise.reject(new LedgerError({ code: 'NotRecorded', message: 'peer gone' })) : Promise.resolve());
    const res = await fetch(`${base}/api/audit/elections/${EID}/record.ndjson`, { headers: { cookie: auditor } });
    expect(res.status).to.equal(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    let error: unknown = null;
    try {
      for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
    } catch (e) {
      error = e;
    }
    expect(error, 'the body must not end as if complete').to.not.equal(null);
    expect(text.split('\n')).to.have.length(1 + 2 + 1);
    const report = await verifyNdjson(text);
    expect(report.ok).to.equal(false);
    expect(report.checks.find((c) => c.name === 'tally.count')).to.include({ status: 'fail', failedCheck: 'ballotCount' });
    expect(h.logs.some((l) => l.includes('download cut short'))).to.equal(true);
  });

  it('stops reading the ledger when the client goes away', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    chain.ballotsPageGate = (after) => (after !== '' ? held : Promise.resolve());
    const abort = new AbortController();
    const res = await fetch(`${base}/api/admin/elections/${EID}/record.ndjson`, { headers: { cookie: admin }, signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort();
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(chain.ballotPagesRead, 'the held page and no more').to.have.length(2);
    expect(h.logs.some((l) => l.includes('download cut short'))).to.equal(true);
  });

  it(`refuses the JSON form above ${MAX_JSON_RECORD_BALLOTS} counted ballots (413 RecordTooLarge, pointing to record.ndjson), before reading any ballot`, async () => {
    chain.records.get(EID)!.record.tally.ballotCount = MAX_JSON_RECORD_BALLOTS + 1;
    for (const [path, cookie] of [
      [`/api/admin/elections/${EID}/record`, admin],
      [`/api/audit/elections/${EID}/record`, auditor],
      [`/api/elections/${EID}/record`, ''],
    ] as const) {
      const r = await fetch(`${base}${path}`, { headers: { cookie } });
      expect(r.status, path).to.equal(413);
      const body = (await r.json()) as { error: { code: string; message: string; details: { streamed: string; ballotCount: number } } };
      expect(body.error.code).to.equal('RecordTooLarge');
      expect(body.error.message).to.include(`GET ${path}.ndjson`);
      expect(body.error.details).to.include({ streamed: `${path}.ndjson`, ballotCount: MAX_JSON_RECORD_BALLOTS + 1 });
    }
    expect(chain.ballotPagesRead).to.deep.equal([]);
    chain.records.get(EID)!.record.tally.ballotCount = MAX_JSON_RECORD_BALLOTS;
    const r = await fetch(`${base}/api/admin/elections/${EID}/record`, { headers: { cookie: admin } });
    expect(r.status).to.equal(200);
    expect(((await r.json()) as { ballots: unknown[] }).ballots).to.have.length(5);
  });
});
