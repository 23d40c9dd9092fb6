// The ballot encrypted in a Web Worker (workers/encrypt-ballot.worker.ts), with its progress.
import { BallotLedgerError, type BallotContext, type EncryptedBallot, type ErrorCode } from '@ballotledger/core';
import type { EncryptTask } from '../workers/encrypt-ballot.worker';

type Answer = { progress: number } | { result: EncryptedBallot } | { error: { code?: ErrorCode; check?: string; message: string } };

export function encryptInWorker(ctx: BallotContext, choices: number[][], secret: string, ballotId: string, onProgress: (fraction: number) => void): Promise<EncryptedBallot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../workers/encrypt-ballot.worker.ts', import.meta.url), { type: 'module' });
    const done = (): void => worker.terminate();
    worker.onmessage = (ev: MessageEvent<Answer>): void => {
      const a = ev.data;
      if ('progress' in a) return onProgress(a.progress);
      done();
      if ('result' in a) resolve(a.result);
      else reject(a.error.code !== undefined ? new BallotLedgerError(a.error.code, a.error.check ?? 'ballot', a.error.message) : new Error(a.error.message));
    };
    worker.onerror = (ev): void => {
      done();
      reject(new Error(ev.message || 'the encryption worker failed'));
    };
    const task: EncryptTask = { ctx: { manifest: ctx.manifest, jointKey: ctx.jointKey, electionBaseHash: ctx.electionBaseHash }, choices, secret, ballotId };
    worker.postMessage(task);
  });
}
