import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { z } from 'zod';
import { defineRoute } from './http/route.js';
import { addStaff, makeHarness, signIn } from './testing/harness.js';

describe('createApp', () => {
  it('sets a strict CSP and the other security headers on API and page responses', async () => {
    const h = makeHarness();
    const r = await supertest(h.app).get('/healthz').expect(200);
    const csp = r.headers['content-security-policy'] as string;
    expect(csp).to.include("default-src 'self'");
    expect(csp).to.include("script-src 'self'");
    expect(csp).to.include("img-src 'self' data:");
    expect(csp).to.include("frame-ancestors 'none'");
    expect(csp).to.include("object-src 'none'");
    expect(csp).not.to.include('unsafe-inline');
    expect(csp).not.to.include('unsafe-eval');
    expect(r.headers['x-content-type-options']).to.equal('nosniff');
    expect(r.headers['referrer-policy']).to.equal('no-referrer');
    expect(r.headers['x-frame-options']).to.equal('DENY');
    expect(r.headers['strict-transport-security']).to.equal(undefined);
    expect(r.headers['x-powered-by']).to.equal(undefined);
    expect(r.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(r.headers['cache-control']).to.equal('no-store');
  });

  it('sends HSTS and upgrade-insecure-requests when cookies are secure', async () => {
    const h = makeHarness({ BL_COOKIE_SECURE: 'true' });
    const r = await supertest(h.app).get('/healthz').expect(200);
    expect(r.headers['strict-transport-security']).to.match(/max-age=31536000/);
    expect(r.headers['content-security-policy']).to.include('upgrade-insecure-requests');
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const h = makeHarness();
    const ok = await supertest(h.app).get('/healthz').set('X-Request-Id', 'abc-12345678').expect(200);
    expect(ok.headers['x-request-id']).to.equal('abc-12345678');
    const bad = await supertest(h.app).get('/healthz').set('X-Request-Id', '<script>').expect(200);
    expect(bad.headers['x-request-id']).not.to.equal('<script>');
  });

  it('answers /healthz and /readyz, and 503 with the failed check when a readiness check fails', async () => {
    const h = makeHarness();
    expect((await supertest(h.app).get('/healthz').expect(200)).body).to.deep.equal({ status: 'ok' });
    expect((await supertest(h.app).get('/readyz').expect(200)).body.checks).to.deep.equal(['store']);
    const bad = makeHarness({}, { readiness: [{ name: 'fabric', check: () => Promise.resolve(false) }] });
    const r = await supertest(bad.app).get('/readyz').expect(503);
    expect(r.body.error.code).to.equal('Unavailable');
    expect(r.body.error.details.failed).to.deep.equal(['fabric']);
  });

  it('exposes Prometheus metrics with route patterns (never raw URLs) and accepts metrics from other modules', async () => {
    const h = makeHarness();
    const { Counter } = await import('prom-client');
    h.svc.metrics.register(new Counter({ name: 'fabric_submits_total', help: 'test', registers: [] })).inc(3);
    await supertest(h.app).get('/api/photos/' + 'a'.repeat(64)).expect(404);
    const r = await supertest(h.app).get('/metrics').expect(200);
    expect(r.headers['content-type']).to.match(/text\/plain/);
    expect(r.text).to.include('http_requests_total{method="GET",route="/api/photos/:sha256",status="404"');
    expect(r.text).to.include('http_request_duration_seconds_bucket');
    expect(r.text).to.include('fabric_submits_total{service="gateway"} 3');
    expect(r.text).not.to.include('a'.repeat(64));
  });

  it('serves /metrics only on this machine, or anywhere with the bearer token when BL_METRICS_TOKEN is set', async () => {
    const local = makeHarness({ BL_TRUST_PROXY: 'loopback' });
    await supertest(local.app).get('/metrics').expect(200);
    expect((await supertest(local.app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(401)).text).not.to.include('http_requests_total');
    const token = 'm'.repeat(32);
    const h = makeHarness({ BL_METRICS_TOKEN: token });
    await supertest(h.app).get('/metrics').expect(401);
    await supertest(h.app).get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token-wrong').expect(401);
    const r = await supertest(h.app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(r.text).to.include('http_requests_total');
  });

  it('serves the OpenAPI 3.1 document and an HTML route list without inline script', async () => {
    const h = makeHarness();
    const r = await supertest(h.app).get('/api/docs/openapi.json').expect(200);
    const doc = JSON.parse(r.text) as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).to.equal('3.1.0');
    const login = doc.paths['/api/staff/login']?.['post'];
    expect(login?.['x-roles']).to.deep.equal(['public']);
    expect(JSON.stringify(login?.['requestBody'])).to.include('"password"');
    const patch = doc.paths['/api/admin/elections/{electionId}/voters/{voterId}']?.['patch'];
    expect(patch?.['x-roles']).to.deep.equal(['admin', 'orgadmin']);
    expect(JSON.stringify(patch?.['parameters'])).to.include('#/components/schemas/ElectionId');
    expect(doc.components.schemas).to.have.keys('ElectionId', 'VoterId', 'Error', 'RollReport', 'RollProblem', 'StaffSession', 'StaffUser', 'VoterSession', 'Captcha', 'IdentityChallenge', 'CostEstimate', 'RollInfo', 'RollPage', 'Voter', 'Photo', 'SecondFactorRequired');
    const list = doc.paths['/api/admin/elections/{electionId}/voters']?.['get'];
    expect(list?.['x-rate-limit']).to.equal('rollSearch');
    expect(JSON.stringify(list?.['parameters'])).to.include('"pageSize"');
    expect(JSON.stringify(doc)).not.to.include('$defs');
    expect(doc.paths['/api/dev/outbox']).to.equal(undefined);
    const html = await supertest(h.app).get('/api/docs').expect(200);
    expect(html.text).to.include('/api/docs/openapi.json');
    expect(html.text).not.to.match(/<script|style=/i);
  });

  it('routes declared by later modules get validation, roles and an OpenAPI entry from one definition', async () => {
    const h = makeHarness({}, {
      routes: () => [
        defineRoute({
          method: 'post',
          path: '/api/admin/elections/:electionId/close',
          summary: 'test route',
          roles: ['admin'],
          params: z.object({ electionId: z.string().regex(/^e\d$/) }),
          body: z.object({ reason: z.string().min(3) }),
          response: { schema: z.object({ closed: z.string() }) },
          handler: ({ params, body }) => ({ closed: `${params.electionId}:${body.reason}`, secretField: 'x' }),
        }),
      ],
    });
    await addStaff(h, 'ann', 'admin');
    await supertest(h.app).post('/api/admin/elections/e1/close').send({ reason: 'done' }).expect(401);
    const { agent, csrf } = await signIn(h, 'ann');
    const bad = await agent.post('/api/admin/elections/x/close').set('x-csrf-token', csrf).send({ reason: 'n' }).expect(400);
    expect(bad.body.error.code).to.equal('ValidationFailed');
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).to.deep.equal(['params.electionId']);
    const bad2 = await agent.post('/api/admin/elections/e1/close').set('x-csrf-token', csrf).send({ reason: 'n' }).expect(400);
    expect(bad2.body.error.details.fields[0].path).to.equal('body.reason');
    const ok = await agent.post('/api/admin/elections/e1/close').set('x-csrf-token', csrf).send({ reason: 'done' }).expect(200);
    expect(ok.body).to.deep.equal({ closed: 'e1:done' }); // fields outside the schema are stripped
    const doc = JSON.parse((await supertest(h.app).get('/api/docs/openapi.json')).text) as { paths: Record<string, unknown> };
    expect(doc.paths).to.have.property('/api/admin/elections/{electionId}/close');
  });

  it('refuses oversized JSON with 413, malformed JSON with 400, non-JSON bodies with 415', async () => {
    const h = makeHarness({ BL_JSON_LIMIT_BYTES: '2048' });
    const big = await supertest(h.app).post('/api/voter/link').send({ token: 'x'.repeat(5000) }).expect(413);
    expect(big.body.error.code).to.equal('PayloadTooLarge');
    const bad = await supertest(h.app).post('/api/voter/link').set('Content-Type', 'application/json').send('{"token":').expect(400);
    expect(bad.body.error.code).to.equal('MalformedJson');
    const form = await supertest(h.app).post('/api/staff/login').type('form').send('username=a&password=b').expect(415);
    expect(form.body.error.code).to.equal('UnsupportedMediaType');
  });

  it('returns JSON 404s for unknown API routes and never leaks stack traces', async () => {
    const h = makeHarness({}, {
      routes: [
        defineRoute({ method: 'get', path: '/api/boom', summary: 'boom', roles: ['public'], response: { schema: z.object({}) }, handler: () => { throw new Error('secret internals at /srv/x.js:1'); } }),
      ],
    });
    const r = await supertest(h.app).get('/api/nope').expect(404);
    expect(r.body).to.deep.equal({ error: { code: 'RouteNotFound', message: 'No route GET /api/nope' } });
    const boom = await supertest(h.app).get('/api/boom').expect(500);
    expect(boom.body.error.code).to.equal('Internal');
    expect(JSON.stringify(boom.body)).not.to.match(/secret internals|\.js:\d|at /);
    expect(h.logs.some((l) => l.includes('secret internals'))).to.equal(true);
  });

  it('rate-limits a route family with 429 and Retry-After', async () => {
    const h = makeHarness({ BL_RATE_VOTER_AUTH: '3' });
    for (let i = 0; i < 3; i++) await supertest(h.app).post('/api/voter/link').send({ token: 'A'.repeat(43) }).expect(401);
    const r = await supertest(h.app).post('/api/voter/link').send({ token: 'A'.repeat(43) }).expect(429);
    expect(r.body.error.code).to.equal('RateLimited');
    expect(Number(r.headers['retry-after'])).to.be.greaterThan(0);
    await supertest(h.app).get('/healthz').expect(200); // other families are unaffected
  });

  it('refuses state-changing requests from another origin', async () => {
    const h = makeHarness();
    const r = await supertest(h.app).post('/api/staff/login').set('Origin', 'https://evil.example').send({ username: 'a', password: 'b' }).expect(403);
    expect(r.body.error.code).to.equal('CsrfFailed');
  });

  it('serves web/dist with an SPA fallback for client routes, including personal-link URLs', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'bl-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const h = makeHarness({ BL_WEB_DIST: dist });
    const js = await supertest(h.app).get('/assets/app.js').expect(200);
    expect(js.headers['cache-control']).to.include('immutable');
    const page = await supertest(h.app).get('/v/SomeTokenValue123456789012345').set('Accept', 'text/html').expect(200);
    expect(page.text).to.include('id="root"');
    expect(page.headers['content-security-policy']).to.include("script-src 'self'");
    await supertest(h.app).get('/api/unknown').set('Accept', 'text/html').expect(404);
    expect(h.logs.join('\n')).not.to.include('SomeTokenValue123456789012345');
  });
});
