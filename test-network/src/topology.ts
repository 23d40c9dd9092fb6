// The single source of truth for the local network: organizations, node names, ports and
// state paths. Everything else (configtx, node configs, the profile, the CLI) derives from it.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ORG_NAMES = ['Central', 'Seoul', 'Busan', 'Observer'] as const;
export type OrgName = (typeof ORG_NAMES)[number];
export type OrgKind = 'commission' | 'auditor';

export const CHANNEL_NAME = 'elections';
export const CHAINCODE_NAME = 'ballot';
export const DOMAIN = 'ballotledger.test';
export const DEFAULT_PORT_BASE = 7000;
/** Port offsets inside an org's block of ports (base + 1000 * orgIndex + offset). */
export const PORT_OFFSETS = {
  ordererListen: 50,
  peerListen: 51,
  peerChaincode: 52,
  ordererAdmin: 53,
  caListen: 54,
  chaincodeServer: 55,
  peerOperations: 61,
  ordererOperations: 62,
  caOperations: 63,
} as const;

export type IdentityType = 'peer' | 'orderer' | 'admin' | 'client';
export type Role = 'gateway' | 'admin' | 'keyholder' | 'auditor';

/** An identity registered at an org's CA. `ecert`: enrolled as an MSP identity; `tls`: a TLS cert too. */
export interface IdentitySpec {
  readonly name: string;
  readonly type: IdentityType;
  readonly role?: Role;
  readonly ecert: boolean;
  readonly tls: boolean;
  /** Subject alternative names of the TLS cert (servers only). */
  readonly tlsHosts?: readonly string[];
}

export interface NodeEndpoint {
  readonly host: string;
  readonly port: number;
  /** The name in the node's TLS certificate; clients use it as the TLS hostname override. */
  readonly hostname: string;
}

export interface OrgTopology {
  readonly name: OrgName;
  readonly index: number;
  readonly kind: OrgKind;
  readonly mspId: string;
  readonly slug: string;
  readonly domain: string;
  readonly ca: NodeEndpoint & { readonly caName: string; readonly operationsPort: number };
  readonly peer: NodeEndpoint & { readonly id: string; readonly chaincodePort: number; readonly operationsPort: number };
  readonly orderer: NodeEndpoint & { readonly consenterId: number; readonly adminPort: number; readonly operationsPort: number };
  readonly chaincodeServer: NodeEndpoint;
  readonly identities: readonly IdentitySpec[];
  readonly paths: OrgPaths;
}

export interface OrgPaths {
  readonly root: string;
  readonly caHome: string;
  /** The CA's self-signed root: issues every cert of the org, MSP and TLS alike. */
  readonly caCert: string;
  readonly registrarHome: string;
  /** Org-level MSP (cacerts, tlscacerts, config.yaml) used in the channel configuration. */
  readonly msp: string;
  readonly identities: string;
  readonly secrets: string;
  readonly peerConfig: string;
  readonly peerData: string;
  readonly ordererConfig: string;
  readonly ordererData: string;
}

export type NodeKind = 'ca' | 'peer' | 'orderer' | 'chaincode';
export const NODE_KINDS: readonly NodeKind[] = ['ca', 'orderer', 'peer', 'chaincode'];

export interface Topology {
  readonly stateDir: string;
  readonly portBase: number;
  readonly channel: string;
  readonly chaincode: string;
  readonly orgs: readonly OrgTopology[];
  readonly paths: {
    readonly profile: string;
    readonly run: string;
    readonly logs: string;
    readonly channelDir: string;
    readonly configtx: string;
    readonly genesisBlock: string;
    readonly chaincodeDir: string;
  };
}

