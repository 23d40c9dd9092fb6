import { expect } from 'chai';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FabricUnavailableError, parseBlockedStamp, resolveFabricInstall, blockedBanner, FABRIC_BINARIES, CCAAS_BINARIES, FABRIC_CONFIG_FILES, CA_BINARIES } from './fabric-home.js';

const STAMP = `status: blocked
date: 2026-11-23T22:11:36Z
command: go mod download -json github.com/hyperledger/fabric@v1.4.0-rc1.0.20260618074816-86c1172bec37
error: github.com/hyperledger/fabric@v1.4.0-rc1.0.20260618074816-86c1172bec37: reading https://proxy.example/…: 403 Forbidden
---
full error
\tserver response: This module version is not available.
`;

function fakeFabricHome(dir: string, skip?: string): void {
  const files = [...FABRIC_BINARIES.map((b) => `bin/${b}`), ...CCAAS_BINARIES.map((b) => `builders/ccaas/bin/${b}`), ...FABRIC_CONFIG_FILES.map((f) => `config/${f}`)];
  for (const f of files) {
    if (f === skip) continue;
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
    chmodSync(join(dir, f), 0o755);
  }
}
function fakeCa(cache: string): void {
  for (const b of CA_BINARIES) {
    mkdirSync(join(cache, 'ballotledger/fabric-ca-1.5.21/bin'), { recursive: true });
    writeFileSync(join(cache, 'ballotledger/fabric-ca-1.5.21/bin', b), '');
  }
}

describe('Fabric binaries resolution', () => {
  it('parses the BLOCKED stamp written by scripts/fabric-binaries.sh', () => {
    const s = parseBlockedStamp(STAMP)!;
    expect(s.command).to.match(/^go mod download -json github.com\/hyperledger\/fabric@v1\.4\.0-rc1/);
    expect(s.error).to.match(/403 Forbidden$/);
    expect(s.details).to.match(/This module version is not available/);
    expect(blockedBanner(s)).to.match(/BLOCKED.*\n.*command: go mod download/);
    expect(parseBlockedStamp('status: ok\n')).to.equal(undefined);
  });

  it('says "blocked" when the proxy refused Fabric, "not-built" when nothing was tried', () => {
    const cache = mkdtempSync(join(tmpdir(), 'bl-cache-'));
    fakeCa(cache);
    const env = { XDG_CACHE_HOME: cache, HOME: '/nonexistent' };
    expect(() => resolveFabricInstall(env)).to.throw(FabricUnavailableError).with.property('reason', 'not-built');
    mkdirSync(join(cache, 'ballotledger/fabric-3.1.5'), { recursive: true });
    writeFileSync(join(cache, 'ballotledger/fabric-3.1.5/BLOCKED'), STAMP);
    try {
      resolveFabricInstall(env);
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(FabricUnavailableError);
      expect((err as FabricUnavailableError).reason).to.equal('blocked');
      expect((err as FabricUnavailableError).message).to.match(/403 Forbidden/);
    }
  });

  it('uses a complete BALLOTLEDGER_FABRIC_HOME and rejects an incomplete one', () => {
    const cache = mkdtempSync(join(tmpdir(), 'bl-cache-'));
    fakeCa(cache);
    const home = mkdtempSync(join(tmpdir(), 'bl-fabric-'));
    fakeFabricHome(home);
    const install = resolveFabricInstall({ XDG_CACHE_HOME: cache, BALLOTLEDGER_FABRIC_HOME: home });
    expect(install.source).to.equal('override');
    expect(install.bin('peer')).to.equal(join(home, 'bin/peer'));
    expect(install.ccaasBuilder).to.equal(join(home, 'builders/ccaas'));
    const partial = mkdtempSync(join(tmpdir(), 'bl-fabric-'));
    fakeFabricHome(partial, 'builders/ccaas/bin/release');
    expect(() => resolveFabricInstall({ XDG_CACHE_HOME: cache, BALLOTLEDGER_FABRIC_HOME: partial }))
      .to.throw(/builders\/ccaas\/bin\/release/).with.property('reason', 'incomplete');
  });

  it('uses the version-keyed cache by default', () => {
    const cache = mkdtempSync(join(tmpdir(), 'bl-cache-'));
    fakeCa(cache);
    fakeFabricHome(join(cache, 'ballotledger/fabric-3.1.5'));
    const install = resolveFabricInstall({ XDG_CACHE_HOME: cache });
    expect(install.source).to.equal('cache');
    expect(install.caBinary('fabric-ca-server')).to.equal(join(cache, 'ballotledger/fabric-ca-1.5.21/bin/fabric-ca-server'));
  });
});
