import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { caServices } from './ca-services.js';

describe('CA client (fabric-ca-client, one connection per request)', () => {
  it('leaves no listener behind: 12 enrollments in a row open 12 connections and raise no MaxListenersExceededWarning', async () => {
    // A stand-in CA that refuses every enrollment, as fabric-ca-server does for a wrong secret.
    let connections = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, errors: [{ code: 20, message: 'Authentication failure' }] })));
    });
    server.on('connection', () => connections++);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const warnings: string[] = [];
    const onWarning = (w: Error): void => {
      warnings.push(`${w.name}: ${w.message}`);
    };
    process.on('warning', onWarning);
    try {
      const services = caServices({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, caName: 'ca-test', tlsCaCert: '' });
      for (let i = 0; i < 12; i++) {
        const refused = await services.enroll({ enrollmentID: 'nobody', enrollmentSecret: 'wrong' }).then(() => undefined, (err: Error) => err);
        expect(refused?.message).to.match(/Authentication failure/);
      }
      await new Promise((r) => setImmediate(r));
      expect(connections).to.equal(12);
      expect(warnings.filter((w) => w.includes('MaxListeners'))).to.deep.equal([]);
    } finally {
      process.off('warning', onWarning);
      server.closeAllConnections();
      server.close();
    }
  });
});
