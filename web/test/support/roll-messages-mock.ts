// The roll's voters and the election's outbox, for the admin console's messages tab and contact
// fixes (docs/api.md): campaign preview and send, GET …/messages (each GET moves queued → sent →
// delivered, as a provider's delivery reports would), PATCH …/voters/:voterId.
import { maskRecipient, normalizeKoreanMobile } from '@ballotledger/gateway';
import { estimateCost, type DeskContext } from './desk-mock.js';

export interface RollVoter {
  name: string;
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

export class RollMessagesMock {
  readonly voters = new Map<string, RollVoter>([
    ['S001', { name: '홍길동', phone: '010-1234-5678', email: null, voted: false }],
    ['S002', { name: '김철수', phone: '010-2222-3333', email: null, voted: true }],
    ['S003', { name: '이영희', phone: UNREACHABLE, email: null, voted: false }],
    ['S004', { name: '박민수', phone: null, email: 'minsu@school.example.kr', voted: false }],
  ]);
  readonly messages: SentMessage[] = [];
  readonly patches: { voterId: string; body: unknown }[] = [];

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
    if ((m = /^\/api\/admin\/elections\/[^/]+\/voters\/([^/]+)$/.exec(path)) && method === 'PATCH') {
      const voterId = decodeURIComponent(m[1]!);
      this.patches.push({ voterId, body: b });
      const v = this.voters.get(voterId);
      if (v === undefined) return fail(404, 'NotFound', 'No such voter on this roll').then(() => true);
      if (v.voted) return fail(409, 'AlreadyVoted', 'This voter has already voted; their entry can no longer change.').then(() => true);
      const fields: { path: string; message: string; code: string }[] = [];
      let phone = v.phone;
      let email = v.email;
      if (typeof b['phone'] === 'string') {
        const r = normalizeKoreanMobile(b['phone']);
        if (r.ok) phone = r.value;
        else fields.push({ path: 'body.phone', message: 'Not a Korean mobile number; use 010-1234-5678', code: 'roll.phoneInvalid' });
      }
      if (typeof b['email'] === 'string') {
        if (EMAIL.test(b['email'])) email = b['email'].toLowerCase();
        else fields.push({ path: 'body.email', message: 'Not a valid e-mail address', code: 'roll.emailInvalid' });
      }
      if (fields.length > 0) return fail(400, 'ValidationFailed', `Invalid request body: ${fields.map((f) => f.path).join(', ')}`, { fields }).then(() => true);
      Object.assign(v, { phone, email });
      await json(200, { voterId, name: v.name, birthDate: '2008-03-07', phone, email, group: null });
      return true;
    }
    return false;
  }
}
