// ensureNetwork(): what integration tests call first.
import { FabricUnavailableError, resolveFabricInstall } from './fabric-home.js';
import { deploy, down, isNetworkHealthy, profileFor, status, up, type Logger } from './network.js';
import type { NetworkProfile } from './profile.js';
import { pidFilePath, readPidFile, pidMatches } from './proc.js';
import { createTopology, getOrg, nodeId, type NodeKind, type Topology } from './topology.js';

export interface EnsureResult {
  readonly profile: NetworkProfile;
  /** True if no node was running before this call, i.e. this call started the network. */
  readonly startedByThisCall: boolean;
  /** Node ids this call started (a partly running network is completed, not replaced). */
  readonly startedNodes: readonly string[];
  /** Stops the network if this call started it (unless BALLOTLEDGER_KEEP_NETWORK=1); otherwise does nothing. */
  teardown(): Promise<void>;
}

export interface EnsureOptions { topology?: Topology; log?: Logger }

/**
 * Reuses a running healthy network or brings it up and deploys the chaincode. Throws
 * FabricUnavailableError (reason 'blocked' when the module proxy refused the Fabric binaries).
 */
export async function ensureNetwork(options: EnsureOptions = {}): Promise<EnsureResult> {
  const topology = options.topology ?? createTopology();
  const log = options.log ?? ((s: string) => console.log(`[ensureNetwork] ${s}`));
  const install = resolveFabricInstall();
  const before = await status({ topology });
  const anyRunning = before.nodes.some((n) => n.pid !== undefined);
  let startedNodes: string[] = [];
  if (!(await isNetworkHealthy(topology))) {
    const r = await up({ topology, install, log });
    startedNodes = r.started;
  }
  // Always: a no-op (≈0.3 s) when the definition is current; upgrades it when chaincode/dist,
  // the collections or the policy changed since the last deployment.
  const d = await deploy({ topology, install, log });
  startedNodes = [...startedNodes, ...d.serversStarted.map((o) => nodeId(getOrg(topology, o), 'chaincode')).filter((id) => !startedNodes.includes(id))];
  const startedByThisCall = !anyRunning;
  return {
    profile: profileFor(topology),
    startedByThisCall,
    startedNodes,
    teardown: async () => {
      if (!startedByThisCall) return;
      if (process.env.BALLOTLEDGER_KEEP_NETWORK === '1') {
        log('BALLOTLEDGER_KEEP_NETWORK=1: leaving the network running');
        return;
      }
      await down({ topology, log });
    },
  };
}

/**
 * ensureNetwork for integration tests and benchmarks: when the Fabric binaries are unavailable
 * because the Go module proxy refused them, prints why and calls `skip` (mocha's `this.skip()`, or
 * a benchmark's exit) instead of failing. Any other failure is thrown.
 */
export async function ensureNetworkOrSkip(skip: () => never, options: EnsureOptions = {}): Promise<EnsureResult> {
  try {
    return await ensureNetwork({ log: (s) => console.log(`      [network] ${s}`), ...options });
  } catch (err) {
    if (err instanceof FabricUnavailableError && err.reason === 'blocked') {
      console.log(`\n${err.details ?? err.message}\n      SKIPPED: ${err.message}`);
      skip();
    }
    throw err;
  }
}

/** Sends `signal` to one node (fault tests). Returns the pid, or undefined if it was not running. */
export function killNode(org: string, kind: NodeKind, signal: NodeJS.Signals = 'SIGKILL', topology = createTopology()): number | undefined {
  const o = getOrg(topology, org);
  const rec = readPidFile(pidFilePath(topology.paths.run, nodeId(o, kind)));
  if (!rec || !pidMatches(rec)) return undefined;
  process.kill(rec.pid, signal);
  return rec.pid;
}

export { FabricUnavailableError };
