// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module chunk-workers
 * A {@link ChunkRunner} over worker threads of any kind (node:worker_threads in the CLI, Web
 * Workers in the browser): each worker is started for its first chunk and then kept
 * {@link QUEUE_DEPTH} chunks deep, taking the next chunk from the record only as it finishes one,
 * so the record is read as fast as it is verified, never all ahead.
 */
import type { BallotChunkResult, BallotChunkTask, ChunkRunner } from './verify-record.js';

/** Chunks each worker holds (one running, one queued), so that it never waits for the main thread. */
export const QUEUE_DEPTH = 2;

/** One worker as the runner drives it. */
export interface ChunkWorker {
  post(task: BallotChunkTask): void;
  /** Wires the worker's results and its failure (an error message, a crash, an exit). */
  listen(onResult: (result: BallotChunkResult) => void, onError: (error: Error) => void): void;
  stop(): unknown;
}

/**
 * Runs the chunks on at most `count` workers, `start()` making each one when the first chunk for
 * it is there (an empty record starts none). Rejects if a worker fails; stops every worker it
 * started before it settles.
 */
export function chunkWorkerRunner(count: number, start: () => ChunkWorker): ChunkRunner {
  return async (tasks: AsyncIterable<BallotChunkTask>, onResult: (result: BallotChunkResult) => void): Promise<void> => {
    const source = tasks[Symbol.asyncIterator]();
    let exhausted = false;
    const pull = async (): Promise<BallotChunkTask | null> => {
      if (exhausted) return null;
      const next = await source.next();
      exhausted = next.done === true;
      return exhausted ? null : next.value;
    };
    const started: ChunkWorker[] = [];
    const slot = async (): Promise<void> => {
      const first = await pull();
      if (first === null) return;
      const w = start();
      started.push(w);
      await new Promise<void>((resolve, reject) => {
        let posted = 1;
        let pulling = false;
        const feed = async (): Promise<void> => {
          if (pulling) return;
          pulling = true;
          try {
            while (posted < QUEUE_DEPTH) {
              const task = await pull();
              if (task === null) break;
              posted += 1;
              w.post(task);
            }
          } finally {
            pulling = false;
          }
          if (posted === 0) resolve();
        };
        const run = (): void => void feed().catch(reject);
        w.listen((result) => {
          posted -= 1;
          onResult(result);
          run();
        }, reject);
        w.post(first);
        run();
      });
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, count) }, slot));
    } finally {
      await Promise.all(started.map((w) => w.stop()));
    }
  };
}
