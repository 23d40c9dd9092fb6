import { expect } from 'chai';
import { gunzipSync } from 'node:zlib';
import { sha256Hex, tar, tgz, untar } from './tar.js';
import { CONNECTION_TEMPLATE } from './chaincode.js';

describe('chaincode package archive', () => {
  it('is byte-for-byte deterministic regardless of entry order', () => {
    const a = tgz([{ name: 'b.json', data: Buffer.from('2') }, { name: 'a.json', data: Buffer.from('1') }]);
    const b = tgz([{ name: 'a.json', data: Buffer.from('1') }, { name: 'b.json', data: Buffer.from('2') }]);
    expect(sha256Hex(a)).to.equal(sha256Hex(b));
  });

  it('round-trips through a ustar reader with 512-byte blocks', () => {
    const big = Buffer.alloc(1300, 7);
    const t = tar([{ name: 'metadata.json', data: Buffer.from('{"type":"ccaas"}') }, { name: 'code.tar.gz', data: big }]);
    expect(t.length % 512).to.equal(0);
    const files = untar(t);
    expect(files.get('metadata.json')?.toString()).to.equal('{"type":"ccaas"}');
    expect(files.get('code.tar.gz')).to.deep.equal(big);
    expect(untar(gunzipSync(tgz([{ name: 'x', data: Buffer.alloc(0) }]))).get('x')).to.have.length(0);
  });

  it('leaves every connection detail to the ccaas builder templates (one package for all orgs)', () => {
    expect(CONNECTION_TEMPLATE.address).to.equal('{{.address}}');
    expect(CONNECTION_TEMPLATE).to.include({ tls_required: true, client_auth_required: true });
    expect(JSON.stringify(CONNECTION_TEMPLATE)).to.not.match(/127\.0\.0\.1|BEGIN/);
  });
});
