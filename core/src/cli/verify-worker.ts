// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * Worker thread of ballotledger-verify: verifies ballot chunks posted by the main thread. Uses
 * the libsodium fast path unless the runner asked for the reference (workerData.reference).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initFastVerification, verifyBallotChunk, type BallotChunkTask } from '../index.js';

const ready: Promise<unknown> = (workerData as { reference?: boolean } | null)?.reference === true ? Promise.resolve() : initFastVerification();

parentPort?.on('message', (task: BallotChunkTask) => {
  void ready.then(() => parentPort?.postMessage(verifyBallotChunk(task)));
});
