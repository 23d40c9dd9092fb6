#!/usr/bin/env node
// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * ballotledger-verify [--workers N] [--json] [--reference] <record.json> (options in any order,
 * `--workers=N` too; see verify-args.ts). Verifies a BallotLedger election record and prints the
 * numbered check list. Exit code 0 only if every check passed (1: a check failed, 2: usage or I/O
 * error; an unknown option prints the error and the usage). Large records are verified
 * on all cores (node:worker_threads) with a progress bar on stderr. The libsodium fast path is
 * used (same verdicts); --reference runs the pure-JS reference verifier only.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { initFastVerification, verifyElectionRecord, type BallotChunkResult, type BallotChunkTask, type ChunkRunner, type RecordReport } from '../index.js';
import { parseVerifyArgs, VERIFY_USAGE, type VerifyArgs } from './verify-args.js';

/** Chunks each worker holds (one running, one queued), so that it never waits for the main thread. */
const QUEUE_DEPTH = 2;

/**
 * Runs chunks on `n` worker threads (libsodium fast path unless `reference`). The workers are
 * started at once, so that they load while the main thread parses the record; until the runner
 * is called they do not keep the process alive. Each worker keeps {@link QUEUE_DEPTH} chunks
 * queued, so it keeps verifying while the main thread does the record's other checks. One
 * runner serves one verification (it stops its workers when done); make a new one for the next.
 */
export function workerRunner(n: number, options: { reference?: boolean } = {}): ChunkRunner {
  const spawn = (): Worker[] =>
    Array.from({ length: Math.max(1, n) }, () => {
      const w = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: { reference: options.reference === true } });
      w.unref();
      return w;
    });
  let idle: Worker[] | null = spawn();
  return async (tasks: BallotChunkTask[], onDone: (ballots: number) => void): Promise<BallotChunkResult[]> => {
    const all = idle ?? spawn();
    idle = null;
    const workers = all.slice(0, Math.min(all.length, tasks.length));
    await Promise.all(all.slice(workers.length).map((w) => w.terminate()));
    const results: BallotChunkResult[] = [];
    let next = 0;
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.ref();
              const posted: BallotChunkTask[] = [];
              const feed = (): void => {
                while (posted.length < QUEUE_DEPTH && next < tasks.length) {
                  const task = tasks[next++]!;
                  posted.push(task);
                  w.postMessage(task);
                }
                if (posted.length === 0) resolve();
              };
              w.on('message', (r: BallotChunkResult) => {
                results.push(r);
                onDone(posted.shift()!.ballots.length);
                feed();
              });
              w.once('error', reject);
              w.once('exit', (code) => reject(new Error(`verification worker exited (code ${code})`)));
              feed();
            }),
        ),
      );
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    return results.sort((a, b) => a.offset - b.offset);
  };
}

function progressBar(done: number, total: number, started: number): void {
  if (!process.stderr.isTTY && done !== total) return;
  const width = 30;
  const frac = total === 0 ? 1 : done / total;
  const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
  const secs = (performance.now() - started) / 1000;
  const rate = secs > 0 ? done / secs : 0;
  process.stderr.write(`\rballots [${bar}] ${done}/${total} ${rate.toFixed(0)}/s${done === total ? '\n' : ''}`);
}

/** Human-readable report. */
export function formatReport(report: RecordReport): string {
  const lines = report.checks.map((c) => {
    const mark = c.status === 'pass' ? 'PASS' : c.status === 'fail' ? 'FAIL' : 'SKIP';
    const where = c.failedCheck !== undefined ? ` [${c.code}] at ${c.failedCheck}` : '';
    return `${String(c.id).padStart(2)}. ${mark} ${c.name}${where} — ${c.detail}`;
  });
  lines.push('', 'Ledger anchors (not checkable offline; compare with the ledger):');
  if (report.anchors.length === 0) lines.push('  (none)');
  for (const a of report.anchors) lines.push(`  ${a.item}: block ${a.blockNumber ?? '-'} tx ${a.txId ?? '-'} hash ${a.hash ?? '-'}`);
  lines.push('', report.ok ? `VERIFIED: all ${report.checks.length} checks passed (${report.ballotCount} ballots)` : 'NOT VERIFIED: see the failed checks above');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let args: VerifyArgs;
  try {
    args = parseVerifyArgs(argv.slice(2));
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n${VERIFY_USAGE}\n`);
    return 2;
  }
  if (args.kind === 'help') {
    process.stdout.write(`${VERIFY_USAGE}\n`);
    return 0;
  }
  const { file, json, reference } = args;
  const workers = args.workers ?? availableParallelism();
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  if (!reference) await initFastVerification();
  const started = performance.now();
  const ballots = Array.isArray((record as { ballots?: unknown }).ballots) ? (record as { ballots: unknown[] }).ballots.length : 0;
  const report = await verifyElectionRecord(record, {
    onProgress: (d, t) => progressBar(d, t, started),
    ...(workers > 1 && ballots >= 128 ? { runChunks: workerRunner(workers, { reference }) } : {}),
  });
  process.stdout.write((json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
  process.stderr.write(`verified in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return report.ok ? 0 : 1;
}

/** Started as a program (directly, or through npm's node_modules/.bin symlink), not imported. */
function isMainModule(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMainModule()) {
  main(process.argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`error: ${String(e)}\n`);
      process.exit(2);
    },
  );
}
