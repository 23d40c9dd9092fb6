/**
 * The gateway as a real child process (`node gateway/dist/main.js`), for crash tests and the load
 * benchmark: started with its own data directory and port, waited for (`/healthz` answers only
 * after unconfirmed casts from a previous run were finished), killed with any signal, restarted
 * on the same data directory. Development mode: the first start writes an admin password to
 * `<dataDir>/dev-credentials.txt`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { parseMetrics, tail, waitFor, WaitAborted } from '@ballotledger/test-network';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GATEWAY_MAIN = resolve(fileURLToPath(new URL('../main.js', import.meta.url)));

export interface GatewayProcessOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Network profile (default: the repository's .state/network.json). */
  readonly profilePath?: string;
  readonly org?: string;
  /** Extra BL_* settings (they win over the defaults here). */
  readonly env?: Record<string, string>;
  readonly logFile?: string;
}

/** Settings for load and fault tests: every request comes from 127.0.0.1, so per-address limits are lifted. */
export const LOAD_TEST_ENV: Record<string, string> = {
  NODE_ENV: 'development',
  BL_LOG_LEVEL: 'warn',
  BL_RATE_PUBLIC: '1000000',
  BL_RATE_VOTER_AUTH: '1000000',
  BL_RATE_API: '1000000',
  BL_RATE_STAFF_AUTH: '1000',
  BL_RATE_UPLOAD: '1000',
  BL_RATE_ROLL_SEARCH: '1000',
  BL_IP_MAX_FAILURES: '100000',
  BL_VOTER_SESSION_MINUTES: '1440',
  BL_STAFF_SESSION_IDLE_MINUTES: '1440',
  BL_ROLL_MAX_ROWS: '2000000',
  BL_ROLL_MAX_BYTES: '200000000',
  BL_SCRYPT_COST: '1024',
  BL_WEB_DIST: '/nonexistent',
  BL_DEV_ROUTES: 'true',
};

export class GatewayProcess {
  readonly options: GatewayProcessOptions;
  child: ChildProcess | undefined;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(options: GatewayProcessOptions) {
    this.options = options;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get logFile(): string {
    return this.options.logFile ?? join(this.options.dataDir, 'gateway.log');
  }

  /** Starts the process and waits until `/healthz` answers. */
  async start(timeoutMs = 120_000): Promise<void> {
    const o = this.options;
    mkdirSync(o.dataDir, { recursive: true });
    const fd = openSync(this.logFile, 'a');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...LOAD_TEST_ENV,
      BL_HOST: '127.0.0.1',
      BL_PORT: String(o.port),
      BL_PUBLIC_BASE_URL: this.baseUrl,
      BL_DATA_DIR: o.dataDir,
      BL_FABRIC_ORG: o.org ?? 'Central',
      ...(o.profilePath ? { BL_FABRIC_PROFILE: o.profilePath } : {}),
      ...o.env,
    };
    const child = spawn(process.execPath, [GATEWAY_MAIN], { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    await waitFor('the gateway\'s /healthz', async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new WaitAborted(`gateway exited (${child.exitCode ?? child.signalCode}); log ${this.logFile}:\n${this.tail(20)}`);
      }
      const r = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      return r.ok ? true : undefined;
    }, timeoutMs, 200).catch((err: unknown) => {
      throw err instanceof WaitAborted ? err : new Error(`${(err as Error).message}; log:\n${this.tail(20)}`);
    });
  }

  /** Sends a signal (default SIGKILL: kill -9) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }

  /** Graceful stop (SIGTERM), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(t);
  }

  /**
   * Endorsements this gateway raced because an endorser set stayed silent, by the set's MSPs
   * (`ballotledger_endorsement_races_total{silent}` on its /metrics, read from this machine).
   */
  async endorsementRaces(): Promise<Map<string, number>> {
    const metrics = parseMetrics(await (await fetch(`${this.baseUrl}/metrics`)).text());
    const races = new Map<string, number>();
    for (const [name, n] of metrics) {
      const silent = /^ballotledger_endorsement_races_total\{.*silent="([^"]*)"/.exec(name)?.[1];
      if (silent !== undefined) races.set(silent, n);
    }
    return races;
  }

  /** The development admin's password (written at the first start). */
  adminPassword(): string {
    const text = readFileSync(join(this.options.dataDir, 'dev-credentials.txt'), 'utf8');
    const m = /user admin\s+password (\S+)/.exec(text);
    if (!m) throw new Error('no admin password in dev-credentials.txt');
    return m[1]!;
  }

  tail(lines: number): string {
    return tail(this.logFile, lines);
  }
}
