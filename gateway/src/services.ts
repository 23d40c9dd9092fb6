/**
 * The services route handlers use, built once from the configuration. The lead's Fabric routes
 * receive the same object (plus their own Fabric client) in their route factories.
 *
 * @module
 */
import type { Config } from './config.js';
import { createIdentityProviders, IdentityRegistry, type IdentityProviderFactory } from './identity/provider.js';
import { DEV_IDENTITY_PROVIDERS, type DevIdentityDeps } from './identity/dev-providers.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { Notifier } from './notify/notifier.js';
import { createNotificationProvider, NOTIFICATION_PROVIDERS, type NotificationProviderFactory } from './notify/provider.js';
import { AttemptLimiter } from './security/attempts.js';
import { CaptchaService } from './security/captcha.js';
import { SessionManager } from './security/sessions.js';
import type { Store } from './storage/store.js';
import type { CertificateData } from './certificate/pdf.js';
import type { StaffPrincipal } from './security/roles.js';

/** Answers that come from the ledger; the lead wires them to Fabric. Defaults are safe stubs. */
export interface GatewayHooks {
  /** Whether the voter has a counted ballot (turnout collection). Default: false. */
  hasVoted(electionId: string, voterId: string): Promise<boolean>;
  /** Whether the roll is frozen on the ledger (credentials registered). Default: the local flag. */
  isRollFrozen?(electionId: string): Promise<boolean>;
  /**
   * Throws (Forbidden, ElectionNotFound) unless this staff member manages the election; called by
   * the route layer for every staff route with an `:electionId`. Default: allow (tests without a
   * ledger); the gateway's ledger hooks refuse (Unavailable) while no ledger is attached.
   */
  authorizeElection?(staff: StaffPrincipal, electionId: string): Promise<void>;
  /**
   * Data for the results certificate, or undefined if there are no published results; throws
   * Forbidden when `viewer` may not read the results (the record's visibility rule).
   */
  certificate?(electionId: string, viewer: StaffPrincipal | undefined): Promise<CertificateData | undefined>;
}

export interface ReadinessCheck {
  readonly name: string;
  /** Resolves truthy (or void) when ready; rejects or resolves `false` when not. */
  check(): Promise<boolean | void>;
}

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  readonly metrics: Metrics;
  readonly sessions: SessionManager;
  readonly attempts: AttemptLimiter;
  readonly captcha: CaptchaService;
  readonly notifier: Notifier;
  readonly identity: IdentityRegistry;
  readonly hooks: GatewayHooks;
  readonly readiness: ReadinessCheck[];
}

export interface ServiceOptions {
  readonly metrics?: Metrics;
  readonly hooks?: Partial<GatewayHooks>;
  /** Extra notification providers by name (real carriers); merged over the dev outbox. */
  readonly notificationProviders?: Readonly<Record<string, NotificationProviderFactory>>;
  /** Extra identity providers by name (carrier, ipin, ars); merged over the development ones. */
  readonly identityProviders?: Readonly<Record<string, IdentityProviderFactory<DevIdentityDeps>>>;
  readonly readiness?: readonly ReadinessCheck[];
}

/** Builds the services; throws at startup for unknown identity or notification provider names. */
export function createServices(config: Config, logger: Logger, store: Store, options: ServiceOptions = {}): Services {
  const provider = createNotificationProvider(config.notificationProvider, { ...NOTIFICATION_PROVIDERS, ...options.notificationProviders });
  const notifier = new Notifier(store, provider, config.fees, logger);
  const identity = new IdentityRegistry(
    createIdentityProviders(config.identityProviders, { ...DEV_IDENTITY_PROVIDERS, ...options.identityProviders }, {
      store,
      notifier,
      codeTtlMs: config.smsCodeTtlMs,
    }),
    store.identity,
  );
  return {
    config,
    logger,
    store,
    metrics: options.metrics ?? createMetrics(),
    sessions: new SessionManager(store.sessions, {
      secure: config.cookieSecure,
      staffIdleMs: config.sessions.staffIdleMs,
      staffMaxMs: config.sessions.staffMaxMs,
      voterMs: config.sessions.voterMs,
    }),
    attempts: new AttemptLimiter(store.attempts, config.lockout, config.rateLimits.windowMs),
    captcha: new CaptchaService(store.captcha, config.captchaTtlMs),
    notifier,
    identity,
    hooks: { hasVoted: () => Promise.resolve(false), ...options.hooks },
    readiness: [...(options.readiness ?? [])],
  };
}
