// Verifies ballot chunks of an election record off the main thread.
import '../zod-config';
import { verifyBallotChunk, type BallotChunkTask } from '@ballotledger/core';

self.onmessage = (ev: MessageEvent<{ id: number; task: BallotChunkTask }>) => {
  const { id, task } = ev.data;
  try {
    const result = verifyBallotChunk(task);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: String(e) });
  }
};
