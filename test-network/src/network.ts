// up / down / status of the whole network.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ordererChannelInfo, joinOrderer, peerCli, peerQuery } from './admin.js';
import { ensureIdentities, startCa, caHealthy } from './ca.js';
import { chaincodeServerPidFile, deployChaincode, ensureChaincodeServer, readDeployment, type DeployReport } from './chaincode.js';
import { buildCollectionsConfig, buildConfigtx, dumpYaml, loadCollectionSpecs, loadConfigtxBase, loadYaml, sampleAcls, CHANNEL_PROFILE, type JsonObject } from './configtx.js';
import { cleanEnv } from './env.js';
import { resolveFabricInstall, type FabricInstall } from './fabric-home.js';
import { ccaasBuilderConfig, CCAAS_CONFIG_ENV, loadOverrides, ordererConfig, peerConfig } from './nodeconfig.js';
import { assertPortFree, httpGet, pidFilePath, rssKiB, run, runningProcess, startDetached, step, stopProcess, tail, tcpOpen, waitFor, WaitAborted } from './proc.js';
import { buildProfile, writeProfile, type NetworkProfile } from './profile.js';
import { createTopology, identityPaths, nodeId, NODE_KINDS, type NodeKind, type OrgTopology, type Topology } from './topology.js';

export type Logger = (line: string) => void;

export interface UpOptions { topology?: Topology; install?: FabricInstall; log?: Logger }
export interface UpReport { started: string[]; seconds: number; profile: NetworkProfile }

function peerEnv(org: OrgTopology): NodeJS.ProcessEnv {
  const peerTls = identityPaths(org, 'peer0');
  return cleanEnv({
    FABRIC_CFG_PATH: org.paths.peerConfig,
    CORE_VM_ENDPOINT: '',
    FABRIC_LOGGING_SPEC: 'INFO',
    [CCAAS_CONFIG_ENV]: ccaasBuilderConfig(org, {
      rootCert: readFileSync(org.paths.caCert, 'utf8'),
      clientCert: readFileSync(peerTls.tlsCert, 'utf8'),
      clientKey: readFileSync(peerTls.tlsKey, 'utf8'),
    }),
  });
}

export function writeNodeConfigs(topology: Topology, install: FabricInstall): void {
  const sampleCore = loadYaml<JsonObject>(join(install.sampleConfig, 'core.yaml'));
  const sampleOrderer = loadYaml<JsonObject>(join(install.sampleConfig, 'orderer.yaml'));
  const coreOverrides = loadOverrides('core');
  const ordererOverrides = loadOverrides('orderer');
  for (const org of topology.orgs) {
    mkdirSync(org.paths.peerConfig, { recursive: true });
    mkdirSync(org.paths.ordererConfig, { recursive: true });
    writeFileSync(join(org.paths.peerConfig, 'core.yaml'), dumpYaml(peerConfig(sampleCore, coreOverrides, org, install.ccaasBuilder)));
    writeFileSync(join(org.paths.ordererConfig, 'orderer.yaml'), dumpYaml(ordererConfig(sampleOrderer, ordererOverrides, topology, org)));
  }
}

