// The roll's voters and the election's outbox, for the admin console's roll tab, messages tab and
// contact fixes (docs/api.md): campaign preview and send, GET …/messages (each GET moves queued →
// sent → delivered, as a provider's delivery reports would), GET …/roll, GET …/voters (masked,
// searched, paged) and PATCH …/voters/:voterId with the gateway's editing rules.
import { maskRecipient, normalizeKoreanMobile } from '@ballotledger/gateway';
import { estimateCost, type DeskContext } from './desk-mock.js';

export interface RollVoter {
  name: string;
  birthDate: string;
  group: string | null;
  phone: string | null;
  email: string | null;
  voted: boolean;
}

export interface SentMessage {
  id: string;
  voterId: string;
  kind: string;
  channel: string;
  recipient: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed';
  costKrw: number;
  createdAt: string;
}

/** Phones a provider cannot reach: their messages fail. */
export const UNREACHABLE = '010-9999-0000';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const searchable = (s: string): string => s.normalize('NFC').replace(/\s+/g, '').toLowerCase();

export class RollMessagesMock {
  readonly voters = new Map<string, RollVoter>([
    ['S001', { name: '홍길동', birthDate: '2008-03-07', group: '1학년', phone: '010-1234-5678', email: null, voted: false }],
    ['S002', { name: '김철수', birthDate: '2008-05-01', group: '1학년', phone: '010-2222-3333', email: null, voted: true }],
    ['S003', { name: '이영희', birthDate: '2007-11-23', group: '2학년', phone: UNREACHABLE, email: null, voted: false }],
    ['S004', { name: '박민수', birthDate: '2007-01-15', group: '2학년', phone: null, email: 'minsu@school.example.kr', voted: false }],
  ]);
  readonly messages: SentMessage[] = [];
  readonly patches: { voterId: string; body: unknown }[] = [];
  /** GET …/voters requests, as query strings. */
  readonly listed: string[] = [];
  frozen = true;
  /** The identity checks that make the mobile number necessary (the election offers no other). */
  phoneNeededBy: string[] = [];

  /** The roll after an upload (before freezing): the rows of the CSV the admin sent. */
  replaceWith(rows: readonly string[][]): void {
    this.voters.clear();
    for (const [voterId, name, birthDate, phone, email, group] of rows) {
      this.voters.set(voterId!, { name: name ?? '', birthDate: birthDate ?? '', phone: phone || null, email: email || null, group: group || null, voted: false });
    }
    this.frozen = false;
  }

  /** `n` more voters, `G0001`…, named `학생1`…, every third one has voted. */
  addVoters(n: number): void {
    for (let i = 1; i <= n; i++) {
      this.voters.set(`G${String(i).padStart(4, '0')}`, { name: `학생${i}`, birthDate: '2008-01-01', group: '3학년', phone: `010-3000-${String(1000 + i)}`, email: null, voted: i % 3 === 0 });
    }
  }

  private recipients(kind: string): [string, RollVoter][] {
    return [...this.voters].filter(([, v]) => (kind === 'reminder' ? !v.voted : true) && (v.phone !== null || v.email !== null));
  }

