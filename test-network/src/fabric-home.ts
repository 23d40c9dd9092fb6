// Where the Fabric and fabric-ca binaries are, and why they are missing when they are.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const FABRIC_VERSION = '3.1.5';
export const FABRIC_CA_VERSION = '1.5.21';
export const FABRIC_BINARIES = ['peer', 'orderer', 'configtxgen', 'osnadmin', 'configtxlator', 'ledgerutil', 'discover'] as const;
export const CCAAS_BINARIES = ['detect', 'build', 'release'] as const;
export const FABRIC_CONFIG_FILES = ['core.yaml', 'orderer.yaml', 'configtx.yaml'] as const;
export const CA_BINARIES = ['fabric-ca-server', 'fabric-ca-client'] as const;

export type UnavailableReason =
  /** The Go module proxy refused the Fabric module (recorded by scripts/fabric-binaries.sh). */
  | 'blocked'
  /** The binaries were never built: run `npm run fabric:binaries`. */
  | 'not-built'
  /** An override or cache folder exists but lacks files. */
  | 'incomplete';

/** Thrown when the network cannot run because its binaries are unavailable. */
export class FabricUnavailableError extends Error {
  override readonly name = 'FabricUnavailableError';
  constructor(readonly reason: UnavailableReason, message: string, readonly details?: string) {
    super(message);
  }
}

export interface FabricInstall {
  /** bin/, builders/ccaas/, config/ */
  readonly fabricHome: string;
  readonly caBin: string;
  readonly source: 'override' | 'cache';
  bin(name: (typeof FABRIC_BINARIES)[number]): string;
  caBinary(name: (typeof CA_BINARIES)[number]): string;
  readonly ccaasBuilder: string;
  readonly sampleConfig: string;
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(env.HOME ?? homedir(), '.cache'), 'ballotledger');
}

export interface BlockedStamp { command: string; error: string; date: string; details: string }

/** Parses fabric-3.1.5/BLOCKED as written by scripts/fabric-binaries.sh. */
export function parseBlockedStamp(text: string): BlockedStamp | undefined {
  const [head = '', ...rest] = text.split('\n---\n');
  const fields = new Map<string, string>();
  for (const line of head.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 2));
  }
  if (fields.get('status') !== 'blocked') return undefined;
  return { command: fields.get('command') ?? '', error: fields.get('error') ?? '', date: fields.get('date') ?? '', details: rest.join('\n---\n').trim() };
}

export function missingFabricFiles(home: string): string[] {
  return [
    ...FABRIC_BINARIES.map((b) => join('bin', b)),
    ...CCAAS_BINARIES.map((b) => join('builders', 'ccaas', 'bin', b)),
    ...FABRIC_CONFIG_FILES.map((f) => join('config', f)),
  ].filter((p) => !existsSync(join(home, p)));
}

export function blockedBanner(stamp: BlockedStamp): string {
  const bar = '!'.repeat(80);
  return [
    bar,
    `!! BLOCKED: Fabric ${FABRIC_VERSION} binaries are unavailable: the Go module proxy refused them.`,
    `!! command: ${stamp.command}`,
    `!! proxy:   ${stamp.error}`,
    `!! (recorded ${stamp.date})`,
    '!! Integration tests against the real network are SKIPPED (not passed).',
    `!! Set BALLOTLEDGER_FABRIC_HOME to a Fabric ${FABRIC_VERSION} install (bin/, builders/ccaas/bin/, config/) to run them.`,
    bar,
  ].join('\n');
}

/** Finds the binaries or throws FabricUnavailableError saying why they are unavailable. */
export function resolveFabricInstall(env: NodeJS.ProcessEnv = process.env): FabricInstall {
  const root = cacheRoot(env);
  const caHome = env.BALLOTLEDGER_FABRIC_CA_HOME || join(root, `fabric-ca-${FABRIC_CA_VERSION}`);
  const caBin = join(caHome, 'bin');
  const override = env.BALLOTLEDGER_FABRIC_HOME;
  let fabricHome: string;
  let source: FabricInstall['source'];
  if (override) {
    fabricHome = override;
    source = 'override';
    const missing = missingFabricFiles(fabricHome);
    if (missing.length > 0) {
      throw new FabricUnavailableError('incomplete', `BALLOTLEDGER_FABRIC_HOME=${override} lacks ${missing.join(', ')}`);
    }
  } else {
    fabricHome = join(root, `fabric-${FABRIC_VERSION}`);
    source = 'cache';
    const stampPath = join(fabricHome, 'BLOCKED');
    const missing = missingFabricFiles(fabricHome);
    if (missing.length > 0) {
      if (existsSync(stampPath)) {
        const stamp = parseBlockedStamp(readFileSync(stampPath, 'utf8'));
        if (stamp) {
          throw new FabricUnavailableError('blocked',
            `Fabric ${FABRIC_VERSION} binaries are BLOCKED: the Go module proxy refused them (${stamp.error}). ` +
            `Set BALLOTLEDGER_FABRIC_HOME to a Fabric ${FABRIC_VERSION} install to run the network.`, blockedBanner(stamp));
        }
      }
      throw new FabricUnavailableError('not-built',
        `Fabric ${FABRIC_VERSION} binaries are not built in ${fabricHome}: run \`npm run fabric:binaries\` ` +
        `(or set BALLOTLEDGER_FABRIC_HOME)`);
    }
  }
  const missingCa = CA_BINARIES.filter((b) => !existsSync(join(caBin, b)));
  if (missingCa.length > 0) {
    throw new FabricUnavailableError('not-built', `fabric-ca ${FABRIC_CA_VERSION} binaries missing in ${caBin}: run \`npm run fabric:binaries\``);
  }
  return {
    fabricHome, caBin, source,
    bin: (name) => join(fabricHome, 'bin', name),
    caBinary: (name) => join(caBin, name),
    ccaasBuilder: join(fabricHome, 'builders', 'ccaas'),
    sampleConfig: join(fabricHome, 'config'),
  };
}