async function healthz(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const r = await httpGet(`${url}/healthz`);
    if (r.status === 200) return { ok: true, detail: 'OK' };
    return { ok: false, detail: `HTTP ${r.status} ${r.body.slice(0, 200)}` };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

const opsUrl = (org: OrgTopology, kind: 'peer' | 'orderer') =>
  kind === 'peer' ? `http://${org.peer.host}:${org.peer.operationsPort}` : `http://${org.orderer.host}:${org.orderer.operationsPort}`;

/** Starts one peer or orderer unless it is running; true if it was started. */
export async function startNode(topology: Topology, install: FabricInstall, org: OrgTopology, kind: 'peer' | 'orderer'): Promise<boolean> {
  const id = nodeId(org, kind);
  const pidFile = pidFilePath(topology.paths.run, id);
  const logFile = join(topology.paths.logs, `${id}.log`);
  if (!runningProcess(pidFile)) {
    const ports = kind === 'peer' ? [org.peer.port, org.peer.chaincodePort, org.peer.operationsPort] : [org.orderer.port, org.orderer.adminPort, org.orderer.operationsPort];
    for (const p of ports) await assertPortFree(kind === 'peer' ? org.peer.host : org.orderer.host, p, id);
    if (kind === 'peer') {
      mkdirSync(org.paths.peerData, { recursive: true });
      startDetached({ command: install.bin('peer'), args: ['node', 'start'], env: peerEnv(org), cwd: org.paths.peerData, logFile, pidFile });
    } else {
      mkdirSync(org.paths.ordererData, { recursive: true });
      startDetached({
        command: install.bin('orderer'), args: [],
        env: cleanEnv({ FABRIC_CFG_PATH: org.paths.ordererConfig, FABRIC_LOGGING_SPEC: 'INFO' }), cwd: org.paths.ordererData, logFile, pidFile,
      });
    }
    await waitFor(`${id} /healthz`, async () => {
      if (!runningProcess(pidFile)) throw new WaitAborted(`${id} exited: see ${logFile}\n${tail(logFile, 15)}`);
      return (await healthz(opsUrl(org, kind))).ok ? true : undefined;
    }, 60_000);
    return true;
  }
  return false;
}

export async function createGenesisBlock(topology: Topology, install: FabricInstall): Promise<void> {
  mkdirSync(topology.paths.channelDir, { recursive: true });
  const doc = buildConfigtx(topology, loadConfigtxBase(), sampleAcls(join(install.sampleConfig, 'configtx.yaml')));
  writeFileSync(topology.paths.configtx, dumpYaml(doc));
  await run(install.bin('configtxgen'), ['-profile', CHANNEL_PROFILE, '-outputBlock', topology.paths.genesisBlock, '-channelID', topology.channel, '-configPath', topology.paths.channelDir],
    { env: cleanEnv({ FABRIC_CFG_PATH: topology.paths.channelDir }) });
}

async function peerJoined(install: FabricInstall, topology: Topology, org: OrgTopology): Promise<boolean> {
  const r = await peerQuery(install, org, ['channel', 'list']);
  return r.stdout.split('\n').some((l) => l.trim() === topology.channel);
}

async function gossipKnown(org: OrgTopology, channel: string): Promise<number> {
  const r = await httpGet(`http://${org.peer.host}:${org.peer.operationsPort}/metrics`);
  const m = new RegExp(`^gossip_membership_total_peers_known\\{channel="${channel}"\\} (\\d+)`, 'm').exec(r.body);
  return m ? Number(m[1]) : 0;
}

/** Waits until each peer's gossip membership on the channel includes every other peer. */
export async function waitForGossip(topology: Topology, timeoutMs = 90_000): Promise<void> {
  const want = topology.orgs.length - 1;
  await Promise.all(topology.orgs.map((o) => waitFor(`${nodeId(o, 'peer')} to see ${want} other peers in gossip`,
    async () => ((await gossipKnown(o, topology.channel)) >= want ? true : undefined), timeoutMs, 500)));
}

export function profileFor(topology: Topology): NetworkProfile {
  return buildProfile(topology, buildCollectionsConfig(topology, loadCollectionSpecs()).map((c) => c.name));
}

/** Brings the network up (idempotent): starts whatever is not running and creates whatever is missing. */
export async function up(options: UpOptions = {}): Promise<UpReport> {
  const t0 = performance.now();
  const log = options.log ?? console.log;
  const topology = options.topology ?? createTopology();
  const install = options.install ?? resolveFabricInstall();
  const started: string[] = [];
  log(`network up: state ${topology.stateDir}, Fabric ${install.fabricHome} (${install.source})`);
  for (const d of [topology.stateDir, topology.paths.run, topology.paths.logs]) mkdirSync(d, { recursive: true, mode: 0o700 });

  await step('certificate authorities (4 × fabric-ca-server, TLS)', async () => {
    await Promise.all(topology.orgs.map(async (o) => { if (await startCa(topology, o, install)) started.push(nodeId(o, 'ca')); }));
  }, log);
  await step('identities (register + enroll through each org CA)', async () => {
    const n = await Promise.all(topology.orgs.map((o) => ensureIdentities(install, o)));
    const total = n.reduce((a, b) => a + b, 0);
    if (total) log(`    enrolled ${total} identities`);
  }, log);
  writeNodeConfigs(topology, install);
  await step('orderers (SmartBFT) and peers', async () => {
    await Promise.all(topology.orgs.flatMap((o) => (['orderer', 'peer'] as const).map(async (k) => {
      if (await startNode(topology, install, o, k)) started.push(nodeId(o, k));
    })));
  }, log);
  await step(`channel '${topology.channel}'`, async () => {
    if (!existsSync(topology.paths.genesisBlock)) await createGenesisBlock(topology, install);
    // (retried: right after a start, /healthz can be up before the admin and gRPC listeners answer)
    await Promise.all(topology.orgs.map(async (o) => {
      const joined = await waitFor(`${nodeId(o, 'orderer')} admin API`, async () => ({ info: await ordererChannelInfo(topology, o) }), 30_000, 500);
      if (!joined.info) await joinOrderer(install, topology, o);
    }));
    // One after another: a peer that joins probes the anchor peers of the others, which
    // succeeds only if they have joined already (otherwise gossip retries after reconnectInterval).
    for (const o of topology.orgs) {
      if (!(await waitFor(`${nodeId(o, 'peer')} channel list`, async () => ({ joined: await peerJoined(install, topology, o) }), 30_000, 500)).joined) {
        await waitFor(`${o.name} peer joins ${topology.channel}`, async () => {
          await peerCli(install, o, ['channel', 'join', '-b', topology.paths.genesisBlock]).catch((err: Error) => {
            if (/ledger \[[^\]]*\] already exists/.test(err.message)) throw new WaitAborted(unloadableLedger(topology, o));
            throw err;
          });
          return true;
        }, 30_000, 1000);
      }
    }
  }, log);
  await step('gossip membership (every peer knows the other orgs\' peers)', () => waitForGossip(topology), log);
  const deployment = readDeployment(topology);
  if (deployment) {
    await step('chaincode servers', async () => {
      await Promise.all(topology.orgs.map(async (o) => {
        if (await ensureChaincodeServer(topology, o, deployment.packageId)) started.push(nodeId(o, 'chaincode'));
      }));
    }, log);
  }
  const profile = profileFor(topology);
  writeProfile(topology, profile);
  const seconds = (performance.now() - t0) / 1000;
  log(`network up in ${seconds.toFixed(1)} s (${started.length ? `started ${started.join(', ')}` : 'everything was already running'})`);
  return { started, seconds, profile };
}

