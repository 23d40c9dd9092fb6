/** Public routes that need no ledger (results certificate, fee estimator) and development-only routes. */
import { z } from 'zod';
import { renderCertificate } from '../certificate/pdf.js';
import { ApiError } from '../errors.js';
import { CostInputSchema, estimateCost } from '../notify/cost.js';
import { isLocalRequest } from '../http/local-request.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';
import { CostEstimateOut, ElectionParams } from './schemas.js';

export function publicRoutes(svc: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/certificate.pdf',
      summary: 'The printable results certificate (PDF) with ledger anchors and a verification QR code',
      tags: ['public', 'results'],
      roles: ['public'],
      params: ElectionParams,
      file: { contentType: 'application/pdf' },
      handler: async ({ params, auth }) => {
        const data = await svc.hooks.certificate?.(params.electionId, auth.staff);
        if (data === undefined) throw new ApiError('NotFound', 'No published results for this election');
        return { data: await renderCertificate(data), filename: `certificate-${params.electionId}.pdf`, inline: true };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/fees/estimate',
      summary: 'Fee estimator: messages and identity checks → itemised expected cost (KRW)',
      tags: ['service'],
      roles: ['public'],
      body: CostInputSchema,
      response: { schema: CostEstimateOut },
      handler: ({ body }) => {
        const e = estimateCost(body, svc.config.fees);
        return { ...e, lines: [...e.lines] };
      },
    }),
  ];
}

/** Only mounted when BL_DEV_ROUTES=true (never in production): the dev outbox, readable from this machine. */
export function devRoutes(svc: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/dev/outbox',
      summary: 'Development only: messages "sent" through the dev outbox, with bodies and recipients',
      tags: ['dev'],
      roles: ['public'],
      hidden: true,
      query: z.object({
        electionId: z.string().max(64).optional(),
        kind: z.enum(['invitation', 'reminder', 'sms-code', 'notice']).optional(),
        // paging: without it the list stopped silently at 10,000 messages
        limit: z.coerce.number().int().min(1).max(100_000).optional(),
        offset: z.coerce.number().int().min(0).optional(),
      }),
      response: {
        schema: z.array(
          z.object({
            id: z.string(),
            electionId: z.string().nullable(),
            voterId: z.string().nullable(),
            kind: z.string(),
            channel: z.string(),
            recipient: z.string().nullable(),
            body: z.string().nullable(),
            bytes: z.number().int(),
            status: z.string(),
            createdAt: z.iso.datetime(),
          }),
        ),
      },
      handler: ({ query, req }) => {
        if (!isLocalRequest(req)) throw new ApiError('Forbidden', 'The development routes answer only requests made on this machine.');
        return svc.store.outbox
          .list({
            ...(query.electionId === undefined ? {} : { electionId: query.electionId }),
            ...(query.kind === undefined ? {} : { kind: query.kind }),
            ...(query.limit === undefined ? {} : { limit: query.limit }),
            ...(query.offset === undefined ? {} : { offset: query.offset }),
          })
          .map((m) => ({
            id: m.id,
            electionId: m.electionId,
            voterId: m.voterId,
            kind: m.kind,
            channel: m.channel,
            recipient: m.recipient,
            body: m.body,
            bytes: m.bytes,
            status: m.status,
            createdAt: new Date(m.createdAt).toISOString(),
          }));
      },
    }),
  ];
}
