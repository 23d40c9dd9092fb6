// A ChunkRunner for core's verifyElectionRecordStream that spreads ballot chunks over Web Workers.
// Each worker is started for its first chunk and kept QUEUE_DEPTH chunks deep, taking the next
// chunk from the record only as it finishes one, so the record is read as fast as it is verified.
import type { BallotChunkResult, BallotChunkTask, ChunkRunner } from '@ballotledger/core';

const QUEUE_DEPTH = 2;

export function workerCount(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

export function workerRunner(count = workerCount()): ChunkRunner {
  return async (tasks: AsyncIterable<BallotChunkTask>, onResult: (result: BallotChunkResult) => void): Promise<void> => {
    const source = tasks[Symbol.asyncIterator]();
    let exhausted = false;
    const pull = async (): Promise<BallotChunkTask | null> => {
      if (exhausted) return null;
      const next = await source.next();
      exhausted = next.done === true;
      return exhausted ? null : (next.value as BallotChunkTask);
    };
    const workers: Worker[] = [];
    const slot = async (): Promise<void> => {
      const first = await pull();
      if (first === null) return;
      const w = new Worker(new URL('../workers/verify-chunk.worker.ts', import.meta.url), { type: 'module' });
      workers.push(w);
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
              w.postMessage(task);
            }
          } finally {
            pulling = false;
          }
          if (posted === 0) resolve();
        };
        const run = (): void => void feed().catch(reject);
        w.onmessage = (ev: MessageEvent<{ result?: BallotChunkResult; error?: string }>) => {
          if (ev.data.error !== undefined || ev.data.result === undefined) return reject(new Error(ev.data.error ?? 'worker failed'));
          posted -= 1;
          onResult(ev.data.result);
          run();
        };
        w.onerror = (ev) => reject(new Error(ev.message || 'worker error'));
        w.postMessage(first);
        run();
      });
    };
    try {
      await Promise.all(Array.from({ length: count }, slot));
    } finally {
      workers.forEach((w) => w.terminate());
    }
  };
}
