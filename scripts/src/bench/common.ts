// Shared parts of the network benchmarks: arguments, the network check, pools, percentiles,
// parallel ballot encryption, process sampling.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Ballot, BallotContext } from '@ballotledger/core';
import { ensureNetworkOrSkip, type EnsureResult } from '@ballotledger/test-network';

export function args(defaults: Record<string, string>): Record<string, string> {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) out[a.slice(2)] = argv[++i]!;
    else out[a.slice(2)] = 'true';
  }
  return out;
}

/** The running network (brought up if needed); exits 3 with the banner when Fabric is blocked. */
export function networkOrExit(): Promise<EnsureResult> {
  return ensureNetworkOrSkip(() => {
    console.log('\nBENCHMARK SKIPPED');
    process.exit(3);
  });
}

export async function pool<T>(limit: number, count: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(s.length * p) - 1))]!;
}

export const median = (xs: readonly number[]): number => percentile(xs, 0.5);

/** Encrypts ballots on every core with worker threads. */
export async function encryptAll(context: BallotContext, items: readonly { secret: string; choices: number[][] }[], threads = availableParallelism()): Promise<{ ballot: Ballot; tracker: string }[]> {
  const chunk = Math.ceil(items.length / threads);
  const parts = await Promise.all(Array.from({ length: threads }, (_, t) => new Promise<{ ballot: Ballot; tracker: string }[]>((resolve, reject) => {
    const w = new Worker(new URL('./encrypt-worker.js', import.meta.url), { workerData: { context, items: items.slice(t * chunk, (t + 1) * chunk) } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  return parts.flat();
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}
