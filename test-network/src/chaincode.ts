// The `ballot` chaincode as a service: one deterministic ccaas package for all orgs (connection
// details are templates filled per peer by the ccaas builder), lifecycle install/approve/commit,
// and one fabric-shim chaincode server per org under the pinned Node 24.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { ordererFlags, peerCli, peerQuery } from './admin.js';
import { buildCollectionsConfig, loadCollectionSpecs, type CollectionConfig } from './configtx.js';
import { cleanEnv } from './env.js';
import type { FabricInstall } from './fabric-home.js';
import { assertPortFree, pidFilePath, runningProcess, startDetached, stopProcess, tcpOpen, waitFor, WaitAborted } from './proc.js';
import { sha256Hex, tgz } from './tar.js';
import { identityPaths, nodeId, REPO_ROOT, type OrgTopology, type Topology } from './topology.js';

export const CHAINCODE_DIR = join(REPO_ROOT, 'chaincode');
export const ENDORSEMENT_POLICY = '/Channel/Application/Endorsement';

/** connection.json of the package: every field is a template the ccaas builder fills per peer. */
export const CONNECTION_TEMPLATE = {
  address: '{{.address}}',
  dial_timeout: '10s',
  tls_required: true,
  client_auth_required: true,
  root_cert: '{{.root_cert}}',
  client_key: '{{.client_key}}',
  client_cert: '{{.client_cert}}',
};

export interface ChaincodePackage {
  readonly label: string;
  /** Chaincode definition version: a digest of the code, its dependencies' manifest, collections and policy. */
  readonly version: string;
  readonly packageId: string;
  readonly bytes: Buffer;
  readonly collections: CollectionConfig[];
}

export interface Deployment {
  readonly packageId: string;
  readonly label: string;
  readonly version: string;
  readonly sequence: number;
  readonly deployedAt: string;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && !f.endsWith('.tsbuildinfo') && !f.endsWith('.map'))
    .sort();
}

/** Digest of everything that defines what the chaincode does. */
export function chaincodeDigest(chaincodeDir: string, collections: readonly CollectionConfig[]): string {
  const files = listFiles(join(chaincodeDir, 'dist')).filter((f) => !/\.test\.(js|d\.ts)$/.test(f));
  if (!files.some((f) => f.endsWith('.js'))) throw new Error(`${chaincodeDir}/dist has no compiled chaincode: run \`npm run build\``);
  const h = [
    ...files.map((f) => `${relative(chaincodeDir, f)}\0${sha256Hex(readFileSync(f))}`),
    `package.json\0${sha256Hex(readFileSync(join(chaincodeDir, 'package.json')))}`,
    `collections\0${JSON.stringify(collections)}`,
    `policy\0${ENDORSEMENT_POLICY}`,
  ].join('\n');
  return sha256Hex(h).slice(0, 16);
}

export function buildPackage(topology: Topology, chaincodeDir = CHAINCODE_DIR): ChaincodePackage {
  const collections = buildCollectionsConfig(topology, loadCollectionSpecs());
  const version = chaincodeDigest(chaincodeDir, collections);
  const label = `${topology.chaincode}_${version}`;
  const code = tgz([{ name: 'connection.json', data: Buffer.from(JSON.stringify(CONNECTION_TEMPLATE, null, 2) + '\n') }]);
  const bytes = tgz([
    { name: 'metadata.json', data: Buffer.from(JSON.stringify({ type: 'ccaas', label }) + '\n') },
    { name: 'code.tar.gz', data: code },
  ]);
  return { label, version, packageId: `${label}:${sha256Hex(bytes)}`, bytes, collections };
}

