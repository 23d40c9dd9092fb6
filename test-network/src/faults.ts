// Fault injection and observation for fault tests and benchmarks: stop/kill/restart single
// nodes, read per-process CPU and memory from /proc, scrape the operations endpoints, take
// state snapshots at one height on every peer and compare them with `ledgerutil compare`, and
// edit a stopped peer's LevelDB state database (test-network/tools/leveldb-edit, a Go program).
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { peerCli } from './admin.js';
import { cleanEnv } from './env.js';
import { resolveFabricInstall, type FabricInstall } from './fabric-home.js';
import { startNode, up } from './network.js';
import { CommandError, httpGet, pidFilePath, readPidFile, pidMatches, run, runningProcess, stopProcess, waitFor } from './proc.js';
import { createTopology, getOrg, nodeId, REPO_ROOT, type NodeKind, type OrgTopology, type Topology } from './topology.js';

const quiet = (): void => undefined;

/** The live pid of a node, or undefined. */
export function nodePid(org: string, kind: NodeKind, topology = createTopology()): number | undefined {
  const rec = readPidFile(pidFilePath(topology.paths.run, nodeId(getOrg(topology, org), kind)));
  return rec && pidMatches(rec) ? rec.pid : undefined;
}

/** Stops one node gracefully (SIGTERM, then SIGKILL after 10 s). */
export async function stopNode(org: string, kind: NodeKind, topology = createTopology()): Promise<void> {
  await stopProcess(pidFilePath(topology.paths.run, nodeId(getOrg(topology, org), kind)));
}

/** Waits until a killed node's process is gone (its pid file may still be there). */
export async function waitNodeGone(org: string, kind: NodeKind, topology = createTopology()): Promise<void> {
  await waitFor(`${org} ${kind} to exit`, async () => (nodePid(org, kind, topology) === undefined ? true : undefined), 15_000, 100);
}

/** Starts one stopped peer or orderer, nothing else (`restartMissing` starts every missing node and waits for full gossip). */
export async function restartNode(org: string, kind: 'peer' | 'orderer', topology = createTopology()): Promise<boolean> {
  return startNode(topology, resolveFabricInstall(), getOrg(topology, org), kind);
}

/** `peer node <args>` for a stopped peer, with its own core.yaml (rebuild-dbs, rollback, reset, …). */
export async function peerNodeCommand(org: string, args: readonly string[], topology = createTopology()): Promise<void> {
  const o = getOrg(topology, org);
  if (nodePid(org, 'peer', topology) !== undefined) throw new Error(`stop the ${org} peer before 'peer node ${args.join(' ')}'`);
  await run(resolveFabricInstall().bin('peer'), ['node', ...args], { env: cleanEnv({ FABRIC_CFG_PATH: o.paths.peerConfig }), cwd: o.paths.peerData });
}

/** Restarts whatever is not running (nodes and chaincode servers); returns the node ids started. */
export async function restartMissing(topology = createTopology()): Promise<string[]> {
  return (await up({ topology, log: quiet })).started;
}

// ---------------------------------------------------------------- /proc

/** Cumulative CPU seconds (user + system) of a pid, from /proc/<pid>/stat; undefined if gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime field 15 → indexes 11 and 12
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every node process of the network with a live pid file: id → pid. */
export function networkPids(topology = createTopology()): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(topology.paths.run)) return out;
  for (const f of readdirSync(topology.paths.run).filter((x) => x.endsWith('.pid'))) {
    const rec = runningProcess(join(topology.paths.run, f));
    if (rec) out.set(f.slice(0, -4), rec.pid);
  }
  return out;
}

export interface ProcessUsage { readonly id: string; readonly pid: number; readonly cpuPercent: number; readonly rssMiB: number }

/** Samples CPU of a set of processes: call `start()`, later `stop()` for % of one core and RSS. */
export function cpuSampler(pids: ReadonlyMap<string, number>): { stop(): ProcessUsage[] } {
  const t0 = performance.now();
  const before = new Map([...pids].map(([id, pid]) => [id, cpuSeconds(pid) ?? 0]));
  return {
    stop: () => {
      const wall = (performance.now() - t0) / 1000;
      return [...pids].map(([id, pid]) => ({
        id, pid,
        cpuPercent: wall > 0 ? (100 * ((cpuSeconds(pid) ?? before.get(id)!) - before.get(id)!)) / wall : 0,
        rssMiB: rssMiB(pid),
      }));
    },
  };
}

/** Machine load: /proc/loadavg and the CPU pressure line (some avg10). */
export function machineLoad(): { loadavg: string; cpuPressure: string } {
  const read = (p: string): string => { try { return readFileSync(p, 'utf8').trim(); } catch { return 'n/a'; } };
  return { loadavg: read('/proc/loadavg').split(' ').slice(0, 3).join(' '), cpuPressure: read('/proc/pressure/cpu').split('\n')[0] ?? 'n/a' };
}

