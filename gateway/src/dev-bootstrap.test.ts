import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkProfile } from '@ballotledger/test-network';
import { expect } from 'chai';
import { loadConfig } from './config.js';
import { devBootstrap } from './dev-bootstrap.js';
import { Store } from './storage/store.js';

describe('development bootstrap (npm start)', () => {
  it('writes the admin and auditor passwords once and the key-holder line once, however often the gateway starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-dev-'));
    try {
      writeFileSync(join(dir, 'cert.pem'), 'CERT');
      writeFileSync(join(dir, 'key.pem'), 'KEY');
      const profile = {
        orgs: [{ name: 'Central', identities: { keyholder1: { name: 'keyholder1', mspId: 'CentralMSP', role: 'keyholder', certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') } } }],
      } as unknown as NetworkProfile;
      const config = loadConfig({ BL_DATA_DIR: dir, BL_SCRYPT_COST: '1024' });
      const store = new Store({ path: join(dir, 'gateway.db'), piiKey: randomBytes(32) });
      try {
        const file = await devBootstrap(config, store, profile);
        await devBootstrap(config, store, profile);
        await devBootstrap(config, store, profile);
        const lines = readFileSync(file!, 'utf8').trim().split('\n');
        expect(lines.filter((l) => l.startsWith('admin console:'))).to.have.length(1);
        expect(lines.filter((l) => l.startsWith('auditor:'))).to.have.length(1);
        expect(lines.filter((l) => l.startsWith('key-holder identity files'))).to.have.length(1);
        expect(statSync(file!).mode & 0o777).to.equal(0o600);
        const identity = JSON.parse(readFileSync(join(dir, 'keyholders', 'central-keyholder1.json'), 'utf8'));
        expect(identity).to.deep.equal({ mspId: 'CentralMSP', enrollmentId: 'keyholder1', certificate: 'CERT', privateKey: 'KEY' });
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
