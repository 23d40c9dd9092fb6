import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

export type Channel = 'sms' | 'lms' | 'email';
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'failed';
export type MessageKind = 'invitation' | 'reminder' | 'sms-code' | 'notice';

export interface OutboxMessage {
  readonly id: string;
  readonly electionId: string | null;
  readonly voterId: string | null;
  readonly kind: MessageKind;
  readonly channel: Channel;
  /** Decrypted recipient (phone or e-mail), or null once purged. */
  readonly recipient: string | null;
  /** Masked recipient kept after purge, e.g. `010-****-5678`. */
  readonly recipientHint: string;
  readonly subject: string | null;
  /** Decrypted body (it may hold a personal link), or null once purged. */
  readonly body: string | null;
  readonly bytes: number;
  readonly provider: string;
  readonly providerMessageId: string | null;
  readonly status: DeliveryStatus;
  readonly error: string | null;
  /** Cost in tenths of a won (12.1 KRW = 121). */
  readonly costTenths: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewOutboxMessage = Pick<
  OutboxMessage,
  'electionId' | 'voterId' | 'kind' | 'channel' | 'recipientHint' | 'subject' | 'bytes' | 'provider' | 'costTenths'
> & { readonly recipient: string; readonly body: string };

interface OutboxRow {
  [k: string]: unknown;
  id: string;
  election_id: string | null;
  voter_id: string | null;
  kind: MessageKind;
  channel: Channel;
  recipient_enc: Uint8Array | null;
  recipient_hint: string;
  subject_enc: Uint8Array | null;
  body_enc: Uint8Array | null;
  bytes: number;
  provider: string;
  provider_message_id: string | null;
  status: DeliveryStatus;
  error: string | null;
  cost_tenths: number;
  created_at: number;
  updated_at: number;
}

const aad = (id: string, field: string): string => `outbox:${id}:${field}`;

/** Every outgoing SMS/LMS/e-mail and its delivery status; recipient and body sealed. */
export class OutboxRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
  }

  add(m: NewOutboxMessage, now = Date.now()): OutboxMessage {
    const id = randomUUID();
    this.#db.run(
      `INSERT INTO outbox (id, election_id, voter_id, kind, channel, recipient_enc, recipient_hint, subject_enc, body_enc, bytes,
         provider, status, cost_tenths, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
      id,
      m.electionId,
      m.voterId,
      m.kind,
      m.channel,
      this.#pii.seal(m.recipient, aad(id, 'recipient')),
      m.recipientHint,
      this.#pii.sealOptional(m.subject, aad(id, 'subject')),
      this.#pii.seal(m.body, aad(id, 'body')),
      m.bytes,
      m.provider,
      m.costTenths,
      now,
      now,
    );
    const msg = this.get(id);
    if (msg === undefined) throw new Error('outbox message vanished');
    return msg;
  }

  #toMessage(r: OutboxRow): OutboxMessage {
    return {
      id: r.id,
      electionId: r.election_id,
      voterId: r.voter_id,
      kind: r.kind,
      channel: r.channel,
      recipient: this.#pii.openOptional(r.recipient_enc, aad(r.id, 'recipient')),
      recipientHint: r.recipient_hint,
      subject: this.#pii.openOptional(r.subject_enc, aad(r.id, 'subject')),
      body: this.#pii.openOptional(r.body_enc, aad(r.id, 'body')),
      bytes: r.bytes,
      provider: r.provider,
      providerMessageId: r.provider_message_id,
      status: r.status,
      error: r.error,
      costTenths: r.cost_tenths,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  get(id: string): OutboxMessage | undefined {
    const r = this.#db.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', id);
    return r === undefined ? undefined : this.#toMessage(r);
  }

  list(filter: Readonly<{ electionId?: string; kind?: MessageKind; limit?: number; offset?: number }> = {}): OutboxMessage[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.electionId !== undefined) {
      where.push('election_id = ?');
      params.push(filter.electionId);
    }
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    const sql = `SELECT * FROM outbox ${where.length > 0 ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, rowid LIMIT ? OFFSET ?`;
    return this.#db.all<OutboxRow>(sql, ...params, filter.limit ?? 10_000, filter.offset ?? 0).map((r) => this.#toMessage(r));
  }

  setStatus(id: string, status: DeliveryStatus, patch: Readonly<{ providerMessageId?: string; error?: string | null }> = {}, now = Date.now()): void {
    this.#db.run(
      'UPDATE outbox SET status = ?, provider_message_id = COALESCE(?, provider_message_id), error = ?, updated_at = ? WHERE id = ?',
      status,
      patch.providerMessageId ?? null,
      patch.error ?? null,
      now,
      id,
    );
  }

  /** For delivery callbacks that name the provider's own message id. Returns false if unknown. */
  setStatusByProviderId(provider: string, providerMessageId: string, status: DeliveryStatus, error: string | null = null, now = Date.now()): boolean {
    return (
      this.#db.run(
        'UPDATE outbox SET status = ?, error = ?, updated_at = ? WHERE provider = ? AND provider_message_id = ?',
        status,
        error,
        now,
        provider,
        providerMessageId,
      ).changes === 1
    );
  }

  /** Counts and cost per kind and channel (for fee statements). */
  summary(electionId: string): { kind: MessageKind; channel: Channel; status: DeliveryStatus; count: number; costTenths: number }[] {
    return this.#db
      .all<{ kind: MessageKind; channel: Channel; status: DeliveryStatus; count: number; cost: number }>(
        `SELECT kind, channel, status, COUNT(*) AS count, SUM(cost_tenths) AS cost FROM outbox WHERE election_id = ?
         GROUP BY kind, channel, status ORDER BY kind, channel, status`,
        electionId,
      )
      .map((r) => ({ kind: r.kind, channel: r.channel, status: r.status, count: r.count, costTenths: r.cost }));
  }

  /** Forgets recipients and bodies of an election's messages; keeps hints, status and cost. */
  purge(electionId: string): number {
    return this.#db.run(
      'UPDATE outbox SET recipient_enc = NULL, subject_enc = NULL, body_enc = NULL, voter_id = NULL WHERE election_id = ?',
      electionId,
    ).changes;
  }
}
