// The role × route permission matrix, over every route the gateway mounts (the ledger-backed ones
// on a stub ledger: the role check runs before any handler). A caller whose role a route does not
// list must get 401 (no session) or 403 (a session of another role); a listed role must never be
// turned away by the role layer.
import { expect } from 'chai';
import type { RouteDefinition } from '../http/route.js';
import { addStaff, makeHarness, seedRoll, signIn, type Harness } from '../testing/harness.js';
import { ApiSession } from '../testing/api-clients.js';
import { verifiedVoterSession } from '../testing/voter-session.js';
import type { Services } from '../services.js';
import { stubLedger } from '../testing/stub-ledger.js';
import { ledgerRoutes } from './ledger-routes.js';

const ROLE_DENIED = 'Your session does not allow this request';

const PARAMS: Record<string, string> = {
  electionId: 'e1',
  ref: 'APP-2026-ABCDEF12',
  tracker: 'a'.repeat(64),
  credential: 'A'.repeat(43),
  sha256: 'b'.repeat(64),
  id: 'C'.repeat(22),
  voterId: 'v1',
};

const pathOf = (route: RouteDefinition): string => route.path.replace(/:([A-Za-z]+)/g, (_, p: string) => PARAMS[p] ?? 'x');

describe('permission matrix (every route × every role)', function () {
  this.timeout(60_000);
  let h: Harness;
  let routes: RouteDefinition[];
  const sessions = new Map<string, ApiSession>();

  before(async () => {
    const ledger = stubLedger();
    h = makeHarness({ BL_RATE_API: '100000', BL_RATE_PUBLIC: '100000', BL_RATE_STAFF_AUTH: '100000', BL_RATE_VOTER_AUTH: '100000', BL_RATE_UPLOAD: '100000', BL_RATE_ROLL_SEARCH: '100000' }, { routes: (svc: Services) => ledgerRoutes(svc, ledger) });
    routes = h.app.locals['routes'] as RouteDefinition[];
    seedRoll(h);
    for (const role of ['admin', 'orgadmin', 'keyholder', 'auditor'] as const) {
      await addStaff(h, `${role}-user`, role);
      const { agent, csrf } = await signIn(h, `${role}-user`);
      const s = new ApiSession(h.app);
      Object.assign(s, { agent, csrf });
      sessions.set(role, s);
    }
    sessions.set('voter', await verifiedVoterSession(h));
    sessions.set('anonymous', new ApiSession(h.app));
  });

  it('turns away every role a route does not list, and no role it lists', async () => {
    const checked: string[] = [];
    for (const route of routes) {
      // public routes need no session; sign-outs would end the sessions the matrix reuses
      if (route.roles.includes('public') || route.path.endsWith('/logout')) continue;
      for (const [who, session] of sessions) {
        const allowed = route.roles.includes(who as never) || (who === 'voter' && (route.roles.includes('voter') || route.roles.includes('voter-session')));
        const path = pathOf(route);
        // an allowed event stream stays open: only its refusals are checked
        if (allowed && route.file?.contentType === 'text/event-stream') continue;
        const r = route.method === 'get' ? await session.get(path) : await session.agent[route.method](path).set('x-csrf-token', session.csrf).send({});
        const denied = r.status === 401 || (r.status === 403 && r.body?.error?.message === ROLE_DENIED);
        if (allowed) expect(denied, `${who} must reach ${route.method.toUpperCase()} ${route.path} (got ${r.status} ${JSON.stringify(r.body)})`).to.equal(false);
        else expect([401, 403], `${who} must be refused ${route.method.toUpperCase()} ${route.path} (got ${r.status})`).to.include(r.status);
        checked.push(`${who} ${route.method} ${route.path}`);
      }
    }
    expect(checked.length).to.be.greaterThan(200);
  });

  it('follows the policy: admin routes never to voters or key holders, decisions to commission staff only, key-holder signing to key holders only', () => {
    for (const route of routes) {
      const where = `${route.method.toUpperCase()} ${route.path}`;
      if (route.path.startsWith('/api/admin/')) {
        expect(route.roles, where).to.not.include.members(['voter', 'voter-session', 'keyholder', 'public']);
      }
      if (route.path.startsWith('/api/admin/applications') || route.path === '/api/admin/blackouts') expect(route.roles, where).to.deep.equal(['admin']);
      if (route.path.startsWith('/api/keyholder/') && !['/api/keyholder/challenge', '/api/keyholder/login'].includes(route.path)) {
        expect(route.roles, where).to.deep.equal(['keyholder']);
      }
      if (route.path === '/api/voter/ballot' || route.path === '/api/voter/spoiled') expect(route.roles, where).to.deep.equal(['voter']);
      if (route.path.startsWith('/api/audit/') && route.path !== '/api/audit/peers') expect(route.roles, where).to.deep.equal(['auditor']);
    }
  });
});
