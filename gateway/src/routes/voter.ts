/**
 * The voter's way in: personal link → CAPTCHA → identity check. Each step is a state of the
 * voter session (`link` → `captcha` → `verified`), and each promotion issues a new session id.
 * Failed identity checks and wrong CAPTCHAs lock only the link they were made with (exponential
 * backoff). The client address is throttled only for links nobody holds (unknown tokens), so a
 * locked address — a carrier NAT many voters share — never stops a voter with a valid link.
 */
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { AttemptLimiter } from '../security/attempts.js';
import { resolveLink } from '../security/links.js';
import type { VoterPrincipal, VoterStage } from '../security/roles.js';
import type { Services } from '../services.js';
import { ElectionId, Ok } from './schemas.js';

const Stage = z.enum(['link', 'captcha', 'verified']);
const Methods = z.array(z.object({ method: z.string(), label: z.object({ ko: z.string(), en: z.string() }) }));

const VoterSessionOut = z
  .object({ stage: Stage, electionId: ElectionId, csrfToken: z.string(), expiresAt: z.iso.datetime(), identityMethods: Methods })
  .meta({ id: 'VoterSession' });

const LinkOut = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), session: VoterSessionOut }),
  z.object({ status: z.literal('already-voted'), electionId: ElectionId }),
]);

const CaptchaOut = z
  .discriminatedUnion('form', [
    z.object({
      id: z.string(),
      form: z.literal('image'),
      image: z.string().describe('data:image/svg+xml;base64 image of six digits'),
      width: z.number().int(),
      height: z.number().int(),
      length: z.number().int(),
      expiresAt: z.iso.datetime(),
    }),
    z.object({
      id: z.string(),
      form: z.literal('text'),
      question: z.object({ ko: z.string(), en: z.string() }).describe('Accessible form: six digits read out as words, answered in digits'),
      length: z.number().int(),
      expiresAt: z.iso.datetime(),
    }),
  ])
  .meta({ id: 'Captcha' });

const ChallengeOut = z
  .object({
    challengeId: z.string(),
    method: z.string(),
    fields: z.array(z.enum(['name', 'birthDate', 'code'])),
    expiresAt: z.iso.datetime(),
    sentTo: z.string().optional(),
  })
  .meta({ id: 'IdentityChallenge' });

function requireStage(p: VoterPrincipal, stage: VoterStage): void {
  if (p.stage !== stage) throw new ApiError('WrongState', `This step needs the "${stage}" stage; the session is at "${p.stage}"`);
}

