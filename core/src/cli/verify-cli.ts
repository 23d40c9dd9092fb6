#!/usr/bin/env node
// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * ballotledger-verify [--workers N] [--json] [--reference] <record.ndjson | record.json> (options
 * in any order, `--workers=N` too; see verify-args.ts). Verifies a BallotLedger election record and
 * prints the numbered check list. The form is told by the content: a first line that is a JSON
 * object with `ballotCount` and no `ballots` is the streamed form, read a line at a time as the
 * workers verify (any size); anything else is parsed whole as the JSON form. Exit code 0 only if
 * every check passed (1: a check failed, 2: usage or I/O error; an unknown option prints the error
 * and the usage). Records of 128 ballots or more are verified on all cores (node:worker_threads)
 * with a progress bar on stderr. The libsodium fast path is
 * used (same verdicts); --reference runs the pure-JS reference verifier only.
 */
import { createReadStream, readFileSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  initFastVerification,
  readStreamedRecord,
  splitElectionRecord,
  verifyElectionRecordStream,
  type BallotChunkResult,
  type BallotChunkTask,
  chunkWorkerRunner,
  type ChunkRunner,
  type ChunkWorker,
  type RecordReport,
  type StreamedRecord,
} from '../index.js';
import { parseVerifyArgs, VERIFY_USAGE, type VerifyArgs } from './verify-args.js';

/**
 * Runs chunks on `n` worker threads (libsodium fast path unless `reference`), each kept
 * {@link QUEUE_DEPTH} chunks deep (core's chunkWorkerRunner). The threads are started at once, so
 * that they load while the main thread reads the record's header; until the runner is called they
 * do not keep the process alive. One runner serves one verification (it stops its threads when
 * done); make a new one for the next.
 */
export function workerRunner(n: number, options: { reference?: boolean } = {}): ChunkRunner {
  const spawn = (): Worker[] =>
    Array.from({ length: Math.max(1, n) }, () => {
      const w = new Worker(new URL('./verify-worker.js', import.meta.url), { workerData: { reference: options.reference === true } });
      w.unref();
      return w;
    });
  let loaded: Worker[] | null = spawn();
  return async (tasks: AsyncIterable<BallotChunkTask>, onResult: (result: BallotChunkResult) => void): Promise<void> => {
    const threads = loaded ?? spawn();
    loaded = null;
    let next = 0;
    const start = (): ChunkWorker => {
      const w = threads[next++]!;
      w.ref();
      return {
        post: (task) => w.postMessage(task),
        listen: (result, error) => {
          w.on('message', result);
          w.once('error', error);
          w.once('exit', (code) => error(new Error(`verification worker exited (code ${code})`)));
        },
        stop: () => w.terminate(),
      };
    };
    try {
      await chunkWorkerRunner(threads.length, start)(tasks, onResult);
    } finally {
      await Promise.all(threads.map((w) => w.terminate()));
    }
  };
}

/** The progress bar on stderr (a terminal only; elsewhere just the last line). */
function progressBar(started: number): { update(done: number, total: number): void; end(): void } {
  let open = false;
  return {
    update(done, total) {
      if (!process.stderr.isTTY && done < total) return;
      const width = 30;
      const frac = total === 0 ? 1 : Math.min(1, done / total);
      const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
      const secs = (performance.now() - started) / 1000;
      const rate = secs > 0 ? done / secs : 0;
      process.stderr.write(`\rballots [${bar}] ${done}/${total} ${rate.toFixed(0)}/s`);
      open = true;
    },
    end() {
      if (open) process.stderr.write('\n');
    },
  };
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
  let streamed: StreamedRecord | null;
  let record: unknown = null;
  try {
    streamed = await readStreamedRecord(createReadStream(file, { encoding: 'utf8' }));
    if (streamed === null) record = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  if (!reference) await initFastVerification();
  const started = performance.now();
  const progress = progressBar(started);
  const { header, ballots } = streamed ?? splitElectionRecord(record);
  const count = (header as { ballotCount?: unknown } | null)?.ballotCount;
  const report = await verifyElectionRecordStream(header, ballots, {
    onProgress: (d, t) => progress.update(d, t),
    ...(workers > 1 && typeof count === 'number' && count >= 128 ? { runChunks: workerRunner(workers, { reference }) } : {}),
  });
  progress.end();
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
