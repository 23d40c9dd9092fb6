// A stateful stand-in for the gateway, built on the documented contract (docs/api.md), installed
// with page.route('/api/**'). It checks what the browser sends with core (ballots, spoiled
// ballots, ceremony messages, signatures) instead of trusting it.
import {
  ballotTracker,
  ceremonyParams,
  checkRound1,
  credentialFromSecret,
  manifestHash,
  shortTracker,
  verifyBallot,
  verifySpoiledBallot,
  verifyDecryptionShare,
  type Ballot,
  type BallotContext,
} from '@ballotledger/core';
import { ndjsonRecord } from '@ballotledger/core/testing/fixtures';
import { createPublicKey, randomBytes, verify as nodeVerify } from 'node:crypto';
import type { Page, Route } from 'playwright-core';
import { DeskMock, FEE_PDF, FEE_STATEMENT, feeStatementCsv, maskRecipient, type MockUser } from './desk-mock.js';
import { MockRelay, type RelayTamper } from './mock-relay.js';
import { RollMessagesMock } from './roll-messages-mock.js';
import { CAPTCHA_SVG, EID, fixture, PHOTO_SHA, PHOTO_SVG } from './fixtures.js';

/** The staff account every older test signs in with (any username, this password). */
export const DEFAULT_STAFF: MockUser = { id: 'u1', username: 'admin', role: 'orgadmin', orgId: 'school-1', displayName: '김관리', password: 'correct horse battery', secondFactor: false, phone: null, email: 'admin@school-1.example.kr' };

/** `wrong-tracker`: records the ballot but answers 201 with another ballot's tracker. */
export type BallotBehaviour = 'ok' | 'not-recorded-once' | 'network-once' | 'not-open' | 'wrong-tracker';

export interface MockOptions {
  electionState?: 'draft' | 'frozen' | 'open' | 'paused' | 'closed' | 'tallied';
  ballot?: BallotBehaviour;
  /** `cast-instead`: a malicious gateway casts the spoiled ballot (skipping SpoilBallot) and answers as if it had published it. */
  spoil?: 'cast-instead';
  /** Milliseconds to wait before answering a path (any method). */
  delays?: Record<string, number>;
  /** Answer a path (any method) with this error. */
  fail?: { path: string; status: number; code: string };
  /** Key-holder review: this holder's share for holder 2 does not decrypt (holder 2 must complain). */
  badShareFrom?: number;
  /** Identity failures before the link is locked. */
  lockAfter?: number;
  /** The Busan peer's block hash differs ('hash'), or its block 87's data no longer matches its header ('chain'). */
  peersMismatch?: 'hash' | 'chain';
  keyholderPublicKeyPem?: string;
  /** The relay plays a compromised gateway (mock-relay.ts). */
  relayTamper?: RelayTamper;
  keyholderStage?: 'round1' | 'round2' | 'review' | 'waiting' | 'decrypt' | 'done';
}

export interface Logged {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

const json = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}): Promise<void> =>
  route.fulfill({ status, contentType: 'application/json', headers: { 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) });

const apiError = (route: Route, status: number, code: string, message: string, details?: unknown, headers: Record<string, string> = {}): Promise<void> =>
  json(route, status, { error: { code, message, ...(details === undefined ? {} : { details }) } }, headers);

export class MockGateway {
  readonly fx = fixture();
  readonly log: Logged[] = [];
  /** Exceptions thrown while handling a request (a test bug or a malformed request). */
  readonly errors: string[] = [];
  readonly cast: { ballot: Ballot; tracker: string }[] = [];
  readonly spoiled: { ballot: unknown; reveal: unknown }[] = [];
  readonly relay: MockRelay;
  keyholderCertificate = '';
  readonly posted: { name: string; payload: unknown }[] = [];
  stage: 'link' | 'captcha' | 'verified' = 'link';
  captchaForm: 'image' | 'text' = 'image';
  identityFailures = 0;
  ballotAttempts = 0;
  /** record.ndjson downloads served (the verifier fetches the streamed form). */
  ndjsonDownloads = 0;
  challenge = '';
  adminElection: Record<string, unknown> | null = null;
  turnoutTick = 0;
  readonly secretFor = new Map<string, string>();
  /** Applications, review, blackout periods, invitations, second factor, fees. */
  readonly desk = new DeskMock();
  /** The roll's voters and the election's outbox. */
  readonly rollMessages = new RollMessagesMock();
  staffUser: MockUser = DEFAULT_STAFF;

