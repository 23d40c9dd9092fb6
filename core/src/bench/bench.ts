// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * Cryptography benchmark: `npm run bench -w core [-- --ballots N] [--runs R] [--no-reference] [--no-strategies]`.
 * Prints medians of several runs, for the pure-JS reference (@noble/curves, what the browser
 * runs) and the opt-in fast path (initFastVerification: libsodium's ristretto255 operations),
 * the libsodium calls per ballot of each evaluation strategy, and the machine with its CPU
 * pressure (/proc/pressure/cpu) before each section. Wall-clock medians are the figures; the CPU
 * time of the process is printed next to them because the machine is shared. Verifies an
 * N-ballot record (default 10,000; generated once and cached in the OS temp directory) end to
 * end on 2 worker threads and extrapolates to 100,000 and 1,000,000 ballots.
 * Not a test: figures vary with the (shared, noisy) machine.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { workerRunner } from '../cli/verify-cli.js';
import {
  BALLOTS_PER_BATCH,
  choiceContest,
  CORE_VERSION,
  createManifest,
  deterministicRng,
  disableFastVerification,
  discreteLog,
  encryptBallot,
  G,
  generateCredentialSecret,
  Point,
  initFastVerification,
  simulateElection,
  verifyBallot,
  verifyBallotChunk,
  verifyElectionRecord,
  type Ballot,
  type BallotContext,
  type ElectionRecord,
} from '../index.js';
import { acceptsBallot } from '../fast/backend.js';
import { counters, type EvalStrategy } from '../fast/sodium-verify.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Process CPU time in ms (all threads). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Wall-clock and CPU milliseconds of `runs` calls. */
function time(f: () => void, runs: number): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c = cpuMs();
    const t = performance.now();
    f();
    wall.push(performance.now() - t);
    cpu.push(cpuMs() - c);
  }
  return { wall, cpu };
}

