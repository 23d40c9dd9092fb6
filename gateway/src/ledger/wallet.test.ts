import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Wallet, type WalletIdentity } from './wallet.js';

const identity: WalletIdentity = { mspId: 'CentralMSP', certificate: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n', privateKey: '-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----\n' };
const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('Wallet', () => {
  it('keeps its folder 0700 and every identity file 0600, also when a file existed with a wider mode', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ballotledger-wallet-')), 'wallet');
    const wallet = new Wallet(dir);
    expect(modeOf(dir)).to.equal(0o700);
    wallet.put('gateway', identity);
    expect(modeOf(join(dir, 'gateway.id.json'))).to.equal(0o600);
    writeFileSync(join(dir, 'auditor.id.json'), '{}', { mode: 0o644 });
    wallet.put('auditor', identity);
    expect(modeOf(join(dir, 'auditor.id.json'))).to.equal(0o600);
    expect(wallet.get('auditor')).to.deep.equal(identity);
  });

  it('returns an identity it has without asking the CA, and refuses names that could leave the folder', async () => {
    const wallet = new Wallet(mkdtempSync(join(tmpdir(), 'ballotledger-wallet-')));
    wallet.put('gateway', identity);
    const unreachable = { url: 'https://ca.invalid:1', caName: 'ca', tlsCaCert: '' };
    expect(await wallet.ensure('gateway', 'CentralMSP', unreachable, () => { throw new Error('the CA was asked'); })).to.deep.equal(identity);
    expect(() => wallet.put('../gateway', identity)).to.throw(/bad identity name/);
  });
});
