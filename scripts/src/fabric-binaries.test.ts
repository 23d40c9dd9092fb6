// scripts/fabric-binaries.sh against a fake `go`: tells "the proxy refused Fabric" (exit 3 +
// BLOCKED stamp) apart from other failures, and fails clearly without go or gcc.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const SCRIPT = resolve(fileURLToPath(new URL('../fabric-binaries.sh', import.meta.url)));
const TOOLS = ['bash', 'cat', 'date', 'env', 'grep', 'head', 'tail', 'mkdir', 'mktemp', 'mv', 'rm', 'sed', 'sleep', 'wc', 'chmod', 'cp', 'dirname', 'printf'];

/** A PATH with only basic tools, a fake `go` (body given) and optionally gcc. */
function sandbox(goBody: string | undefined, withGcc = true) {
  const root = mkdtempSync(join(tmpdir(), 'bl-binaries-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  for (const t of TOOLS) {
    const src = ['/usr/bin', '/bin'].map((d) => join(d, t)).find((p) => existsSync(p));
    if (src) symlinkSync(src, join(bin, t));
  }
  if (goBody !== undefined) {
    writeFileSync(join(bin, 'go'), `#!/bin/bash\nif [[ "$1 $2" == "env GOVERSION" ]]; then echo go1.26.8; exit 0; fi\n${goBody}\n`);
    chmodSync(join(bin, 'go'), 0o755);
  }
  if (withGcc) {
    writeFileSync(join(bin, 'gcc'), '#!/bin/bash\nexit 0\n');
    chmodSync(join(bin, 'gcc'), 0o755);
  }
  // fabric-ca already built: the script skips it
  const ca = join(root, 'cache', 'ballotledger', 'fabric-ca-1.5.21');
  mkdirSync(join(ca, 'bin'), { recursive: true });
  writeFileSync(join(ca, 'VERSION'), '1.5.21\n');
  for (const b of ['fabric-ca-server', 'fabric-ca-client']) {
    writeFileSync(join(ca, 'bin', b), '');
    chmodSync(join(ca, 'bin', b), 0o755);
  }
  const run = () => spawnSync('/bin/bash', [SCRIPT], {
    encoding: 'utf8',
    env: { PATH: bin, HOME: root, XDG_CACHE_HOME: join(root, 'cache') },
  });
  return { root, run, blockedStamp: join(root, 'cache', 'ballotledger', 'fabric-3.1.5', 'BLOCKED') };
}

const REFUSED = `cat <<'J'
{
	"Path": "github.com/hyperledger/fabric",
	"Version": "v1.4.0-rc1.0.20260618074816-86c1172bec37",
	"Error": "github.com/hyperledger/fabric@v1.4.0-rc1.0.20260618074816-86c1172bec37: reading https://proxy.example/github.com/hyperledger/fabric/@v/v1.4.0-rc1.0.20260618074816-86c1172bec37.info: 403 Forbidden\\n\\tserver response: This module version is not available."
}
J
exit 1`;

describe('scripts/fabric-binaries.sh', function () {
  this.timeout(20_000);

  it('exits 3 with a BLOCKED banner and stamp when the proxy refuses the Fabric module', () => {
    const s = sandbox(REFUSED);
    const r = s.run();
    expect(r.status, r.stderr).to.equal(3);
    expect(r.stderr).to.match(/BLOCKED: Fabric 3\.1\.5 binaries are not available from the Go module proxy/);
    expect(r.stderr).to.match(/command: go mod download -json github\.com\/hyperledger\/fabric@v1\.4\.0-rc1\.0\.20260618074816-86c1172bec37/);
    expect(r.stderr).to.match(/403 Forbidden/);
    const stamp = readFileSync(s.blockedStamp, 'utf8');
    expect(stamp).to.match(/^status: blocked\n/);
    expect(stamp).to.match(/server response: This module version is not available\./);
  });

  it('exits 1 (a real failure, no stamp) when the download fails for another reason', () => {
    const s = sandbox(`cat <<'J'
{
	"Path": "github.com/hyperledger/fabric",
	"Error": "dial tcp: lookup proxy.example: no such host"
}
J
exit 1`);
    const r = s.run();
    expect(r.status, r.stderr).to.equal(1);
    expect(existsSync(s.blockedStamp)).to.equal(false);
  });

  it('exits 2 with a clear message when go or gcc is missing', () => {
    const noGo = sandbox(undefined).run();
    expect(noGo.status).to.equal(2);
    expect(noGo.stderr).to.match(/'go' is not on PATH/);
    const noGcc = sandbox(REFUSED, false).run();
    expect(noGcc.status).to.equal(2);
    expect(noGcc.stderr).to.match(/'gcc' is not on PATH.*cgo/);
  });

  it('checks a BALLOTLEDGER_FABRIC_HOME override instead of building', () => {
    const s = sandbox(REFUSED);
    const r = spawnSync('/bin/bash', [SCRIPT], {
      encoding: 'utf8',
      env: { PATH: join(s.root, 'bin'), HOME: s.root, XDG_CACHE_HOME: join(s.root, 'cache'), BALLOTLEDGER_FABRIC_HOME: join(s.root, 'nothing-here') },
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/BALLOTLEDGER_FABRIC_HOME=.*is incomplete: missing .*bin\/peer/);
  });

  /** A complete Fabric layout under `home` whose peer reports `version`. */
  function fabricLayout(home: string, version: string): void {
    mkdirSync(join(home, 'bin'), { recursive: true });
    mkdirSync(join(home, 'builders', 'ccaas', 'bin'), { recursive: true });
    mkdirSync(join(home, 'config'), { recursive: true });
    for (const b of ['peer', 'orderer', 'configtxgen', 'osnadmin', 'configtxlator', 'ledgerutil', 'discover']) {
      writeFileSync(join(home, 'bin', b), b === 'peer' ? `#!/bin/bash\necho 'peer:'\necho ' Version: ${version}'\n` : '#!/bin/bash\n');
      chmodSync(join(home, 'bin', b), 0o755);
    }
    for (const b of ['detect', 'build', 'release']) {
      writeFileSync(join(home, 'builders', 'ccaas', 'bin', b), '');
      chmodSync(join(home, 'builders', 'ccaas', 'bin', b), 0o755);
    }
    for (const f of ['core.yaml', 'orderer.yaml', 'configtx.yaml']) writeFileSync(join(home, 'config', f), '');
  }

  it('uses a complete BALLOTLEDGER_FABRIC_HOME without building (and warns when its peer is another version)', () => {
    for (const [version, warns] of [['3.1.5', false], ['3.0.0', true]] as const) {
      const s = sandbox(REFUSED); // a download would exit 3: none may happen
      const home = join(s.root, `fabric-${version}`);
      fabricLayout(home, version);
      const r = spawnSync('/bin/bash', [SCRIPT], { encoding: 'utf8', env: { PATH: join(s.root, 'bin'), HOME: s.root, XDG_CACHE_HOME: join(s.root, 'cache'), BALLOTLEDGER_FABRIC_HOME: home } });
      expect(r.status, r.stderr).to.equal(0);
      const out = r.stdout + r.stderr;
      expect(out).to.match(new RegExp(`using BALLOTLEDGER_FABRIC_HOME=.*\\(peer version ${version.replace(/\./g, '\\.')}\\); not building`));
      expect(/WARNING: .*reports version '3\.0\.0', expected 3\.1\.5/.test(out), out).to.equal(warns);
    }
  });

  it('skips what is already built and stamped: fabric-ca, then Fabric (no download attempted)', () => {
    const s = sandbox(REFUSED);
    const cached = join(s.root, 'cache', 'ballotledger', 'fabric-3.1.5');
    fabricLayout(cached, '3.1.5');
    writeFileSync(join(cached, 'VERSION'), '3.1.5\n');
    const r = s.run();
    expect(r.status, r.stderr).to.equal(0);
    const out = r.stdout + r.stderr;
    expect(out).to.match(/fabric-ca 1\.5\.21: already built in/);
    expect(out).to.match(/Fabric 3\.1\.5: already built in .*fabric-3\.1\.5/);
    expect(existsSync(s.blockedStamp)).to.equal(false);
    // an unstamped or incomplete cache is not taken for a build
    rmSync(join(cached, 'VERSION'));
    expect(s.run().status, 'without the stamp it tries to build (and the proxy refuses)').to.equal(3);
  });
});
