/**
 * Notification providers (SMS/LMS/e-mail carriers) behind one interface, the development outbox
 * provider, and a registry keyed by name (unknown names fail at startup).
 *
 * @module
 */
import type { Channel, DeliveryStatus } from '../storage/outbox.js';

export interface OutgoingMessage {
  /** The outbox id: providers that accept a client reference should pass it along. */
  readonly id: string;
  readonly channel: Channel;
  readonly to: string;
  readonly subject: string | null;
  readonly body: string;
}

export interface SendResult {
  readonly providerMessageId: string;
  /** `sent` when accepted, `delivered` if the provider confirms at once, `failed` if refused. */
  readonly status: Exclude<DeliveryStatus, 'queued'>;
  readonly error?: string;
}

export interface NotificationProvider {
  readonly name: string;
  readonly channels: readonly Channel[];
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Providers without delivery callbacks can be polled. */
  poll?(providerMessageId: string): Promise<DeliveryStatus>;
}

/**
 * Development provider: sends nothing. The message is already in the outbox table (that is the
 * dev outbox, readable at `GET /api/dev/outbox`); this marks it delivered.
 */
export class DevOutboxProvider implements NotificationProvider {
  readonly name = 'dev-outbox';
  readonly channels: readonly Channel[] = ['sms', 'lms', 'email'];

  send(message: OutgoingMessage): Promise<SendResult> {
    return Promise.resolve({ providerMessageId: `dev-${message.id}`, status: 'delivered' });
  }

  poll(): Promise<DeliveryStatus> {
    return Promise.resolve('delivered');
  }
}

export type NotificationProviderFactory = () => NotificationProvider;

export const NOTIFICATION_PROVIDERS: Readonly<Record<string, NotificationProviderFactory>> = {
  'dev-outbox': () => new DevOutboxProvider(),
};

/** The configured provider; throws at startup for an unknown name. */
export function createNotificationProvider(
  name: string,
  factories: Readonly<Record<string, NotificationProviderFactory>> = NOTIFICATION_PROVIDERS,
): NotificationProvider {
  const factory = factories[name];
  if (factory === undefined) {
    throw new Error(`Unknown notification provider "${name}"; known: ${Object.keys(factories).join(', ')}`);
  }
  return factory();
}
