import { expect } from 'chai';
import supertest from 'supertest';
import { makeHarness, type Harness } from '../testing/harness.js';

function withMessage(env: Record<string, string>): Harness {
  const h = makeHarness(env);
  h.store.outbox.add({ electionId: 'e1', voterId: 'v1', kind: 'invitation', channel: 'sms', recipient: '010-1234-5678', recipientHint: '010-****-5678', subject: null, body: 'https://x/v/secret-token#credential', bytes: 40, provider: 'dev-outbox', costTenths: 121 });
  return h;
}

describe('development routes (the readable dev outbox)', () => {
  it('are off unless BL_DEV_ROUTES=true', async () => {
    const r = await supertest(withMessage({}).app).get('/api/dev/outbox').expect(404);
    expect(r.text).not.to.include('secret-token');
  });

  it('answer only requests made on this machine, never through a proxy', async () => {
    const h = withMessage({ BL_DEV_ROUTES: 'true', BL_TRUST_PROXY: 'loopback' });
    const local = await supertest(h.app).get('/api/dev/outbox').expect(200);
    expect(local.body[0].body).to.include('secret-token');
    for (const [header, value] of [['X-Forwarded-For', '203.0.113.9'], ['X-Forwarded-For', '127.0.0.1'], ['Forwarded', 'for=198.51.100.4']] as const) {
      const r = await supertest(h.app).get('/api/dev/outbox').set(header, value).expect(403);
      expect(r.body.error.code).to.equal('Forbidden');
      expect(r.text).not.to.include('secret-token');
    }
  });
});
