// Pure generation of the channel configuration (configtx.yaml), the private data collections
// config and the per-node core.yaml / orderer.yaml from the topology and the templates in network/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { REPO_ROOT, commissions, identityPaths, type OrgTopology, type Topology } from './topology.js';

export const NETWORK_DIR = join(REPO_ROOT, 'network');

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function loadYaml<T = JsonObject>(path: string): T {
  return yaml.load(readFileSync(path, 'utf8')) as T;
}

export function dumpYaml(value: unknown): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true });
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge: objects merge key by key, everything else (arrays included) is replaced. */
export function deepMerge<T>(base: T, ...overrides: unknown[]): T {
  let out: unknown = structuredClone(base);
  for (const o of overrides) out = mergeTwo(out, o);
  return out as T;
}
function mergeTwo(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (!isObject(a) || !isObject(b)) return structuredClone(b);
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = mergeTwo(a[k], v) as Json;
  return out;
}

// ---------------------------------------------------------------- collections

export interface CollectionSpec {
  name: string;
  members: 'commissions' | 'all';
  requiredPeerCount: number;
  maxPeerCount: number;
  blockToLive: number;
  memberOnlyRead: boolean;
  memberOnlyWrite: boolean;
}

/** The `peer lifecycle --collections-config` JSON entry (its member policy key is `policy`). */
export interface CollectionConfig {
  name: string;
  policy: string;
  requiredPeerCount: number;
  maxPeerCount: number;
  blockToLive: number;
  memberOnlyRead: boolean;
  memberOnlyWrite: boolean;
}

export function loadCollectionSpecs(path = join(NETWORK_DIR, 'collections.yaml')): CollectionSpec[] {
  return loadYaml<CollectionSpec[]>(path);
}

export function collectionMembers(topology: Topology, spec: Pick<CollectionSpec, 'members'>): OrgTopology[] {
  if (spec.members === 'commissions') return commissions(topology);
  if (spec.members === 'all') return [...topology.orgs];
  throw new Error(`collection members must be 'commissions' or 'all', got '${String(spec.members)}'`);
}

export function buildCollectionsConfig(topology: Topology, specs: readonly CollectionSpec[]): CollectionConfig[] {
  const names = new Set<string>();
  return specs.map((s) => {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(s.name) || names.has(s.name)) throw new Error(`bad or duplicate collection name '${s.name}'`);
    names.add(s.name);
    const members = collectionMembers(topology, s);
    if (s.requiredPeerCount > s.maxPeerCount) throw new Error(`collection ${s.name}: requiredPeerCount > maxPeerCount`);
    if (s.requiredPeerCount > members.length - 1) throw new Error(`collection ${s.name}: requiredPeerCount ${s.requiredPeerCount} cannot be met by ${members.length} member peers`);
    return {
      name: s.name,
      policy: `OR(${members.map((o) => `'${o.mspId}.member'`).join(', ')})`,
      requiredPeerCount: s.requiredPeerCount,
      maxPeerCount: s.maxPeerCount,
      blockToLive: s.blockToLive,
      memberOnlyRead: s.memberOnlyRead,
      memberOnlyWrite: s.memberOnlyWrite,
    };
  });
}

// ---------------------------------------------------------------- configtx.yaml

export interface ConfigtxBase {
  Capabilities: { Channel: JsonObject; Orderer: JsonObject; Application: JsonObject };
  Channel: { Policies: JsonObject };
  Orderer: JsonObject & { Policies: JsonObject };
  Application: JsonObject & { Policies: JsonObject };
  OrgPolicies: Record<string, { Type: string; Rule: string }>;
}

export const CHANNEL_PROFILE = 'ElectionsChannel';

export function loadConfigtxBase(path = join(NETWORK_DIR, 'configtx.base.yaml')): ConfigtxBase {
  return loadYaml<ConfigtxBase>(path);
}

/** Application ACLs taken from the Fabric install's sample configtx.yaml (if present). */
export function sampleAcls(sampleConfigtx: string): JsonObject | undefined {
  const doc = loadYaml<{ Application?: { ACLs?: JsonObject } }>(sampleConfigtx);
  return doc.Application?.ACLs;
}

export function orgPolicies(base: ConfigtxBase, mspId: string): JsonObject {
  return Object.fromEntries(Object.entries(base.OrgPolicies).map(([k, p]) => [k, { Type: p.Type, Rule: p.Rule.replaceAll('{MSP}', mspId) }]));
}

/** The configtx.yaml document for `configtxgen -profile ElectionsChannel -outputBlock`. */
export function buildConfigtx(topology: Topology, base: ConfigtxBase, acls?: JsonObject): JsonObject {
  const orgs = topology.orgs.map((o) => ({
    Name: o.mspId,
    ID: o.mspId,
    MSPDir: o.paths.msp,
    Policies: orgPolicies(base, o.mspId),
    OrdererEndpoints: [`${o.orderer.host}:${o.orderer.port}`],
    AnchorPeers: [{ Host: o.peer.host, Port: o.peer.port }],
  }));
  const consenters = topology.orgs.map((o) => {
    const id = identityPaths(o, 'orderer0');
    return {
      ID: o.orderer.consenterId, Host: o.orderer.host, Port: o.orderer.port, MSPID: o.mspId,
      Identity: id.cert, ClientTLSCert: id.tlsCert, ServerTLSCert: id.tlsCert,
    };
  });
  const { Policies: ordererPolicies, ...ordererRest } = base.Orderer;
  const { Policies: appPolicies, ...appRest } = base.Application;
  return {
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: base.Channel.Policies,
        Capabilities: base.Capabilities.Channel,
        Orderer: {
          ...ordererRest,
          ConsenterMapping: consenters,
          Organizations: orgs,
          Policies: ordererPolicies,
          Capabilities: base.Capabilities.Orderer,
        },
        Application: {
          ...appRest,
          Organizations: orgs,
          Policies: appPolicies,
          Capabilities: base.Capabilities.Application,
          ...(acls ? { ACLs: acls } : {}),
        },
      },
    },
  } as JsonObject;
}

/** Consensus fault tolerance of n BFT consenters: f = floor((n - 1) / 3). */
export function bftFaultTolerance(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** Orgs needed by an ImplicitMeta MAJORITY policy over n orgs. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}
