// A ChunkRunner for core's verifyElectionRecordStream that spreads ballot chunks over Web Workers
// (core's chunkWorkerRunner keeps each one QUEUE_DEPTH chunks deep, so the record is read as fast
// as it is verified).
import { chunkWorkerRunner, type ChunkRunner } from '@ballotledger/core';

export function workerCount(): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
}

export function workerRunner(count = workerCount()): ChunkRunner {
  return chunkWorkerRunner(count, () => {
    const w = new Worker(new URL('../workers/verify-chunk.worker.ts', import.meta.url), { type: 'module' });
    return {
      post: (task) => w.postMessage(task),
      listen: (onResult, onError) => {
        w.onmessage = (ev: MessageEvent<{ result?: unknown; error?: string }>): void => {
          if (ev.data.error !== undefined || ev.data.result === undefined) onError(new Error(ev.data.error ?? 'worker failed'));
          else onResult(ev.data.result as Parameters<typeof onResult>[0]);
        };
        w.onerror = (ev): void => onError(new Error(ev.message || 'worker error'));
      },
      stop: () => w.terminate(),
    };
  });
}
