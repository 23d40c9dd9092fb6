// npm run bench:caliper -- [--ballots 1200] [--rates 5,10,20] [--seconds 30] [--workers 2]
//
// Hyperledger Caliper (0.6.0, peer-gateway connector over @hyperledger/fabric-gateway) as an
// independent harness for the ballot chaincode: CastBallot with the ballot, pseudonym and channel
// in transient data, submitted as the Central commission's gateway identity; the Fabric gateway
// picks the endorsers (discovery restricted to the collections' members = the three commissions).
// Optional: Caliper is installed on demand into scripts/caliper/node_modules (not a workspace);
// `--skip-install true` skips the benchmark when it is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalBytes } from '@ballotledger/core';
import { ElectionDriver } from '@ballotledger/ledger-client/testing/election-driver';
import { createTopology, identityProfile, machineLoad, orgProfile, REPO_ROOT } from '@ballotledger/test-network';
import { args, encryptAll, networkOrExit } from './common.js';

const a = args({ ballots: '0', rates: '5,10,20', seconds: '30', workers: '2', 'skip-install': 'false' });
const rates = a.rates!.split(',').map(Number);
const seconds = Number(a.seconds);
const N = Number(a.ballots) || Math.ceil(rates.reduce((s, r) => s + r * seconds, 0) * 1.1) + 20;
const CALIPER_DIR = join(REPO_ROOT, 'scripts', 'caliper');
const topology = createTopology();

function ensureCaliper(): boolean {
  if (existsSync(join(CALIPER_DIR, 'node_modules', '.bin', 'caliper'))) return true;
  if (a['skip-install'] === 'true') return false;
  console.log('installing Hyperledger Caliper 0.6.0 into scripts/caliper/node_modules (once) …');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: CALIPER_DIR, stdio: 'inherit' });
  return true;
}

async function main(): Promise<void> {
  if (!ensureCaliper()) {
    console.log('CALIPER SKIPPED: not installed (run without --skip-install to install it into scripts/caliper)');
    return;
  }
  const net = await networkOrExit();
  const work = join(topology.stateDir, 'bench', 'caliper');
  mkdirSync(work, { recursive: true });
  const driver = new ElectionDriver(net.profile);
  try {
    console.log(`bench:caliper — election ${driver.electionId}, ${N} voters, rates ${rates.join(', ')} tx/s × ${seconds} s, ${a.workers} workers`);
    await driver.setup(N);
    const encrypted = await encryptAll(driver.context, driver.voters.map((v, i) => ({ secret: v.secret, choices: [[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]][i % 4]!, i % 3 ? [1, 0] : [0, 1]] })));
    const ballotsFile = join(work, 'ballots.json');
    writeFileSync(ballotsFile, JSON.stringify(encrypted.map((b, i) => ({ ballot: Buffer.from(canonicalBytes(b.ballot)).toString('base64'), pseudonym: driver.voters[i]!.pseudonym }))));

    // connection profiles and network configuration for Caliper's fabric connector
    const orgs = net.profile.orgs.filter((o) => o.kind === 'commission');
    const organizations = orgs.map((o) => {
      const id = identityProfile(net.profile, o.name, 'gateway');
      const ccp = {
        name: `${o.name}-ccp`, version: '1.0.0', client: { organization: o.name },
        organizations: { [o.name]: { mspid: o.mspId, peers: [o.peer.hostname] } },
        peers: { [o.peer.hostname]: { url: `grpcs://${o.peer.address}`, tlsCACerts: { path: o.peer.tlsCaCertPath }, grpcOptions: { 'ssl-target-name-override': o.peer.hostname, hostnameOverride: o.peer.hostname } } },
      };
      const ccpPath = join(work, `ccp-${o.name.toLowerCase()}.json`);
      writeFileSync(ccpPath, JSON.stringify(ccp, null, 2));
      return { mspid: o.mspId, identities: { certificates: [{ name: 'gateway', clientPrivateKey: { path: id.keyPath }, clientSignedCert: { path: id.certPath } }] }, connectionProfile: { path: ccpPath, discover: true } };
    });
    const central = orgProfile(net.profile, 'Central');
    const networkConfig = { name: 'ballotledger', version: '2.0.0', caliper: { blockchain: 'fabric' }, channels: [{ channelName: net.profile.channel, contracts: [{ id: net.profile.chaincode.name }] }], organizations: organizations.filter((o) => o.mspid === central.mspId) };
    writeFileSync(join(work, 'network.json'), JSON.stringify(networkConfig, null, 2));
    const benchConfig = {
      test: {
        name: 'ballotledger-cast', description: 'CastBallot (encrypted ballot, proofs checked by each endorser)',
        workers: { number: Number(a.workers) },
        rounds: rates.map((r) => ({ label: `cast-${r}tps`, txDuration: seconds, rateControl: { type: 'fixed-rate', opts: { tps: r } }, workload: { module: join(CALIPER_DIR, 'cast-workload.cjs'), arguments: { ballotsFile, electionId: driver.electionId, chaincode: net.profile.chaincode.name, mspId: central.mspId } } })),
      },
    };
    writeFileSync(join(work, 'benchconfig.json'), JSON.stringify(benchConfig, null, 2));
    const load0 = machineLoad();
    const r = spawnSync(join(CALIPER_DIR, 'node_modules', '.bin', 'caliper'), [
      'launch', 'manager', '--caliper-workspace', work, '--caliper-networkconfig', 'network.json', '--caliper-benchconfig', 'benchconfig.json',
      '--caliper-flow-only-test', '--caliper-report-path', join(work, 'report.html'),
    ], { cwd: CALIPER_DIR, encoding: 'utf8', env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}` }, maxBuffer: 256 * 1024 * 1024 });
    writeFileSync(join(work, 'caliper.log'), `${r.stdout}\n${r.stderr}`);
    const table = `${r.stdout}`.split('\n').filter((l) => /^\|/.test(l.replace(/^.*?(\|)/, '|')) && /cast-|Name/.test(l)).map((l) => l.replace(/^.*?\|/, '|'));
    console.log(`\nCaliper summary (load ${load0.loadavg} → ${machineLoad().loadavg}; full log ${join(work, 'caliper.log')}, report ${join(work, 'report.html')}):`);
    console.log(table.length ? [...new Set(table)].join('\n') : `no summary table found (exit ${r.status}); see the log:\n${`${r.stdout}${r.stderr}`.split('\n').slice(-30).join('\n')}`);
    const count = await driver.admin.ledger.turnoutCount(driver.electionId);
    console.log(`ballots on the ledger for this election: ${count}`);
    writeFileSync(join(topology.stateDir, 'bench', 'caliper-summary.txt'), [...new Set(table)].join('\n') + `\nledger ballots: ${count}\n`);
    if (r.status !== 0) process.exitCode = 1;
  } finally {
    driver.close();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
