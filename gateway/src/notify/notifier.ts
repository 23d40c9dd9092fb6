/**
 * Sends messages through the configured provider, recording each one in the outbox first
 * (sealed recipient and body, masked hint, byte count, SMS/LMS class and cost), then its
 * delivery status.
 *
 * @module
 */
import type { FeeTable } from '../config.js';
import { ApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MessageKind, OutboxMessage } from '../storage/outbox.js';
import type { Store } from '../storage/store.js';
import type { DeliveryStatus } from '../storage/outbox.js';
import { tenths } from './cost.js';
import type { NotificationProvider } from './provider.js';
import { maskRecipient, measureSms } from './sms.js';

export interface SendInput {
  readonly electionId: string | null;
  readonly voterId: string | null;
  readonly kind: MessageKind;
  /** `sms` is sent as an LMS when longer than 90 bytes. */
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly subject?: string;
  readonly body: string;
}

export class Notifier {
  readonly #store: Store;
  readonly #provider: NotificationProvider;
  readonly #fees: FeeTable;
  readonly #log: Logger;

  constructor(store: Store, provider: NotificationProvider, fees: FeeTable, log: Logger) {
    this.#store = store;
    this.#provider = provider;
    this.#fees = fees;
    this.#log = log;
  }

  get providerName(): string {
    return this.#provider.name;
  }

  async send(input: SendInput): Promise<OutboxMessage> {
    let channel: 'sms' | 'lms' | 'email' = 'email';
    let bytes = Buffer.byteLength(input.body, 'utf8');
    if (input.channel === 'sms') {
      const m = measureSms(input.body);
      if (m.class === 'too-long') throw new ApiError('BadRequest', `Message is ${m.bytes} bytes; an LMS holds at most 2000`);
      channel = m.class;
      bytes = m.bytes;
    }
    if (!this.#provider.channels.includes(channel)) {
      throw new ApiError('Unavailable', `The notification provider cannot send ${channel}`);
    }
    const msg = this.#store.outbox.add({
      electionId: input.electionId,
      voterId: input.voterId,
      kind: input.kind,
      channel,
      recipient: input.to,
      recipientHint: maskRecipient(input.to),
      subject: input.subject ?? null,
      body: input.body,
      bytes,
      provider: this.#provider.name,
      costTenths: tenths(this.#fees[channel]),
    });
    try {
      const r = await this.#provider.send({ id: msg.id, channel, to: input.to, subject: msg.subject, body: input.body });
      this.#store.outbox.setStatus(msg.id, r.status, { providerMessageId: r.providerMessageId, error: r.error ?? null });
    } catch (err) {
      this.#log.warn({ err, outboxId: msg.id, channel }, 'notification send failed');
      this.#store.outbox.setStatus(msg.id, 'failed', { error: 'provider error' });
    }
    return this.#store.outbox.get(msg.id) ?? msg;
  }

  /** For a provider's delivery callback. Returns false for an unknown message id. */
  recordStatus(providerMessageId: string, status: DeliveryStatus, error: string | null = null): boolean {
    return this.#store.outbox.setStatusByProviderId(this.#provider.name, providerMessageId, status, error);
  }

  /** Polls the provider for messages still `sent` (for providers without callbacks). */
  async pollPending(electionId: string): Promise<number> {
    const poll = this.#provider.poll?.bind(this.#provider);
    if (poll === undefined) return 0;
    let n = 0;
    for (const m of this.#store.outbox.list({ electionId })) {
      if (m.status !== 'sent' || m.providerMessageId === null) continue;
      const status = await poll(m.providerMessageId);
      if (status !== 'sent') {
        this.#store.outbox.setStatus(m.id, status);
        n++;
      }
    }
    return n;
  }
}
