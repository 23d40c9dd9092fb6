// SPDX-License-Identifier: AGPL-3.0-or-later
/** Worker thread of ballotledger-verify: verifies ballot chunks posted by the main thread. */
import { parentPort } from 'node:worker_threads';
import { verifyBallotChunk, type BallotChunkTask } from '../index.js';

parentPort?.on('message', (task: BallotChunkTask) => {
  parentPort?.postMessage(verifyBallotChunk(task));
});