  constructor(readonly opts: MockOptions = {}) {
    this.relay = new MockRelay(opts.relayTamper);
  }

  get ctx(): BallotContext {
    const r = this.fx.sim.record;
    const creds = new Set(r.credentials);
    return { manifest: this.fx.manifest, jointKey: r.ceremony.result.jointKey, electionBaseHash: r.ceremony.result.electionBaseHash, isRegisteredCredential: (c) => creds.has(c) };
  }

  /** A personal link for a fresh registered voter: `/v/<token>#<secret>`. */
  link(kind: 'ok' | 'voted' | 'unknown' = 'ok', n = 0): string {
    const token = `${kind}-${'t'.repeat(20)}-${n}`;
    const secret = this.fx.freshSecrets[n]!;
    this.secretFor.set(token, secret);
    return `/v/${token}#${secret}`;
  }

  session(stage = this.stage) {
    return {
      stage,
      electionId: EID,
      csrfToken: `csrf-${stage}`,
      expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      identityMethods: [{ method: 'birthdate', label: { ko: '이름과 생년월일', en: 'Name and date of birth' } }],
    };
  }

  receipt(tracker: string) {
    return { electionId: EID, tracker, shortTracker: shortTracker(tracker), txId: `tx-${tracker.slice(0, 16)}`, blockNumber: 120 + this.cast.length, at: '2026-11-24T01:23:00.000Z', channel: 'mobile' };
  }

  turnout() {
    this.turnoutTick++;
    const voted = 312 + this.turnoutTick * 7;
    const start = Date.parse('2026-11-24T00:00:00.000Z');
    return {
      eligible: 1000,
      voted,
      byGroup: [
        { group: '1학년', eligible: 340, voted: Math.round(voted * 0.38) },
        { group: '2학년', eligible: 330, voted: Math.round(voted * 0.34) },
        { group: '3학년', eligible: 330, voted: voted - Math.round(voted * 0.38) - Math.round(voted * 0.34) },
      ],
      byChannel: [
        { channel: 'mobile', voted: Math.round(voted * 0.72) },
        { channel: 'web', voted: voted - Math.round(voted * 0.72) },
      ],
      series: Array.from({ length: 9 }, (_, i) => ({ at: new Date(start + i * 3_600_000).toISOString(), voted: Math.round((voted * (i + 1) * (i + 1)) / 81) })),
      updatedAt: new Date(start + 8 * 3_600_000 + this.turnoutTick * 60_000).toISOString(),
    };
  }

  publicElection() {
    const r = this.fx.sim.record;
    const state = this.opts.electionState ?? 'open';
    return {
      electionId: EID,
      title: this.fx.manifest.title,
      state,
      schedule: { opensAt: '2026-11-24T00:00:00.000Z', closesAt: '2026-11-26T09:00:00.000Z' },
      info: this.fx.info,
      manifest: this.fx.manifest,
      turnout: { voted: r.ballots.length, eligible: r.credentials.length },
      result: state === 'tallied' ? { result: r.result, usedHolders: [1, 2], publishedAt: '2026-11-26T10:00:00.000Z', txId: 'tx-result' } : null,
      anchors: { resultTxId: state === 'tallied' ? 'tx-result' : null, resultBlock: state === 'tallied' ? 140 : null },
      jointKey: r.ceremony.result.jointKey,
      electionBaseHash: r.ceremony.result.electionBaseHash,
    };
  }