// ---------------------------------------------------------------- operations endpoints

/** Prometheus text → map from `name{labels}` (labels as printed) to value. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

export async function nodeMetrics(org: string, kind: 'peer' | 'orderer', topology = createTopology()): Promise<Map<string, number>> {
  const o = getOrg(topology, org);
  const port = kind === 'peer' ? o.peer.operationsPort : o.orderer.operationsPort;
  return parseMetrics((await httpGet(`http://${o.peer.host}:${port}/metrics`, 5000)).body);
}

/** A peer's committed transactions by validation code (`ledger_transaction_count`). */
export async function peerTxCounts(org: string, topology = createTopology()): Promise<Record<string, number>> {
  const m = await nodeMetrics(org, 'peer', topology);
  const out: Record<string, number> = {};
  for (const [k, v] of m) {
    const match = /^ledger_transaction_count\{(.*)\}$/.exec(k);
    if (!match || !match[1]!.includes(`channel="${topology.channel}"`)) continue;
    const code = /validation_code="([^"]+)"/.exec(match[1]!)?.[1] ?? '?';
    out[code] = (out[code] ?? 0) + v;
  }
  return out;
}

export async function peerHeight(org: string, topology = createTopology()): Promise<number | undefined> {
  try {
    return (await nodeMetrics(org, 'peer', topology)).get(`ledger_blockchain_height{channel="${topology.channel}"}`);
  } catch {
    return undefined;
  }
}

/** Waits until every running peer reports the same height (and at least `min`). Returns it. */
export async function waitForSameHeight(topology = createTopology(), min = 0, timeoutMs = 120_000): Promise<number> {
  return waitFor(`every peer at the same height ≥ ${min}`, async () => {
    const hs = await Promise.all(topology.orgs.map((o) => peerHeight(o.name, topology)));
    if (hs.some((h) => h === undefined)) return undefined;
    return new Set(hs).size === 1 && hs[0]! >= min ? hs[0] : undefined;
  }, timeoutMs, 250);
}

/** Average per-phase timings of the peer's "Committed block" log lines since byte `offset`. */
export interface CommitLogSummary { blocks: number; transactions: number; meanTxPerBlock: number; meanCommitMs: number; p95CommitMs: number }

const peerLogPath = (org: string, topology: Topology): string => join(topology.paths.logs, `${nodeId(getOrg(topology, org), 'peer')}.log`);

export function peerLogOffset(org: string, topology = createTopology()): number {
  try { return readFileSync(peerLogPath(org, topology)).length; } catch { return 0; }
}

/** The peer's log from byte `offset` on ('' if there is none). */
export function peerLogSince(org: string, offset: number, topology = createTopology()): string {
  try { return readFileSync(peerLogPath(org, topology)).subarray(offset).toString('utf8'); } catch { return ''; }
}

/**
 * The orderer a peer takes its blocks from now (with SmartBFT a peer streams blocks from one
 * orderer and headers from the others), as `host:port` from its log; undefined if not logged.
 */
export function peerBlockSource(org: string, topology = createTopology()): string | undefined {
  return [...peerLogSince(org, 0, topology).matchAll(/BlockReceiver starting orderer-address=(\S+)/g)].at(-1)?.[1];
}

export function commitLogSummary(org: string, offset: number, topology = createTopology()): CommitLogSummary {
  const text = peerLogSince(org, offset, topology);
  const re = /Committed block \[(\d+)\] with (\d+) transaction\(s\) in (\d+)ms/g;
  const ms: number[] = [];
  let txs = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) { txs += Number(m[2]); ms.push(Number(m[3])); }
  ms.sort((a, b) => a - b);
  return {
    blocks: ms.length, transactions: txs, meanTxPerBlock: ms.length ? txs / ms.length : 0,
    meanCommitMs: ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0,
    p95CommitMs: ms.length ? ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! : 0,
  };
}

// ---------------------------------------------------------------- snapshots

export interface PeerSnapshot { readonly org: string; readonly height: number; readonly dir: string; readonly snapshotHash: string; readonly commitHash: string }

function snapshotsRoot(org: OrgTopology): string {
  return join(org.paths.peerData, 'snapshots');
}

/**
 * Asks the peer for a snapshot at its last committed block (`peer snapshot submitrequest -b 0`)
 * and waits until it is complete. Call it when no blocks are being added, so every peer
 * snapshots the same height.
 */