/** A peer that has the channel's ledger on disk but does not load it (reliability.md R-16). */
function unloadableLedger(topology: Topology, o: OrgTopology): string {
  return `${o.name}'s peer has a ledger for '${topology.channel}' but cannot load it (its log, ${join(topology.paths.logs, `${nodeId(o, 'peer')}.log`)}, says why after "Failed to load ledger"). ` +
    `To rebuild the peer from the other nodes: stop it, move ${join(o.paths.peerData, 'ledgersData')} aside and run network:up again (docs/operations.md).`;
}

export async function deploy(options: UpOptions = {}): Promise<DeployReport> {
  const log = options.log ?? console.log;
  const topology = options.topology ?? createTopology();
  const install = options.install ?? resolveFabricInstall();
  const report = await step(`chaincode '${topology.chaincode}' (ccaas, install/approve/commit)`, () => deployChaincode(topology, install, log), log);
  log(`    sequence ${report.sequence}${report.committed ? ' (new definition committed)' : ' (definition unchanged)'}` +
    `${report.installedOn.length ? `; installed on ${report.installedOn.join(', ')}` : ''}` +
    `${report.serversStarted.length ? `; servers started: ${report.serversStarted.join(', ')}` : ''}`);
  writeProfile(topology, profileFor(topology));
  return report;
}

export interface DownOptions { topology?: Topology; wipe?: boolean; log?: Logger; only?: string[] }

/** Stops the processes recorded in the state folder's pid files (and only those). */
export async function down(options: DownOptions = {}): Promise<string[]> {
  const log = options.log ?? console.log;
  const topology = options.topology ?? createTopology();
  const stopped: string[] = [];
  // chaincode servers and peers first, then orderers, then CAs
  for (const kinds of [['chaincode', 'peer'], ['orderer'], ['ca']] as NodeKind[][]) {
    await Promise.all(topology.orgs.flatMap((o) => kinds.map(async (k) => {
      const id = nodeId(o, k);
      if (options.only && !options.only.includes(id)) return;
      if ((await stopProcess(pidFilePath(topology.paths.run, id))) === 'stopped') stopped.push(id);
    })));
  }
  log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing was running');
  if (options.wipe) {
    rmSync(topology.stateDir, { recursive: true, force: true });
    log(`removed ${topology.stateDir}`);
  }
  return stopped;
}

// ---------------------------------------------------------------- status

