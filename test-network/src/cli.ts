#!/usr/bin/env node
// test-network CLI: up | down [--wipe] | status | deploy | compare | start | stop
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareNetwork, formatComparison } from './compare.js';
import { auditState, formatStateAudit } from './state-audit.js';
import { FabricUnavailableError, resolveFabricInstall } from './fabric-home.js';
import { deploy, down, formatStatus, status, up } from './network.js';
import { httpGet, pidFilePath, runningProcess, startDetached, stopProcess, tail, waitFor, WaitAborted } from './proc.js';
import { createTopology, portTable, REPO_ROOT, type Topology } from './topology.js';
import { loadNetworkProfile } from './profile.js';
import { readDeployment } from './chaincode.js';

/** Workspaces started by `npm start` after the network (the gateway also serves the built web app). */
export const APP_WORKSPACES = ['gateway'] as const;

function appPidFile(t: Topology, ws: string) {
  return pidFilePath(t.paths.run, `app-${ws}`);
}

/**
 * Hook for the gateway and web: `npm start` runs `npm run serve` in each workspace of
 * APP_WORKSPACES that defines it (detached, pid file in .state/run, log in .state/logs), with
 * BALLOTLEDGER_NETWORK_PROFILE pointing at .state/network.json and BL_DEV_ROUTES=true (unless set). `npm stop` stops them first.
 */
async function startApps(t: Topology): Promise<string[]> {
  const started: string[] = [];
  for (const ws of APP_WORKSPACES) {
    const pkgFile = join(REPO_ROOT, ws, 'package.json');
    if (!existsSync(pkgFile)) continue;
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { scripts?: Record<string, string> };
    if (!pkg.scripts?.serve) {
      console.log(`  - ${ws}: no \`serve\` script yet (hook: add "serve" to ${ws}/package.json)`);
      continue;
    }
    const running = runningProcess(appPidFile(t, ws));
    if (running) {
      // a process started before the last build would serve old code against a new chaincode
      if (Date.parse(running.startedAt) >= newestBuild()) continue;
      console.log(`  ${ws}: restarting (built after it started)`);
      await stopApp(t, ws, running.pid);
    }
    // `node <script>` serve scripts run directly under this (pinned) Node, so the pid file's argv
    // is what /proc shows (npm renames its own process, which would defeat the pid check).
    const direct = /^node (\S+)$/.exec(pkg.scripts.serve);
    const npmCli = process.env.npm_execpath;
    startDetached({
      command: direct || npmCli ? process.execPath : 'npm',
      args: direct ? [direct[1]!] : [...(npmCli ? [npmCli] : []), 'run', 'serve', '-w', ws],
      cwd: direct ? join(REPO_ROOT, ws) : REPO_ROOT,
      // the development stack: the dev outbox is readable (from this machine only) unless the caller says otherwise
      env: { BL_DEV_ROUTES: 'true', ...process.env, BALLOTLEDGER_NETWORK_PROFILE: t.paths.profile },
      logFile: join(t.paths.logs, `app-${ws}.log`), pidFile: appPidFile(t, ws), meta: { group: 'true' },
    });
    started.push(ws);
  }
  return started;
}