export async function takeSnapshot(org: string, topology = createTopology(), install: FabricInstall = resolveFabricInstall()): Promise<PeerSnapshot> {
  const o = getOrg(topology, org);
  const height = await peerHeight(org, topology);
  if (height === undefined) throw new Error(`${org} peer does not answer`);
  const block = height - 1;
  const dir = join(snapshotsRoot(o), 'completed', topology.channel, String(block));
  if (!existsSync(dir)) {
    await peerCli(install, o, ['snapshot', 'submitrequest', '-c', topology.channel, '-b', '0',
      '--peerAddress', `${o.peer.host}:${o.peer.port}`, '--tlsRootCertFile', o.paths.caCert]);
  }
  // written last, after the signable metadata: holds the snapshot hash and the commit hash
  const meta = join(dir, '_snapshot_additional_metadata.json');
  await waitFor(`${org} snapshot at block ${block}`, async () => (existsSync(meta) ? true : undefined), 120_000, 250);
  const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { snapshot_hash?: string; last_block_commit_hash?: string };
  if (!parsed.snapshot_hash) throw new Error(`${meta} has no snapshot_hash`);
  return { org: o.name, height: block, dir, snapshotHash: parsed.snapshot_hash, commitHash: parsed.last_block_commit_hash ?? '' };
}

export interface SnapshotComparison { readonly a: string; readonly b: string; readonly identical: boolean; readonly differences: number; readonly report: string; readonly keys: string[] }

/** `ledgerutil compare` of two snapshots of the same height. */
export async function compareSnapshots(a: PeerSnapshot, b: PeerSnapshot, install: FabricInstall = resolveFabricInstall()): Promise<SnapshotComparison> {
  const out = join(a.dir, '..', '..', '..', '..', 'compare', `${a.org}-${b.org}-${a.height}`.toLowerCase());
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // exit 0: no difference; exit 2: "Total differences found: N" with JSON reports in `out`
  let text: string;
  try {
    const r = await run(install.bin('ledgerutil'), ['compare', '-o', out, a.dir, b.dir], { timeoutMs: 300_000 });
    text = `${r.stdout}${r.stderr}`;
  } catch (err) {
    if (!(err instanceof CommandError) || String(err.code) !== '2') throw err;
    text = `${err.stdout}${err.stderr}`;
  }
  const differences = Number(/differences found:\s*(\d+)/i.exec(text)?.[1] ?? 0);
  const files = existsSync(out) ? readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.json')) : [];
  const keys: string[] = [];
  for (const f of files) {
    const body = readFileSync(join(out, f), 'utf8');
    for (const m of body.matchAll(/"namespace"\s*:\s*"([^"]*)"\s*,\s*"key"\s*:\s*"([^"]*)"/g)) keys.push(`${m[1]!} ${m[2]!}`);
  }
  const identical = differences === 0 && keys.length === 0;
  return { a: a.org, b: b.org, identical, differences, report: text.trim(), keys: [...new Set(keys)] };
}

// ---------------------------------------------------------------- state database editing

export const LEVELDB_TOOL_DIR = join(REPO_ROOT, 'test-network', 'tools', 'leveldb-edit');

/** The peer's state database (LevelDB) directory. */
export function stateDbPath(org: string, topology = createTopology()): string {
  return join(getOrg(topology, org).paths.peerData, 'ledgersData', 'stateLeveldb');
}

/**
 * What a lost disk takes from a stopped node: a peer's private data store only, or its whole
 * ledger (blocks, state, history, private data); an orderer's ledger and consensus WAL. What is
 * gone must then come from the other nodes.
 */
export function wipeLedger(org: string, node: 'peer' | 'orderer', what: 'private data store' | 'ledger', topology = createTopology()): void {
  if (nodePid(org, node, topology) !== undefined) throw new Error(`stop the ${org} ${node} before wiping its ${what}`);
  const o = getOrg(topology, org);
  if (node === 'orderer') {
    if (what !== 'ledger') throw new Error('an orderer has no private data store');
    rmSync(o.paths.ordererData, { recursive: true, force: true });
    return;
  }
  const ledger = join(o.paths.peerData, 'ledgersData');
  rmSync(what === 'ledger' ? ledger : join(ledger, 'pvtdataStore'), { recursive: true, force: true });
}

/**
 * Fabric's key in the state LevelDB: `<channel> 0x00 'd' <namespace> 0x00 <key>` (leveldbhelper
 * DB name prefix + stateleveldb data key). Private values live in namespace `<cc>$$p<collection>`,
 * their hashes in `<cc>$$h<collection>` under SHA-256 of the key.
 */
export function stateKey(channel: string, namespace: string, key: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(channel), Buffer.from([0]), Buffer.from('d'), Buffer.from(namespace), Buffer.from([0]), typeof key === 'string' ? Buffer.from(key) : Buffer.from(key)]);
}

