/**
 * `createApp(deps)`: the Express app with security headers (strict CSP, HSTS when secure),
 * request ids, structured access logs, metrics, per-family rate limits, every route definition
 * mounted through the route helper, the web app (web/dist) with an SPA fallback, and one error
 * handler.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Config } from './config.js';
import { ApiError } from './errors.js';
import { createLimiters, mountRoutes } from './http/mount.js';
import type { RouteDefinition } from './http/route.js';
import { sanitizeUrl, type Logger } from './logger.js';
import { adminRoutes } from './routes/admin.js';
import { devRoutes, publicRoutes } from './routes/public.js';
import { staffRoutes } from './routes/staff.js';
import { systemRoutes } from './routes/system.js';
import { voterRoutes } from './routes/voter.js';
import { createServices, type ServiceOptions, type Services } from './services.js';
import type { Store } from './storage/store.js';

export interface AppDeps extends ServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly store: Store;
  /** Prebuilt services (else built from config); pass the same object to your route factories. */
  readonly services?: Services;
  /** More routes (the Fabric-backed ones), declared with `defineRoute`. */
  readonly routes?: readonly RouteDefinition[] | ((svc: Services) => readonly RouteDefinition[]);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/;

function requestContext(svc: Services): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = id;
    res.setHeader('X-Request-Id', id);
    const log = svc.logger.child({ reqId: id });
    res.locals['log'] = log;
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? (res.locals['static'] === true ? 'static' : 'unmatched');
      const labels = { method: req.method, route: String(route), status: String(res.statusCode) };
      svc.metrics.httpRequests.inc(labels);
      svc.metrics.httpDuration.observe(labels, seconds);
      log.info(
        { method: req.method, url: sanitizeUrl(req.originalUrl), status: res.statusCode, ms: Math.round(seconds * 1000), ip: req.ip },
        'request',
      );
    });
    next();
  };
}

function securityHeaders(config: Config): RequestHandler[] {
  const directives: Record<string, string[]> = {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
  if (config.cookieSecure) directives['upgradeInsecureRequests'] = [];
  return [
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      strictTransportSecurity: config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      xFrameOptions: { action: 'deny' },
    }),
    (_req, res, next) => {
      res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
      next();
    },
  ];
}

/** Serves web/dist (hashed assets cached for a year) and index.html for client-side routes. */
function webApp(webDist: string): RequestHandler[] {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return [];
  const assets = express.static(webDist, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes(`${join(webDist, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return [
    (req, res, next) => {
      if (req.path.startsWith('/api/')) return next();
      res.locals['static'] = true;
      assets(req, res, next);
    },
    (req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || !req.accepts('html')) return next();
      res.locals['static'] = true;
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(index);
    },
  ];
}

function errorHandler(svc: Services): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const log = (res.locals['log'] as Logger | undefined) ?? svc.logger;
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (err instanceof z.ZodError) apiError = ApiError.fromZod('body', err);
    else {
      const type = (err as { type?: string } | null)?.type;
      if (type === 'entity.too.large') apiError = new ApiError('PayloadTooLarge', `The request body is larger than allowed (${svc.config.limits.jsonBytes} bytes for JSON)`);
      else if (type === 'entity.parse.failed') apiError = new ApiError('MalformedJson', 'The request body is not valid JSON');
      else if (type === 'charset.unsupported' || type === 'encoding.unsupported') apiError = new ApiError('UnsupportedMediaType', 'Unsupported body encoding');
      else if (type === 'request.aborted') apiError = new ApiError('BadRequest', 'The request was aborted');
      else apiError = new ApiError('Internal', 'Something went wrong on our side. Please try again.');
    }
    if (apiError.status >= 500) log.error({ err, code: apiError.code }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [k, v] of Object.entries(apiError.headers)) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-store');
    res.status(apiError.status).json(apiError.toBody());
  };
}

export function createApp(deps: AppDeps): Express {
  const svc = deps.services ?? createServices(deps.config, deps.logger, deps.store, deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', svc.config.trustProxy);
  app.set('query parser', 'simple');

  const extra = typeof deps.routes === 'function' ? deps.routes(svc) : (deps.routes ?? []);
  const routes: RouteDefinition[] = [];
  routes.push(
    ...systemRoutes(svc, () => routes),
    ...staffRoutes(svc),
    ...voterRoutes(svc),
    ...adminRoutes(svc),
    ...publicRoutes(svc),
    ...(svc.config.devRoutes ? devRoutes(svc) : []),
    ...extra,
  );

  app.use(requestContext(svc));
  app.use(...securityHeaders(svc.config));
  mountRoutes(app, svc, createLimiters(svc), routes);
  app.use('/api', (req, _res, next) => next(new ApiError('RouteNotFound', `No route ${req.method} ${sanitizeUrl(req.originalUrl)}`)));
  const web = webApp(svc.config.webDist);
  if (web.length > 0) app.use(...web);
  app.use((req, _res, next) => next(new ApiError('RouteNotFound', `No route ${req.method} ${sanitizeUrl(req.originalUrl)}`)));
  app.use(errorHandler(svc));
  app.locals['services'] = svc;
  app.locals['routes'] = routes;
  return app;
}
