// Admin access to peers (peer CLI as the org admin) and orderers (channel participation API
// over mutual TLS with the org admin's TLS client certificate).
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { FabricInstall } from './fabric-home.js';
import { cleanEnv } from './env.js';
import { run, type RunResult } from './proc.js';
import { identityPaths, type OrgTopology, type Topology } from './topology.js';

/** Environment for the `peer` CLI acting as `org`'s admin against `org`'s peer. */
export function peerAdminEnv(org: OrgTopology): NodeJS.ProcessEnv {
  return cleanEnv({
    FABRIC_CFG_PATH: org.paths.peerConfig,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: identityPaths(org, 'orgadmin').msp,
    CORE_PEER_ADDRESS: `${org.peer.host}:${org.peer.port}`,
    CORE_PEER_TLS_ROOTCERT_FILE: org.paths.caCert,
    FABRIC_LOGGING_SPEC: 'WARNING',
  });
}

export function peerCli(install: FabricInstall, org: OrgTopology, args: readonly string[], timeoutMs = 120_000): Promise<RunResult> {
  return run(install.bin('peer'), args, { env: peerAdminEnv(org), timeoutMs });
}

const TRANSIENT = /connection refused|failed to create new connection|context deadline exceeded|UNAVAILABLE|error while dialing/i;

/** A read-only peer CLI call, retried on transient connection errors (e.g. a peer that just started). */
export async function peerQuery(install: FabricInstall, org: OrgTopology, args: readonly string[], attempts = 5): Promise<RunResult> {
  for (let i = 1; ; i++) {
    try {
      return await peerCli(install, org, args);
    } catch (err) {
      if (i >= attempts || !TRANSIENT.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** `-o <orderer> --tls --cafile <ca>` for peer CLI commands that talk to an orderer. */
export function ordererFlags(org: OrgTopology): string[] {
  return ['-o', `${org.orderer.host}:${org.orderer.port}`, '--ordererTLSHostnameOverride', org.orderer.hostname, '--tls', '--cafile', org.paths.caCert];
}

export interface OrdererChannelInfo {
  name: string;
  url: string;
  consensusRelation: string;
  status: string;
  height: number;
}

/** GET on the orderer admin endpoint (channel participation API), mutual TLS as the org admin. */
export function ordererAdminGet(org: OrgTopology, path: string, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  const admin = identityPaths(org, 'orgadmin');
  return new Promise((resolvePromise, reject) => {
    const req = request({
      host: org.orderer.host, port: org.orderer.adminPort, path, method: 'GET', timeout: timeoutMs,
      ca: readFileSync(org.paths.caCert), cert: readFileSync(admin.tlsCert), key: readFileSync(admin.tlsKey),
      servername: org.orderer.hostname,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export async function ordererChannelInfo(topology: Topology, org: OrgTopology): Promise<OrdererChannelInfo | undefined> {
  const r = await ordererAdminGet(org, `/participation/v1/channels/${topology.channel}`);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`orderer ${org.name} admin: HTTP ${r.status} ${r.body}`);
  return JSON.parse(r.body) as OrdererChannelInfo;
}

export async function joinOrderer(install: FabricInstall, topology: Topology, org: OrgTopology): Promise<void> {
  const admin = identityPaths(org, 'orgadmin');
  await run(install.bin('osnadmin'), [
    'channel', 'join', '--channelID', topology.channel, '--config-block', topology.paths.genesisBlock,
    '-o', `${org.orderer.host}:${org.orderer.adminPort}`,
    '--ca-file', org.paths.caCert, '--client-cert', admin.tlsCert, '--client-key', admin.tlsKey,
  ], { env: cleanEnv() });
}