export function voterRoutes(svc: Services): RouteDefinition[] {
  /** The identity checks a voter may use: the one the election was set up with, if the gateway has it. */
  const methodsFor = (electionId: string): typeof svc.identity.methods =>
    svc.identity.forElection(svc.store.elections.get<{ identityMethod?: string }, unknown>(electionId)?.input.identityMethod);
  const sessionOut = (p: { electionId: string; stage: string; csrfToken: string; expiresAt: number }): z.input<typeof VoterSessionOut> => ({
    stage: p.stage as VoterStage,
    electionId: p.electionId,
    csrfToken: p.csrfToken,
    expiresAt: new Date(p.expiresAt).toISOString(),
    identityMethods: methodsFor(p.electionId),
  });

  return [
    defineRoute({
      method: 'post',
      path: '/api/voter/link',
      summary: 'Exchange a personal-link token for a voter session cookie (then remove the token from the URL)',
      tags: ['voter'],
      roles: ['public'],
      rateLimit: 'voterAuth',
      csrf: false,
      body: z.object({ token: z.string().min(1).max(200) }).strict(),
      response: { schema: LinkOut },
      handler: async ({ body, req, res, log }) => {
        const link = resolveLink(svc.store.links, body.token);
        if (link === undefined || svc.store.voters.get(link.electionId, link.voterId) === undefined) {
          const ipKey = AttemptLimiter.ipKey(req.ip);
          svc.attempts.assertOpen(ipKey);
          svc.attempts.recordFailure(ipKey, 'window');
          log.info({ ip: req.ip }, 'unknown voting link presented');
          throw new ApiError('Unauthorized', 'This voting link is not valid. Use the latest link you received.');
        }
        svc.attempts.assertOpen(AttemptLimiter.linkKey(link.tokenHash));
        if (await svc.hooks.hasVoted(link.electionId, link.voterId)) {
          return { status: 'already-voted' as const, electionId: link.electionId };
        }
        const s = svc.sessions.start(req, res, {
          kind: 'voter',
          electionId: link.electionId,
          voterId: link.voterId,
          linkHash: link.tokenHash,
          stage: 'link',
        });
        return { status: 'ok' as const, session: sessionOut({ electionId: link.electionId, stage: s.stage, csrfToken: s.csrfToken, expiresAt: s.expiresAt }) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/voter/session',
      summary: 'The voter session: stage, CSRF token, available identity methods',
      tags: ['voter'],
      roles: ['voter-session'],
      response: { schema: VoterSessionOut },
      handler: ({ auth }) => {
        const p = auth.principal as VoterPrincipal;
        return sessionOut({ electionId: p.electionId, stage: p.stage, csrfToken: p.session.csrfToken, expiresAt: p.session.expiresAt });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/captcha',
      summary: 'A new CAPTCHA, as an image of six digits (default) or, accessible, as six digits read out in words; single use',
      tags: ['voter'],
      roles: ['voter-session'],
      rateLimit: 'voterAuth',
      body: z.object({ form: z.enum(['image', 'text']).default('image') }).strict(),
      response: { schema: CaptchaOut },
      handler: ({ auth, body }) => {
        const p = auth.principal as VoterPrincipal;
        requireStage(p, 'link');
        return svc.captcha.create(p.session.idHash, body.form);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/captcha/answer',
      summary: 'Answer the CAPTCHA in digits (of the form it was issued in); a wrong answer needs a new CAPTCHA',
      tags: ['voter'],
      roles: ['voter-session'],
      rateLimit: 'voterAuth',
      body: z.object({ challengeId: z.string().min(1).max(100), answer: z.string().min(1).max(32) }).strict(),
      response: { schema: VoterSessionOut },
      handler: ({ auth, body, res }) => {
        const p = auth.principal as VoterPrincipal;
        requireStage(p, 'link');
        const captchaKey = AttemptLimiter.captchaKey(p.session.linkHash ?? '');
        svc.attempts.assertOpen(captchaKey);
        if (!svc.captcha.verify(body.challengeId, body.answer, p.session.idHash)) {
          svc.attempts.recordFailure(captchaKey, 'window');
          throw new ApiError('CaptchaFailed', 'The security characters did not match. Please try a new one.');
        }
        const s = svc.sessions.rotate(res, p.session, { stage: 'captcha' });
        return sessionOut({ electionId: p.electionId, stage: s.stage, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/identity/start',
      summary: 'Start an identity check with one of the active methods (an SMS code is sent now)',
      tags: ['voter'],
      roles: ['voter-session'],
      rateLimit: 'voterAuth',
      body: z.object({ method: z.string().min(1).max(40) }).strict(),
      response: { schema: ChallengeOut },
      handler: async ({ auth, body }) => {
        const p = auth.principal as VoterPrincipal;
        requireStage(p, 'captcha');
        if (!methodsFor(p.electionId).some((m) => m.method === body.method)) throw new ApiError('BadRequest', `Identity method "${body.method}" is not available for this election`);
        svc.attempts.assertOpen(AttemptLimiter.linkKey(p.session.linkHash ?? ''));
        const started = Number(p.session.data['identityStarts'] ?? 0);
        if (started >= 5) throw new ApiError('RateLimited', 'Too many identity checks started in this session. Open your link again later.');
        svc.sessions.update(p.session, { data: { ...p.session.data, identityStarts: started + 1 } });
        try {
          const c = await svc.identity.start(body.method, { electionId: p.electionId, voterId: p.voterId, now: Date.now() });
          return { ...c, fields: [...c.fields] };
        } catch (err) {
          if (err instanceof RangeError) throw new ApiError('BadRequest', 'This identity method cannot be used for your entry on the roll');
          throw err;
        }
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/identity/verify',
      summary: 'Answer the identity check; success makes the session a verified voter session (new id)',
      description: 'Failures count against this link only (locked with exponential backoff after N), never against the client address.',
      tags: ['voter'],
      roles: ['voter-session'],
      rateLimit: 'voterAuth',
      body: z
        .object({
          method: z.string().min(1).max(40),
          challengeId: z.string().min(1).max(100),
          response: z.partialRecord(z.enum(['name', 'birthDate', 'code']), z.string().max(100)),
        })
        .strict(),
      response: { schema: VoterSessionOut },
      handler: async ({ auth, body, req, res, log }) => {
        const p = auth.principal as VoterPrincipal;
        requireStage(p, 'captcha');
        if (!methodsFor(p.electionId).some((m) => m.method === body.method)) throw new ApiError('BadRequest', `Identity method "${body.method}" is not available for this election`);
        const linkKey = AttemptLimiter.linkKey(p.session.linkHash ?? '');
        svc.attempts.assertOpen(linkKey);
        const result = await svc.identity.verify(body.method, { electionId: p.electionId, voterId: p.voterId, now: Date.now() }, body.challengeId, body.response);
        if (result.ok) {
          svc.attempts.reset(linkKey);
          const s = svc.sessions.rotate(res, p.session, { stage: 'verified' });
          return sessionOut({ electionId: p.electionId, stage: s.stage, csrfToken: s.csrfToken, expiresAt: s.expiresAt });
        }
        const state = svc.attempts.recordFailure(linkKey, 'consecutive');
        const remaining = Math.max(0, svc.config.lockout.linkMaxFailures - state.failures);
        if (state.lockedUntil > Date.now()) {
          log.warn({ electionId: p.electionId, link: (p.session.linkHash ?? '').slice(0, 12), failures: state.failures, ip: req.ip }, 'voting link locked after failed identity checks');
          svc.attempts.assertOpen(linkKey);
        }
        throw new ApiError('IdentityCheckFailed', 'The identity check failed. Check what you entered and start again.', {
          details: { reason: result.reason, remainingAttempts: remaining },
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/logout',
      summary: 'End the voter session',
      tags: ['voter'],
      roles: ['voter-session'],
      response: { schema: Ok },
      handler: ({ req, res }) => {
        svc.sessions.destroy(req, res, 'voter');
        return { ok: true as const };
      },
    }),
  ];
}
