/**
 * Gateway configuration, read once from the environment and validated with zod. Every variable
 * has a safe development default; production refuses the defaults that would be unsafe there
 * (no PII key, development routes on, insecure cookies).
 *
 * @module
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number): z.ZodCoercedNumber<unknown> => z.coerce.number().int().min(min).max(max);

const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );

/** Prices in KRW per unit (VAT included), from the K-Voting fee page. */
export const FeeTableSchema = z.object({
  sms: z.number().nonnegative(),
  lms: z.number().nonnegative(),
  email: z.number().nonnegative(),
  identity: z.object({
    /** "identity info" check against the roll (name + birth date): free. */
    birthdate: z.number().nonnegative(),
    ipin: z.number().nonnegative(),
    'sms-code': z.number().nonnegative(),
    ars: z.number().nonnegative(),
    carrier: z.number().nonnegative(),
  }),
});
export type FeeTable = z.infer<typeof FeeTableSchema>;

export const DEFAULT_FEES: FeeTable = {
  sms: 12.1,
  lms: 35.2,
  email: 0,
  identity: { birthdate: 0, ipin: 0, 'sms-code': 12.1, ars: 25.3, carrier: 55 },
};

const defaultWebDist = resolve(fileURLToPath(new URL('../../web/dist', import.meta.url)));
const defaultFabricProfile = resolve(fileURLToPath(new URL('../../.state/network.json', import.meta.url)));
const defaultDataDir = resolve(fileURLToPath(new URL('../../.state/gateway', import.meta.url)));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  BL_HOST: z.string().default('127.0.0.1'),
  BL_PORT: int(0, 65535).default(8080),
  BL_PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:8080'),
  BL_DATA_DIR: z.string().min(1).default(defaultDataDir),
  BL_WEB_DIST: z.string().min(1).default(defaultWebDist),
  /** Express `trust proxy`: `false`, a hop count, or a comma list of addresses/subnets/`loopback`. */
  BL_TRUST_PROXY: z.string().default('false'),
  BL_COOKIE_SECURE: bool.optional(),
  BL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BL_JSON_LIMIT_BYTES: int(1024, 10_000_000).default(256 * 1024),
  BL_ROLL_MAX_BYTES: int(1024, 200_000_000).default(10 * 1024 * 1024),
  BL_ROLL_MAX_ROWS: int(1, 2_000_000).default(200_000),
  BL_PHOTO_MAX_BYTES: int(1024, 50_000_000).default(2 * 1024 * 1024),
  /** Service desk: new applications per client address and day, document bytes per application, days an unsubmitted draft is kept. */
  BL_APPLICATIONS_PER_DAY: int(1, 100_000).default(10),
  BL_APPLICATION_MAX_BYTES: int(1024, 1_000_000_000).default(30 * 1024 * 1024),
  BL_DRAFT_APPLICATION_DAYS: int(1, 3650).default(30),
  BL_RATE_WINDOW_SECONDS: int(1, 86_400).default(60),
  BL_RATE_PUBLIC: int(1, 1_000_000).default(300),
  BL_RATE_VOTER_AUTH: int(1, 1_000_000).default(600),
  BL_RATE_STAFF_AUTH: int(1, 1_000_000).default(10),
  BL_RATE_API: int(1, 1_000_000).default(600),
  BL_RATE_UPLOAD: int(1, 1_000_000).default(20),
  BL_RATE_ROLL_SEARCH: int(1, 1_000_000).default(120),
  BL_LINK_MAX_FAILURES: int(1, 10).default(5),
  BL_IP_MAX_FAILURES: int(1, 100_000).default(50),
  BL_LOCKOUT_BASE_SECONDS: int(1, 86_400).default(60),
  BL_LOCKOUT_MAX_SECONDS: int(1, 7 * 86_400).default(86_400),
  BL_STAFF_SESSION_IDLE_MINUTES: int(1, 24 * 60).default(30),
  BL_STAFF_SESSION_MAX_HOURS: int(1, 72).default(12),
  BL_VOTER_SESSION_MINUTES: int(1, 24 * 60).default(30),
  BL_CAPTCHA_TTL_SECONDS: int(10, 3600).default(300),
  BL_SMS_CODE_TTL_SECONDS: int(30, 3600).default(180),
  BL_RETENTION_DAYS: int(0, 3650).default(7),
  BL_IDENTITY_PROVIDERS: list.default(['birthdate', 'sms-code']),
  BL_NOTIFICATION_PROVIDER: z.string().min(1).default('dev-outbox'),
  /** JSON object merged over {@link DEFAULT_FEES}. */
  BL_FEE_TABLE: z.string().optional(),
  /** 32 bytes, base64: encrypts voter PII at rest. Development falls back to a key file in the data dir. */
  BL_PII_KEY: z.string().optional(),
  BL_DEV_ROUTES: bool.optional(),
  /** Bearer token for GET /metrics; without it, /metrics answers only requests from this machine. */
  BL_METRICS_TOKEN: z.string().min(24).optional(),
  BL_SCRYPT_COST: int(1024, 1 << 20).default(1 << 15),
  BL_SHUTDOWN_TIMEOUT_MS: int(0, 600_000).default(10_000),
  /** The Fabric network profile (test-network's network.json format). */
  BL_FABRIC_PROFILE: z.string().min(1).default(defaultFabricProfile),
  /** The organization (commission) this gateway belongs to. */
  BL_FABRIC_ORG: z.string().min(1).default('Central'),
  /**
   * Cast endorsements/submits in flight at once (further requests wait at the gateway). Keep it
   * near what the peers can work on: with 64 on the 2-core dev machine the chaincode queues
   * grew, endorsements took 3-4 s and throughput collapsed under overload (docs/benchmarks.md).
   */
  BL_CAST_CONCURRENCY: int(1, 10_000).default(16),
});

