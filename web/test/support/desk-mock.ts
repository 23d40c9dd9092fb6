// The service-desk half of the mock gateway, after gateway/src/routes/service-desk.ts,
// gateway/src/service-desk/service-desk.ts, the chaincode's application and blackout rules and
// gateway/src/routes/staff.ts (invitations, the SMS second factor): same validation, same error
// codes and statuses, same e-mails and SMS (kept in `outbox` like the dev outbox).
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ORGANIZATION_TYPES } from '@ballotledger/core';
import { COMMISSIONS, DEFAULT_FEES, estimateCost as gatewayEstimateCost, feeStatementCsv as gatewayFeeStatementCsv, maskRecipient, normalizeKoreanMobile, REGIONS, type CostEstimate } from '@ballotledger/gateway';
import type { Route } from 'playwright-core';

export { maskRecipient };

const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream'];

export interface MockUser {
  id: string;
  username: string;
  role: 'admin' | 'orgadmin' | 'keyholder' | 'auditor';
  orgId: string | null;
  displayName: string | null;
  password: string | null;
  secondFactor: boolean;
  phone: string | null;
  email: string | null;
}

export interface MockApplication {
  ref: string;
  token: string;
  organizationId: string;
  organizationName: string;
  organizationType: string;
  region: string;
  contact: { name: string; phone: string; email: string };
  planned: { title: string; date: string; expectedVoters: number };
  status: 'draft' | 'submitted' | 'changes-requested' | 'approved' | 'rejected';
  decisionReason: string | null;
  documents: { sha256: string; filename: string; contentType: string; size: number; bytes: Buffer }[];
  history: { action: string; reason: string | null; at: string; by: string }[];
  createdAt: number;
  updatedAt: number;
}

export interface OutboxMessage {
  kind: 'notice' | 'sms-code';
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  body: string;
}

export interface Blackout {
  blackoutId: string;
  from: string;
  to: string;
  reason: string;
  declaredBy: string;
}

/** The gateway's estimator with its default fee table (what a gateway without BL_FEES answers). */
export function estimateCost(messages: Record<'sms' | 'lms' | 'email', number>, identityChecks: Record<string, number>): CostEstimate {
  return gatewayEstimateCost({ messages, identityChecks }, DEFAULT_FEES);
}

type Reply = (status: number, body: unknown) => Promise<void>;
type Fail = (status: number, code: string, message: string, details?: unknown) => Promise<void>;

export interface DeskContext {
  route: Route;
  method: string;
  path: string;
  url: URL;
  body: unknown;
  headers: Record<string, string>;
  json: Reply;
  error: Fail;
  /** The signed-in staff member (active session), if any. */
  staff: MockUser | null;
}

/** The gateway's answer while the commission's CA is down: the approval stands, the account is not open. */
const caUnreachable = (fail: Fail, a: MockApplication): Promise<void> =>
  fail(503, 'Unavailable', `Application ${a.ref} is approved, but its admin account could not be opened yet (the commission's certificate authority did not answer). Send the invitation again to retry.`, { ref: a.ref, approved: true });
const validation = (fail: Fail, path: string, message: string): Promise<void> => fail(400, 'ValidationFailed', `Invalid request: ${path} ${message}`, { fields: [{ path, message, code: 'custom' }] });