  adminElectionFull(): Record<string, unknown> {
    const pub = this.publicElection();
    const base = this.adminElection ?? {};
    return {
      electionId: EID,
      title: pub.title,
      state: pub.state,
      schedule: pub.schedule,
      organizationId: 'school-1',
      managingMspId: 'CentralMSP',
      manifest: this.fx.manifest,
      input: {
        electionId: EID,
        title: pub.title,
        descriptionMarkdown: null,
        organizationId: 'school-1',
        schedule: pub.schedule,
        contests: [],
        keyHolders: [],
        threshold: 2,
        identityMethod: 'birthdate',
        channels: ['web', 'mobile'],
        resultsVisibility: 'public',
        templates: { invitation: '[{electionTitle}] {name}님, 투표해 주세요: {link}', reminder: '[{electionTitle}] 아직 투표하지 않으셨습니다. {link}' },
      },
      info: this.fx.info,
      roll: { imported: 1000, frozen: true, count: 1000, hash: 'c0ffee'.repeat(10) + 'abcd' },
      ceremony: {
        holders: [
          { index: 1, name: '중앙선관위 김위원', round1: true, round2: true, reviewed: true, complaints: 0 },
          { index: 2, name: '서울선관위 이위원', round1: true, round2: true, reviewed: true, complaints: 0 },
          { index: 3, name: '부산선관위 박위원', round1: true, round2: true, reviewed: true, complaints: 0 },
        ],
        finalized: true,
        jointKey: this.fx.sim.record.ceremony.result.jointKey,
      },
      tally: { shards: 0, shardsDone: 0, combined: false, ballotCount: null, shares: [], threshold: 2, published: false },
      turnout: this.turnout(),
      history: [{ action: 'OpenElection', at: '2026-11-24T00:00:02.000Z', txId: 'tx-open-1', by: 'admin@CentralMSP' }],
      ...base,
    };
  }

  async install(page: Page): Promise<void> {
    await page.route('**/api/**', async (route) => {
      try {
        await this.handle(route);
      } catch (e) {
        this.errors.push(String((e as Error).stack ?? e));
        await apiError(route, 500, 'Internal', `mock failed: ${(e as Error).message}`).catch(() => undefined);
      }
    });
  }