export function readDeployment(topology: Topology): Deployment | undefined {
  try {
    return JSON.parse(readFileSync(join(topology.paths.chaincodeDir, 'deployment.json'), 'utf8')) as Deployment;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- chaincode servers

/** The Node 24 binary pinned by the root `node` devDependency. */
export function pinnedNode(): string {
  const candidates = [join(REPO_ROOT, 'node_modules', 'node', 'bin', 'node'), process.execPath];
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const v = execFileSync(c, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    if (v.startsWith('24.')) return c;
  }
  throw new Error('no Node 24 binary found (run `npm install`: the `node` devDependency pins it)');
}

function shimCli(): string {
  const req = createRequire(join(CHAINCODE_DIR, 'package.json'));
  return join(dirname(req.resolve('fabric-shim/package.json')), 'cli.js');
}

export function chaincodeServerPidFile(topology: Topology, org: OrgTopology): string {
  return pidFilePath(topology.paths.run, nodeId(org, 'chaincode'));
}

/** Starts (or restarts, if it serves another package) the org's chaincode server. Returns true if started. */
export async function ensureChaincodeServer(topology: Topology, org: OrgTopology, packageId: string): Promise<boolean> {
  const pidFile = chaincodeServerPidFile(topology, org);
  const running = runningProcess(pidFile);
  if (running && running.meta?.packageId === packageId) return false;
  if (running) {
    await stopProcess(pidFile);
    // the old server may hold its port for a moment after the signal
    for (let i = 0; i < 40 && (await tcpOpen(org.chaincodeServer.host, org.chaincodeServer.port, 250)); i++) await new Promise((r) => setTimeout(r, 250));
  }
  await assertPortFree(org.chaincodeServer.host, org.chaincodeServer.port, nodeId(org, 'chaincode'));
  const tls = identityPaths(org, 'chaincode');
  const addr = `${org.chaincodeServer.host}:${org.chaincodeServer.port}`;
  startDetached({
    command: pinnedNode(),
    args: [shimCli(), 'server', '--chaincode-address', addr, '--chaincode-id', packageId,
      '--chaincode-tls-cert-file', tls.tlsCert, '--chaincode-tls-key-file', tls.tlsKey,
      '--chaincode-tls-client-cacert-file', org.paths.caCert, '--module-path', CHAINCODE_DIR],
    env: cleanEnv({ CORE_CHAINCODE_LOGGING_LEVEL: 'info', CORE_CHAINCODE_LOGGING_SHIM: 'warning' }),
    cwd: CHAINCODE_DIR,
    logFile: join(topology.paths.logs, `${nodeId(org, 'chaincode')}.log`),
    pidFile,
    meta: { packageId },
  });
  await waitFor(`${nodeId(org, 'chaincode')} listening on ${addr}`, async () => {
    if (!runningProcess(pidFile)) throw new WaitAborted(`chaincode server exited: see ${join(topology.paths.logs, `${nodeId(org, 'chaincode')}.log`)}`);
    return (await tcpOpen(org.chaincodeServer.host, org.chaincodeServer.port)) ? true : undefined;
  }, 30_000);
  return true;
}

// ---------------------------------------------------------------- lifecycle

interface Committed { sequence: number; version: string }

async function queryCommitted(install: FabricInstall, topology: Topology, org: OrgTopology): Promise<Committed | undefined> {
  try {
    const r = await peerQuery(install, org, ['lifecycle', 'chaincode', 'querycommitted', '-C', topology.channel, '-n', topology.chaincode, '-O', 'json']);
    const j = JSON.parse(r.stdout) as { sequence: number; version: string };
    return { sequence: j.sequence, version: j.version };
  } catch (err) {
    if (/not found|does not exist|namespace .* is not defined/i.test((err as Error).message)) return undefined;
    throw err;
  }
}

async function installedPackages(install: FabricInstall, org: OrgTopology): Promise<string[]> {
  const r = await peerQuery(install, org, ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json']);
  const j = JSON.parse(r.stdout || '{}') as { installed_chaincodes?: { package_id: string }[] };
  return (j.installed_chaincodes ?? []).map((c) => c.package_id);
}

function definitionFlags(topology: Topology, pkg: ChaincodePackage, sequence: number, collectionsFile: string): string[] {
  return ['-C', topology.channel, '-n', topology.chaincode, '-v', pkg.version, '--sequence', String(sequence),
    '--collections-config', collectionsFile, '--channel-config-policy', ENDORSEMENT_POLICY];
}

export interface DeployReport { packageId: string; sequence: number; installedOn: string[]; approvedBy: string[]; committed: boolean; serversStarted: string[] }

/**
 * Installs the current chaincode package on every peer, (re)starts the chaincode servers with
 * its package ID, and approves + commits a new definition (next sequence) when the committed
 * one has another version. Idempotent.
 */
export async function deployChaincode(topology: Topology, install: FabricInstall, log: (s: string) => void = console.log): Promise<DeployReport> {
  mkdirSync(topology.paths.chaincodeDir, { recursive: true });
  const pkg = buildPackage(topology);
  const pkgFile = join(topology.paths.chaincodeDir, `${pkg.label}.tgz`);
  const collectionsFile = join(topology.paths.chaincodeDir, 'collections.json');
  writeFileSync(pkgFile, pkg.bytes);
  writeFileSync(collectionsFile, JSON.stringify(pkg.collections, null, 2) + '\n');
  log(`    package ${pkg.packageId}`);

  const installedOn: string[] = [];
  await Promise.all(topology.orgs.map(async (org) => {
    if ((await installedPackages(install, org)).includes(pkg.packageId)) return;
    const r = await peerCli(install, org, ['lifecycle', 'chaincode', 'install', pkgFile]);
    const m = /Chaincode code package identifier: (\S+)/.exec(r.stdout + r.stderr);
    if (m && m[1] !== pkg.packageId) throw new Error(`peer computed package id ${m[1]}, expected ${pkg.packageId}`);
    installedOn.push(org.name);
  }));

  const serversStarted: string[] = [];
  await Promise.all(topology.orgs.map(async (org) => {
    if (await ensureChaincodeServer(topology, org, pkg.packageId)) serversStarted.push(org.name);
  }));

  const first = topology.orgs[0]!;
  const committed = await queryCommitted(install, topology, first);
  let sequence = committed?.sequence ?? 0;
  const approvedBy: string[] = [];
  let didCommit = false;
  if (committed?.version !== pkg.version) {
    sequence += 1;
    const flags = definitionFlags(topology, pkg, sequence, collectionsFile);
    const readiness = await peerQuery(install, first, ['lifecycle', 'chaincode', 'checkcommitreadiness', ...flags, '-O', 'json']);
    const approvals = (JSON.parse(readiness.stdout) as { approvals: Record<string, boolean> }).approvals;
    await Promise.all(topology.orgs.map(async (org) => {
      if (approvals[org.mspId]) return;
      await peerCli(install, org, ['lifecycle', 'chaincode', 'approveformyorg', ...ordererFlags(org), ...flags, '--package-id', pkg.packageId]);
      approvedBy.push(org.name);
    }));
    const peers = topology.orgs.flatMap((o) => ['--peerAddresses', `${o.peer.host}:${o.peer.port}`, '--tlsRootCertFiles', o.paths.caCert]);
    await peerCli(install, first, ['lifecycle', 'chaincode', 'commit', ...ordererFlags(first), ...flags, ...peers]);
    didCommit = true;
  }
  const deployment: Deployment = { packageId: pkg.packageId, label: pkg.label, version: pkg.version, sequence, deployedAt: new Date().toISOString() };
  writeFileSync(join(topology.paths.chaincodeDir, 'deployment.json'), JSON.stringify(deployment, null, 2) + '\n');
  return { packageId: pkg.packageId, sequence, installedOn, approvedBy, committed: didCommit, serversStarted };
}
