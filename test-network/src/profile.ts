// .state/network.json: the machine-readable description of the running network that other
// packages (gateway, integration tests, tools) read instead of knowing the topology.
import { readFileSync, writeFileSync } from 'node:fs';
import { FABRIC_CA_VERSION, FABRIC_VERSION } from './fabric-home.js';
import { REGISTRAR_ID } from './ca.js';
import { createTopology, identityPaths, type IdentityType, type OrgKind, type OrgName, type Role, type Topology } from './topology.js';

export const PROFILE_VERSION = 1;

export interface IdentityProfile {
  /** Enrollment ID at the org's CA (its secret is in ca.secretsFile under this name). */
  readonly name: string;
  readonly mspId: string;
  readonly type: IdentityType;
  /** Value of the `role` attribute in the enrollment certificate (role=<x>:ecert). */
  readonly role?: Role;
  readonly certPath?: string;
  readonly keyPath?: string;
  /** MSP folder (signcerts/cert.pem, keystore/key.pem, cacerts, config.yaml). */
  readonly mspPath?: string;
  readonly tlsCertPath?: string;
  readonly tlsKeyPath?: string;
}

export interface OrgProfile {
  readonly name: OrgName;
  readonly mspId: string;
  readonly kind: OrgKind;
  readonly ca: {
    readonly url: string;
    readonly caName: string;
    /** Root of the org: verifies the CA's, the peer's, the orderer's and the chaincode server's TLS certs. */
    readonly tlsCaCertPath: string;
    readonly hostname: string;
    readonly registrar: { readonly enrollId: string; readonly secretsFile: string };
    /** JSON object enrollId → secret, mode 0600; re-enrolment is unlimited. */
    readonly secretsFile: string;
    readonly operationsUrl: string;
  };
  readonly peer: {
    readonly address: string;
    readonly hostname: string;
    readonly tlsCaCertPath: string;
    readonly operationsUrl: string;
  };
  readonly orderer: {
    readonly address: string;
    readonly hostname: string;
    readonly tlsCaCertPath: string;
    readonly adminUrl: string;
    readonly operationsUrl: string;
    readonly consenterId: number;
  };
  readonly chaincodeServer: { readonly address: string; readonly hostname: string };
  readonly identities: Readonly<Record<string, IdentityProfile>>;
}

export interface NetworkProfile {
  readonly version: typeof PROFILE_VERSION;
  readonly fabricVersion: string;
  readonly fabricCaVersion: string;
  readonly stateDir: string;
  readonly channel: string;
  readonly chaincode: {
    readonly name: string;
    readonly endorsementPolicy: string;
    readonly collections: readonly string[];
  };
  readonly orgs: readonly OrgProfile[];
}

export function buildProfile(topology: Topology, collections: readonly string[]): NetworkProfile {
  return {
    version: PROFILE_VERSION,
    fabricVersion: FABRIC_VERSION,
    fabricCaVersion: FABRIC_CA_VERSION,
    stateDir: topology.stateDir,
    channel: topology.channel,
    chaincode: { name: topology.chaincode, endorsementPolicy: '/Channel/Application/Endorsement', collections: [...collections] },
    orgs: topology.orgs.map((o): OrgProfile => ({
      name: o.name,
      mspId: o.mspId,
      kind: o.kind,
      ca: {
        url: `https://${o.ca.host}:${o.ca.port}`,
        caName: o.ca.caName,
        tlsCaCertPath: o.paths.caCert,
        hostname: o.ca.hostname,
        registrar: { enrollId: REGISTRAR_ID, secretsFile: o.paths.secrets },
        secretsFile: o.paths.secrets,
        operationsUrl: `http://${o.ca.host}:${o.ca.operationsPort}`,
      },
      peer: {
        address: `${o.peer.host}:${o.peer.port}`, hostname: o.peer.hostname, tlsCaCertPath: o.paths.caCert,
        operationsUrl: `http://${o.peer.host}:${o.peer.operationsPort}`,
      },
      orderer: {
        address: `${o.orderer.host}:${o.orderer.port}`, hostname: o.orderer.hostname, tlsCaCertPath: o.paths.caCert,
        adminUrl: `https://${o.orderer.host}:${o.orderer.adminPort}`, operationsUrl: `http://${o.orderer.host}:${o.orderer.operationsPort}`,
        consenterId: o.orderer.consenterId,
      },
      chaincodeServer: { address: `${o.chaincodeServer.host}:${o.chaincodeServer.port}`, hostname: o.chaincodeServer.hostname },
      identities: Object.fromEntries(o.identities.map((spec) => {
        const p = identityPaths(o, spec.name);
        const id: IdentityProfile = {
          name: spec.name, mspId: o.mspId, type: spec.type,
          ...(spec.role ? { role: spec.role } : {}),
          ...(spec.ecert ? { certPath: p.cert, keyPath: p.key, mspPath: p.msp } : {}),
          ...(spec.tls ? { tlsCertPath: p.tlsCert, tlsKeyPath: p.tlsKey } : {}),
        };
        return [spec.name, id];
      })),
    })),
  };
}

export function writeProfile(topology: Topology, profile: NetworkProfile): void {
  writeFileSync(topology.paths.profile, JSON.stringify(profile, null, 2) + '\n');
}

/** Reads .state/network.json (or `path`). Throws if the network was never brought up. */
export function loadNetworkProfile(path?: string): NetworkProfile {
  const file = path ?? createTopology().paths.profile;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no network profile at ${file}: run \`npm run network:up\` first`);
  }
  const p = JSON.parse(text) as NetworkProfile;
  if (p.version !== PROFILE_VERSION) throw new Error(`${file}: profile version ${String(p.version)}, expected ${PROFILE_VERSION}`);
  return p;
}

export function orgProfile(profile: NetworkProfile, org: string): OrgProfile {
  const o = profile.orgs.find((x) => x.name.toLowerCase() === org.toLowerCase() || x.mspId === org);
  if (!o) throw new Error(`unknown org '${org}' in network profile`);
  return o;
}

export function identityProfile(profile: NetworkProfile, org: string, name: string): IdentityProfile {
  const o = orgProfile(profile, org);
  const id = o.identities[name];
  if (!id) throw new Error(`unknown identity '${name}' of ${o.name} (known: ${Object.keys(o.identities).join(', ')})`);
  return id;
}
