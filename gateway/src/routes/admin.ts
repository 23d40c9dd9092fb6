/** Admin routes that need no ledger: roll upload and edits, messages and costs, reports, content. */
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { planCampaign, sendCampaign } from '../notify/campaign.js';
import { feeStatement } from '../notify/fee-statement.js';
import { DEFAULT_TEMPLATES, checkTemplate, TemplateError } from '../notify/templates.js';
import { editVoter, importRoll } from '../roll/import.js';
import { listRoll } from '../roll/list.js';
import { RollNameIndex } from '../roll/name-index.js';
import { fileReport, rollTemplateCsv } from '../roll/validate.js';
import { renderMarkdown } from '../content/markdown.js';
import { checkPhoto } from '../content/photos.js';
import { issueLink } from '../security/links.js';
import type { StaffPrincipal } from '../security/roles.js';
import type { Services } from '../services.js';
import { CostEstimateOut, ElectionId, ElectionParams, RollReportOut, VoterId } from './schemas.js';

const ADMIN = ['admin', 'orgadmin'] as const;

const RollInfoOut = z
  .object({
    electionId: ElectionId,
    voterCount: z.number().int(),
    sourceSha256: z.string(),
    importedAt: z.iso.datetime(),
    frozenAt: z.iso.datetime().nullable(),
    purgeAfter: z.iso.datetime().nullable(),
    purgedAt: z.iso.datetime().nullable(),
    groups: z.array(z.object({ group: z.string().nullable(), count: z.number().int() })),
  })
  .meta({ id: 'RollInfo' });

const VoterOut = z
  .object({
    voterId: VoterId,
    name: z.string(),
    birthDate: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    group: z.string().nullable(),
  })
  .meta({ id: 'Voter' });

const RollPageOut = z
  .object({
    total: z.number().int().describe('Voters matching `q` (all of the roll without it)'),
    page: z.number().int(),
    pageSize: z.number().int(),
    voters: z.array(
      z.object({
        voterId: VoterId,
        name: z.string(),
        group: z.string().nullable(),
        phone: z.string().nullable().describe('Masked: 010-****-5678'),
        email: z.string().nullable().describe('Masked: k**@example.kr'),
        editable: z.object({
          contact: z.boolean().describe('false once the voter has voted (or the roll is purged)'),
          identity: z.boolean().describe('false once the roll is frozen'),
        }),
      }),
    ),
  })
  .meta({ id: 'RollPage' });

const SEARCH_TEXT = /^[^\p{Cc}\p{Cf}]*$/u;
/** How long a roll's opened names are kept after the last search. */
const NAMES_IDLE_MS = 5 * 60_000;

const CampaignBody = z
  .object({
    kind: z.enum(['invitation', 'reminder']),
    channel: z.enum(['sms', 'email']).default('sms'),
    template: z.string().min(1).max(2000).optional().describe('Default: the Korean template of the kind'),
    electionTitle: z.string().min(1).max(200),
    deadline: z.string().min(1).max(100),
  })
  .strict();

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const actorOf = (p: unknown): string => `staff:${(p as StaffPrincipal).user.id}`;

function templateOf(body: z.output<typeof CampaignBody>): string {
  const t = body.template ?? DEFAULT_TEMPLATES[body.kind].ko;
  try {
    checkTemplate(t);
  } catch (err) {
    if (err instanceof TemplateError) {
      throw new ApiError('ValidationFailed', err.message, { details: { fields: [{ path: 'body.template', message: err.message, code: 'template' }] } });
    }
    throw err;
  }
  return t;
}

