// npm run bench:tally -- [--ballots 10000] [--concurrency 16] [--label run]
//
// Time from close to a published, verified result. The election is filled through the ledger
// client directly (the commissions' gateway identities, ballots encrypted beforehand in worker
// threads; the fill is not part of the measurement), then timed:
//   close → 16 tally shards (each endorser re-reads and re-hashes its shard's ballots) → combine →
//   3 of 5 key holders' decryption shares (each checked by the endorsers) → publish →
//   export of the election record from the ledger (its streamed form, record.ndjson, written to a
//   file a ledger page at a time) → independent verification of the whole record as an auditor
//   runs it (`ballotledger-verify record.ndjson`: libsodium fast path, 2 worker threads).
// Prints each phase and a linear extrapolation (per-ballot phases scale with the ballots, the rest
// is constant) to 100,000 and 1,000,000 ballots.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { canonicalBytes, shardPrefixes, type RecordReport } from '@ballotledger/core';
import { electionRecordNdjson } from '@ballotledger/ledger-client';
import { ElectionDriver } from '@ballotledger/ledger-client/testing/election-driver';
import { createTopology, machineLoad } from '@ballotledger/test-network';
import { args, encryptAll, fmt, networkOrExit, pool } from './common.js';

const a = args({ ballots: '10000', concurrency: '16', label: 'run' });
const N = Number(a.ballots);
const topology = createTopology();
/** The verifier CLI an auditor runs (`npx ballotledger-verify`), started under this Node. */
const VERIFY_CLI = fileURLToPath(new URL('../../../core/dist/cli/verify-cli.js', import.meta.url));

async function main(): Promise<void> {
  const net = await networkOrExit();
  const driver = new ElectionDriver(net.profile);
  const phases: Record<string, number> = {};
  const loads: Record<string, string> = {};
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await fn();
    phases[name] = (performance.now() - t0) / 1000;
    loads[name] = machineLoad().loadavg;
    console.log(`  ${name}: ${fmt(phases[name]!)} s (load ${loads[name]})`);
    return v;
  };
  try {
    console.log(`bench:tally — ${N} ballots; election ${driver.electionId}`);
    await timed('setup (create, ceremony, roll, open) [not part of the tally]', () => driver.setup(N));
    const choices = [[[1, 0, 0, 0], [1, 0]], [[0, 1, 0, 0], [1, 0]], [[0, 0, 1, 0], [0, 1]], [[0, 0, 0, 1], [1, 0]]];
    const ballots = await timed('encrypt ballots (worker threads) [not part of the tally]', () =>
      encryptAll(driver.context, driver.voters.map((v, i) => ({ secret: v.secret, choices: choices[i % 4]! }))));
    const orgs = ['Central', 'Seoul', 'Busan'];
    let done = 0;
    const t0 = performance.now();
    await timed(`fill: cast ${N} ballots (ledger client, ${a.concurrency} in flight, 3 gateways) [not part of the tally]`, () =>
      pool(Number(a.concurrency), N, async (i) => {
        const v = driver.voters[i]!;
        for (let attempt = 0; ; attempt++) {
          try {
            await driver.gateway(orgs[i % 3]!).castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(ballots[i]!.ballot), pseudonym: v.pseudonym, channel: 'web' });
            break;
          } catch (err) {
            const code = (err as { code?: string }).code;
            if (code === 'AlreadyVoted' || code === 'DuplicateBallot') break;
            if (attempt >= 5) throw err;
            await new Promise((r) => setTimeout(r, 1000));
          }
        }
        if (++done % 500 === 0) console.log(`    ${done} cast (${fmt(done / ((performance.now() - t0) / 1000))} votes/s)`);
      }));
    const expected = [[0, 0, 0, 0], [0, 0]];
    for (let i = 0; i < N; i++) choices[i % 4]!.forEach((c, ci) => c.forEach((x, oi) => (expected[ci]![oi]! += x)));

    const tStart = performance.now();
    await timed('close', () => driver.admin.ledger.transition('CloseElection', driver.electionId));
    const election = await driver.admin.ledger.getElection(driver.electionId);
    await timed(`tally: ${16 ** election.tallyShardDigits} shards`, async () => {
      for (const p of shardPrefixes(election.tallyShardDigits)) await driver.admin.ledger.tallyShard(driver.electionId, p);
    });
    await timed('combine', () => driver.admin.ledger.combineTally(driver.electionId));
    const published = await timed('3 decryption shares + publish', () => driver.decryptAndPublish([1, 3, 5]));
    const tPublished = performance.now();
    const out = join(topology.stateDir, 'bench');
    mkdirSync(out, { recursive: true });
    const recordFile = join(out, `record-${driver.electionId}.ndjson`);
    await timed('export the election record from the ledger', () => pipeline(Readable.from(electionRecordNdjson(driver.admin.ledger, driver.electionId)), createWriteStream(recordFile)));
    const report = await timed('verify the whole record (ballotledger-verify, 2 worker threads)', async () => {
      // Exit code 1 (a failed check) still prints the report; anything else throws.
      const run = (): string => {
        try {
          return execFileSync(process.execPath, [VERIFY_CLI, recordFile, '--json', '--workers', '2'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
        } catch (err) {
          const e = err as { status?: number; stdout?: string };
          if (e.status === 1 && e.stdout) return e.stdout;
          throw err;
        }
      };
      return JSON.parse(run()) as RecordReport;
    });
    const total = (performance.now() - tStart) / 1000;
    const toPublished = (tPublished - tStart) / 1000;
    const ok = report.ok && JSON.stringify(published.result.contests.map((c) => c.counts)) === JSON.stringify(expected);
    console.log(`\n  close → published: ${fmt(toPublished)} s; close → published and verified: ${fmt(total)} s; result ${ok ? 'matches the cast ballots and verifies' : 'WRONG'}`);
    const perBallot = ['tally', 'combine', 'export', 'verify'];
    const scaled = (n: number): number => Object.entries(phases).filter(([k]) => !k.includes('[not')).reduce((s, [k, v]) => s + (perBallot.some((p) => k.startsWith(p)) ? (v * n) / N : v), 0);
    console.log(`  linear extrapolation (per-ballot phases × n/${N}, the rest constant): 100,000 ballots ≈ ${fmt(scaled(100_000) / 60)} min; 1,000,000 ≈ ${fmt(scaled(1_000_000) / 60)} min`);
    writeFileSync(join(out, `tally-${a.label}-${N}.json`), JSON.stringify({ ballots: N, electionId: driver.electionId, phases, loads, toPublished, total, ok, extrapolated: { 100000: scaled(100_000), 1000000: scaled(1_000_000) } }, null, 2));
    if (!ok) process.exitCode = 1;
  } finally {
    driver.close();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
