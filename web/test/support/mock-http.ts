// The mock gateway over real HTTP (web/dist + /api on one port), with one staff session per
// cookie and the dev outbox (GET /api/dev/outbox?kind=) — to dry-run the real-stack journeys'
// selectors and flow without a Fabric network:
//   cd web && npm run build && npm run build:test && node test-dist/support/mock-http.js 8099 &
//   BL_E2E_BASE_URL=http://127.0.0.1:8099 BL_E2E_STAFF_USER=central-staff \
//     BL_E2E_STAFF_PASSWORD='correct horse battery' npx mocha --timeout 120000 test-dist/real-stack-desk.e2e.test.js
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { Route } from 'playwright-core';
import type { MockUser } from './desk-mock.js';
import { MockGateway } from './mock-gateway.js';
import { CSP, DIST } from './server.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.woff2': 'font/woff2', '.svg': 'image/svg+xml' };

interface StaffState {
  adminLoggedIn: boolean;
  staffUser: MockUser;
  pending: MockGateway['desk']['pending'];
}

export function startMockHttp(port: number, gw = new MockGateway({ electionState: 'draft' })): Promise<Server> {
  const sessions = new Map<string, StaffState>();
  const stamped = new WeakMap<object, string>();
  let chain: Promise<void> = Promise.resolve();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    res.setHeader('Content-Security-Policy', CSP);
    if (!url.pathname.startsWith('/api/')) {
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      let file = join(DIST, rel);
      if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      createReadStream(file).pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // one request at a time: the mock's session state is swapped in and out per cookie
      chain = chain.then(async () => {
        const body = Buffer.concat(chunks);
        let sid = /mocksid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
        const setCookie: Record<string, string> = {};
        if (sid === undefined) {
          sid = randomBytes(8).toString('hex');
          setCookie['set-cookie'] = `mocksid=${sid}; Path=/; HttpOnly; SameSite=Strict`;
        }
        const s = sessions.get(sid) ?? { adminLoggedIn: false, staffUser: gw.staffUser, pending: null };
        gw.adminLoggedIn = s.adminLoggedIn;
        gw.staffUser = s.staffUser;
        gw.desk.pending = s.pending;
        if (url.pathname === '/api/dev/outbox') {
          const kind = url.searchParams.get('kind');
          res.writeHead(200, { 'content-type': 'application/json', ...setCookie });
          res.end(JSON.stringify(gw.desk.outbox.filter((m) => kind === null || m.kind === kind).map((m) => ({ kind: m.kind, channel: m.channel, recipient: m.to, body: m.body, createdAt: stamped.get(m) }))));
          return;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
        const route = {
          request: () => ({ url: () => url.href, method: () => req.method ?? 'GET', headers: () => headers, postDataBuffer: () => (body.length > 0 ? body : null) }),
          fulfill: async (o: { status?: number; contentType?: string; headers?: Record<string, string>; body?: string | Buffer }) => {
            res.writeHead(o.status ?? 200, { ...(o.headers ?? {}), ...(o.contentType ? { 'content-type': o.contentType } : {}), ...setCookie });
            res.end(o.body);
          },
          abort: async () => {
            res.destroy();
          },
        } as unknown as Route;
        try {
          await (gw as unknown as { handle(r: Route): Promise<void> }).handle(route);
        } catch (e) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'Internal', message: String(e) } }));
        }
        for (const m of gw.desk.outbox) if (!stamped.has(m)) stamped.set(m, new Date().toISOString());
        sessions.set(sid, { adminLoggedIn: gw.adminLoggedIn, staffUser: gw.staffUser, pending: gw.desk.pending });
      });
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1]?.endsWith('mock-http.js')) {
  const port = Number(process.argv[2] ?? 8099);
  await startMockHttp(port);
  console.log(`mock gateway + web/dist on http://127.0.0.1:${port} (staff: central-staff / correct horse battery)`);
}
