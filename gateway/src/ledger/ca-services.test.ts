import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CaUnreachableError, caServices, reachCa } from './ca-services.js';

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

  it('reachCa: a CA that does not answer becomes CaUnreachableError; a CA that answers "no" keeps its own error', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const down = await reachCa('ca-test', () => caServices({ url: `http://127.0.0.1:${port}`, caName: 'ca-test', tlsCaCert: '' }).enroll({ enrollmentID: 'x', enrollmentSecret: 'y' })).then(() => undefined, (err: Error) => err);
    expect(down).to.be.instanceOf(CaUnreachableError);
    expect(down?.message).to.match(/^certificate authority ca-test did not answer: Calling enroll endpoint failed with error \[Error: connect ECONNREFUSED/);
    const refusing = new Error('fabric-ca request register failed with errors [[ { code: 0, message: \'Identity already registered\' } ]]');
    expect(await reachCa('ca-test', () => Promise.reject(refusing)).then(() => undefined, (err: Error) => err)).to.equal(refusing);
  });
});
