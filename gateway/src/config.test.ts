import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe development defaults', () => {
    const c = loadConfig({});
    expect(c).to.deep.include({ env: 'development', port: 8080, retentionDays: 7, cookieSecure: false, devRoutes: false, trustProxy: false });
    expect(loadConfig({ BL_DEV_ROUTES: 'true' }).devRoutes).to.equal(true);
    expect(c.identityProviders).to.deep.equal(['birthdate', 'sms-code']);
    expect(c.fees.identity.carrier).to.equal(55);
    expect(c.limits.jsonBytes).to.equal(262_144);
  });

  it('refuses unsafe production settings, listing every problem', () => {
    try {
      loadConfig({ NODE_ENV: 'production', BL_COOKIE_SECURE: 'false', BL_DEV_ROUTES: 'true' });
      expect.fail('should throw');
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      const p = (e as ConfigError).problems.join('\n');
      for (const k of ['BL_PII_KEY', 'BL_COOKIE_SECURE', 'BL_DEV_ROUTES', 'BL_NOTIFICATION_PROVIDER', 'BL_PUBLIC_BASE_URL']) expect(p).to.include(k);
    }
    const ok = loadConfig({
      NODE_ENV: 'production',
      BL_PII_KEY: randomBytes(32).toString('base64'),
      BL_NOTIFICATION_PROVIDER: 'carrier-x',
      BL_PUBLIC_BASE_URL: 'https://vote.example.kr/',
      BL_TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    expect(ok).to.deep.include({ cookieSecure: true, devRoutes: false, publicBaseUrl: 'https://vote.example.kr', trustProxy: 'loopback, 10.0.0.0/8' });
  });

  it('validates numbers and merges a partial fee table', () => {
    expect(() => loadConfig({ BL_PORT: 'eighty' })).to.throw(ConfigError, /BL_PORT/);
    expect(() => loadConfig({ BL_LINK_MAX_FAILURES: '50' })).to.throw(ConfigError, /BL_LINK_MAX_FAILURES/);
    const c = loadConfig({ BL_FEE_TABLE: '{"lms": 30, "identity": {"carrier": 60}}' });
    expect(c.fees.lms).to.equal(30);
    expect(c.fees.identity.carrier).to.equal(60);
    expect(c.fees.identity.ars).to.equal(25.3);
    expect(() => loadConfig({ BL_FEE_TABLE: '{"sms": -1}' })).to.throw(ConfigError, /BL_FEE_TABLE/);
  });
});