/** Builds web/dist (served by the gateway) unless it is newer than every web source file. */
function buildWeb(): void {
  const dist = join(REPO_ROOT, 'web', 'dist', 'index.html');
  if (existsSync(dist) && newestMtime(join(REPO_ROOT, 'web', 'src')) < statSync(dist).mtimeMs) {
    console.log('  web app: up to date');
    return;
  }
  console.log('  web app: building (vite)…');
  const npmCli = process.env.npm_execpath;
  const r = spawnSync(npmCli ? process.execPath : 'npm', [...(npmCli ? [npmCli] : []), 'run', 'build', '-w', 'web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the web app failed (npm run build -w web)');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function stopApp(t: Topology, ws: string, pid: number): Promise<void> {
  try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ }
  await stopProcess(appPidFile(t, ws));
}

async function stopApps(t: Topology): Promise<void> {
  for (const ws of APP_WORKSPACES) {
    const rec = runningProcess(appPidFile(t, ws));
    if (rec) {
      await stopApp(t, ws, rec.pid);
      console.log(`stopped ${ws}`);
    }
  }
}

/** Newest compiled file of the packages the apps run (tsc -b output). */
function newestBuild(): number {
  return Math.max(...['core', 'chaincode', 'ledger-client', 'test-network', ...APP_WORKSPACES].map((ws) => join(REPO_ROOT, ws, 'dist')).filter(existsSync).map(newestMtime));
}

/** Where the gateway listens and where users reach it: the variables it reads itself (gateway/src/config.ts). */
function gatewayAddress(): { healthz: string; url: string } {
  const port = process.env.BL_PORT ?? '8080';
  return { healthz: `http://127.0.0.1:${port}/healthz`, url: `${(process.env.BL_PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '')}/` };
}

/** Waits until the gateway answers /healthz (its first start enrolls identities); fails at once if it exits. */
async function waitForGateway(t: Topology): Promise<void> {
  const { healthz } = gatewayAddress();
  const log = join(t.paths.logs, 'app-gateway.log');
  const t0 = Date.now();
  let shown = 0;
  await waitFor(`the gateway to answer ${healthz}`, async () => {
    if (!runningProcess(appPidFile(t, 'gateway'))) throw new WaitAborted(`the gateway exited; last lines of ${log}:\n${tail(log, 20)}`);
    const waited = Math.floor((Date.now() - t0) / 10_000);
    if (waited > shown) {
      shown = waited;
      console.log(`  waiting for the gateway to answer ${healthz} (${waited * 10} s)`);
    }
    return (await httpGet(healthz)).status === 200 ? true : undefined;
  }, 300_000, 500);
}

function printEndpoints(t: Topology): void {
  const profile = loadNetworkProfile(t.paths.profile);
  console.log('\nBallotLedger network is running:');
  for (const o of profile.orgs) {
    console.log(`  ${o.name.padEnd(9)} CA ${o.ca.url}  peer ${o.peer.address}  orderer ${o.orderer.address} (admin ${o.orderer.adminUrl})  chaincode ${o.chaincodeServer.address}`);
    console.log(`  ${''.padEnd(9)} health: ${o.ca.operationsUrl}/healthz ${o.peer.operationsUrl}/healthz ${o.orderer.operationsUrl}/healthz (also /metrics)`);
  }
  console.log(`\nBallotLedger web app and API: ${gatewayAddress().url}   (admin console /admin, key holders /keyholder, auditors /audit, API docs /api/docs)`);
  console.log(`  development accounts: ${join(t.stateDir, 'gateway', 'dev-credentials.txt')}   gateway log: ${join(t.paths.logs, 'app-gateway.log')}`);
  console.log(`  profile: ${t.paths.profile}`);
  console.log(`  logs:    ${t.paths.logs}/`);
  console.log('  status:  npm run network:status    compare peers: npm run network:compare    compare state: npm run network:audit-state');
  console.log('  stop:    npm stop   (keeps the ledger; `npm run network:down -- --wipe` removes it)');
}

function binaries(): 'ok' | 'blocked' {
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'fabric-binaries.sh')], { stdio: 'inherit' });
  if (r.status === 0) return 'ok';
  if (r.status === 3) return 'blocked';
  throw new Error(`scripts/fabric-binaries.sh failed (exit ${r.status ?? r.signal})`);
}

async function main(argv: string[]): Promise<number> {
  const [cmd = 'help', ...rest] = argv;
  const t = createTopology();
  switch (cmd) {
    case 'up': {
      await up({ topology: t });
      if (!readDeployment(t)) console.log('chaincode not deployed yet: run `npm run network:deploy`');
      return 0;
    }
    case 'deploy':
      await deploy({ topology: t });
      return 0;
    case 'down':
      await stopApps(t);
      await down({ topology: t, wipe: rest.includes('--wipe') });
      return 0;
    case 'status': {
      const s = await status({ topology: t });
      console.log(formatStatus(s));
      return s.healthy ? 0 : 1;
    }
    case 'compare': {
      const result = await compareNetwork();
      console.log(formatComparison(result));
      return result.ok ? 0 : 1;
    }
    case 'audit-state': {
      const result = await auditState({ topology: t });
      console.log(formatStateAudit(result));
      return result.ok ? 0 : 1;
    }
    case 'ports':
      for (const r of portTable(t)) console.log(`${r.org.padEnd(9)} ${r.node.padEnd(10)} ${String(r.port).padEnd(6)} ${r.purpose}`);
      return 0;
    case 'start': {
      const t0 = performance.now();
      console.log('[1/4] Fabric and fabric-ca binaries');
      if (binaries() === 'blocked' && !process.env.BALLOTLEDGER_FABRIC_HOME) {
        resolveFabricInstall(); // throws the BLOCKED error with its reason
      }
      console.log('[2/4] network');
      await up({ topology: t });
      console.log('[3/4] chaincode');
      await deploy({ topology: t });
      console.log('[4/4] web app and gateway');
      buildWeb();
      const apps = await startApps(t);
      if (apps.length) console.log(`  started ${apps.join(', ')} (logs in ${t.paths.logs})`);
      await waitForGateway(t);
      printEndpoints(t);
      console.log(`\nstarted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return 0;
    }
    case 'stop':
      await stopApps(t);
      await down({ topology: t });
      return 0;
    default:
      console.log('usage: cli.js up | down [--wipe] | status | deploy | compare | audit-state | ports | start | stop');
      return cmd === 'help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
  if (err instanceof FabricUnavailableError) {
    console.error(`\n${err.details ?? ''}\n${err.message}`);
    process.exitCode = err.reason === 'blocked' ? 3 : 1;
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  }
});