  private async handle(route: Route): Promise<void> {
    const req = route.request();
    const url = new URL(req.url());
    const method = req.method();
    const path = url.pathname;
    let body: unknown = null;
    const raw = req.postDataBuffer();
    if (raw !== null && (req.headers()['content-type'] ?? '').includes('json')) body = JSON.parse(raw.toString('utf8'));
    else if (raw !== null) body = raw;
    this.log.push({ method, path, body, headers: req.headers() });
    const b = body as Record<string, unknown>;
    const st = this.opts.electionState ?? 'open';
    // CSRF: every state-changing request of a session must carry the header.
    // Public routes (applications, the fee estimator, invitations) have no session, hence no token.
    const csrfExempt = ['/api/voter/link', '/api/staff/login', '/api/staff/login/code', '/api/keyholder/login', '/api/staff/invitations/accept', '/api/fees/estimate', '/api/applications'];
    const publicDesk = path.startsWith('/api/applications/');
    if (method !== 'GET' && !csrfExempt.includes(path) && !publicDesk && !path.startsWith('/api/voter/captcha') && req.headers()['x-csrf-token'] === undefined) {
      return apiError(route, 403, 'CsrfFailed', 'missing CSRF token');
    }

    const delay = this.opts.delays?.[path];
    if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
    const f = this.opts.fail;
    if (f?.path === path) return apiError(route, f.status, f.code, `mocked ${f.code}`);

    // ---- voter
    if (path === '/api/voter/link' && method === 'POST') {
      const token = String(b['token']);
      if (token.startsWith('voted-')) return json(route, 200, { status: 'already-voted', electionId: EID });
      if (!token.startsWith('ok-')) return apiError(route, 401, 'Unauthorized', 'This voting link is not valid.');
      this.stage = 'link';
      return json(route, 200, { status: 'ok', session: this.session() });
    }
    if (path === '/api/voter/session') return json(route, 200, this.session());
    if (path === '/api/voter/captcha' && method === 'POST') {
      const expiresAt = new Date(Date.now() + 300_000).toISOString();
      this.captchaForm = b['form'] === 'text' ? 'text' : 'image';
      if (this.captchaForm === 'text') {
        return json(route, 200, { id: `cap-${Date.now()}`, form: 'text', length: 6, question: { ko: '다음 6개의 숫자를 차례대로 숫자로 입력하세요: 일, 이, 삼, 사, 오, 육.', en: 'Type these 6 numbers in order, as digits: one, two, three, four, five, six.' }, expiresAt });
      }
      return json(route, 200, { id: `cap-${Date.now()}`, form: 'image', image: CAPTCHA_SVG, width: 180, height: 60, length: 6, expiresAt });
    }
    if (path === '/api/voter/captcha/answer' && method === 'POST') {
      if (b['answer'] !== (this.captchaForm === 'text' ? '123456' : '7')) return apiError(route, 400, 'CaptchaFailed', 'The security characters did not match.');
      this.stage = 'captcha';
      return json(route, 200, this.session());
    }
    if (path === '/api/voter/identity/start' && method === 'POST') {
      if (this.opts.lockAfter !== undefined && this.identityFailures >= this.opts.lockAfter) return apiError(route, 429, 'LockedOut', 'locked', { retryAfterSeconds: 600 }, { 'retry-after': '600' });
      return json(route, 200, { challengeId: `ch-${Date.now()}`, method: 'birthdate', fields: ['name', 'birthDate'], expiresAt: new Date(Date.now() + 300_000).toISOString() });
    }
    if (path === '/api/voter/identity/verify' && method === 'POST') {
      const r = b['response'] as Record<string, string>;
      if (r['name'] === '홍길동' && r['birthDate']?.replace(/\D/g, '') === '19900307') {
        this.stage = 'verified';
        return json(route, 200, this.session());
      }
      this.identityFailures++;
      if (this.opts.lockAfter !== undefined && this.identityFailures >= this.opts.lockAfter) return apiError(route, 429, 'LockedOut', 'locked', { retryAfterSeconds: 600 }, { 'retry-after': '600' });
      return apiError(route, 401, 'IdentityCheckFailed', 'The identity check failed.', { reason: 'mismatch', remainingAttempts: Math.max(0, (this.opts.lockAfter ?? 5) - this.identityFailures) });
    }
    if (path === '/api/voter/election') {
      if (this.stage !== 'verified') return apiError(route, 403, 'Forbidden', 'not verified');
      const r = this.fx.sim.record;
      const open = st !== 'draft' && st !== 'frozen';
      return json(route, 200, {
        electionId: EID,
        title: this.fx.manifest.title,
        state: st,
        schedule: { opensAt: '2026-11-24T00:00:00.000Z', closesAt: '2026-11-26T09:00:00.000Z' },
        manifest: this.fx.manifest,
        jointKey: open ? r.ceremony.result.jointKey : null,
        electionBaseHash: open ? r.ceremony.result.electionBaseHash : null,
        info: this.fx.info,
        channels: ['web', 'mobile'],
        receipt: null,
      });
    }
    if (path === '/api/voter/ballot' && method === 'POST') {
      this.ballotAttempts++;
      const mode = this.opts.ballot ?? 'ok';
      if (mode === 'network-once' && this.ballotAttempts === 1) return route.abort('connectionreset');
      if (mode === 'not-recorded-once' && this.ballotAttempts === 1) return apiError(route, 503, 'NotRecorded', 'not recorded, try again');
      if (mode === 'not-open') return apiError(route, 409, 'NotOpen', 'closed');
      try {
        const ballot = verifyBallot(b['ballot'], this.ctx) as Ballot;
        const tracker = ballotTracker(ballot);
        const dup = this.cast.find((c) => c.ballot.credential === ballot.credential);
        if (dup) return apiError(route, 409, 'AlreadyVoted', 'already voted', { receipt: this.receipt(dup.tracker) });
        this.cast.push({ ballot, tracker });
        if (mode === 'wrong-tracker') return json(route, 201, this.receipt(ballotTracker(this.fx.sim.record.ballots[0]!)));
        return json(route, 201, this.receipt(tracker));
      } catch (e) {
        return apiError(route, 422, (e as { code?: string }).code ?? 'InvalidBallot', (e as Error).message);
      }
    }
    const spoiledLookup = /^\/api\/elections\/([^/]+)\/spoiled\/([0-9a-f]{64})$/.exec(path);
    if (spoiledLookup && method === 'GET') {
      const published = [...this.fx.sim.record.spoiledBallots, ...this.spoiled].find((s) => ballotTracker(s.ballot as Ballot) === spoiledLookup[2]);
      if (spoiledLookup[1] !== EID || published === undefined) return apiError(route, 404, 'NotFound', 'no spoiled ballot with this tracker');
      return json(route, 200, { v: 1, ballot: published.ballot, reveal: published.reveal });
    }
    if (path === '/api/voter/spoiled' && method === 'POST') {
      try {
        verifySpoiledBallot(b['ballot'], b['reveal'], this.ctx);
        this.spoiled.push({ ballot: b['ballot'], reveal: b['reveal'] });
        const tracker = ballotTracker(b['ballot'] as Ballot);
        if (this.opts.spoil === 'cast-instead') this.cast.push({ ballot: b['ballot'] as Ballot, tracker });
        return json(route, 200, { tracker, auditUrl: `${url.origin}/audit/spoiled?e=${EID}&t=${tracker}` });
      } catch (e) {
        return apiError(route, 422, 'InvalidBallot', (e as Error).message);
      }
    }

    // ---- public
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/elections\/([^/]+)\/trackers\/([0-9a-f]{64})$/.exec(path))) {
      const c = this.cast.find((x) => x.tracker === m![2]) ?? (this.fx.sim.record.ballots.map(ballotTracker).includes(m[2]!) ? { tracker: m[2]! } : undefined);
      return json(route, 200, c ? { found: true, receipt: this.receipt(c.tracker) } : { found: false, receipt: null });
    }
    if ((m = /^\/api\/elections\/([^/]+)\/credentials\/([^/]+)$/.exec(path))) {
      const cred = decodeURIComponent(m[2]!);
      const used = this.cast.some((c) => c.ballot.credential === cred) || this.fx.sim.record.ballots.some((x) => x.credential === cred);
      return json(route, 200, { used });
    }
    if (/^\/api\/elections\/[^/]+\/public$/.test(path)) return json(route, 200, this.publicElection());
    if (/^\/api\/elections\/[^/]+\/record$/.test(path) || /^\/api\/(admin|audit)\/elections\/[^/]+\/record$/.test(path)) return json(route, 200, this.fx.sim.record);
    if (/^\/api\/(admin\/|audit\/)?elections\/[^/]+\/record\.ndjson$/.test(path)) {
      this.ndjsonDownloads += 1;
      return route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: ndjsonRecord(this.fx.sim.record) });
    }
    if (path.startsWith('/api/photos/')) return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PHOTO_SVG });

    // ---- service desk
    const deskCtx = {
      route,
      method,
      path,
      url,
      body,
      headers: req.headers(),
      json: (status: number, v: unknown) => json(route, status, v),
      error: (status: number, code: string, message: string, details?: unknown) => apiError(route, status, code, message, details),
      staff: this.adminLoggedIn ? this.staffUser : null,
    };
    if (await this.desk.handle(deskCtx)) return;

    // ---- staff
    if (path === '/api/staff/login/code' && method === 'POST') {
      if (!/^\d{6}$/.test(String(b['code']))) return apiError(route, 400, 'ValidationFailed', 'Invalid request: body.code', { fields: [{ path: 'body.code', message: 'Invalid string', code: 'invalid_format' }] });
      const p = this.desk.pending;
      if (p === null) return apiError(route, 401, 'Unauthorized', 'Sign in with your password first.');
      p.attempts++;
      if (p.attempts > 5 || p.expiresAt < Date.now()) {
        this.desk.pending = null;
        return apiError(route, 401, 'Unauthorized', 'The code expired or too many wrong codes were entered; sign in again.');
      }
      if (b['code'] !== p.code) return apiError(route, 401, 'IdentityCheckFailed', 'Wrong code.');
      this.desk.pending = null;
      this.staffUser = p.user;
      this.adminLoggedIn = true;
      return json(route, 200, this.staffSession());
    }
    if (path === '/api/staff/session') {
      if (!this.adminLoggedIn) return apiError(route, 401, 'Unauthorized', 'no session');
      return json(route, 200, this.staffSession());
    }
    if (path === '/api/staff/login' && method === 'POST') {
      this.adminLoggedIn = false;
      this.desk.pending = null;
      const r = await this.desk.login(deskCtx);
      if (r === 'handled') return;
      if (r === 'session') {
        this.staffUser = this.desk.activated!;
        this.adminLoggedIn = true;
        return json(route, 200, this.staffSession());
      }
      this.staffUser = DEFAULT_STAFF;
      if (b['password'] !== 'correct horse battery') return apiError(route, 401, 'Unauthorized', 'Wrong username or password');
      this.adminLoggedIn = true;
      return json(route, 200, this.staffSession());
    }
    if (path === '/api/staff/logout') {
      this.adminLoggedIn = false;
      return json(route, 200, { ok: true });
    }

    // ---- admin
    if (path.startsWith('/api/admin/') && !this.adminLoggedIn) return apiError(route, 401, 'Unauthorized', 'no session');
    if (path === '/api/admin/elections' && method === 'GET') {
      const pub = this.publicElection();
      return json(route, 200, [
        { electionId: EID, title: pub.title, state: pub.state, schedule: pub.schedule, organizationId: 'school-1', turnout: { voted: 319, eligible: 1000 } },
        { electionId: 'union-2026', title: '2026 노동조합 임원 선거', state: 'draft', schedule: { opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-03T09:00:00.000Z' }, organizationId: 'union-1', turnout: { voted: 0, eligible: 0 } },
      ]);
    }
    if (path === '/api/admin/elections' && method === 'POST') {
      const refusal = this.desk.electionRefusal(this.staffUser, b);
      if (refusal !== null) return apiError(route, refusal.status, refusal.code, refusal.message);
      this.created = b;
      this.adminElection = { electionId: b['electionId'], title: b['title'], state: 'draft', input: b, roll: { imported: 0, frozen: false, count: null, hash: null }, ceremony: { holders: [], finalized: false, jointKey: null } };
      return json(route, 201, this.adminElectionFull());
    }
    if ((m = /^\/api\/admin\/elections\/([^/]+)$/.exec(path)) && method === 'GET') return json(route, 200, this.adminElectionFull());
    if ((m = /^\/api\/admin\/elections\/([^/]+)\/roll$/.exec(path)) && method === 'POST') {
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
      const rows = text.trim().split(/\r?\n/).slice(1);
      const problems = rows.flatMap((r, i) => {
        const cols = r.split(',');
        return /^010-\d{4}-\d{4}$/.test(cols[3] ?? '') ? [] : [{ severity: 'error', row: i + 2, column: '휴대전화', key: 'roll.phone.invalid', message: `Row ${i + 2}: the phone number "${cols[3]}" is not a Korean mobile number` }];
      });
      const report = { ok: problems.length === 0, format: 'csv', encoding: 'utf-8', sha256: 'f'.repeat(64), columns: [], totals: { rows: rows.length, valid: rows.length - problems.length, invalid: problems.length, empty: 0, errors: problems.length, warnings: 0 }, problems, truncated: false };
      if (!report.ok) return apiError(route, 400, 'RollRejected', `The roll has ${problems.length} problem(s); nothing was stored.`, { report });
      this.adminElection = { ...(this.adminElection ?? {}), roll: { imported: rows.length, frozen: false, count: null, hash: null } };
      this.rollMessages.replaceWith(rows.map((r) => r.split(',')));
      return json(route, 200, { stored: true, report, voterCount: rows.length });
    }
    if (/^\/api\/admin\/elections\/[^/]+\/turnout\/stream$/.test(path)) {
      return route.fulfill({ status: 200, contentType: 'text/event-stream', headers: { 'cache-control': 'no-store' }, body: `retry: 500\nevent: turnout\ndata: ${JSON.stringify(this.turnout())}\n\n` });
    }
    if (/^\/api\/admin\/elections\/[^/]+\/turnout$/.test(path)) return json(route, 200, this.turnout());
    if ((m = /^\/api\/admin\/elections\/([^/]+)\/fee-statement(\.csv|\.pdf|\/email)?$/.exec(path))) {
      const eid = decodeURIComponent(m[1]!);
      if (m[2] === undefined) return json(route, 200, FEE_STATEMENT);
      if (m[2] === '.csv') return route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', headers: { 'content-disposition': `attachment; filename="fees-${eid}.csv"` }, body: feeStatementCsv(eid) });
      if (m[2] === '.pdf') return route.fulfill({ status: 200, contentType: 'application/pdf', headers: { 'content-disposition': `attachment; filename="fees-${eid}.pdf"` }, body: FEE_PDF });
      if (method !== 'POST') return apiError(route, 404, 'RouteNotFound', 'not found');
      if (this.staffUser.email === null) return apiError(route, 409, 'WrongState', 'No e-mail address is on file for your account.');
      this.desk.outbox.push({ kind: 'notice', channel: 'email', to: this.staffUser.email, subject: `[BallotLedger] 이용료 명세서 ${eid}`, body: `합계 ${FEE_STATEMENT.totalKrw} KRW` });
      return json(route, 200, { sentTo: maskRecipient(this.staffUser.email) });
    }
    if (await this.rollMessages.handle(deskCtx)) return;
    if (path === '/api/admin/content/preview') return json(route, 200, { html: `<p>${String(b['markdown']).replace(/[<>&]/g, '')}</p>` });
    if (path === '/api/admin/photos' && method === 'POST') return json(route, 201, { sha256: PHOTO_SHA, contentType: 'image/png', bytes: 100, url: `/api/photos/${PHOTO_SHA}` });

    // ---- key holder
    if (path === '/api/keyholder/challenge') {
      this.challenge = randomBytes(32).toString('base64url');
      return json(route, 200, { challenge: this.challenge });
    }
    if (path === '/api/keyholder/login' && method === 'POST') {
      if (b['challenge'] !== this.challenge) return apiError(route, 401, 'Unauthorized', 'unknown challenge');
      const key = createPublicKey(this.opts.keyholderPublicKeyPem ?? '');
      const ok = nodeVerify('sha256', Buffer.from(this.challenge, 'utf8'), { key, dsaEncoding: 'der' }, Buffer.from(String(b['signature']), 'base64'));
      if (!ok) return apiError(route, 401, 'Unauthorized', 'bad signature');
      this.keyholderCertificate = String(b['certificate']);
      return json(route, 200, { mspId: 'SeoulMSP', enrollmentId: 'holder2', csrfToken: 'csrf-kh' });
    }
    if (path === '/api/keyholder/elections') {
      const st = this.opts.keyholderStage ?? 'round1';
      return json(route, 200, [{ electionId: EID, title: this.fx.manifest.title, state: st === 'decrypt' ? 'closed' : 'frozen', holder: 2, threshold: 2, holders: 3, stage: this.posted.length > 0 ? (st === 'decrypt' ? 'done' : 'waiting') : st }]);
    }
    if (/^\/api\/keyholder\/elections\/[^/]+\/ceremony$/.test(path)) {
      const r = this.fx.sim.record;
      const stage = this.opts.keyholderStage ?? 'round1';
      if (stage === 'round1') return json(route, 200, { manifest: this.fx.manifest, round1: r.ceremony.round1.filter((x) => x.holder !== 2), round2: [], reviews: [], complaints: [], result: null, holder: 2 });
      const decrypting = stage === 'decrypt' || stage === 'done';
      // `badShareFrom`: that holder's encrypted share for holder 2 is the one it sent holder 1 (it cannot decrypt it)
      const bad = this.opts.badShareFrom;
      const round2 = bad === undefined ? r.ceremony.round2 : r.ceremony.round2.map((m) => m.sender !== bad ? m : { ...m, shares: m.shares.map((x) => (x.recipient === 2 ? { ...m.shares.find((y) => y.recipient === 1)!, recipient: 2 } : x)) });
      return json(route, 200, {
        manifest: this.fx.manifest,
        round1: r.ceremony.round1,
        round2,
        reviews: decrypting ? [1, 2, 3].map((h) => ({ v: 1, electionId: EID, holder: h, complaints: [] })) : [1, 3].map((h) => ({ v: 1, electionId: EID, holder: h, complaints: [] })),
        complaints: [],
        result: decrypting ? r.ceremony.result : null,
        holder: 2,
      });
    }
    if (/^\/api\/keyholder\/elections\/[^/]+\/tally$/.test(path)) {
      const r = this.fx.sim.record;
      return json(route, 200, { state: 'closed', tally: r.tally, shares: this.posted.length > 0 ? [1, 2] : [1] });
    }
    if (path === '/api/keyholder/transactions' && method === 'POST') {
      return json(route, 200, this.relay.propose('SeoulMSP', this.keyholderCertificate, String(b['electionId']), String(b['name']), b['payload']));
    }
    if ((m = /^\/api\/keyholder\/transactions\/([^/]+)\/(endorse|submit)$/.exec(path))) {
      const signed = this.relay.sign(m[1]!, Buffer.from(String(b['signature']), 'base64'), this.keyholderRawPublicKey());
      if (!signed.ok) return apiError(route, signed.status, signed.code, 'refused by the relay');
      if ('transaction' in signed) return json(route, 200, { transaction: signed.transaction, result: { ok: true } });
      const tx = signed.posted;
      if (tx.name === 'PostCeremonyRound1') checkRound1(tx.payload, ceremonyParams(this.fx.manifest));
      if (tx.name === 'SubmitDecryptionShare') verifyDecryptionShare(this.fx.manifest, this.fx.sim.record.tally, tx.payload, this.fx.sim.record.ceremony.result);
      this.posted.push({ name: tx.name, payload: tx.payload });
      return json(route, 200, { txId: `fabric-${m[1]}`, blockNumber: 77, status: 'VALID' });
    }

    // ---- auditor
    if (path === '/api/audit/peers') {
      const h = 'Xq1m8r2UcW0v4y2pTz7kQn3bL6s9dF5aJ0eH1gI2kMo';
      const prev = 'Pb0aZ9yX8wV7uT6sR5qP4oN3mL2kJ1iH0gF9eD8cB7a';
      const fault = this.opts.peersMismatch === 'chain' ? { height: 87, reason: 'block 87 data does not hash to its header\'s data_hash' } : null;
      const peer = (org: string, port: number) => ({
        org, mspId: `${org}MSP`, address: `peer0.${org.toLowerCase()}.example:${port}`, healthy: true, height: 143,
        currentBlockHash: org === 'Busan' && this.opts.peersMismatch === 'hash' ? 'ZZZZbadbadbadbadbadbadbadbadbadbadbadbad0000' : h, previousBlockHash: prev,
        verifiedHeight: org === 'Busan' && fault ? fault.height : 143, chainFault: org === 'Busan' ? fault : null, chainCheckStartedAt: '2026-11-24T02:30:00.000Z',
      });
      return json(route, 200, {
        checkedAt: '2026-11-24T03:00:00.000Z',
        agree: !this.opts.peersMismatch,
        chainsChecking: false,
        peers: [peer('Central', 7051), peer('Seoul', 8051), peer('Busan', 9051), peer('Observer', 10051)],
        mismatches: this.opts.peersMismatch === 'hash' ? [{ peer: 'Busan', height: 142, reason: 'Busan: block 142 headerHash 5a5a… differs from 5e6b… (majority)' }]
          : fault ? [{ peer: 'Busan', height: fault.height, reason: `Busan: ${fault.reason}` }] : [],
      });
    }
    return apiError(route, 404, 'RouteNotFound', `not mocked: ${method} ${path}`);
  }

  adminLoggedIn = false;
  created: unknown = null;

  staffSession() {
    const u = this.staffUser;
    return { user: { id: u.id, username: u.username, role: u.role, orgId: u.orgId, displayName: u.displayName }, csrfToken: 'csrf-staff', expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
  }

  keyholderRawPublicKey(): Uint8Array {
    const jwk = createPublicKey(this.opts.keyholderPublicKeyPem ?? '').export({ format: 'jwk' }) as { x: string; y: string };
    return Uint8Array.from([4, ...Buffer.from(jwk.x, 'base64url'), ...Buffer.from(jwk.y, 'base64url')]);
  }

  credentialOf(secret: string): string {
    return credentialFromSecret(EID, secret).publicCredential;
  }

  manifestHash(): string {
    return manifestHash(this.fx.manifest);
  }
}
