/** Liveness, readiness, metrics and the API documentation. */
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { isLocalRequest } from '../http/local-request.js';
import { buildOpenApi, openApiHtml } from '../http/openapi.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { safeEqual } from '../security/tokens.js';
import type { Services } from '../services.js';

export function systemRoutes(svc: Services, allRoutes: () => readonly RouteDefinition[]): RouteDefinition[] {
  let openapi: Record<string, unknown> | undefined;
  const doc = (): Record<string, unknown> =>
    (openapi ??= buildOpenApi(allRoutes(), {
      title: 'BallotLedger gateway',
      version: '0.1.0',
      description: 'Voter, admin, key-holder and auditor API. Conventions: docs/api.md.',
      serverUrl: svc.config.publicBaseUrl,
    }));
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the process serves requests',
      tags: ['ops'],
      roles: ['public'],
      rateLimit: 'none',
      response: { schema: z.object({ status: z.literal('ok') }) },
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      summary: 'Readiness: the store and every registered check (e.g. Fabric peers) are ready',
      description: 'Answers 503 Unavailable with the failed checks when not ready.',
      tags: ['ops'],
      roles: ['public'],
      rateLimit: 'none',
      response: { schema: z.object({ status: z.literal('ready'), checks: z.array(z.string()) }) },
      handler: async () => {
        const checks = [
          { name: 'store', check: (): Promise<boolean> => Promise.resolve(svc.store.db.isOpen && svc.store.db.get('SELECT 1 AS one') !== undefined) },
          ...svc.readiness,
        ];
        const failed: string[] = [];
        for (const c of checks) {
          try {
            if ((await c.check()) === false) failed.push(c.name);
          } catch {
            failed.push(c.name);
          }
        }
        if (failed.length > 0) {
          throw new ApiError('Unavailable', `Not ready: ${failed.join(', ')}`, { details: { failed } });
        }
        return { status: 'ready' as const, checks: checks.map((c) => c.name) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics: with BL_METRICS_TOKEN, for `Authorization: Bearer <token>`; without, only from this machine',
      tags: ['ops'],
      roles: ['public'],
      rateLimit: 'none',
      file: { contentType: 'text/plain; version=0.0.4' },
      handler: async ({ req }) => {
        const token = svc.config.metricsToken;
        if (token === undefined ? !isLocalRequest(req) : !safeEqual(req.get('authorization') ?? '', `Bearer ${token}`)) {
          throw new ApiError('Unauthorized', token === undefined ? 'Metrics are served only on this machine (set BL_METRICS_TOKEN to scrape from elsewhere).' : 'Send the metrics token as Authorization: Bearer <token>.');
        }
        return { data: await svc.metrics.registry.metrics(), contentType: svc.metrics.registry.contentType };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs/openapi.json',
      summary: 'This API as OpenAPI 3.1',
      tags: ['docs'],
      roles: ['public'],
      file: { contentType: 'application/json' },
      handler: () => ({ data: JSON.stringify(doc(), null, 2) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      summary: 'Route list (HTML) with a link to the OpenAPI document',
      tags: ['docs'],
      roles: ['public'],
      file: { contentType: 'text/html; charset=utf-8' },
      handler: () => ({ data: openApiHtml(allRoutes(), 'BallotLedger gateway') }),
    }),
  ];
}
