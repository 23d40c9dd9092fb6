// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * Cryptography benchmark: `npm run bench -w core [-- --ballots N]`. Prints medians of several
 * runs and the machine. Not a test: figures vary with the (shared, noisy) machine.
 */
import { cpus, totalmem } from 'node:os';
import { workerRunner } from '../cli/verify-cli.js';
import {
  choiceContest,
  createManifest,
  deterministicRng,
  discreteLog,
  encryptBallot,
  G,
  generateCredentialSecret,
  simulateElection,
  verifyBallot,
  verifyBallotChunk,
  verifyElectionRecord,
  type Ballot,
  type BallotContext,
  BALLOTS_PER_BATCH,
} from '../index.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(f: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    out.push(performance.now() - t);
  }
  return out;
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const nIdx = args.indexOf('--ballots');
  const recordBallots = nIdx >= 0 ? Number(args[nIdx + 1]) : 1000;
  console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const candidates = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ optionId: x, label: x }));
  const manifest = createManifest({ electionId: 'bench', title: 'bench', threshold: 3, holders: 5, contests: [choiceContest({ contestId: 'c', label: 'c', candidates, min: 1, max: 1 })] });
  const sim = simulateElection({ manifest, ballots: 4, rng: deterministicRng('bench-setup') });
  const ctx: BallotContext = sim.context;
  const secret = generateCredentialSecret();
  // warm-up
  for (let i = 0; i < 5; i++) verifyBallot(encryptBallot(ctx, [[0, 0, 1, 0, 0]], secret).ballot, ctx);

  const enc = time(() => encryptBallot(ctx, [[0, 1, 0, 0, 0]], secret), 40);
  console.log(`encrypt + prove + sign, 5-option 1-of-5 contest: median ${fmt(median(enc))} ms (40 runs, min ${fmt(Math.min(...enc))})`);
  const ballots: Ballot[] = Array.from({ length: 256 }, (_, i) => encryptBallot(ctx, [[0, 0, 0, 0, 0].map((_, j) => (j === i % 5 ? 1 : 0))], generateCredentialSecret()).ballot);
  const ver = ballots.slice(0, 40).map((b) => time(() => verifyBallot(b, ctx), 1)[0]!);
  console.log(`verify one ballot alone (chaincode path): median ${fmt(median(ver))} ms (40 ballots)`);
  const chunk = time(() => verifyBallotChunk({ manifest, jointKey: ctx.jointKey, electionBaseHash: ctx.electionBaseHash, ballots, offset: 0 }), 5).map((t) => t / ballots.length);
  console.log(`verify batched (${BALLOTS_PER_BATCH} ballots per MSM), one core: median ${fmt(median(chunk))} ms per ballot (5 runs x 256 ballots)`);

  const maxIdx = args.indexOf('--bsgs');
  const dl = time(() => discreteLog(G.multiply(9_999_999n), 10_000_000), 5);
  console.log(`BSGS: recover 9,999,999 with bound 10^7: median ${fmt(median(dl))} ms (first call builds the table)`);
  void maxIdx;

  console.log(`generating a ${recordBallots}-ballot record (1-of-5 contest) ...`);
  let t = performance.now();
  const big = simulateElection({ manifest, ballots: recordBallots, rng: deterministicRng('bench-record') });
  console.log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const runs: number[] = [];
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    const report = await verifyElectionRecord(big.record, { runChunks: workerRunner(cpus().length), chunkSize: 256 });
    runs.push(performance.now() - t);
    if (!report.ok) throw new Error('benchmark record did not verify');
  }
  const perBallot = median(runs) / recordBallots;
  console.log(`full record verification, ${cpus().length} worker threads: median ${(median(runs) / 1000).toFixed(2)} s for ${recordBallots} ballots = ${fmt(perBallot)} ms/ballot wall clock (3 runs)`);
  console.log(`  extrapolated (linear): 100,000 ballots ≈ ${((perBallot * 1e5) / 60000).toFixed(1)} min; 1,000,000 ballots ≈ ${((perBallot * 1e6) / 60000).toFixed(0)} min`);
}

void main();