export class DeskMock {
  readonly own = 'CentralMSP';
  readonly applications = new Map<string, MockApplication>();
  readonly blackouts: Blackout[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly users = new Map<string, MockUser>();
  readonly invitations = new Map<string, { userId: string; expiresAt: number }>();
  /** Organizations approved on the ledger (may create elections). */
  readonly organizations = new Set<string>(['school-1']);
  pending: { user: MockUser; code: string; attempts: number; expiresAt: number } | null = null;
  /** The commission's CA does not answer: an approval is recorded, its admin account is not opened. */
  caDown = false;
  /** The session the SMS code step turned active (read by the mock gateway). */
  activated: MockUser | null = null;

  constructor() {
    this.addUser({ username: 'central-staff', role: 'admin', orgId: null, displayName: '중앙선관위 심사관', password: 'correct horse battery', secondFactor: false, phone: null, email: 'review@nec.example.kr' });
  }

  addUser(u: Omit<MockUser, 'id'>): MockUser {
    const user = { ...u, id: `u${this.users.size + 2}` };
    this.users.set(user.username, user);
    return user;
  }

  /** The last message of a kind (the dev outbox's `GET /api/dev/outbox?kind=`). */
  last(kind: OutboxMessage['kind']): OutboxMessage | undefined {
    return this.outbox.filter((m) => m.kind === kind).at(-1);
  }

  view(a: MockApplication) {
    return {
      ref: a.ref,
      organizationId: a.organizationId,
      organizationName: a.organizationName,
      organizationType: a.organizationType,
      region: a.region,
      contact: a.contact,
      planned: a.planned,
      status: a.status,
      decisionReason: a.decisionReason,
      routedTo: this.own,
      documents: a.documents.map((d) => ({ sha256: d.sha256, filename: d.filename, contentType: d.contentType, size: d.size })),
      history: a.history,
    };
  }

  /** Staff sign-in: a password, then for SMS-second-factor accounts a code. Null: not one of ours. */
  async login(c: DeskContext): Promise<'session' | 'handled' | null> {
    const b = c.body as { username?: string; password?: string };
    const user = this.users.get(String(b.username));
    if (user === undefined) return null;
    if (user.password === null || user.password !== b.password) {
      await c.error(401, 'Unauthorized', 'Wrong username or password');
      return 'handled';
    }
    if (!user.secondFactor) {
      this.activated = user;
      return 'session';
    }
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    this.pending = { user, code, attempts: 0, expiresAt: Date.now() + 5 * 60_000 };
    this.outbox.push({ kind: 'sms-code', channel: 'sms', to: user.phone ?? '', body: `[BallotLedger] 로그인 확인 코드 ${code} (5분 안에 입력하세요)` });
    await c.json(200, { secondFactor: 'sms', sentTo: maskRecipient(user.phone ?? ''), csrfToken: 'csrf-pending' });
    return 'handled';
  }

  /** Handles the service-desk routes; false when the path is not one of them. */
  async handle(c: DeskContext): Promise<boolean> {
    const { method, path, json, error: fail } = c;
    const b = (c.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;

    if (path === '/api/service/commissions' && method === 'GET') {
      await json(200, { own: this.own, commissions: COMMISSIONS, organizationTypes: ORGANIZATION_TYPES, regions: REGIONS });
      return true;
    }
    if (path === '/api/blackouts' && method === 'GET') {
      await json(200, this.blackouts);
      return true;
    }
    if (path === '/api/fees/estimate' && method === 'POST') {
      const msgs = (b['messages'] ?? {}) as Record<string, unknown>;
      for (const k of ['sms', 'lms', 'email']) if (msgs[k] !== undefined && (!Number.isInteger(msgs[k]) || (msgs[k] as number) < 0)) return validation(fail, `body.messages.${k}`, 'expected a non-negative integer').then(() => true);
      const checks = (b['identityChecks'] ?? {}) as Record<string, number>;
      const unknown = Object.keys(checks).find((k) => !(k in DEFAULT_FEES.identity));
      if (unknown !== undefined) return validation(fail, `body.identityChecks.${unknown}`, 'invalid key').then(() => true);
      await json(200, estimateCost({ sms: (msgs['sms'] as number | undefined) ?? 0, lms: (msgs['lms'] as number | undefined) ?? 0, email: (msgs['email'] as number | undefined) ?? 0 }, checks));
      return true;
    }

    // ---- applications (public, followed with the access code)
    if (path === '/api/applications' && method === 'POST') {
      const allowed = ['organizationId', 'organizationName', 'organizationType', 'region', 'contact', 'planned'];
      const extra = Object.keys(b).find((k) => !allowed.includes(k));
      if (extra !== undefined) return validation(fail, `body.${extra}`, 'unrecognized key').then(() => true);
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(String(b['organizationId']))) return validation(fail, 'body.organizationId', 'lowercase letters, digits and -').then(() => true);
      if (!(REGIONS as readonly string[]).includes(String(b['region']))) return validation(fail, 'body.region', 'invalid option').then(() => true);
      const details = await this.#details(b, fail);
      if (details === true) return true;
      const competent = COMMISSIONS.find((x) => (x.regions as readonly string[]).includes(String(b['region'])))!;
      if (competent.mspId !== this.own) {
        await fail(409, 'Conflict', `Organizations of this region apply at the ${competent.name.en} (${competent.name.ko}).`, { competent: competent.mspId });
        return true;
      }
      if (this.organizations.has(String(b['organizationId']))) {
        await fail(409, 'Conflict', `The organization id ${String(b['organizationId'])} belongs to an approved organization; choose another.`, { field: 'organizationId' });
        return true;
      }
      const ref = `APP-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
      const token = randomBytes(32).toString('base64url');
      this.applications.set(ref, {
        ref,
        token,
        organizationId: String(b['organizationId']),
        region: String(b['region']),
        ...details,
        status: 'draft',
        decisionReason: null,
        documents: [],
        history: [],
        createdAt: Date.now(),
        updatedAt: Date.now(),
      });
      await json(201, { ref, accessToken: token });
      return true;
    }
    if ((m = /^\/api\/applications\/([^/]+)(\/documents|\/submit)?$/.exec(path))) {
      const ref = decodeURIComponent(m[1]!);
      if (!/^APP-\d{4}-[0-9A-F]{8}$/.test(ref)) return validation(fail, 'params.ref', 'invalid').then(() => true);
      const token = c.headers['x-application-token'];
      if (token === undefined || token === '') return fail(401, 'Unauthorized', 'Send the application\'s access code in the x-application-token header.').then(() => true);
      const a = this.applications.get(ref);
      if (a === undefined || a.token !== token) return fail(404, 'NotFound', 'No application with this reference and access code.').then(() => true);
      if (m[2] === '/documents' && method === 'POST') {
        const type = (c.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (!UPLOAD_TYPES.includes(type)) return fail(415, 'UnsupportedMediaType', `Send one of: ${UPLOAD_TYPES.join(', ')}`).then(() => true);
        const bytes = Buffer.isBuffer(c.body) ? c.body : Buffer.alloc(0);
        if (bytes.length > MAX_DOCUMENT_BYTES) return fail(413, 'PayloadTooLarge', 'The upload is too large').then(() => true);
        if (a.status !== 'draft' && a.status !== 'changes-requested') return fail(409, 'WrongState', `The application is ${a.status}; documents can no longer change.`).then(() => true);
        const contentType = bytes.subarray(0, 5).toString('latin1') === '%PDF-' ? 'application/pdf' : bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? 'image/png' : bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff ? 'image/jpeg' : undefined;
        if (contentType === undefined) return fail(415, 'UnsupportedMediaType', 'Documents must be PDF, PNG or JPEG files.').then(() => true);
        if (a.documents.length >= 10) return fail(400, 'BadRequest', 'At most 10 documents.').then(() => true);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const filename = (c.url.searchParams.get('filename') ?? 'document').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'document';
        a.documents.push({ sha256, filename, contentType, size: bytes.length, bytes });
        await json(201, { sha256, size: bytes.length, contentType });
        return true;
      }
      if (m[2] === '/submit' && method === 'POST') {
        if (a.status !== 'draft' && a.status !== 'changes-requested') return fail(409, 'WrongState', `The application is already ${a.status}.`).then(() => true);
        if (a.documents.length === 0) return fail(400, 'BadRequest', 'Attach at least one document (e.g. the official letter) before submitting.').then(() => true);
        a.history.push({ action: a.history.length > 0 ? 'resubmitted' : 'submitted', reason: null, at: new Date().toISOString(), by: `${this.own}/gateway` });
        a.status = 'submitted';
        a.decisionReason = null;
        a.updatedAt = Date.now();
        await json(200, this.view(a));
        return true;
      }
      if (m[2] === undefined && method === 'PUT') {
        const allowed = ['organizationName', 'organizationType', 'contact', 'planned'];
        const extra = Object.keys(b).find((k) => !allowed.includes(k));
        if (extra !== undefined) return validation(fail, `body.${extra}`, 'unrecognized key').then(() => true);
        const details = await this.#details(b, fail);
        if (details === true) return true;
        if (a.status !== 'draft' && a.status !== 'changes-requested') return fail(409, 'WrongState', `The application is ${a.status}; its details can no longer change.`).then(() => true);
        Object.assign(a, details, { updatedAt: Date.now() });
        await json(200, this.view(a));
        return true;
      }
      if (m[2] === undefined && method === 'GET') {
        await json(200, this.view(a));
        return true;
      }
      return false;
    }

    // ---- invitations (public)
    if (path === '/api/staff/invitations/accept' && method === 'POST') {
      if (typeof b['token'] !== 'string' || b['token'].length < 20) return validation(fail, 'body.token', 'too short').then(() => true);
      if (typeof b['password'] !== 'string' || b['password'].length < 12) return validation(fail, 'body.password', 'Too small: expected string to have >=12 characters').then(() => true);
      const inv = this.invitations.get(b['token']);
      const user = inv === undefined ? undefined : [...this.users.values()].find((u) => u.id === inv.userId);
      if (inv === undefined || user === undefined || inv.expiresAt < Date.now()) return fail(401, 'Unauthorized', 'This invitation is unknown, used or expired; ask your commission for a new one.').then(() => true);
      this.invitations.delete(b['token']);
      user.password = b['password'];
      await json(200, { username: user.username });
      return true;
    }

    // ---- commission staff (role admin)
    const staffOnly = path.startsWith('/api/admin/applications') || path === '/api/admin/blackouts';
    if (!staffOnly) return false;
    if (c.staff === null) return fail(401, 'Unauthorized', 'Sign in or open your personal voting link first').then(() => true);
    if (c.staff.role !== 'admin') return fail(403, 'Forbidden', 'Your session does not allow this request').then(() => true);
    if (path === '/api/admin/applications' && method === 'GET') {
      await json(
        200,
        [...this.applications.values()].filter((a) => a.status !== 'draft').map((a) => ({ ref: a.ref, organizationName: a.organizationName, organizationType: a.organizationType, region: a.region, expectedVoters: a.planned.expectedVoters, plannedDate: a.planned.date, status: a.status, submittedAt: new Date(a.createdAt).toISOString(), updatedAt: new Date(a.updatedAt).toISOString() })),
      );
      return true;
    }
    if ((m = /^\/api\/admin\/applications\/([^/]+)(?:\/(decision|invitation)|\/documents\/([0-9a-f]{64}))?$/.exec(path))) {
      const a = this.applications.get(decodeURIComponent(m[1]!));
      if (m[3] !== undefined && method === 'GET') {
        const d = a?.documents.find((x) => x.sha256 === m![3]);
        if (d === undefined) return fail(404, 'NotFound', 'No such document.').then(() => true);
        await c.route.fulfill({ status: 200, contentType: d.contentType, headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(d.filename)}` }, body: d.bytes });
        return true;
      }
      if (m[2] === 'decision' && method === 'POST') {
        const decision = String(b['decision']);
        const reason = String(b['reason'] ?? '').trim();
        if (!['approve', 'reject', 'request-changes'].includes(decision)) return validation(fail, 'body.decision', 'invalid option').then(() => true);
        if (reason.length < 1 || reason.length > 1000) return validation(fail, 'body.reason', 'required').then(() => true);
        if (a === undefined) return fail(404, 'NotFound', 'Application was not made at this commission.').then(() => true);
        if (a.status !== 'submitted') return fail(409, 'WrongState', `application ${a.ref} is ${a.status}`).then(() => true);
        this.decide(a, decision as 'approve', reason, c.url.origin);
        if (decision === 'approve' && this.caDown) return caUnreachable(fail, a).then(() => true);
        await json(200, this.view(a));
        return true;
      }
      if (m[2] === 'invitation' && method === 'POST') {
        if (a === undefined) return fail(404, 'NotFound', 'Application was not made at this commission.').then(() => true);
        if (a.status === 'approved' && this.caDown) return caUnreachable(fail, a).then(() => true);
        const user = a.status === 'approved' ? (this.users.get(`${a.organizationId}-admin`) ?? this.openAccount(a)) : undefined;
        if (user === undefined) return fail(409, 'WrongState', `Application ${a.ref} is not approved: there is no organization admin to invite.`).then(() => true);
        if (user.password !== null) return fail(409, 'WrongState', `${user.username} has already set a password; an invitation is only for an account that has none.`).then(() => true);
        for (const [token, inv] of this.invitations) if (inv.userId === user.id) this.invitations.delete(token);
        this.invite(a, user, c.url.origin);
        await json(200, { sentTo: maskRecipient(a.contact.email) });
        return true;
      }
      if (m[2] === undefined && m[3] === undefined && method === 'GET') {
        if (a === undefined) return fail(404, 'NotFound', `Application ${m[1]} was not made at this commission.`).then(() => true);
        await json(200, this.view(a));
        return true;
      }
      return false;
    }
    if (path === '/api/admin/blackouts' && method === 'POST') {
      const id = String(b['blackoutId'] ?? '');
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id)) return validation(fail, 'body.blackoutId', 'invalid').then(() => true);
      for (const k of ['from', 'to']) if (Number.isNaN(Date.parse(String(b[k])))) return validation(fail, `body.${k}`, 'Invalid ISO datetime').then(() => true);
      const reason = String(b['reason'] ?? '');
      if (reason.length < 1 || reason.length > 200) return validation(fail, 'body.reason', 'required').then(() => true);
      const from = new Date(String(b['from'])).toISOString();
      const to = new Date(String(b['to'])).toISOString();
      if (Date.parse(to) <= Date.parse(from)) return fail(400, 'BadRequest', 'blackout must end after it starts').then(() => true);
      if (this.blackouts.some((x) => x.blackoutId === id)) return fail(400, 'BadRequest', `blackout ${id} exists`).then(() => true);
      const bo = { blackoutId: id, from, to, reason, declaredBy: this.own };
      this.blackouts.push(bo);
      await json(201, bo);
      return true;
    }
    return false;
  }

  /** The gateway's checks of the details an applicant gives or corrects: true once a refusal is sent, else the details. */
  async #details(b: Record<string, unknown>, fail: Fail): Promise<true | Pick<MockApplication, 'organizationName' | 'organizationType' | 'contact' | 'planned'>> {
    if (String(b['organizationName'] ?? '').trim().length < 2) return validation(fail, 'body.organizationName', 'too short').then(() => true);
    if (!(ORGANIZATION_TYPES as readonly string[]).includes(String(b['organizationType']))) return validation(fail, 'body.organizationType', 'invalid option').then(() => true);
    const contact = (b['contact'] ?? {}) as Record<string, string>;
    const planned = (b['planned'] ?? {}) as Record<string, unknown>;
    if (!contact['name']?.trim()) return validation(fail, 'body.contact.name', 'required').then(() => true);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact['email'] ?? '')) return validation(fail, 'body.contact.email', 'invalid email').then(() => true);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(planned['date']))) return validation(fail, 'body.planned.date', 'invalid date').then(() => true);
    if (!Number.isInteger(planned['expectedVoters']) || (planned['expectedVoters'] as number) < 1) return validation(fail, 'body.planned.expectedVoters', 'too small').then(() => true);
    if (!String(planned['title'] ?? '').trim()) return validation(fail, 'body.planned.title', 'required').then(() => true);
    const phone = normalizeKoreanMobile(String(contact['phone'] ?? ''));
    if (!phone.ok) return fail(400, 'ValidationFailed', 'The contact phone is not a Korean mobile number.', { fields: [{ path: 'body.contact.phone', message: 'not a mobile number', code: 'phone' }] }).then(() => true);
    return {
      organizationName: String(b['organizationName']).trim(),
      organizationType: String(b['organizationType']),
      contact: { name: contact['name'].trim(), phone: phone.value, email: contact['email']! },
      planned: { title: String(planned['title']).trim(), date: String(planned['date']), expectedVoters: planned['expectedVoters'] as number },
    };
  }

  /** What the gateway and the chaincode do on a decision (history, status, account + e-mails). */
  decide(a: MockApplication, decision: 'approve' | 'reject' | 'request-changes', reason: string, origin: string): void {
    a.history.push({ action: decision, reason, at: new Date().toISOString(), by: `${this.own}/admin` });
    a.status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes-requested';
    a.decisionReason = reason;
    a.updatedAt = Date.now();
    if (decision === 'approve') {
      this.organizations.add(a.organizationId);
      if (!this.caDown) this.invite(a, this.users.get(`${a.organizationId}-admin`) ?? this.openAccount(a), origin);
    } else {
      const body = decision === 'reject' ? `[BallotLedger] 신청 ${a.ref}이(가) 반려되었습니다. 사유: ${reason}` : `[BallotLedger] 신청 ${a.ref}에 보완이 필요합니다: ${reason}`;
      this.outbox.push({ kind: 'notice', channel: 'email', to: a.contact.email, subject: `신청 ${a.ref}`, body });
    }
  }

  /** The organization admin's account (no password yet, SMS second factor). */
  openAccount(a: MockApplication): MockUser {
    return this.addUser({ username: `${a.organizationId}-admin`, role: 'orgadmin', orgId: a.organizationId, displayName: a.contact.name, password: null, secondFactor: true, phone: a.contact.phone, email: a.contact.email });
  }

  /** The invitation e-mail of an approved organization's admin (a fresh single-use link). */
  invite(a: MockApplication, user: MockUser, origin: string): void {
    const token = randomBytes(32).toString('base64url');
    this.invitations.set(token, { userId: user.id, expiresAt: Date.now() + 7 * 86_400_000 });
    this.outbox.push({
      kind: 'notice',
      channel: 'email',
      to: a.contact.email,
      subject: `[BallotLedger] ${a.organizationName} 관리자 계정`,
      body: `${a.organizationName}의 온라인투표 이용 신청(${a.ref})이 승인되었습니다.\n아이디: ${user.username}\n아래 링크에서 7일 안에 비밀번호를 정하세요. 로그인할 때마다 휴대전화로 확인 코드가 전송됩니다.\n${origin}/staff/invitation#${token}`,
    });
  }

  /** A submitted application with one PDF, as if made through the form (for review tests). */
  seedApplication(over: Partial<MockApplication> = {}): MockApplication {
    const ref = `APP-2026-${randomBytes(4).toString('hex').toUpperCase()}`;
    const pdf = Buffer.from('%PDF-1.4\n% 공문\n%%EOF\n');
    const a: MockApplication = {
      ref,
      token: randomBytes(32).toString('base64url'),
      organizationId: 'hanbit-high',
      organizationName: '한빛고등학교',
      organizationType: 'school',
      region: 'other',
      contact: { name: '박선생', phone: '010-7777-8888', email: 'teacher@hanbit.example.kr' },
      planned: { title: '2027 학생회장 선거', date: '2027-03-10', expectedVoters: 640 },
      status: 'submitted',
      decisionReason: null,
      documents: [{ sha256: createHash('sha256').update(pdf).digest('hex'), filename: '공문.pdf', contentType: 'application/pdf', size: pdf.length, bytes: pdf }],
      history: [{ action: 'submitted', reason: null, at: '2026-11-02T01:00:00.000Z', by: `${this.own}/gateway` }],
      createdAt: Date.parse('2026-11-02T01:00:00.000Z'),
      updatedAt: Date.parse('2026-11-02T01:00:00.000Z'),
      ...over,
    };
    this.applications.set(a.ref, a);
    return a;
  }

  /** The chaincode's CreateElection checks: an approved organization, its own, outside blackouts. */
  electionRefusal(staff: MockUser, input: Record<string, unknown>): { status: number; code: string; message: string } | null {
    const org = String(input['organizationId'] ?? '');
    if (staff.role === 'orgadmin' && staff.orgId !== org) return { status: 403, code: 'Forbidden', message: `organization admins of ${staff.orgId} cannot manage elections of ${org}` };
    if (staff.role === 'orgadmin' && !this.organizations.has(org)) return { status: 403, code: 'Forbidden', message: `${org} is not an approved client organization` };
    const s = (input['schedule'] ?? {}) as { opensAt?: string; closesAt?: string };
    const opens = Date.parse(String(s.opensAt));
    const closes = Date.parse(String(s.closesAt));
    for (const bo of this.blackouts) {
      if (opens < Date.parse(bo.to) && Date.parse(bo.from) < closes) {
        return { status: 409, code: 'Blackout', message: `the voting window overlaps the blackout period ${bo.blackoutId} (${bo.from} – ${bo.to}: ${bo.reason})` };
      }
    }
    return null;
  }
}

/** A fee statement of an election that sent 640 invitations by LMS, 212 reminders by SMS and 598 SMS codes. */
export const FEE_STATEMENT = estimateCost({ sms: 212, lms: 640, email: 0 }, { 'sms-code': 598 });

export function feeStatementCsv(electionId: string): string {
  return gatewayFeeStatementCsv(electionId, FEE_STATEMENT);
}

export const FEE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');
