// One fabric-ca-server (TLS) per org; every identity is registered and enrolled through it with
// the fabric-ca-client binary (NodeOUs on; no cryptogen).
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FabricInstall } from './fabric-home.js';
import { assertPortFree, httpGet, run, runningProcess, startDetached, waitFor, pidFilePath, type CommandError } from './proc.js';
import { identityPaths, nodeId, type IdentitySpec, type OrgTopology, type Topology } from './topology.js';
import { cleanEnv } from './env.js';

export const REGISTRAR_ID = 'admin';

export type Secrets = Record<string, string>;

export function readSecrets(org: OrgTopology): Secrets {
  try {
    return JSON.parse(readFileSync(org.paths.secrets, 'utf8')) as Secrets;
  } catch {
    return {};
  }
}

function writeSecrets(org: OrgTopology, secrets: Secrets): void {
  mkdirSync(org.paths.root, { recursive: true, mode: 0o700 });
  writeFileSync(org.paths.secrets, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(org.paths.secrets, 0o600);
}

/** The secret for `name`, created (random) and persisted on first use. */
function secretFor(org: OrgTopology, name: string): string {
  const secrets = readSecrets(org);
  let s = secrets[name];
  if (!s) {
    s = randomBytes(18).toString('base64url');
    secrets[name] = s;
    writeSecrets(org, secrets);
  }
  return s;
}

export function caUrl(org: OrgTopology, withCreds?: { id: string; secret: string }): string {
  const creds = withCreds ? `${encodeURIComponent(withCreds.id)}:${encodeURIComponent(withCreds.secret)}@` : '';
  return `https://${creds}${org.ca.host}:${org.ca.port}`;
}

export async function caHealthy(org: OrgTopology): Promise<boolean> {
  try {
    const r = await httpGet(`http://${org.ca.host}:${org.ca.operationsPort}/healthz`);
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Starts the org's CA unless it already runs; waits for /healthz. Returns true if started. */
export async function startCa(topology: Topology, org: OrgTopology, install: FabricInstall): Promise<boolean> {
  const id = nodeId(org, 'ca');
  const pidFile = pidFilePath(topology.paths.run, id);
  if (runningProcess(pidFile)) return false;
  await assertPortFree(org.ca.host, org.ca.port, id);
  await assertPortFree(org.ca.host, org.ca.operationsPort, `${id} operations`);
  mkdirSync(org.paths.caHome, { recursive: true, mode: 0o700 });
  const pw = secretFor(org, REGISTRAR_ID);
  const env = {
    ...cleanEnv(),
    FABRIC_CA_SERVER_HOME: org.paths.caHome,
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${org.ca.host}:${org.ca.operationsPort}`,
    FABRIC_CA_SERVER_METRICS_PROVIDER: 'prometheus',
  };
  startDetached({
    command: install.caBinary('fabric-ca-server'),
    args: [
      'start', '-b', `${REGISTRAR_ID}:${pw}`, '--home', org.paths.caHome,
      '--address', org.ca.host, '--port', String(org.ca.port),
      '--tls.enabled', '--ca.name', org.ca.caName,
      '--csr.cn', org.ca.hostname, '--csr.hosts', [org.ca.hostname, 'localhost', org.ca.host].join(','),
      '--registry.maxenrollments', '-1',
    ],
    env, cwd: org.paths.caHome,
    logFile: join(topology.paths.logs, `${id}.log`), pidFile,
  });
  await waitFor(`${id} /healthz`, async () => ((await caHealthy(org)) && existsSync(org.paths.caCert) ? true : undefined), 60_000);
  return true;
}

function caClient(install: FabricInstall, args: string[]): Promise<unknown> {
  return run(install.caBinary('fabric-ca-client'), args, { env: cleanEnv() });
}

const NODE_OU_CONFIG = `NodeOUs:
  Enable: true
  ClientOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client }
  PeerOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer }
  AdminOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin }
  OrdererOUIdentifier: { Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer }
`;

/** Writes cacerts/ca.pem, tlscacerts/ca.pem and the NodeOU config.yaml into an MSP folder. */
export function writeMspCommon(org: OrgTopology, mspDir: string): void {
  for (const sub of ['cacerts', 'tlscacerts']) {
    const d = join(mspDir, sub);
    if (existsSync(d)) for (const f of readdirSync(d)) if (f !== 'ca.pem') rmSync(join(d, f));
    mkdirSync(d, { recursive: true });
    copyFileSync(org.paths.caCert, join(d, 'ca.pem'));
  }
  writeFileSync(join(mspDir, 'config.yaml'), NODE_OU_CONFIG);
}

function onlyFile(dir: string): string {
  const files = readdirSync(dir);
  if (files.length !== 1) throw new Error(`expected one file in ${dir}, found ${files.length}`);
  return join(dir, files[0]!);
}

async function register(install: FabricInstall, org: OrgTopology, spec: IdentitySpec, secret: string): Promise<void> {
  const args = [
    'register', '-u', caUrl(org), '--tls.certfiles', org.paths.caCert, '--home', org.paths.registrarHome, '--caname', org.ca.caName,
    '--id.name', spec.name, '--id.secret', secret, '--id.type', spec.type, '--id.maxenrollments', '-1',
  ];
  if (spec.role) args.push('--id.attrs', `role=${spec.role}:ecert`);
  try {
    await caClient(install, args);
  } catch (err) {
    if (!/already registered/i.test((err as CommandError).message)) throw err;
  }
}

function csrNames(org: OrgTopology): string {
  return `C=KR,O=${org.name}`;
}

/** Enrolls an identity (MSP and/or TLS) into the fixed layout of identityPaths(). */
export async function enrollIdentity(install: FabricInstall, org: OrgTopology, spec: IdentitySpec, secret: string, force = false): Promise<void> {
  const p = identityPaths(org, spec.name);
  const url = caUrl(org, { id: spec.name, secret });
  if (spec.ecert && (force || !existsSync(p.cert) || !existsSync(p.key))) {
    rmSync(p.msp, { recursive: true, force: true });
    await caClient(install, ['enroll', '-u', url, '--tls.certfiles', org.paths.caCert, '--caname', org.ca.caName, '--home', p.dir, '--mspdir', p.msp, '--csr.cn', spec.name, '--csr.names', csrNames(org)]);
    renameSync(onlyFile(join(p.msp, 'keystore')), p.key);
    const signcert = onlyFile(join(p.msp, 'signcerts'));
    if (signcert !== p.cert) renameSync(signcert, p.cert);
    writeMspCommon(org, p.msp);
    for (const d of ['IssuerPublicKey', 'IssuerRevocationPublicKey', 'user']) rmSync(join(p.msp, d), { recursive: true, force: true });
  }
  if (spec.tls && (force || !existsSync(p.tlsCert) || !existsSync(p.tlsKey))) {
    const tmp = join(p.dir, 'tls-enroll');
    rmSync(tmp, { recursive: true, force: true });
    const args = ['enroll', '-u', url, '--tls.certfiles', org.paths.caCert, '--caname', org.ca.caName, '--home', p.dir, '--mspdir', tmp,
      '--enrollment.profile', 'tls', '--csr.cn', spec.name, '--csr.names', csrNames(org)];
    if (spec.tlsHosts) args.push('--csr.hosts', spec.tlsHosts.join(','));
    await caClient(install, args);
    mkdirSync(p.tlsDir, { recursive: true, mode: 0o700 });
    renameSync(onlyFile(join(tmp, 'keystore')), p.tlsKey);
    renameSync(onlyFile(join(tmp, 'signcerts')), p.tlsCert);
    copyFileSync(org.paths.caCert, join(p.tlsDir, 'ca.pem'));
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Registers and enrolls every identity of the org that is not enrolled yet. */
export async function ensureIdentities(install: FabricInstall, org: OrgTopology): Promise<number> {
  writeMspCommon(org, org.paths.msp);
  const registrarCert = join(org.paths.registrarHome, 'msp', 'signcerts', 'cert.pem');
  if (!existsSync(registrarCert)) {
    await caClient(install, ['enroll', '-u', caUrl(org, { id: REGISTRAR_ID, secret: secretFor(org, REGISTRAR_ID) }),
      '--tls.certfiles', org.paths.caCert, '--caname', org.ca.caName, '--home', org.paths.registrarHome]);
  }
  const registered = new Set(Object.keys(readSecrets(org)).filter((k) => k !== REGISTRAR_ID));
  let enrolled = 0;
  for (const spec of org.identities) {
    const p = identityPaths(org, spec.name);
    const done = (!spec.ecert || existsSync(p.cert)) && (!spec.tls || existsSync(p.tlsCert));
    if (done && registered.has(spec.name)) continue;
    const secret = secretFor(org, spec.name);
    // register is idempotent ("already registered" is fine) and the secret is persisted before it
    await register(install, org, spec, secret);
    await enrollIdentity(install, org, spec, secret);
    enrolled++;
  }
  return enrolled;
}
