/**
 * Service-desk routes: applications by organizations (public, followed with an access code),
 * the commission's review queue and decisions (commission staff), invitations of approved
 * organizations' admins, the public fee estimator and the fee statement (CSV, PDF, e-mail),
 * blackout periods.
 *
 * @module
 */
import { ORGANIZATION_TYPES } from '@ballotledger/core';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { onLedger } from '../ledger/ledger-errors.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import { feeStatement, feeStatementCsv, feeStatementPdf } from '../notify/fee-statement.js';
import { normalizeKoreanMobile } from '../roll/fields.js';
import { AttemptLimiter } from '../security/attempts.js';
import { hashPassword } from '../security/passwords.js';
import { hashToken } from '../security/tokens.js';
import type { Services } from '../services.js';
import { COMMISSIONS, MAX_DOCUMENT_BYTES, REGIONS, ServiceDesk } from '../service-desk/service-desk.js';
import type { StaffPrincipal } from '../security/roles.js';
import { ElectionParams } from './schemas.js';

const Ref = z.string().regex(/^APP-\d{4}-[0-9A-F]{8}$/);
const TOKEN_HEADER = 'x-application-token';

const ApplicationIn = z
  .object({
    organizationId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and -'),
    organizationName: z.string().trim().min(2).max(200),
    organizationType: z.enum(ORGANIZATION_TYPES),
    region: z.enum(REGIONS),
    contact: z
      .object({
        name: z.string().trim().min(1).max(100),
        phone: z.string().trim().min(9).max(20),
        email: z.email().max(200),
      })
      .strict(),
    planned: z.object({ title: z.string().trim().min(1).max(200), date: z.iso.date(), expectedVoters: z.number().int().min(1).max(10_000_000) }).strict(),
  })
  .strict()
  .meta({ id: 'ApplicationInput' });

const ApplicationOut = z
  .object({
    ref: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    organizationType: z.string(),
    region: z.string(),
    contact: z.object({ name: z.string(), phone: z.string(), email: z.string() }),
    planned: z.object({ title: z.string(), date: z.string(), expectedVoters: z.number().int() }),
    status: z.enum(['draft', 'submitted', 'changes-requested', 'approved', 'rejected']),
    decisionReason: z.string().nullable(),
    routedTo: z.string(),
    documents: z.array(z.object({ sha256: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int() })),
    history: z.array(z.object({ action: z.string(), reason: z.string().nullable(), at: z.string(), by: z.string() })),
  })
  .meta({ id: 'Application' });


/** What an applicant may correct: everything but the organization id and the region (they route the application). */
const ApplicationDetailsIn = ApplicationIn.omit({ organizationId: true, region: true }).meta({ id: 'ApplicationDetails' });

/** The contact phone as `010-XXXX-XXXX`, or a ValidationFailed naming the field. */
function withMobile<C extends { phone: string }>(contact: C): C {
  const phone = normalizeKoreanMobile(contact.phone);
  if (!phone.ok) throw new ApiError('ValidationFailed', 'The contact phone is not a Korean mobile number.', { details: { fields: [{ path: 'body.contact.phone', message: 'not a mobile number', code: 'phone' }] } });
  return { ...contact, phone: phone.value };
}


