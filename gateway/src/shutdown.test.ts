import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { z } from 'zod';
import { defineRoute } from './http/route.js';
import { createShutdown } from './shutdown.js';
import { makeHarness } from './testing/harness.js';
import { silentLogger } from './logger.js';
import { createServices } from './services.js';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new connections, then closes the store', async () => {
    let release: () => void = () => undefined;
    const slow = defineRoute({
      method: 'get',
      path: '/api/slow',
      summary: 'slow',
      roles: ['public'],
      rateLimit: 'none',
      response: { schema: z.object({ done: z.boolean() }) },
      handler: () => new Promise<{ done: boolean }>((resolve) => (release = () => resolve({ done: true }))),
    });
    const h = makeHarness({}, { routes: [slow] });
    const server = createServer(h.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const inflight = get(port, '/api/slow');
    await new Promise((r) => setTimeout(r, 50));
    const shutdown = createShutdown({ server, logger: silentLogger(), timeoutMs: 5000, cleanup: [() => h.store.close()] });
    const done = shutdown('test');
    await new Promise((r) => setTimeout(r, 20));
    const refused = await get(port, '/healthz').then(() => false, () => true);
    expect(refused).to.equal(true);
    expect(h.store.db.isOpen).to.equal(true);
    release();
    expect(await inflight).to.deep.equal({ status: 200, body: '{"done":true}' });
    await done;
    expect(h.store.db.isOpen).to.equal(false);
    expect(shutdown('again')).to.equal(done);
  });

  it('unknown identity or notification providers fail at startup', () => {
    const h = makeHarness();
    expect(() => createServices({ ...h.config, identityProviders: ['birthdate', 'pass-carrier'] }, silentLogger(), h.store)).to.throw(/Unknown identity provider\(s\) pass-carrier/);
    expect(() => createServices({ ...h.config, notificationProvider: 'kakao' }, silentLogger(), h.store)).to.throw(/Unknown notification provider "kakao"/);
  });
});
