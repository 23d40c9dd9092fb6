/**
 * Structured logs (pino) with redaction of every secret and every piece of voter PII the gateway
 * handles. Redaction is by key name, at any of the first three levels of a logged object, plus
 * the request headers that carry credentials. URLs are logged through {@link sanitizeUrl}, which
 * removes personal-link tokens from paths and secrets and search texts from query strings.
 *
 * @module
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Keys whose values are never written to a log, wherever they appear (depth <= 3). */
export const SECRET_KEYS = [
  'token',
  'linkToken',
  'link',
  'secret',
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'phone',
  'phoneNumber',
  'mobile',
  'email',
  'recipient',
  'birthDate',
  'birthdate',
  'voterName',
  'sessionId',
  'sid',
  'csrfToken',
  'ballot',
  'ballots',
  'captchaAnswer',
  'answer',
  'code',
  'otp',
  'credential',
  'credentialSecret',
  'piiKey',
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
] as const;

/** `name` is too common a key (errors have one) to redact everywhere: only where it is a person's. */
const NAME_PATHS = ['name', 'body.name', 'req.body.name', 'voter.name', '*.voter.name', 'row.name', '*.row.name'];

function redactPaths(): string[] {
  const paths: string[] = [...NAME_PATHS];
  for (const key of SECRET_KEYS) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const dot = k.startsWith('[') ? '' : '.';
    paths.push(k, `*${dot}${k}`, `*.*${dot}${k}`);
  }
  return paths;
}

export const REDACT_PATHS: readonly string[] = redactPaths();

export interface LoggerOptions {
  readonly level?: string;
  /** Where to write (tests pass a stream to read the output back). Default: stdout. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'ballotledger-gateway' },
      redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** Query parameters that may carry secrets or personal data (`q`: a roll search, often a name); their values are replaced in logged URLs. */
const SECRET_QUERY = /^(token|t|link|code|otp|password|secret|session|sid|csrf.*|answer|q)$/i;

/**
 * A URL safe to log: the personal-link path `/v/<token>` (and `/api/voter/link/<token>`) loses
 * its token, secret and search query values become `[Redacted]`, and fragments are dropped.
 */
export function sanitizeUrl(url: string): string {
  const hash = url.indexOf('#');
  const noHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = noHash.indexOf('?');
  const path = (q >= 0 ? noHash.slice(0, q) : noHash).replace(
    /\/(v|link|links|tokens?)\/[^/?#]+/gi,
    (_m, seg: string) => `/${seg}/[Redacted]`,
  );
  if (q < 0) return path;
  const params = new URLSearchParams(noHash.slice(q + 1));
  const out: string[] = [];
  for (const [k, v] of params) {
    out.push(`${encodeURIComponent(k)}=${SECRET_QUERY.test(k) ? '[Redacted]' : encodeURIComponent(v)}`);
  }
  return out.length > 0 ? `${path}?${out.join('&')}` : path;
}

/** A logger that discards everything (tests, tools). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