export function serviceDeskRoutes(svc: Services, ledger: LedgerServices): RouteDefinition[] {
  const desk = new ServiceDesk({
    store: svc.store,
    notifier: svc.notifier,
    log: svc.logger,
    publicBaseUrl: svc.config.publicBaseUrl,
    maxApplicationBytes: svc.config.limits.applicationBytes,
    ownMspId: ledger.fabric.org.mspId,
    gatewayLedger: ledger.fabric.gateway,
    adminLedger: ledger.fabric.admin,
    organizationLedger: (id) => ledger.fabric.organizationLedger(id),
  });
  const token = (req: { get(name: string): string | undefined }): string => {
    const t = req.get(TOKEN_HEADER);
    if (!t) throw new ApiError('Unauthorized', `Send the application's access code in the ${TOKEN_HEADER} header.`);
    return t;
  };
  const title = (electionId: string): string => svc.store.elections.get<{ title: string }, unknown>(electionId)?.input.title ?? electionId;

  return [
    defineRoute({
      method: 'get',
      path: '/api/service/commissions',
      summary: 'The commissions, the regions they serve, the eligible organization types, and this gateway\'s commission',
      tags: ['service'],
      roles: ['public'],
      response: {
        schema: z.object({
          own: z.string(),
          commissions: z.array(z.object({ mspId: z.string(), name: z.object({ ko: z.string(), en: z.string() }), regions: z.array(z.string()) })),
          organizationTypes: z.array(z.string()),
          regions: z.array(z.string()),
        }),
      },
      handler: () => ({
        own: ledger.fabric.org.mspId,
        commissions: COMMISSIONS.map((c) => ({ ...c, regions: [...c.regions] })),
        organizationTypes: [...ORGANIZATION_TYPES],
        regions: [...REGIONS],
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/blackouts',
      summary: 'Blackout periods (around public elections) in which no election may be scheduled',
      tags: ['service'],
      roles: ['public'],
      response: { schema: z.array(z.object({ blackoutId: z.string(), from: z.string(), to: z.string(), reason: z.string(), declaredBy: z.string() })) },
      handler: async () => (await onLedger(() => ledger.fabric.auditor.listBlackouts())).map((b) => ({ blackoutId: b.blackoutId, from: b.from, to: b.to, reason: b.reason, declaredBy: b.declaredBy })),
    }),
    defineRoute({
      method: 'post',
      path: '/api/applications',
      summary: 'Start an application for the service (the answer holds the access code to follow it); BL_APPLICATIONS_PER_DAY per address',
      tags: ['service'],
      roles: ['public'],
      rateLimit: 'voterAuth',
      body: ApplicationIn,
      response: { schema: z.object({ ref: z.string(), accessToken: z.string() }), status: 201 },
      handler: ({ body, req }) => {
        svc.attempts.takeQuota(AttemptLimiter.applyKey(req.ip), svc.config.limits.applicationsPerDay, 86_400_000);
        return desk.apply({ ...body, contact: withMobile(body.contact) });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/applications/:ref',
      summary: 'Correct the details of a draft, or of an application the commission asked to change (not the organization id or region)',
      tags: ['service'],
      roles: ['public'],
      rateLimit: 'voterAuth',
      params: z.object({ ref: Ref }),
      body: ApplicationDetailsIn,
      response: { schema: ApplicationOut },
      handler: ({ params, body, req }) => {
        desk.edit(params.ref, token(req), { ...body, contact: withMobile(body.contact) });
        return desk.view(params.ref);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/applications/:ref/documents',
      summary: 'Attach a document (PDF, PNG or JPEG, at most 10 MB; up to 10, together at most BL_APPLICATION_MAX_BYTES)',
      tags: ['service'],
      roles: ['public'],
      rateLimit: 'upload',
      params: z.object({ ref: Ref }),
      query: z.object({ filename: z.string().min(1).max(200).default('document') }),
      upload: { contentTypes: ['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream'], maxBytes: MAX_DOCUMENT_BYTES },
      response: { schema: z.object({ sha256: z.string(), size: z.number().int(), contentType: z.string() }), status: 201 },
      handler: ({ params, query, upload, req }) => desk.addDocument(params.ref, token(req), query.filename, upload ?? Buffer.alloc(0)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/applications/:ref/submit',
      summary: 'Submit the application to the competent commission (recorded on the ledger)',
      tags: ['service'],
      roles: ['public'],
      rateLimit: 'voterAuth',
      params: z.object({ ref: Ref }),
      response: { schema: ApplicationOut },
      handler: ({ params, req }) => desk.submit(params.ref, token(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/applications/:ref',
      summary: 'Status of an application, with the decisions and their reasons',
      tags: ['service'],
      roles: ['public'],
      params: z.object({ ref: Ref }),
      response: { schema: ApplicationOut },
      handler: ({ params, req }) => {
        desk.forApplicant(params.ref, token(req));
        return desk.view(params.ref);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/applications',
      summary: 'The review queue: applications routed to this commission',
      tags: ['admin', 'service'],
      roles: ['admin'],
      response: { schema: z.array(z.object({ ref: z.string(), organizationName: z.string(), organizationType: z.string(), region: z.string(), expectedVoters: z.number(), plannedDate: z.string(), status: z.string(), submittedAt: z.string(), updatedAt: z.string() })) },
      handler: () =>
        desk.queue().map((a) => ({
          ref: a.ref,
          organizationName: a.organizationName,
          organizationType: a.organizationType,
          region: a.region,
          expectedVoters: a.planned.expectedVoters,
          plannedDate: a.planned.date,
          status: a.status,
          submittedAt: new Date(a.createdAt).toISOString(),
          updatedAt: new Date(a.updatedAt).toISOString(),
        })),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/applications/:ref',
      summary: 'An application under review, with the contact person',
      tags: ['admin', 'service'],
      roles: ['admin'],
      params: z.object({ ref: Ref }),
      response: { schema: ApplicationOut },
      handler: ({ params }) => desk.view(params.ref),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/applications/:ref/documents/:sha256',
      summary: 'A document of an application',
      tags: ['admin', 'service'],
      roles: ['admin'],
      params: z.object({ ref: Ref, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      file: { contentType: 'application/octet-stream' },
      handler: ({ params }) => {
        const d = svc.store.applications.document(params.ref, params.sha256);
        if (!d) throw new ApiError('NotFound', 'No such document.');
        return { data: d.bytes, contentType: d.doc.contentType, filename: d.doc.filename };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/applications/:ref/decision',
      summary: 'Approve (opens the organization admin account), reject, or request changes — with a reason',
      tags: ['admin', 'service'],
      roles: ['admin'],
      params: z.object({ ref: Ref }),
      body: z.object({ decision: z.enum(['approve', 'reject', 'request-changes']), reason: z.string().trim().min(1).max(1000) }).strict(),
      response: { schema: ApplicationOut },
      handler: ({ params, body, auth }) => desk.decide(params.ref, body.decision, body.reason, (auth.principal as StaffPrincipal).user.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/applications/:ref/invitation',
      summary: 'Send the approved organization\'s admin a new invitation link (opening the account first if the approval could not; earlier links stop working); only while no password is set',
      tags: ['admin', 'service'],
      roles: ['admin'],
      params: z.object({ ref: Ref }),
      response: { schema: z.object({ sentTo: z.string() }) },
      handler: ({ params, auth }) => desk.resendInvitation(params.ref, (auth.principal as StaffPrincipal).user.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/blackouts',
      summary: 'Declare a blackout period (commission staff)',
      tags: ['admin', 'service'],
      roles: ['admin'],
      body: z.object({ blackoutId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), from: z.iso.datetime(), to: z.iso.datetime(), reason: z.string().min(1).max(200) }).strict(),
      response: { schema: z.object({ blackoutId: z.string(), from: z.string(), to: z.string(), reason: z.string(), declaredBy: z.string() }), status: 201 },
      handler: async ({ body }) => (await onLedger(() => ledger.fabric.admin.declareBlackout({ v: 1, ...body, from: new Date(body.from).toISOString(), to: new Date(body.to).toISOString() }))).result,
    }),
    defineRoute({
      method: 'post',
      path: '/api/staff/invitations/accept',
      summary: 'Set the password of an invited organization admin (single-use invitation link)',
      tags: ['staff'],
      roles: ['public'],
      rateLimit: 'staffAuth',
      csrf: false,
      body: z.object({ token: z.string().min(20).max(100), password: z.string().min(12).max(1000) }).strict(),
      response: { schema: z.object({ username: z.string() }) },
      handler: async ({ body, log }) => {
        const user = svc.store.staff.takeInvitation(hashToken(body.token));
        if (!user) throw new ApiError('Unauthorized', 'This invitation is unknown, used or expired; ask your commission for a new one.');
        svc.store.staff.setPasswordHash(user.id, await hashPassword(body.password, svc.config.scryptCost));
        log.info({ userId: user.id }, 'invitation accepted; password set');
        return { username: user.username };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/fee-statement.csv',
      summary: 'Fee statement as CSV',
      tags: ['admin', 'messages', 'export'],
      roles: ['admin', 'orgadmin'],
      params: ElectionParams,
      file: { contentType: 'text/csv; charset=utf-8' },
      handler: ({ params }) => ({ data: feeStatementCsv(params.electionId, feeStatement(svc.store, svc.config.fees, params.electionId)), filename: `fees-${params.electionId}.csv` }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/fee-statement.pdf',
      summary: 'Fee statement as PDF',
      tags: ['admin', 'messages', 'export'],
      roles: ['admin', 'orgadmin'],
      params: ElectionParams,
      file: { contentType: 'application/pdf' },
      handler: async ({ params }) => ({
        data: await feeStatementPdf(params.electionId, title(params.electionId), feeStatement(svc.store, svc.config.fees, params.electionId)),
        filename: `fees-${params.electionId}.pdf`,
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/fee-statement/email',
      summary: 'E-mail the fee statement to the signed-in admin (address on file)',
      tags: ['admin', 'messages'],
      roles: ['admin', 'orgadmin'],
      params: ElectionParams,
      response: { schema: z.object({ sentTo: z.string() }) },
      handler: async ({ params, auth }) => {
        const staff = auth.principal as StaffPrincipal;
        const email = svc.store.staff.contact(staff.user.id).email;
        if (!email) throw new ApiError('WrongState', 'No e-mail address is on file for your account.');
        const s = feeStatement(svc.store, svc.config.fees, params.electionId);
        const lines = s.lines.map((l) => `- ${l.label}: ${l.quantity} × ${l.unitKrw} = ${l.amountKrw}원`).join('\n');
        const msg = await svc.notifier.send({
          electionId: params.electionId,
          voterId: null,
          kind: 'notice',
          channel: 'email',
          to: email,
          subject: `[BallotLedger] 이용료 명세서 ${title(params.electionId)}`,
          body: `${title(params.electionId)} 이용료 명세서 / Fee statement\n${lines}\n합계 / total: ${s.totalKrw}원 (KRW)\nCSV/PDF: ${svc.config.publicBaseUrl}/admin/elections/${params.electionId}/fees`,
        });
        return { sentTo: msg.recipientHint };
      },
    }),
  ];
}