export interface RateLimits {
  readonly windowMs: number;
  /** Per client address and window, for each route family. */
  readonly public: number;
  readonly voterAuth: number;
  readonly staffAuth: number;
  readonly api: number;
  readonly upload: number;
  /** Pages and searches of a voter roll (names and masked contacts). */
  readonly rollSearch: number;
}

export interface LockoutPolicy {
  /** Failures on one link token before it is locked (N <= 10). */
  readonly linkMaxFailures: number;
  /** Failures from one client address (or IPv6 /56) in a window before it must back off. */
  readonly ipMaxFailures: number;
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  readonly publicBaseUrl: string;
  readonly dataDir: string;
  readonly webDist: string;
  readonly trustProxy: boolean | number | string;
  readonly cookieSecure: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly limits: {
    readonly jsonBytes: number;
    readonly rollBytes: number;
    readonly rollRows: number;
    readonly photoBytes: number;
    readonly applicationsPerDay: number;
    readonly applicationBytes: number;
  };
  readonly rateLimits: RateLimits;
  readonly lockout: LockoutPolicy;
  readonly sessions: {
    readonly staffIdleMs: number;
    readonly staffMaxMs: number;
    readonly voterMs: number;
  };
  readonly captchaTtlMs: number;
  readonly smsCodeTtlMs: number;
  /** Days voter PII and results are kept after an election closes (K-Voting: 7). */
  readonly retentionDays: number;
  readonly draftApplicationDays: number;
  readonly identityProviders: readonly string[];
  readonly notificationProvider: string;
  readonly fees: FeeTable;
  /** 32-byte key for PII at rest, or undefined in development (then a key file in dataDir is used). */
  readonly piiKey: Buffer | undefined;
  readonly devRoutes: boolean;
  readonly metricsToken: string | undefined;
  readonly scryptCost: number;
  readonly shutdownTimeoutMs: number;
  readonly fabric: {
    readonly profilePath: string;
    readonly org: string;
    /** Enrolled identities of this gateway (files mode 0600). */
    readonly walletDir: string;
    readonly castConcurrency: number;
  };
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid gateway configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function parseTrustProxy(raw: string): boolean | number | string {
  const v = raw.trim();
  if (v === 'false' || v === '') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (typeof base !== 'object' || base === null || typeof patch !== 'object' || patch === null) {
    return patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    out[k] = deepMerge(out[k], v);
  }
  return out;
}

/** Reads and validates the configuration. Throws {@link ConfigError} listing every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  let fees: FeeTable = DEFAULT_FEES;
  if (e.BL_FEE_TABLE !== undefined) {
    try {
      const merged = FeeTableSchema.safeParse(deepMerge(DEFAULT_FEES, JSON.parse(e.BL_FEE_TABLE)));
      if (merged.success) fees = merged.data;
      else problems.push(`BL_FEE_TABLE: ${merged.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`);
    } catch {
      problems.push('BL_FEE_TABLE: not valid JSON');
    }
  }

  let piiKey: Buffer | undefined;
  if (e.BL_PII_KEY !== undefined) {
    piiKey = Buffer.from(e.BL_PII_KEY, 'base64');
    if (piiKey.length !== 32) problems.push('BL_PII_KEY: must be 32 bytes, base64-encoded');
  } else if (production) {
    problems.push('BL_PII_KEY: required in production (32 random bytes, base64)');
  }

  const cookieSecure = e.BL_COOKIE_SECURE ?? production;
  if (production && !cookieSecure) problems.push('BL_COOKIE_SECURE: must not be false in production');
  const devRoutes = e.BL_DEV_ROUTES ?? false;
  if (production && devRoutes) problems.push('BL_DEV_ROUTES: development routes cannot be enabled in production');
  if (production && e.BL_NOTIFICATION_PROVIDER === 'dev-outbox') {
    problems.push('BL_NOTIFICATION_PROVIDER: the dev outbox sends nothing; configure a real provider in production');
  }
  if (production && !e.BL_PUBLIC_BASE_URL.startsWith('https://')) {
    problems.push('BL_PUBLIC_BASE_URL: must be https in production');
  }
  if (e.BL_IDENTITY_PROVIDERS.length === 0) problems.push('BL_IDENTITY_PROVIDERS: at least one provider is needed');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    host: e.BL_HOST,
    port: e.BL_PORT,
    publicBaseUrl: e.BL_PUBLIC_BASE_URL.replace(/\/+$/, ''),
    dataDir: resolve(e.BL_DATA_DIR),
    webDist: resolve(e.BL_WEB_DIST),
    trustProxy: parseTrustProxy(e.BL_TRUST_PROXY),
    cookieSecure,
    logLevel: e.BL_LOG_LEVEL,
    limits: {
      jsonBytes: e.BL_JSON_LIMIT_BYTES,
      rollBytes: e.BL_ROLL_MAX_BYTES,
      rollRows: e.BL_ROLL_MAX_ROWS,
      photoBytes: e.BL_PHOTO_MAX_BYTES,
      applicationsPerDay: e.BL_APPLICATIONS_PER_DAY,
      applicationBytes: e.BL_APPLICATION_MAX_BYTES,
    },
    rateLimits: {
      windowMs: e.BL_RATE_WINDOW_SECONDS * 1000,
      public: e.BL_RATE_PUBLIC,
      voterAuth: e.BL_RATE_VOTER_AUTH,
      staffAuth: e.BL_RATE_STAFF_AUTH,
      api: e.BL_RATE_API,
      upload: e.BL_RATE_UPLOAD,
      rollSearch: e.BL_RATE_ROLL_SEARCH,
    },
    lockout: {
      linkMaxFailures: e.BL_LINK_MAX_FAILURES,
      ipMaxFailures: e.BL_IP_MAX_FAILURES,
      baseSeconds: e.BL_LOCKOUT_BASE_SECONDS,
      maxSeconds: e.BL_LOCKOUT_MAX_SECONDS,
    },
    sessions: {
      staffIdleMs: e.BL_STAFF_SESSION_IDLE_MINUTES * 60_000,
      staffMaxMs: e.BL_STAFF_SESSION_MAX_HOURS * 3_600_000,
      voterMs: e.BL_VOTER_SESSION_MINUTES * 60_000,
    },
    captchaTtlMs: e.BL_CAPTCHA_TTL_SECONDS * 1000,
    smsCodeTtlMs: e.BL_SMS_CODE_TTL_SECONDS * 1000,
    retentionDays: e.BL_RETENTION_DAYS,
    draftApplicationDays: e.BL_DRAFT_APPLICATION_DAYS,
    identityProviders: e.BL_IDENTITY_PROVIDERS,
    notificationProvider: e.BL_NOTIFICATION_PROVIDER,
    fees,
    piiKey,
    devRoutes,
    metricsToken: e.BL_METRICS_TOKEN,
    scryptCost: e.BL_SCRYPT_COST,
    shutdownTimeoutMs: e.BL_SHUTDOWN_TIMEOUT_MS,
    fabric: {
      profilePath: resolve(e.BL_FABRIC_PROFILE),
      org: e.BL_FABRIC_ORG,
      walletDir: resolve(e.BL_DATA_DIR, 'wallet'),
      castConcurrency: e.BL_CAST_CONCURRENCY,
    },
  };
}