export interface NodeStatus {
  readonly id: string;
  readonly org: string;
  readonly kind: NodeKind;
  readonly pid?: number;
  readonly rssKiB: number;
  readonly healthy: boolean;
  readonly detail: string;
  readonly height?: number;
  readonly endpoint: string;
}

export interface NetworkStatus {
  readonly nodes: readonly NodeStatus[];
  readonly healthy: boolean;
  readonly sameHeight: boolean;
  readonly totalRssKiB: number;
}

async function peerHeight(org: OrgTopology, channel: string): Promise<number | undefined> {
  const r = await httpGet(`http://${org.peer.host}:${org.peer.operationsPort}/metrics`);
  const re = new RegExp(`^ledger_blockchain_height\\{channel="${channel}"\\} (\\d+)`, 'm');
  const m = re.exec(r.body);
  return m ? Number(m[1]) : undefined;
}

export async function status(options: { topology?: Topology } = {}): Promise<NetworkStatus> {
  const topology = options.topology ?? createTopology();
  const nodes: NodeStatus[] = [];
  for (const org of topology.orgs) {
    for (const kind of NODE_KINDS) {
      const id = nodeId(org, kind);
      const rec = runningProcess(pidFilePath(topology.paths.run, id));
      const base = { id, org: org.name, kind, ...(rec ? { pid: rec.pid } : {}), rssKiB: rec ? rssKiB(rec.pid) : 0 };
      let healthy = false;
      let detail = 'not running';
      let height: number | undefined;
      let endpoint = '';
      if (kind === 'ca') {
        endpoint = `${org.ca.host}:${org.ca.port}`;
        if (rec) { healthy = await caHealthy(org); detail = healthy ? 'OK' : 'healthz failed'; }
      } else if (kind === 'peer' || kind === 'orderer') {
        endpoint = kind === 'peer' ? `${org.peer.host}:${org.peer.port}` : `${org.orderer.host}:${org.orderer.port}`;
        if (rec) {
          const h = await healthz(opsUrl(org, kind));
          healthy = h.ok;
          detail = h.detail;
          try {
            height = kind === 'peer' ? await peerHeight(org, topology.channel) : (await ordererChannelInfo(topology, org))?.height;
          } catch (err) {
            detail += ` (height: ${(err as Error).message})`;
          }
        }
      } else {
        endpoint = `${org.chaincodeServer.host}:${org.chaincodeServer.port}`;
        const deployment = readDeployment(topology);
        if (!deployment) {
          detail = 'not deployed';
          healthy = !rec; // nothing to run yet
        } else if (rec) {
          healthy = await tcpOpen(org.chaincodeServer.host, org.chaincodeServer.port);
          detail = healthy ? (rec.meta?.packageId === deployment.packageId ? 'OK' : 'serves an old package') : 'not listening';
          if (rec.meta?.packageId !== deployment.packageId) healthy = false;
        }
      }
      nodes.push({ ...base, healthy, detail, endpoint, ...(height !== undefined ? { height } : {}) });
    }
  }
  const heights = new Set(nodes.filter((n) => n.height !== undefined).map((n) => n.height));
  return {
    nodes,
    healthy: nodes.every((n) => n.healthy),
    sameHeight: heights.size <= 1,
    totalRssKiB: nodes.reduce((a, n) => a + n.rssKiB, 0),
  };
}

export function formatStatus(s: NetworkStatus): string {
  const header = ['node', 'pid', 'endpoint', 'health', 'height', 'RSS MiB'];
  const rows = s.nodes.map((n) => [n.id, n.pid ? String(n.pid) : '-', n.endpoint, n.healthy ? n.detail : `UNHEALTHY: ${n.detail}`,
    n.height !== undefined ? String(n.height) : '', n.rssKiB ? (n.rssKiB / 1024).toFixed(0) : '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '',
    `${s.healthy ? 'all healthy' : 'UNHEALTHY'}; heights ${s.sameHeight ? 'equal' : 'DIFFER'}; total RSS ${(s.totalRssKiB / 1024).toFixed(0)} MiB over ${s.nodes.filter((n) => n.pid).length} processes`,
  ].join('\n');
}

/** True when every node runs and is healthy, and the chaincode is deployed. */
export async function isNetworkHealthy(topology = createTopology()): Promise<boolean> {
  if (!readDeployment(topology)) return false;
  return (await status({ topology })).healthy;
}

export { chaincodeServerPidFile };
