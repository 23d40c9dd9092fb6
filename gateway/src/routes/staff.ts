/** Staff sign-in (commission staff, organization admins, key holders, auditors). */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { maskRecipient } from '../notify/sms.js';
import { safeEqual, sha256Hex } from '../security/tokens.js';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { AttemptLimiter } from '../security/attempts.js';
import { burnPasswordCheck, verifyPassword } from '../security/passwords.js';
import type { StaffPrincipal } from '../security/roles.js';
import type { Services } from '../services.js';
import type { SessionRecord } from '../storage/sessions.js';
import type { StaffUser } from '../storage/staff.js';
import { Ok, StaffSessionOut } from './schemas.js';

const STAFF = ['admin', 'orgadmin', 'keyholder', 'auditor'] as const;
/** The stage of a staff session between the password and the SMS code. */
export const SECOND_FACTOR = 'second-factor';
const CODE_TTL_MS = 5 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
const codeHash = (userId: string, code: string): string => createHash('sha256').update(`staff-code:${userId}:${code}`).digest('hex');

const SecondFactorOut = z
  .object({ secondFactor: z.literal('sms'), sentTo: z.string(), csrfToken: z.string() })
  .meta({ id: 'SecondFactorRequired', description: 'The password was right; now send the SMS code to /api/staff/login/code' });

const sessionOut = (user: Omit<StaffUser, 'passwordHash'>, s: SessionRecord): z.input<typeof StaffSessionOut> => ({
  user: { id: user.id, username: user.username, role: user.role, orgId: user.orgId, displayName: user.displayName },
  csrfToken: s.csrfToken,
  expiresAt: new Date(s.expiresAt).toISOString(),
});

export function staffRoutes(svc: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/staff/login',
      summary: 'Sign in with username and password; starts a new staff session (new id, new CSRF token)',
      description:
        'Failures are counted per (username, client address) with exponential backoff and per address; an account is never locked by anonymous requests.',
      tags: ['staff'],
      roles: ['public'],
      rateLimit: 'staffAuth',
      csrf: false,
      body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }).strict(),
      response: { schema: z.union([StaffSessionOut, SecondFactorOut]) },
      handler: async ({ body, req, res, log }) => {
        const loginKey = AttemptLimiter.loginKey(body.username, req.ip);
        const ipKey = AttemptLimiter.ipKey(req.ip);
        svc.attempts.assertOpen(ipKey);
        svc.attempts.assertOpen(loginKey);
        const user = svc.store.staff.byUsername(body.username);
        const ok =
          user !== undefined && !user.disabled
            ? await verifyPassword(body.password, user.passwordHash)
            : await burnPasswordCheck(body.password, svc.config.scryptCost);
        if (!ok || user === undefined) {
          const state = svc.attempts.recordFailure(loginKey, 'consecutive');
          svc.attempts.recordFailure(ipKey, 'window');
          log.warn({ usernameHash: sha256Hex(body.username.toLowerCase()).slice(0, 16), failures: state.failures, ip: req.ip }, 'staff sign-in failed');
          throw new ApiError('Unauthorized', 'Wrong username or password');
        }
        svc.attempts.reset(loginKey);
        if (user.secondFactor === 'sms') {
          const phone = svc.store.staff.contact(user.id).phone;
          if (phone === null) throw new ApiError('Forbidden', 'No phone number is on file for your second factor; ask your commission.');
          const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
          const pending = svc.sessions.start(req, res, {
            kind: 'staff',
            userId: user.id,
            stage: SECOND_FACTOR,
            data: { codeHash: codeHash(user.id, code), codeExpiresAt: Date.now() + CODE_TTL_MS, codeAttempts: 0 },
          });
          await svc.notifier.send({ electionId: null, voterId: null, kind: 'sms-code', channel: 'sms', to: phone, body: `[BallotLedger] 로그인 확인 코드 ${code} (5분 안에 입력하세요)` });
          log.info({ userId: user.id }, 'staff password accepted; second factor sent');
          return { secondFactor: 'sms' as const, sentTo: maskRecipient(phone), csrfToken: pending.csrfToken };
        }
        const session = svc.sessions.start(req, res, { kind: 'staff', userId: user.id, stage: 'active' });
        log.info({ userId: user.id, role: user.role }, 'staff signed in');
        const { passwordHash: _omit, ...publicUser } = user;
        return sessionOut(publicUser, session);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/staff/login/code',
      summary: 'Second factor: the 6-digit code sent by SMS after the password (organization admins)',
      tags: ['staff'],
      roles: ['public'],
      rateLimit: 'staffAuth',
      csrf: false,
      body: z.object({ code: z.string().regex(/^\d{6}$/) }).strict(),
      response: { schema: StaffSessionOut },
      handler: ({ body, req, res, log }) => {
        const pending = svc.sessions.read(req, 'staff');
        if (pending?.userId == null || pending.stage !== SECOND_FACTOR) throw new ApiError('Unauthorized', 'Sign in with your password first.');
        const data = pending.data as { codeHash?: string; codeExpiresAt?: number; codeAttempts?: number };
        const attempts = (data.codeAttempts ?? 0) + 1;
        if (attempts > MAX_CODE_ATTEMPTS || (data.codeExpiresAt ?? 0) < Date.now()) {
          svc.sessions.destroy(req, res, 'staff');
          throw new ApiError('Unauthorized', 'The code expired or too many wrong codes were entered; sign in again.');
        }
        if (!safeEqual(codeHash(pending.userId, body.code), data.codeHash ?? '')) {
          svc.sessions.update(pending, { data: { ...data, codeAttempts: attempts } });
          throw new ApiError('IdentityCheckFailed', 'Wrong code.');
        }
        const user = svc.store.staff.byId(pending.userId);
        if (user === undefined || user.disabled) throw new ApiError('Unauthorized', 'The account is not available.');
        const session = svc.sessions.rotate(res, pending, { stage: 'active', data: {} });
        log.info({ userId: user.id, role: user.role }, 'staff signed in (second factor)');
        const { passwordHash: _omit, ...publicUser } = user;
        return sessionOut(publicUser, session);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/staff/session',
      summary: 'The current staff session and its CSRF token',
      tags: ['staff'],
      roles: [...STAFF],
      response: { schema: StaffSessionOut },
      handler: ({ auth }) => {
        const p = auth.principal as StaffPrincipal;
        return sessionOut(p.user, p.session);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/staff/logout',
      summary: 'Sign out (the session is deleted server side)',
      tags: ['staff'],
      roles: [...STAFF],
      response: { schema: Ok },
      handler: ({ req, res }) => {
        svc.sessions.destroy(req, res, 'staff');
        return { ok: true as const };
      },
    }),
  ];
}