function leveldbTool(args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('go', ['run', '.', ...args], { cwd: LEVELDB_TOOL_DIR, timeout: 300_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GOFLAGS: '-mod=mod' } },
      (err, stdout, stderr) => (err ? reject(new Error(`leveldb-edit ${args[0]}: ${stderr || err.message}`)) : resolvePromise(stdout)));
  });
}

/** Raw LevelDB access to a STOPPED peer's state database (the peer holds an exclusive lock). */
export const stateDb = {
  async get(dbPath: string, key: Buffer): Promise<Buffer | undefined> {
    const out = (await leveldbTool(['get', dbPath, key.toString('hex')])).trim();
    return out === '' ? undefined : Buffer.from(out, 'hex');
  },
  async put(dbPath: string, key: Buffer, value: Buffer): Promise<void> {
    await leveldbTool(['put', dbPath, key.toString('hex'), value.toString('hex')]);
  },
  async delete(dbPath: string, key: Buffer): Promise<void> {
    await leveldbTool(['delete', dbPath, key.toString('hex')]);
  },
  /** Keys (and values) under a prefix. */
  async list(dbPath: string, prefix: Buffer): Promise<{ key: Buffer; value: Buffer }[]> {
    const out = await leveldbTool(['list', dbPath, prefix.toString('hex')]);
    return out.split('\n').filter(Boolean).map((l) => { const [k, v] = l.split(' '); return { key: Buffer.from(k!, 'hex'), value: Buffer.from(v ?? '', 'hex') }; });
  },
};

// Fabric's statedb value: protobuf DBValue { bytes version = 1; bytes value = 2; bytes metadata = 3; }
function readVarint(b: Buffer, at: number): [number, number] {
  let v = 0; let shift = 0; let i = at;
  for (;;) { const byte = b[i++]!; v += (byte & 0x7f) * 2 ** shift; if ((byte & 0x80) === 0) return [v, i]; shift += 7; }
}
function varint(n: number): Buffer {
  const out: number[] = [];
  do { let byte = n % 128; n = Math.floor(n / 128); if (n > 0) byte |= 0x80; out.push(byte); } while (n > 0);
  return Buffer.from(out);
}

export function decodeDbValue(b: Buffer): { version: Buffer; value: Buffer; metadata: Buffer } {
  const f: Record<number, Buffer> = {};
  for (let i = 0; i < b.length;) {
    const [tag, j] = readVarint(b, i);
    const [len, k] = readVarint(b, j);
    f[tag >> 3] = b.subarray(k, k + len);
    i = k + len;
  }
  return { version: f[1] ?? Buffer.alloc(0), value: f[2] ?? Buffer.alloc(0), metadata: f[3] ?? Buffer.alloc(0) };
}

export function encodeDbValue(v: { version: Buffer; value: Buffer; metadata: Buffer }): Buffer {
  const field = (n: number, bytes: Buffer): Buffer => (bytes.length === 0 ? Buffer.alloc(0) : Buffer.concat([varint((n << 3) | 2), varint(bytes.length), bytes]));
  return Buffer.concat([field(1, v.version), field(2, v.value), field(3, v.metadata)]);
}


// ---------------------------------------------------------------- block file editing

/** The folder of the peer's block files for the channel (`blockfile_000000`, …). */
export function blockFilesPath(org: string, topology = createTopology()): string {
  return join(getOrg(topology, org).paths.peerData, 'ledgersData', 'chains', 'chains', topology.channel);
}

/** One edit of a peer's block files, and how to put the bytes back. */
export interface BlockFileEdit {
  readonly file: string;
  readonly offset: number;
  undo(): void;
}

/**
 * Overwrites, in the stopped peer's block files, the first occurrence of `find` with `replace`
 * (same length, so every block still parses): the block's bytes change behind Fabric's back while
 * its header, and so every header hash, stays as it was.
 */
export function editBlockFiles(org: string, find: Buffer, replace: Buffer, topology = createTopology()): BlockFileEdit {
  if (find.length !== replace.length) throw new Error('editBlockFiles: the replacement must have the length of what it replaces');
  const dir = blockFilesPath(org, topology);
  for (const name of readdirSync(dir).filter((n) => n.startsWith('blockfile_')).sort()) {
    const file = join(dir, name);
    const bytes = readFileSync(file);
    const offset = bytes.indexOf(find);
    if (offset < 0) continue;
    const write = (b: Buffer): void => {
      const fd = openSync(file, 'r+');
      try {
        writeSync(fd, b, 0, b.length, offset);
      } finally {
        closeSync(fd);
      }
    };
    write(replace);
    return { file, offset, undo: () => write(find) };
  }
  throw new Error(`${org}: no block file holds the bytes to edit`);
}
