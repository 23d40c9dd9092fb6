// npm run bench:cast -- [--voters 10000] [--rates 5,10,20,40,80] [--step-seconds 30] [--label x]
//                       [--port 18080] [--gateway-env BL_CAST_CONCURRENCY=64,...] [--stop-at-knee true]
//
// Casting through the gateway's HTTP API at a rising offered rate (open loop: requests are sent
// on schedule whether or not earlier ones have finished). Before the timed phase: the election is
// set up through the API (admin, roll, ceremony signed by five key holders, freeze, open,
// invitations), every voter signs in (link → CAPTCHA → identity check) and every ballot is
// encrypted in worker threads and kept in memory. The timed phase measures only
// POST /api/voter/ballot: the gateway's ballot check, endorsement on three peers (each re-checks
// the proofs), ordering (SmartBFT), validation and commit on every peer, until the gateway answers
// 201 with the receipt.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ballot } from '@ballotledger/core';
import { GatewayProcess } from '@ballotledger/gateway/testing/gateway-process';
import { HttpVoter } from '@ballotledger/gateway/testing/http-voter';
import { choicesOf, setUpApiElection } from '@ballotledger/gateway/testing/api-election';
import {
  commitLogSummary, cpuSampler, machineLoad, networkPids, nodeMetrics, peerLogOffset, peerTxCounts, createTopology, type ProcessUsage,
} from '@ballotledger/test-network';
import { args, encryptAll, fmt, median, networkOrExit, percentile, pool, sleep } from './common.js';

const a = args({ voters: '10000', rates: '5,10,20,40,80', 'step-seconds': '30', label: 'run', port: '18080', 'gateway-env': '', 'stop-at-knee': 'true', 'signin-concurrency': '16' });
const N = Number(a.voters);
const rates = a.rates!.split(',').map(Number);
const stepSeconds = Number(a['step-seconds']);
const topology = createTopology();

interface StepResult {
  offered: number;
  sent: number;
  committed: number;
  committedPerSecond: number;
  seconds: number;
  p50: number; p95: number; p99: number; max: number;
  errors: Record<string, number>;
  mvccConflicts: number;
  invalidByCode: Record<string, number>;
  blocks: number; txPerBlock: number; commitMs: number;
  endorseMs: Record<string, number>;
  processes: ProcessUsage[];
  load: { start: ReturnType<typeof machineLoad>; end: ReturnType<typeof machineLoad> };
}

async function endorserMeans(): Promise<Record<string, { sum: number; count: number }>> {
  const out: Record<string, { sum: number; count: number }> = {};
  for (const o of topology.orgs) {
    const m = await nodeMetrics(o.name, 'peer', topology);
    let sum = 0; let count = 0;
    for (const [k, v] of m) {
      if (k.startsWith('endorser_proposal_duration_sum{') && k.includes('chaincode="ballot') && k.includes('success="true"')) sum += v;
      if (k.startsWith('endorser_proposal_duration_count{') && k.includes('chaincode="ballot') && k.includes('success="true"')) count += v;
    }
    out[o.name] = { sum, count };
  }
  return out;
}

