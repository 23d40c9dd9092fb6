// Verifies ballot chunks of an election record off the main thread.
import '../zod-config';
import { verifyBallotChunk, type BallotChunkTask } from '@ballotledger/core';

self.onmessage = (ev: MessageEvent<BallotChunkTask>) => {
  try {
    self.postMessage({ result: verifyBallotChunk(ev.data) });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
