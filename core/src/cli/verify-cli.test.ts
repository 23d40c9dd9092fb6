// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { deterministicRng } from '../rng.js';
import { smallManifest } from '../testing/fixtures.js';
import { simulateElection } from '../testing/simulate-election.js';
import { verifyElectionRecordStream } from '../verify-record.js';
import { QUEUE_DEPTH } from '../chunk-workers.js';
import { workerRunner } from './verify-cli.js';

describe('ballotledger-verify worker runner', function () {
  this.timeout(120000);

  it('reads the ballots only as the workers take chunks: at most QUEUE_DEPTH chunks per worker ahead of the first result', async () => {
    const record = simulateElection({ manifest: smallManifest('e-runner', 2, 3), ballots: 40, spoiled: 0, rng: deterministicRng('runner') }).record;
    let read = 0;
    let readAtFirstResult: number | null = null;
    async function* ballots(): AsyncGenerator<unknown> {
      for (const b of record.ballots) {
        read += 1;
        yield b;
      }
    }
    const { ballots: _, ...rest } = record;
    const workers = 2;
    const chunkSize = 2;
    const report = await verifyElectionRecordStream({ ...rest, ballotCount: record.ballots.length }, ballots(), {
      chunkSize,
      runChunks: workerRunner(workers, { reference: true }),
      onProgress: (done) => {
        if (done > 0) readAtFirstResult ??= read;
      },
    });
    expect(report.ok).to.equal(true);
    expect(readAtFirstResult).to.be.within(chunkSize, workers * QUEUE_DEPTH * chunkSize);
    expect(read).to.equal(40);
  });
});