export function adminRoutes(svc: Services): RouteDefinition[] {
  const rollLimits = { maxBytes: svc.config.limits.rollBytes, maxRows: svc.config.limits.rollRows };
  const rollNames = new RollNameIndex(svc.store, NAMES_IDLE_MS);
  const phoneNeededBy = (electionId: string): string[] =>
    svc.identity.phoneNeededBy(svc.store.elections.get<{ identityMethod?: string }, unknown>(electionId)?.input.identityMethod);
  const campaign = (electionId: string, body: z.output<typeof CampaignBody>) => ({
    kind: body.kind,
    electionId,
    electionTitle: body.electionTitle,
    deadline: body.deadline,
    template: templateOf(body),
    channel: body.channel,
    voters: svc.store.voters.list(electionId),
    hasVoted: (voterId: string) => svc.hooks.hasVoted(electionId, voterId),
    // The link's fragment carries the voter's credential secret (never sent to a server by the
    // browser); it exists once the roll is frozen and is purged with the roll.
    linkFor: (v: { voterId: string }) => {
      const secret = svc.store.credentials.secret(electionId, v.voterId);
      if (secret === null) throw new ApiError('WrongState', 'Freeze the roll before sending voting links.');
      return Promise.resolve(`${issueLink(svc.store.links, svc.config.publicBaseUrl, electionId, v.voterId).url}#${secret}`);
    },
  });
  return [
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/roll',
      summary: 'Upload the voter roll (CSV in UTF-8/CP949, or XLSX); validated row by row, stored only if clean',
      description:
        'Send the file bytes as the body. A roll with any error is refused with 400 RollRejected and the report in `error.details.report`; nothing is stored. `dryRun=true` only validates.',
      tags: ['admin', 'roll'],
      roles: [...ADMIN],
      rateLimit: 'upload',
      params: ElectionParams,
      query: z.object({
        format: z.enum(['auto', 'csv', 'xlsx']).default('auto'),
        encoding: z.enum(['auto', 'utf-8', 'cp949']).default('auto'),
        dryRun: z.enum(['true', 'false']).default('false'),
      }),
      upload: {
        contentTypes: ['*/*'],
        maxBytes: svc.config.limits.rollBytes,
        tooLargeDetails: { report: fileReport('roll.fileTooLarge', `The file is larger than ${svc.config.limits.rollBytes} bytes.`) },
      },
      response: { schema: z.object({ stored: z.boolean(), report: RollReportOut, voterCount: z.number().int().optional() }) },
      handler: async ({ params, query, upload, log }) => {
        const r = await importRoll(svc.store, params.electionId, upload ?? Buffer.alloc(0), {
          format: query.format,
          encoding: query.encoding,
          limits: rollLimits,
          dryRun: query.dryRun === 'true',
          phoneNeededBy: phoneNeededBy(params.electionId),
        });
        if (!r.report.ok) {
          throw new ApiError('RollRejected', `The roll has ${r.report.totals.errors} problem(s); nothing was stored.`, { details: { report: r.report } });
        }
        if (r.roll !== undefined) log.info({ electionId: params.electionId, voters: r.roll.voterCount }, 'roll imported');
        return { stored: r.roll !== undefined, report: r.report, ...(r.roll === undefined ? {} : { voterCount: r.roll.voterCount }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/roll',
      summary: 'Roll summary: count, groups, import hash, frozen and purge state',
      tags: ['admin', 'roll'],
      roles: [...ADMIN, 'auditor'],
      params: ElectionParams,
      response: { schema: RollInfoOut },
      handler: ({ params }) => {
        const roll = svc.store.voters.roll(params.electionId);
        if (roll === undefined) throw new ApiError('NotFound', 'No roll has been imported for this election');
        const groups = new Map<string | null, number>();
        for (const v of svc.store.voters.list(params.electionId)) groups.set(v.group, (groups.get(v.group) ?? 0) + 1);
        return {
          electionId: roll.electionId,
          voterCount: roll.voterCount,
          sourceSha256: roll.sourceSha256,
          importedAt: new Date(roll.importedAt).toISOString(),
          frozenAt: iso(roll.frozenAt),
          purgeAfter: iso(roll.purgeAfter),
          purgedAt: iso(roll.purgedAt),
          groups: [...groups].map(([group, count]) => ({ group, count })),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/voters',
      summary: 'A page of the roll, optionally searched by voter id or name: contact data masked, no birth dates, what each voter\'s entry still allows',
      description:
        '`q` matches a part of the voter id or of the name (spaces, case and Unicode composition ignored). Pages are in voter-id order; a page past the end has no voters. The search text is never logged.',
      tags: ['admin', 'roll'],
      roles: [...ADMIN],
      rateLimit: 'rollSearch',
      params: ElectionParams,
      query: z.object({
        q: z.string().trim().max(64).regex(SEARCH_TEXT, 'no control characters').default(''),
        page: z.coerce.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { schema: RollPageOut },
      handler: async ({ params, query }) => {
        const r = await listRoll(params.electionId, query, { store: svc.store, names: rollNames, hasVoted: svc.hooks.hasVoted });
        return { ...r, voters: [...r.voters] };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/roll-template.csv',
      summary: 'The roll template (CSV, UTF-8 with BOM, Korean headers, one example row)',
      tags: ['admin', 'roll'],
      roles: [...ADMIN],
      file: { contentType: 'text/csv; charset=utf-8' },
      handler: () => ({ data: rollTemplateCsv(), filename: '선거인명부_양식.csv' }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/elections/:electionId/voters/:voterId',
      summary: 'Edit one voter: contact data any time before they vote; identity fields only before the roll is frozen',
      description:
        '`null` (or an empty string) clears `phone`, `email` or `group`. A voter keeps a mobile number or an e-mail address, and keeps the mobile number when every identity check the election offers reaches the voter at it (e.g. `sms-code`): otherwise `422 ContactRequired`, with the field in `details.fields`.',
      tags: ['admin', 'roll'],
      roles: [...ADMIN],
      params: z.object({ electionId: ElectionId, voterId: VoterId }),
      body: z
        .object({
          phone: z.string().max(40).nullable().optional(),
          email: z.string().max(254).nullable().optional(),
          name: z.string().min(1).max(50).optional(),
          birthDate: z.string().max(20).optional(),
          group: z.string().max(50).nullable().optional(),
        })
        .strict(),
      response: { schema: VoterOut },
      handler: async ({ params, body, auth }) => {
        const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        const v = await editVoter(svc.store, params.electionId, params.voterId, patch, {
          actor: actorOf(auth.principal),
          hasVoted: svc.hooks.hasVoted,
          phoneNeededBy: phoneNeededBy(params.electionId),
        });
        return { voterId: v.voterId, name: v.name, birthDate: v.birthDate, phone: v.phone, email: v.email, group: v.group };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/messages/preview',
      summary: 'Plan invitations or reminders: recipients, SMS/LMS split, cost estimate (nothing is sent)',
      tags: ['admin', 'messages'],
      roles: [...ADMIN],
      params: ElectionParams,
      body: CampaignBody,
      response: {
        schema: z.object({
          recipients: z.number().int(),
          skippedVoted: z.number().int(),
          skippedNoContact: z.number().int(),
          byChannel: z.object({ sms: z.number().int(), lms: z.number().int(), email: z.number().int() }),
          tooLong: z.number().int(),
          unsupportedCharacters: z.array(z.string()),
          estimate: CostEstimateOut,
        }),
      },
      handler: async ({ params, body }) => {
        const plan = await planCampaign(campaign(params.electionId, body), svc.config.fees, svc.config.publicBaseUrl);
        return { ...plan, unsupportedCharacters: [...plan.unsupportedCharacters], estimate: { ...plan.estimate, lines: [...plan.estimate.lines] } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/messages/send',
      summary: 'Send invitations, or reminders to voters who have not voted; each message carries a fresh personal link',
      tags: ['admin', 'messages'],
      roles: [...ADMIN],
      params: ElectionParams,
      body: CampaignBody,
      response: {
        schema: z.object({ sent: z.number().int(), failed: z.number().int(), skippedVoted: z.number().int(), skippedNoContact: z.number().int() }),
      },
      handler: async ({ params, body, log }) => {
        const plan = await planCampaign(campaign(params.electionId, body), svc.config.fees, svc.config.publicBaseUrl);
        if (plan.tooLong > 0) throw new ApiError('BadRequest', `${plan.tooLong} message(s) would exceed 2000 bytes; shorten the template`);
        const r = await sendCampaign(campaign(params.electionId, body), svc.notifier);
        log.info({ electionId: params.electionId, kind: body.kind, ...r }, 'campaign sent');
        return r;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/fee-statement',
      summary: 'Fee statement: messages sent (by SMS/LMS/e-mail) and identity checks performed, itemised',
      description: 'SMS verification codes are charged once, as the identity check (per code sent); they are not counted again as SMS.',
      tags: ['admin', 'messages'],
      roles: [...ADMIN, 'auditor'],
      params: ElectionParams,
      response: { schema: CostEstimateOut },
      handler: ({ params }) => {
        const e = feeStatement(svc.store, svc.config.fees, params.electionId);
        return { ...e, lines: [...e.lines] };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/messages',
      summary: 'Delivery status of every message of the election (recipients masked)',
      tags: ['admin', 'messages'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: {
        schema: z.array(z.object({ id: z.string(), voterId: z.string().nullable(), kind: z.string(), channel: z.string(), recipient: z.string(), status: z.string(), costKrw: z.number(), createdAt: z.string() })),
      },
      handler: ({ params }) =>
        svc.store.outbox.list({ electionId: params.electionId }).map((m) => ({
          id: m.id,
          voterId: m.voterId,
          kind: m.kind,
          channel: m.channel,
          recipient: m.recipientHint,
          status: m.status,
          costKrw: m.costTenths / 10,
          createdAt: new Date(m.createdAt).toISOString(),
        })),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/delivery-report.csv',
      summary: 'Delivery report of every message (masked recipients), as CSV for Excel',
      tags: ['admin', 'messages', 'export'],
      roles: [...ADMIN],
      params: ElectionParams,
      file: { contentType: 'text/csv; charset=utf-8' },
      handler: ({ params }) => {
        const rows = svc.store.outbox
          .list({ electionId: params.electionId })
          .map((m) => [m.id, m.voterId, m.kind, m.channel, m.recipientHint, m.status, m.bytes, m.costTenths / 10, new Date(m.createdAt), new Date(m.updatedAt), m.error]);
        const csv = toCsv(['메시지 ID', '선거인번호', '종류', '채널', '수신처', '상태', '바이트', '비용(원)', '생성', '갱신', '오류'], rows);
        return { data: csv, filename: `delivery-${params.electionId}.csv` };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/content/preview',
      summary: 'Render candidate-profile Markdown to sanitised HTML (scripts, handlers and javascript: links removed)',
      tags: ['admin', 'content'],
      roles: [...ADMIN],
      body: z.object({ markdown: z.string().max(20_000) }).strict(),
      response: { schema: z.object({ html: z.string() }) },
      handler: ({ body }) => ({ html: renderMarkdown(body.markdown) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/photos',
      summary: 'Upload a candidate photo (PNG, JPEG or WebP by content); returns its SHA-256 for the manifest',
      tags: ['admin', 'content'],
      roles: [...ADMIN],
      rateLimit: 'upload',
      upload: { contentTypes: ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'], maxBytes: svc.config.limits.photoBytes },
      response: {
        status: 201,
        schema: z.object({ sha256: z.string(), contentType: z.string(), bytes: z.number().int(), url: z.string() }).meta({ id: 'Photo' }),
      },
      handler: ({ upload }) => {
        const photo = checkPhoto(upload ?? Buffer.alloc(0), svc.config.limits.photoBytes);
        svc.store.photos.put(photo);
        return { sha256: photo.sha256, contentType: photo.contentType, bytes: photo.bytes, url: `/api/photos/${photo.sha256}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/photos/:sha256',
      summary: 'A candidate photo by SHA-256',
      tags: ['public', 'content'],
      roles: ['public'],
      params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      file: { contentType: 'application/octet-stream' },
      handler: ({ params, res }) => {
        const p = svc.store.photos.get(params.sha256);
        if (p === undefined) throw new ApiError('NotFound', 'No such photo');
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        return { data: p.data, contentType: p.contentType };
      },
    }),
  ];
}
