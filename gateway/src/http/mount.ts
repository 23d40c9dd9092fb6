/**
 * Turns route definitions into Express handlers: rate limit → origin, authentication, role and
 * CSRF checks → content type → body parser → zod validation → handler → response validation.
 *
 * @module
 */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { ApiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { principalFor, type AuthContext, type StaffPrincipal, type VoterPrincipal, type VoterStage } from '../security/roles.js';
import { safeEqual } from '../security/tokens.js';
import type { Services } from '../services.js';
import { contentDisposition } from './download.js';
import { STATE_CHANGING, type RateFamily, type RouteContext, type RouteDefinition } from './route.js';

export const CSRF_HEADER = 'x-csrf-token';

export type Limiters = Readonly<Record<Exclude<RateFamily, 'none'>, RequestHandler>>;

export function createLimiters(svc: Services): Limiters {
  const r = svc.config.rateLimits;
  const make = (family: string, limit: number): RequestHandler =>
    rateLimit({
      windowMs: r.windowMs,
      limit,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      ipv6Subnet: 56,
      identifier: family,
      handler: (_req, res, next, options) => {
        const retry = res.getHeader('Retry-After') ?? String(Math.ceil(options.windowMs / 1000));
        next(new ApiError('RateLimited', 'Too many requests. Please wait and try again.', { headers: { 'Retry-After': String(retry) } }));
      },
    });
  return {
    public: make('public', r.public),
    voterAuth: make('voterAuth', r.voterAuth),
    staffAuth: make('staffAuth', r.staffAuth),
    api: make('api', r.api),
    upload: make('upload', r.upload),
    rollSearch: make('rollSearch', r.rollSearch),
  };
}

/** Reads both session cookies and returns who is calling (before the role check). */
export function authenticate(svc: Services, req: Request): Omit<AuthContext, 'principal'> {
  let staff: StaffPrincipal | undefined;
  const s = svc.sessions.read(req, 'staff');
  if (s?.userId != null && s.stage === 'active') {
    const user = svc.store.staff.byId(s.userId);
    if (user !== undefined && !user.disabled) {
      const { passwordHash: _omit, ...publicUser } = user;
      staff = { kind: 'staff', user: publicUser, role: user.role, session: s };
    }
  }
  let voter: VoterPrincipal | undefined;
  const v = svc.sessions.read(req, 'voter');
  if (v?.electionId != null && v.voterId != null) {
    voter = { kind: 'voter', electionId: v.electionId, voterId: v.voterId, stage: v.stage as VoterStage, session: v };
  }
  return { staff, voter };
}

function allowedOrigin(svc: Services, req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  return origin === new URL(svc.config.publicBaseUrl).origin;
}

function contentTypeMatches(req: Request, types: readonly string[]): boolean {
  if (types.includes('*/*')) return true;
  return req.is(types as string[]) !== false;
}

function errorFor(e: unknown): never {
  throw e;
}

/**
 * The election half of the permission matrix: a voter only reaches its own election, and staff
 * who manage elections only the elections they manage (the ledger says which). Auditors and key
 * holders read across elections; their routes check the rest.
 */
async function authorizeElection(svc: Services, auth: AuthContext, params: unknown): Promise<void> {
  const electionId = (params as { electionId?: unknown } | undefined)?.electionId;
  if (typeof electionId !== 'string') return;
  const p = auth.principal;
  if (p?.kind === 'voter' && p.electionId !== electionId) throw new ApiError('Forbidden', 'Your voting link is for another election');
  if (p?.kind === 'staff' && (p.role === 'admin' || p.role === 'orgadmin')) await svc.hooks.authorizeElection?.(p, electionId);
}

function mount(app: Express, svc: Services, limiters: Limiters, route: RouteDefinition): void {
  const handlers: RequestHandler[] = [];
  const family: RateFamily = route.rateLimit ?? (route.roles.includes('public') ? 'public' : 'api');
  if (family !== 'none') handlers.push(limiters[family]);
  const method = route.method.toUpperCase();
  const hasBody = STATE_CHANGING.has(method);

  // Authentication, role and CSRF run before any body is read: no upload is buffered for a stranger.
  handlers.push((req, res, next) => {
    try {
      if (hasBody && !allowedOrigin(svc, req)) throw new ApiError('CsrfFailed', 'Cross-origin request refused');
      const who = authenticate(svc, req);
      const principal = principalFor(route.roles, who.staff, who.voter);
      if (!route.roles.includes('public') && principal === undefined) {
        const anySession = who.staff !== undefined || who.voter !== undefined;
        throw anySession
          ? new ApiError('Forbidden', 'Your session does not allow this request')
          : new ApiError('Unauthorized', 'Sign in or open your personal voting link first');
      }
      if (hasBody && route.csrf !== false && principal !== undefined) {
        const token = req.get(CSRF_HEADER);
        if (token === undefined || !safeEqual(token, principal.session.csrfToken)) {
          throw new ApiError('CsrfFailed', `Missing or invalid ${CSRF_HEADER} header`);
        }
      }
      res.locals['auth'] = { ...who, principal } satisfies AuthContext;
      next();
    } catch (err) {
      next(err);
    }
  });

  if (route.upload !== undefined) {
    const upload = route.upload;
    handlers.push((req, _res, next) => {
      if (!contentTypeMatches(req, upload.contentTypes)) {
        next(new ApiError('UnsupportedMediaType', `Send one of: ${upload.contentTypes.join(', ')}`));
        return;
      }
      next();
    });
    const raw = express.raw({ limit: upload.maxBytes, type: () => true });
    handlers.push((req, res, next) => {
      raw(req, res, (err?: unknown) => {
        if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
          next(
            new ApiError('PayloadTooLarge', `The upload is larger than ${upload.maxBytes} bytes`, {
              ...(upload.tooLargeDetails === undefined ? {} : { details: upload.tooLargeDetails }),
            }),
          );
          return;
        }
        next(err);
      });
    });
  } else if (hasBody) {
    handlers.push((req, _res, next) => {
      const length = Number(req.headers['content-length'] ?? 0);
      const chunked = req.headers['transfer-encoding'] !== undefined;
      if ((length > 0 || chunked) && req.is('application/json') === false) {
        next(new ApiError('UnsupportedMediaType', 'Send the request body as application/json'));
        return;
      }
      next();
    });
    handlers.push(express.json({ limit: svc.config.limits.jsonBytes, type: 'application/json', strict: true }));
  }

  handlers.push(async (req: Request, res: Response, next: NextFunction) => {
    try {
      const auth = res.locals['auth'] as AuthContext;
      const parse = (part: 'params' | 'query' | 'body', schema: RouteDefinition['params'], value: unknown): unknown => {
        if (schema === undefined) return undefined;
        const r = schema.safeParse(value);
        return r.success ? r.data : errorFor(ApiError.fromZod(part, r.error));
      };
      const params = parse('params', route.params, req.params);
      const query = parse('query', route.query, { ...(req.query as Record<string, unknown>) });
      const body = parse('body', route.body, req.body ?? {});
      const log = (res.locals['log'] as Logger | undefined) ?? svc.logger;
      await authorizeElection(svc, auth, params);
      const ctx: RouteContext<unknown, unknown, unknown> = {
        params,
        query,
        body,
        upload: route.upload !== undefined && Buffer.isBuffer(req.body) ? req.body : undefined,
        auth,
        req,
        res,
        log,
        requestId: String(res.locals['requestId'] ?? ''),
      };
      const result = await route.handler(ctx);
      if (res.headersSent) return;
      if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
      if (route.file !== undefined) {
        const f = result as { data: Buffer | string; contentType?: string; filename?: string; inline?: boolean };
        res.type(f.contentType ?? route.file.contentType);
        if (f.filename !== undefined) res.setHeader('Content-Disposition', contentDisposition(f.filename, f.inline === true));
        res.status(200).send(f.data);
        return;
      }
      const schema = route.response?.schema;
      const out = schema === undefined ? result : schema.safeParse(result);
      if (schema !== undefined && !(out as { success: boolean }).success) {
        log.error({ route: route.path, issues: (out as { error: { issues: unknown } }).error.issues }, 'response does not match its schema');
        throw new ApiError('Internal', 'The server produced an invalid response');
      }
      const data = schema === undefined ? out : (out as { data: unknown }).data;
      const status = route.response?.status ?? 200;
      if (status === 204) res.status(204).end();
      else res.status(status).json(data);
    } catch (err) {
      next(err);
    }
  });
  app[route.method](route.path, ...handlers);
}

/** Mounts every route; throws on a duplicate method + path. */
export function mountRoutes(app: Express, svc: Services, limiters: Limiters, routes: readonly RouteDefinition[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) throw new Error(`duplicate route ${key}`);
    seen.add(key);
    mount(app, svc, limiters, r);
  }
}
