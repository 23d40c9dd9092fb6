// A ChunkRunner for core's verifyElectionRecord that spreads ballot chunks over Web Workers.
import type { BallotChunkResult, BallotChunkTask, ChunkRunner } from '@ballotledger/core';

export function workerCount(): number {
  return Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 0));
}

export function workerRunner(count = workerCount()): ChunkRunner {
  return async (tasks: BallotChunkTask[], onDone: (n: number) => void): Promise<BallotChunkResult[]> => {
    if (tasks.length === 0) return [];
    const workers = Array.from({ length: Math.min(count, tasks.length) }, () => new Worker(new URL('../workers/verify-chunk.worker.ts', import.meta.url), { type: 'module' }));
    const results: BallotChunkResult[] = new Array(tasks.length);
    let next = 0;
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const feed = (): void => {
                if (next >= tasks.length) return resolve();
                const id = next++;
                w.postMessage({ id, task: tasks[id] });
              };
              w.onmessage = (ev: MessageEvent<{ id: number; result?: BallotChunkResult; error?: string }>) => {
                if (ev.data.error !== undefined || ev.data.result === undefined) return reject(new Error(ev.data.error ?? 'worker failed'));
                results[ev.data.id] = ev.data.result;
                onDone(tasks[ev.data.id]!.ballots.length);
                feed();
              };
              w.onerror = (ev) => reject(new Error(ev.message || 'worker error'));
              feed();
            }),
        ),
      );
    } finally {
      workers.forEach((w) => w.terminate());
    }
    return results;
  };
}
