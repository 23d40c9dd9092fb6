// Native process management: detached processes with pid files and log files, health waits,
// and running the Fabric CLIs.
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';

export interface PidRecord {
  readonly pid: number;
  readonly argv: readonly string[];
  readonly startedAt: string;
  /** Free-form facts about the process (e.g. the chaincode package id it serves). */
  readonly meta?: Record<string, string>;
}

export interface StartOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly logFile: string;
  readonly pidFile: string;
  readonly meta?: Record<string, string>;
}

export function startDetached(o: StartOptions): PidRecord {
  mkdirSync(dirname(o.logFile), { recursive: true });
  mkdirSync(dirname(o.pidFile), { recursive: true });
  const fd = openSync(o.logFile, 'a');
  try {
    writeFileSync(fd, `\n===== ${new Date().toISOString()} start: ${o.command} ${o.args.join(' ')}\n`);
    const child = spawn(o.command, o.args, { env: o.env, cwd: o.cwd, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`could not start ${o.command}`);
    child.unref();
    const rec: PidRecord = { pid: child.pid, argv: [o.command, ...o.args], startedAt: new Date().toISOString(), ...(o.meta ? { meta: o.meta } : {}) };
    writeFileSync(o.pidFile, JSON.stringify(rec, null, 2) + '\n');
    return rec;
  } finally {
    closeSync(fd);
  }
}

export function readPidFile(pidFile: string): PidRecord | undefined {
  try {
    return JSON.parse(readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
}

/** True if `pid` is alive and still runs the recorded command line (guards against pid reuse). */
export function pidMatches(rec: PidRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const stat = readFileSync(`/proc/${rec.pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false; // zombie
    return cmdline.length === rec.argv.length && cmdline.every((a, i) => a === rec.argv[i]);
  } catch {
    return false;
  }
}

/** The live process recorded in `pidFile`, or undefined (removing a stale pid file). */
export function runningProcess(pidFile: string): PidRecord | undefined {
  const rec = readPidFile(pidFile);
  if (!rec) return undefined;
  if (pidMatches(rec)) return rec;
  rmSync(pidFile, { force: true });
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { sleep };

/** Stops the process recorded in `pidFile` (SIGTERM, then SIGKILL after `graceMs`). */
export async function stopProcess(pidFile: string, graceMs = 10_000): Promise<'stopped' | 'not-running'> {
  const rec = runningProcess(pidFile);
  if (!rec) return 'not-running';
  try { process.kill(rec.pid, 'SIGTERM'); } catch { /* already gone */ }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pidMatches(rec)) await sleep(100);
  if (pidMatches(rec)) {
    try { process.kill(rec.pid, 'SIGKILL'); } catch { /* gone */ }
    while (pidMatches(rec)) await sleep(50);
  }
  rmSync(pidFile, { force: true });
  return 'stopped';
}

/** Thrown by a `waitFor` probe to stop waiting at once (e.g. the process it waits for exited). */
export class WaitAborted extends Error {}

/**
 * Calls `probe` every `intervalMs` until it returns a value. A probe that throws is tried again
 * (the last error is in the timeout message), unless it throws `WaitAborted`, which ends the wait.
 */
export async function waitFor<T>(label: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof WaitAborted) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}${last ? `: ${String((last as Error).message ?? last)}` : ''}`);
    }
    await sleep(intervalMs);
  }
}

export interface HttpResult { status: number; body: string }

export function httpGet(url: string, timeoutMs = 2000): Promise<HttpResult> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout GET ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

export function tcpOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const s = createConnection({ host, port });
    const done = (ok: boolean) => { s.destroy(); resolvePromise(ok); };
    s.setTimeout(timeoutMs, () => done(false));
    s.on('connect', () => done(true));
    s.on('error', () => done(false));
  });
}

/** Throws if host:port already accepts connections (e.g. a network from another checkout). */
export async function assertPortFree(host: string, port: number, what: string): Promise<void> {
  if (await tcpOpen(host, port, 500)) {
    throw new Error(`${what}: port ${host}:${port} is already in use by a process this state folder did not start ` +
      '(another BallotLedger network from another checkout? stop it, or set BALLOTLEDGER_PORT_BASE)');
  }
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(readonly command: string, readonly code: number | string | null, readonly stdout: string, readonly stderr: string) {
    super(`${command} failed (${code}): ${(stderr || stdout).trim().split('\n').slice(-8).join('\n')}`);
  }
}

export interface RunResult { stdout: string; stderr: string }

export function run(command: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 120_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { code?: number | string };
          reject(new CommandError(`${command.split('/').pop()} ${args.join(' ')}`, e.code ?? null, stdout, stderr));
        } else {
          resolvePromise({ stdout, stderr });
        }
      });
  });
}

/** Resident set size in KiB of a pid (from /proc), 0 if gone. */
export function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function ensureDir(path: string, mode?: number): string {
  mkdirSync(path, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
  return path;
}

/** The last `lines` lines of a log file ('' when it cannot be read). */
export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function pidFilePath(runDir: string, id: string): string {
  return join(runDir, `${id}.pid`);
}

export function exists(p: string): boolean {
  return existsSync(p);
}

/** Prints `label` and the time the step took. */
export async function step<T>(label: string, fn: () => Promise<T>, log: (s: string) => void = console.log): Promise<T> {
  const t0 = performance.now();
  log(`  → ${label}`);
  try {
    const v = await fn();
    log(`  ✓ ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return v;
  } catch (err) {
    log(`  ✗ ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    throw err;
  }
}