/** "some" CPU pressure (share of time some task waited for a CPU), or '?' off Linux. */
function pressure(): string {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0]!;
    const m = /avg10=([\d.]+) avg60=([\d.]+)/.exec(line);
    return `cpu pressure some avg10 ${m?.[1]} % avg60 ${m?.[2]} %, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  } catch {
    return `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;
  }
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const recordBallots = arg(args, '--ballots', 10000);
  const runs = arg(args, '--runs', 3);
  const withReference = !args.includes('--no-reference');
  const withStrategies = !args.includes('--no-strategies');
  const workers = 2;
  console.log(`machine: ${cpus()[0]?.model ?? '?'}, ${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${pressure()}`);
  console.log(`primitives (CPU µs, medians; compare with /work/shared/reference/crypto-measurements.md to see how fast the box is today): ${await calibration()}`);
  console.log(`contest: 5 options, choose exactly 1 (5 range proofs + 1 sum proof + signature); medians; the reference is pure JS (@noble/curves), "fast" is after await initFastVerification() (libsodium)`);
  const candidates = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ optionId: x, label: x }));
  const manifest = createManifest({ electionId: 'bench', title: 'bench', threshold: 3, holders: 5, contests: [choiceContest({ contestId: 'c', label: 'c', candidates, min: 1, max: 1 })] });
  const sim = simulateElection({ manifest, ballots: 4, rng: deterministicRng('bench-setup') });
  const ctx: BallotContext = sim.context;
  const secret = generateCredentialSecret();
  const ballots: Ballot[] = Array.from({ length: BALLOTS_PER_BATCH }, (_, i) => encryptBallot(ctx, [[0, 0, 0, 0, 0].map((_, j) => (j === i % 5 ? 1 : 0))], generateCredentialSecret()).ballot);
  const task = { manifest, jointKey: ctx.jointKey, electionBaseHash: ctx.electionBaseHash, ballots, offset: 0 };

  const rows: [string, string, string][] = [];
  for (const mode of withReference ? (['reference', 'fast'] as const) : (['fast'] as const)) {
    if (mode === 'fast') await initFastVerification();
    else disableFastVerification();
    for (let i = 0; i < 5; i++) verifyBallot(encryptBallot(ctx, [[0, 0, 1, 0, 0]], secret).ballot, ctx); // warm-up
    console.log(`[${mode}] ${pressure()}`);
    const enc = time(() => encryptBallot(ctx, [[0, 1, 0, 0, 0]], secret), 40);
    const ver = ballots.slice(0, 60).map((b) => time(() => verifyBallot(b, ctx), 1));
    const verWall = ver.map((x) => x.wall[0]!);
    const verCpu = ver.map((x) => x.cpu[0]!);
    const chunk = time(() => verifyBallotChunk(task), mode === 'fast' ? 7 : 3);
    const per = (xs: number[]): number[] => xs.map((t) => t / ballots.length);
    rows.push([`${mode}: encrypt + prove + sign`, `${fmt(median(enc.wall))} ms`, `40 runs, min ${fmt(Math.min(...enc.wall))}, CPU median ${fmt(median(enc.cpu))}`]);
    rows.push([`${mode}: verify one ballot alone (chaincode path)`, `${fmt(median(verWall))} ms`, `60 ballots, min ${fmt(Math.min(...verWall))}, CPU median ${fmt(median(verCpu))}`]);
    rows.push([`${mode}: verify in batches of ${BALLOTS_PER_BATCH}, one core`, `${fmt(median(per(chunk.wall)))} ms/ballot`, `${chunk.wall.length} runs x ${ballots.length} ballots, CPU median ${fmt(median(per(chunk.cpu)))}`]);
  }
  for (const [a, b, c] of rows) console.log(`${a.padEnd(52)} ${b.padStart(14)}   (${c})`);

  if (withStrategies) {
    // The evaluation strategies of fast/sodium-verify.ts on the same ballots (all exact; see there).
    await initFastVerification();
    console.log(`[strategies] ${pressure()}`);
    for (const strategy of ['grouped', 'hybrid', 'batch', 'exact'] as EvalStrategy[]) {
      for (const b of ballots.slice(0, 5)) acceptsBallot(b, ctx, 'ballot', { strategy });
      counters.mul = counters.base = counters.add = counters.valid = 0;
      const r = ballots.slice(0, 60).map((b) => time(() => acceptsBallot(b, ctx, 'ballot', { strategy }) || fail('not accepted'), 1));
      const calls = `${counters.mul / 60} mult, ${counters.base / 60} base, ${counters.add / 60} add, ${counters.valid / 60} is_valid_point`;
      console.log(`fast, strategy ${strategy.padEnd(7)}: verify one ballot ${fmt(median(r.map((x) => x.wall[0]!)))} ms (CPU ${fmt(median(r.map((x) => x.cpu[0]!)))}); libsodium calls per ballot: ${calls}`);
    }
  }

  const dl = time(() => discreteLog(G.multiply(9_999_999n), 10_000_000), 5);
  console.log(`BSGS: recover 9,999,999 with bound 10^7: median ${fmt(median(dl.wall))} ms (first call builds the table)`);

  // The record: generated once (deterministic seed) and cached.
  await initFastVerification();
  const cache = join(tmpdir(), `ballotledger-bench-record-v${CORE_VERSION}-${recordBallots}.json`);
  let record: ElectionRecord;
  if (existsSync(cache)) {
    record = JSON.parse(readFileSync(cache, 'utf8')) as ElectionRecord;
    console.log(`${recordBallots}-ballot record: cached ${cache}`);
  } else {
    const t = performance.now();
    record = simulateElection({ manifest, ballots: recordBallots, rng: deterministicRng(`bench-record-${recordBallots}`) }).record;
    writeFileSync(cache, JSON.stringify(record));
    console.log(`${recordBallots}-ballot record: generated in ${((performance.now() - t) / 1000).toFixed(1)} s (fast prover), cached in ${cache}`);
  }
  const recordRuns = async (reference: boolean, n: number): Promise<{ wall: number[]; cores: number[] }> => {
    const wall: number[] = [];
    const cores: number[] = [];
    // The reference run is pure noble on every thread (the main thread's credential check included).
    if (reference) disableFastVerification();
    else await initFastVerification();
    for (let k = 0; k < n; k++) {
      console.log(`[record, ${reference ? 'reference' : 'fast'}, run ${k + 1}] ${pressure()}`);
      const c = cpuMs();
      const t = performance.now();
      const report = await verifyElectionRecord(record, { runChunks: workerRunner(workers, { reference }) });
      const w = performance.now() - t;
      wall.push(w);
      cores.push((cpuMs() - c) / w);
      if (!report.ok) throw new Error('benchmark record did not verify');
    }
    return { wall, cores };
  };
  const fast = await recordRuns(false, runs);
  const per = median(fast.wall) / recordBallots;
  console.log(
    `fast: full record verification, ${recordBallots} ballots, ${workers} worker threads, end to end: median ${(median(fast.wall) / 1000).toFixed(2)} s = ${fmt(per)} ms/ballot wall clock ` +
      `(${runs} runs: ${fast.wall.map((x) => (x / 1000).toFixed(1)).join(', ')} s; process CPU / wall = ${fast.cores.map((x) => x.toFixed(2)).join(', ')} cores; ` +
      `process CPU ${fmt(median(fast.wall.map((w, i) => w * fast.cores[i]!)) / recordBallots)} ms/ballot)`,
  );
  console.log(`  extrapolated (linear): 100,000 ballots ≈ ${((per * 1e5) / 60000).toFixed(1)} min; 1,000,000 ballots ≈ ${((per * 1e6) / 60000).toFixed(0)} min`);
  if (withReference) {
    const ref = await recordRuns(true, 1);
    const perRef = ref.wall[0]! / recordBallots;
    console.log(
      `reference: the same record on ${workers} worker threads: ${(ref.wall[0]! / 1000).toFixed(1)} s = ${fmt(perRef)} ms/ballot (1 run, ${ref.cores[0]!.toFixed(2)} cores) → 100,000 ≈ ${((perRef * 1e5) / 60000).toFixed(1)} min; 1,000,000 ≈ ${((perRef * 1e6) / 60000).toFixed(0)} min`,
    );
  }
  console.log(`[end] ${pressure()}`);
}