/** The repository root (test-network/dist/topology.js → ../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const KEYHOLDER_COUNT = 5;

export function identitiesFor(org: { slug: string; host: string; domain: string }): IdentitySpec[] {
  const serverHosts = (name: string) => [`${name}.${org.domain}`, 'localhost', '127.0.0.1', ...(org.host !== '127.0.0.1' ? [org.host] : [])];
  return [
    { name: 'peer0', type: 'peer', ecert: true, tls: true, tlsHosts: serverHosts('peer0') },
    { name: 'orderer0', type: 'orderer', ecert: true, tls: true, tlsHosts: serverHosts('orderer0') },
    // orgadmin's TLS cert is the client cert for the orderer admin endpoint (mutual TLS).
    { name: 'orgadmin', type: 'admin', ecert: true, tls: true },
    { name: 'gateway', type: 'client', role: 'gateway', ecert: true, tls: false },
    { name: 'electionadmin', type: 'client', role: 'admin', ecert: true, tls: false },
    ...Array.from({ length: KEYHOLDER_COUNT }, (_, i): IdentitySpec => ({
      name: `keyholder${i + 1}`, type: 'client', role: 'keyholder', ecert: true, tls: false,
    })),
    { name: 'auditor', type: 'client', role: 'auditor', ecert: true, tls: false },
    // TLS server cert of the org's chaincode server (the peer dials it).
    { name: 'chaincode', type: 'client', ecert: false, tls: true, tlsHosts: serverHosts('chaincode') },
  ];
}

export interface TopologyOptions {
  stateDir?: string;
  portBase?: number;
  /** Address each org's nodes listen on and are reached at (default 127.0.0.1). */
  hosts?: Partial<Record<OrgName, string>>;
}

function envHosts(): Partial<Record<OrgName, string>> {
  // BALLOTLEDGER_HOSTS=Central=10.0.0.1,Seoul=10.0.0.2 (see docs/network.md, one org per host)
  const out: Partial<Record<OrgName, string>> = {};
  for (const pair of (process.env.BALLOTLEDGER_HOSTS ?? '').split(',').filter(Boolean)) {
    const [k, v] = pair.split('=');
    const org = ORG_NAMES.find((o) => o.toLowerCase() === k?.trim().toLowerCase());
    if (!org || !v) throw new Error(`BALLOTLEDGER_HOSTS: bad entry '${pair}' (want Org=address)`);
    out[org] = v.trim();
  }
  return out;
}

export function defaultStateDir(): string {
  return resolve(process.env.BALLOTLEDGER_STATE_DIR ?? join(REPO_ROOT, '.state'));
}

export function createTopology(options: TopologyOptions = {}): Topology {
  const stateDir = resolve(options.stateDir ?? defaultStateDir());
  const portBase = options.portBase ?? Number(process.env.BALLOTLEDGER_PORT_BASE ?? DEFAULT_PORT_BASE);
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase + 1000 * ORG_NAMES.length > 65535) {
    throw new Error(`invalid port base ${portBase}`);
  }
  const hosts = options.hosts ?? envHosts();
  const orgs = ORG_NAMES.map((name, index): OrgTopology => {
    const slug = name.toLowerCase();
    const domain = `${slug}.${DOMAIN}`;
    const host = hosts[name] ?? '127.0.0.1';
    const port = (offset: number) => portBase + 1000 * index + offset;
    const root = join(stateDir, 'orgs', slug);
    return {
      name, index, slug, domain,
      kind: name === 'Observer' ? 'auditor' : 'commission',
      mspId: `${name}MSP`,
      ca: { host, port: port(PORT_OFFSETS.caListen), hostname: `ca.${domain}`, caName: `ca-${slug}`, operationsPort: port(PORT_OFFSETS.caOperations) },
      peer: {
        host, port: port(PORT_OFFSETS.peerListen), hostname: `peer0.${domain}`, id: `peer0.${domain}`,
        chaincodePort: port(PORT_OFFSETS.peerChaincode), operationsPort: port(PORT_OFFSETS.peerOperations),
      },
      orderer: {
        host, port: port(PORT_OFFSETS.ordererListen), hostname: `orderer0.${domain}`, consenterId: index + 1,
        adminPort: port(PORT_OFFSETS.ordererAdmin), operationsPort: port(PORT_OFFSETS.ordererOperations),
      },
      chaincodeServer: { host, port: port(PORT_OFFSETS.chaincodeServer), hostname: `chaincode.${domain}` },
      identities: identitiesFor({ slug, host, domain }),
      paths: {
        root,
        caHome: join(root, 'ca'),
        caCert: join(root, 'ca', 'ca-cert.pem'),
        registrarHome: join(root, 'registrar'),
        msp: join(root, 'msp'),
        identities: join(root, 'identities'),
        secrets: join(root, 'secrets.json'),
        peerConfig: join(root, 'peer', 'config'),
        peerData: join(root, 'peer', 'data'),
        ordererConfig: join(root, 'orderer', 'config'),
        ordererData: join(root, 'orderer', 'data'),
      },
    };
  });
  const channelDir = join(stateDir, 'channel');
  return {
    stateDir, portBase, channel: CHANNEL_NAME, chaincode: CHAINCODE_NAME, orgs,
    paths: {
      profile: join(stateDir, 'network.json'),
      run: join(stateDir, 'run'),
      logs: join(stateDir, 'logs'),
      channelDir,
      configtx: join(channelDir, 'configtx.yaml'),
      genesisBlock: join(channelDir, `${CHANNEL_NAME}.block`),
      chaincodeDir: join(stateDir, 'chaincode'),
    },
  };
}

