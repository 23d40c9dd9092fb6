/** Staff sign-in (commission staff, organization admins, key holders, auditors). */
import { z } from 'zod';
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
      response: { schema: StaffSessionOut },
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
          log.warn({ username: body.username, failures: state.failures, ip: req.ip }, 'staff sign-in failed');
          throw new ApiError('Unauthorized', 'Wrong username or password');
        }
        svc.attempts.reset(loginKey);
        const session = svc.sessions.start(req, res, { kind: 'staff', userId: user.id, stage: 'active' });
        log.info({ userId: user.id, role: user.role }, 'staff signed in');
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