/** CPU cost of the primitives the two paths are made of (the box's speed varies with its load). */
async function calibration(): Promise<string> {
  const sodium = (await import('libsodium-wrappers-sumo')).default;
  await sodium.ready;
  const s = sodium.crypto_core_ristretto255_scalar_random();
  const P = sodium.crypto_scalarmult_ristretto255_base(s);
  const Q = sodium.crypto_scalarmult_ristretto255_base(sodium.crypto_core_ristretto255_scalar_random());
  const per = (f: () => unknown, n: number): string => {
    for (let i = 0; i < n / 4; i++) f();
    const r = time(() => {
      for (let i = 0; i < n; i++) f();
    }, 5);
    return ((median(r.cpu) / n) * 1000).toFixed(0);
  };
  const nP = G.multiply(123456789n);
  const bytes = nP.toBytes();
  const big = 2n ** 250n + 987654321987654321n;
  return (
    `libsodium scalarmult ${per(() => sodium.crypto_scalarmult_ristretto255(s, P), 400)}, scalarmult_base ${per(() => sodium.crypto_scalarmult_ristretto255_base(s), 800)}, ` +
    `add ${per(() => sodium.crypto_core_ristretto255_add(P, Q), 1500)}, is_valid_point ${per(() => sodium.crypto_core_ristretto255_is_valid_point(P), 3000)}; ` +
    `noble multiplyUnsafe ${per(() => nP.multiplyUnsafe(big), 40)}, fromBytes ${per(() => Point.fromBytes(bytes), 200)}`
  );
}

function fail(message: string): never {
  throw new Error(message);
}

void main();