  async handle(c: DeskContext): Promise<boolean> {
    const { method, path, json, error: fail } = c;
    const b = (c.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/admin\/elections\/[^/]+\/messages\/(preview|send)$/.exec(path)) && method === 'POST') {
      const kind = String(b['kind']);
      const to = this.recipients(kind);
      const skippedVoted = kind === 'reminder' ? [...this.voters.values()].filter((v) => v.voted).length : 0;
      const email = to.filter(([, v]) => v.phone === null).length;
      if (m[1] === 'preview') {
        const byChannel = { sms: 0, lms: to.length - email, email };
        await json(200, { recipients: to.length, skippedVoted, skippedNoContact: 0, byChannel, tooLong: 0, unsupportedCharacters: [], estimate: estimateCost(byChannel, {}) });
        return true;
      }
      for (const [voterId, v] of to) {
        const address = v.phone ?? v.email!;
        this.messages.push({
          id: `msg-${this.messages.length + 1}`,
          voterId,
          kind,
          channel: v.phone === null ? 'email' : 'lms',
          recipient: maskRecipient(address),
          status: address === UNREACHABLE ? 'failed' : 'queued',
          costKrw: v.phone === null ? 0.5 : 29.7,
          createdAt: new Date().toISOString(),
        });
      }
      const failed = to.filter(([, v]) => v.phone === UNREACHABLE).length;
      await json(200, { sent: to.length - failed, failed, skippedVoted, skippedNoContact: 0 });
      return true;
    }
    if (/^\/api\/admin\/elections\/[^/]+\/messages$/.test(path) && method === 'GET') {
      await json(200, this.messages.map((x) => ({ ...x })));
      for (const x of this.messages) if (x.status === 'queued' || x.status === 'sent') x.status = x.status === 'queued' ? 'sent' : 'delivered';
      return true;
    }
    if (/^\/api\/admin\/elections\/[^/]+\/roll$/.test(path) && method === 'GET') {
      const groups = new Map<string | null, number>();
      for (const v of this.voters.values()) groups.set(v.group, (groups.get(v.group) ?? 0) + 1);
      await json(200, {
        electionId: 'club-2026',
        voterCount: this.voters.size,
        sourceSha256: 'f'.repeat(64),
        importedAt: '2026-11-20T01:00:00.000Z',
        frozenAt: this.frozen ? '2026-11-21T01:00:00.000Z' : null,
        purgeAfter: null,
        purgedAt: null,
        groups: [...groups].map(([group, count]) => ({ group, count })),
      });
      return true;
    }
    if (/^\/api\/admin\/elections\/[^/]+\/voters$/.test(path) && method === 'GET') {
      this.listed.push(c.url.search);
      const q = searchable(c.url.searchParams.get('q') ?? '');
      const page = Number(c.url.searchParams.get('page') ?? '1');
      const pageSize = Number(c.url.searchParams.get('pageSize') ?? '50');
      if (!Number.isInteger(page) || page < 1) return fail(400, 'ValidationFailed', 'Invalid query: page', { fields: [{ path: 'query.page', message: 'Too small', code: 'too_small' }] }).then(() => true);
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) return fail(400, 'ValidationFailed', 'Invalid query: pageSize', { fields: [{ path: 'query.pageSize', message: 'Out of range', code: 'too_big' }] }).then(() => true);
      if (q.length > 64) return fail(400, 'ValidationFailed', 'Invalid query: q', { fields: [{ path: 'query.q', message: 'Too long', code: 'too_big' }] }).then(() => true);
      const found = [...this.voters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).filter(([id, v]) => searchable(id).includes(q) || searchable(v.name).includes(q));
      const voters = found.slice((page - 1) * pageSize, page * pageSize).map(([voterId, v]) => ({
        voterId,
        name: v.name,
        group: v.group,
        phone: v.phone === null ? null : maskRecipient(v.phone),
        email: v.email === null ? null : maskRecipient(v.email),
        editable: { contact: !v.voted, identity: !v.voted && !this.frozen },
      }));
      await json(200, { total: found.length, page, pageSize, voters });
      return true;
    }
    if ((m = /^\/api\/admin\/elections\/[^/]+\/voters\/([^/]+)$/.exec(path)) && method === 'PATCH') {
      const voterId = decodeURIComponent(m[1]!);
      this.patches.push({ voterId, body: b });
      const v = this.voters.get(voterId);
      if (v === undefined) return fail(404, 'NotFound', 'No such voter on this roll').then(() => true);
      const identity = (['name', 'birthDate', 'group'] as const).filter((f) => b[f] !== undefined);
      if (this.frozen && identity.length > 0) return fail(409, 'WrongState', `The roll is frozen: ${identity.join(', ')} can no longer change (contact data only).`).then(() => true);
      if (v.voted) return fail(409, 'AlreadyVoted', 'This voter has already voted; their entry can no longer change.').then(() => true);
      const fields: { path: string; message: string; code: string }[] = [];
      let phone = v.phone;
      let email = v.email;
      if (b['phone'] === null || b['phone'] === '') phone = null;
      else if (typeof b['phone'] === 'string') {
        const r = normalizeKoreanMobile(b['phone']);
        if (r.ok) phone = r.value;
        else fields.push({ path: 'body.phone', message: 'Not a Korean mobile number; use 010-1234-5678', code: 'roll.phoneInvalid' });
      }
      if (b['email'] === null || b['email'] === '') email = null;
      else if (typeof b['email'] === 'string') {
        if (EMAIL.test(b['email'])) email = b['email'].toLowerCase();
        else fields.push({ path: 'body.email', message: 'Not a valid e-mail address', code: 'roll.emailInvalid' });
      }
      if (typeof b['birthDate'] === 'string' && !/^\d{4}[-.]?\d{1,2}[-.]?\d{1,2}$/.test(b['birthDate'])) fields.push({ path: 'body.birthDate', message: 'Date of birth must look like 1990-03-07', code: 'roll.birthDateInvalid' });
      if (fields.length > 0) return fail(400, 'ValidationFailed', `Invalid request body: ${fields.map((f) => f.path).join(', ')}`, { fields }).then(() => true);
      if (phone === null && v.phone !== null && this.phoneNeededBy.length > 0) {
        const message = `The mobile number cannot be removed: this election checks identity by ${this.phoneNeededBy.join(', ')}, which reaches the voter at that number. Enter a corrected number instead.`;
        return fail(422, 'ContactRequired', message, { fields: [{ path: 'body.phone', message, code: 'roll.phoneNeeded' }] }).then(() => true);
      }
      if (phone === null && email === null) {
        const message = 'A voter needs a mobile number or an e-mail address; enter the other one before removing this one.';
        return fail(422, 'ContactRequired', message, { fields: [{ path: b['email'] === null || b['email'] === '' ? 'body.email' : 'body.phone', message, code: 'roll.contactMissing' }] }).then(() => true);
      }
      Object.assign(v, { phone, email });
      if (typeof b['name'] === 'string') v.name = b['name'];
      if (typeof b['birthDate'] === 'string') v.birthDate = b['birthDate'];
      if (b['group'] !== undefined) v.group = (b['group'] as string | null) || null;
      await json(200, { voterId, name: v.name, birthDate: v.birthDate, phone, email, group: v.group });
      return true;
    }
    return false;
  }
}