async function main(): Promise<void> {
  const net = await networkOrExit();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const benchDir = join(topology.stateDir, 'bench', `cast-${a.label}-${stamp}`);
  mkdirSync(benchDir, { recursive: true });
  const extraEnv = Object.fromEntries(a['gateway-env']!.split(',').filter(Boolean).map((kv) => kv.split('=') as [string, string]));
  const gw = new GatewayProcess({ dataDir: join(benchDir, 'gateway'), port: Number(a.port), profilePath: topology.paths.profile, env: extraEnv });
  console.log(`bench:cast — ${N} voters, offered rates ${rates.join(', ')} votes/s for ${stepSeconds} s each; gateway ${gw.baseUrl} (pid after start), data ${benchDir}`);
  await gw.start();
  try {
    const t0 = performance.now();
    const election = await setUpApiElection(gw.baseUrl, gw.adminPassword(), net.profile, N, { log: (s) => console.log(`  setup ${s}`) });
    console.log(`  election ${election.electionId} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    let t = performance.now();
    const voters = await pool(Number(a['signin-concurrency']), N, async (i) => {
      const v = election.voters[i]!;
      const hv = new HttpVoter(gw.baseUrl, v.link);
      if ((await hv.signIn(v.name, v.birthDate)) !== 'ok') throw new Error(`voter ${v.voterId} already voted`);
      return hv;
    });
    console.log(`  ${N} voters signed in (link → CAPTCHA → identity check) in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed)`);
    const e = (await voters[0]!.request('GET', '/api/voter/election')).body;
    const context = { manifest: e.manifest, jointKey: e.jointKey, electionBaseHash: e.electionBaseHash };
    t = performance.now();
    const ballots = await encryptAll(context, voters.map((v, i) => ({ secret: v.secret, choices: choicesOf(i) })));
    writeFileSync(join(benchDir, 'ballots.jsonl'), ballots.map((b) => JSON.stringify(b)).join('\n') + '\n');
    console.log(`  ${N} ballots encrypted in ${((performance.now() - t) / 1000).toFixed(1)} s (worker threads; stored in ${benchDir}/ballots.jsonl; not timed)`);

    const results: StepResult[] = [];
    let nextVoter = 0;
    for (const rate of rates) {
      const count = Math.round(rate * stepSeconds);
      if (nextVoter + count > N) { console.log(`  stopping: ${count} more voters needed for ${rate}/s, ${N - nextVoter} left`); break; }
      await sleep(3000); // let the previous step's blocks settle
      const pids = new Map(networkPids(topology));
      pids.set('gateway', gw.pid!);
      pids.set('load-generator', process.pid);
      const sampler = cpuSampler(pids);
      const txBefore = await peerTxCounts('Central', topology);
      const endBefore = await endorserMeans();
      const logOffset = peerLogOffset('Central', topology);
      const loadStart = machineLoad();
      const latencies: number[] = [];
      const errors: Record<string, number> = {};
      const start = performance.now();
      let lastDone = start;
      const inflight: Promise<void>[] = [];
      for (let k = 0; k < count; k++) {
        const due = start + (k * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const i = nextVoter++;
        const ballot: Ballot = ballots[i]!.ballot;
        const s = performance.now();
        inflight.push(voters[i]!.cast(ballot, 'web', 300_000).then((r) => {
          const ms = performance.now() - s;
          if (r.status === 201) latencies.push(ms);
          else { const code = `${r.status} ${r.body?.error?.code ?? ''}`.trim(); errors[code] = (errors[code] ?? 0) + 1; }
        }, (err: Error) => { errors[err.name] = (errors[err.name] ?? 0) + 1; }).finally(() => { lastDone = performance.now(); }));
      }
      await Promise.all(inflight);
      const seconds = Math.max(stepSeconds, (lastDone - start) / 1000);
      const processes = sampler.stop();
      const txAfter = await peerTxCounts('Central', topology);
      const endAfter = await endorserMeans();
      const invalidByCode: Record<string, number> = {};
      for (const [code, v] of Object.entries(txAfter)) if (code !== 'VALID' && v - (txBefore[code] ?? 0) > 0) invalidByCode[code] = v - (txBefore[code] ?? 0);
      const commits = commitLogSummary('Central', logOffset, topology);
      const endorseMs: Record<string, number> = {};
      for (const o of Object.keys(endAfter)) {
        const dc = endAfter[o]!.count - endBefore[o]!.count;
        endorseMs[o] = dc > 0 ? (1000 * (endAfter[o]!.sum - endBefore[o]!.sum)) / dc : 0;
      }
      const r: StepResult = {
        offered: rate, sent: count, committed: latencies.length, committedPerSecond: latencies.length / seconds, seconds,
        p50: median(latencies), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), max: Math.max(...latencies),
        errors, mvccConflicts: (invalidByCode.MVCC_READ_CONFLICT ?? 0) + (invalidByCode.PHANTOM_READ_CONFLICT ?? 0), invalidByCode,
        blocks: commits.blocks, txPerBlock: commits.meanTxPerBlock, commitMs: commits.meanCommitMs, endorseMs, processes,
        load: { start: loadStart, end: machineLoad() },
      };
      results.push(r);
      console.log(`\n  offered ${rate}/s × ${stepSeconds} s: ${r.committed}/${count} committed, ${fmt(r.committedPerSecond)} votes/s over ${fmt(seconds)} s; ` +
        `latency p50 ${fmt(r.p50 / 1000, 2)} s p95 ${fmt(r.p95 / 1000, 2)} s p99 ${fmt(r.p99 / 1000, 2)} s; errors ${JSON.stringify(errors)}; ` +
        `MVCC conflicts ${r.mvccConflicts}; invalid ${JSON.stringify(invalidByCode)}`);
      console.log(`    blocks ${r.blocks} (${fmt(r.txPerBlock)} tx/block, commit ${fmt(r.commitMs)} ms mean on Central); endorsement (peer, incl. chaincode) ms: ` +
        Object.entries(endorseMs).map(([o, v]) => `${o} ${fmt(v)}`).join(', '));
      console.log(`    load ${r.load.start.loadavg} → ${r.load.end.loadavg}; ${r.load.end.cpuPressure}`);
      console.log(`    CPU % of one core / RSS MiB: ${processes.sort((x, y) => y.cpuPercent - x.cpuPercent).map((p) => `${p.id} ${fmt(p.cpuPercent, 0)}%/${fmt(p.rssMiB, 0)}`).join(', ')}`);
      console.log(`    total CPU ${fmt(processes.reduce((s, p) => s + p.cpuPercent, 0), 0)}% of 200%`);
      if (a['stop-at-knee'] === 'true' && r.committedPerSecond < 0.6 * rate) { console.log('  saturated (committed < 60 % of offered): stopping'); break; }
    }

    // oracles: the ledger holds exactly the acknowledged ballots; no MVCC conflict between distinct voters
    const committed = results.reduce((s, r) => s + r.committed, 0);
    const ledgerTurnout = async (): Promise<number | undefined> => ((await fetch(`${gw.baseUrl}/api/elections/${election.electionId}/public`).then((r) => r.json())) as { turnout?: { voted?: number } }).turnout?.voted;
    let ledgerCount = await ledgerTurnout();
    for (let i = 0; i < 10 && ledgerCount !== committed; i++) ledgerCount = await sleep(1000).then(ledgerTurnout); // a peer may lag a block
    console.log(`\n  committed (201) ${committed}; ledger turnout ${ledgerCount ?? 'unknown'}`);
    const failed: string[] = [];
    if (ledgerCount !== committed) failed.push(`the ledger counts ${ledgerCount ?? 'unknown'} ballots, ${committed} were acknowledged`);
    const conflicts = results.reduce((s, r) => s + r.mvccConflicts, 0);
    if (conflicts > 0) failed.push(`${conflicts} MVCC conflicts between distinct voters (must be 0)`);

    console.log(`\n| offered votes/s | committed votes/s | p50 s | p95 s | p99 s | errors | MVCC conflicts (distinct voters) | tx/block | load (1-min) |`);
    console.log('|---:|---:|---:|---:|---:|---|---:|---:|---|');
    for (const r of results) {
      console.log(`| ${r.offered} | ${fmt(r.committedPerSecond)} | ${fmt(r.p50 / 1000, 2)} | ${fmt(r.p95 / 1000, 2)} | ${fmt(r.p99 / 1000, 2)} | ${Object.keys(r.errors).length ? JSON.stringify(r.errors) : '0'} | ${r.mvccConflicts} | ${fmt(r.txPerBlock)} | ${r.load.start.loadavg.split(' ')[0]}→${r.load.end.loadavg.split(' ')[0]} |`);
    }
    // endorsements that went unanswered long enough to be raced (ledger-client endorser-sets.ts):
    // under load alone there should be none, or the race multiplies the endorsement work
    const endorsementRaces = [...(await gw.endorsementRaces()).values()].reduce((x, n) => x + n, 0);
    console.log(`\n  endorsement races (an endorser set that did not answer in time): ${endorsementRaces}`);
    const out = join(topology.stateDir, 'bench', `cast-${a.label}.json`);
    writeFileSync(out, JSON.stringify({ label: a.label, at: new Date().toISOString(), voters: N, stepSeconds, gatewayEnv: extraEnv, electionId: election.electionId, setup: election.timings, steps: results, endorsementRaces }, null, 2));
    console.log(`\nresults: ${out}  (chart: npm run bench:chart)`);
    if (failed.length > 0) {
      for (const f of failed) console.error(`FAILED: ${f}`);
      process.exitCode = 1;
    }
  } finally {
    await gw.stop();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