export function getOrg(topology: Topology, name: string): OrgTopology {
  const org = topology.orgs.find((o) => o.name.toLowerCase() === name.toLowerCase() || o.mspId === name);
  if (!org) throw new Error(`unknown org '${name}' (known: ${topology.orgs.map((o) => o.name).join(', ')})`);
  return org;
}

export function commissions(topology: Topology): OrgTopology[] {
  return topology.orgs.filter((o) => o.kind === 'commission');
}

/** Paths of one enrolled identity (cryptogen-like layout, fixed file names). */
export function identityPaths(org: OrgTopology, name: string) {
  const dir = join(org.paths.identities, name);
  return {
    dir,
    msp: join(dir, 'msp'),
    cert: join(dir, 'msp', 'signcerts', 'cert.pem'),
    key: join(dir, 'msp', 'keystore', 'key.pem'),
    tlsDir: join(dir, 'tls'),
    tlsCert: join(dir, 'tls', 'cert.pem'),
    tlsKey: join(dir, 'tls', 'key.pem'),
  };
}

export function nodeId(org: OrgTopology, kind: NodeKind): string {
  return `${org.slug}-${kind}`;
}

export interface PortRow { org: OrgName; node: string; purpose: string; port: number }

/** Every listening port of the network, for docs, status output and clash checks. */
export function portTable(topology: Topology): PortRow[] {
  return topology.orgs.flatMap((o): PortRow[] => [
    { org: o.name, node: 'ca', purpose: 'CA (https)', port: o.ca.port },
    { org: o.name, node: 'ca', purpose: 'CA operations', port: o.ca.operationsPort },
    { org: o.name, node: 'orderer', purpose: 'orderer (grpcs, also cluster)', port: o.orderer.port },
    { org: o.name, node: 'orderer', purpose: 'orderer admin (https, mTLS)', port: o.orderer.adminPort },
    { org: o.name, node: 'orderer', purpose: 'orderer operations', port: o.orderer.operationsPort },
    { org: o.name, node: 'peer', purpose: 'peer (grpcs, gateway)', port: o.peer.port },
    { org: o.name, node: 'peer', purpose: 'peer chaincode listener', port: o.peer.chaincodePort },
    { org: o.name, node: 'peer', purpose: 'peer operations', port: o.peer.operationsPort },
    { org: o.name, node: 'chaincode', purpose: 'chaincode server (grpcs)', port: o.chaincodeServer.port },
  ]);
}

export function address(e: { host: string; port: number }): string {
  return `${e.host}:${e.port}`;
}
