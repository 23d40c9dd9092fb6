// Fault tests on the real network (Fabric 3.1.5, SmartBFT over 4 orderers, MAJORITY of 4 orgs),
// with ballots cast through a gateway child process's HTTP API: kill -9 of a peer during casting,
// orderer losses (f=1 tolerated, quorum lost, restored, the BFT leader killed), kill -9 of the gateway between endorse
// and commit, a commission peer offline (private data fetched at commit), a peer that returns
// while every other peer is down (committed without its private data, then reconciled), a whole org isolated and
// healed, a whole org frozen (alive but silent) and thawed, a commission's CA killed, a peer
// ledger rebuilt and rolled back, a peer's private data store and then its whole disk lost, an orderer's disk lost, an audit of a peer that cannot answer, and a peer whose state
// database, or block file, is edited behind Fabric's back; last, the gateway and a peer killed
// during the tally.
// `npm run test:faults`.
// Skipped (loudly) only when the Fabric binaries are unavailable because the Go module proxy
// refused them; any other failure fails.
import { createHash } from 'node:crypto';
import { canonicalBytes, credentialFromSecret, encryptBallot, verifyElectionRecord } from '@ballotledger/core';
import { formatBallotAudit, LedgerError } from '@ballotledger/ledger-client';
import { profileLedger } from '@ballotledger/ledger-client/testing/election-driver';
import {
  auditState, compareNetwork, compareSnapshots, ensureNetworkOrSkip, decodeDbValue, formatStateAudit, editBlockFiles, encodeDbValue, killNode, nodeMetrics, nodePid, openPeerReader,
  orgProfile, peerBlockSource, peerHeight, peerLogOffset, peerLogSince, peerNodeCommand, peerTxCounts, restartMissing, restartNode, stateDb, stateDbPath, stateKey, status, stopNode, takeSnapshot, waitFor, waitForSameHeight, waitNodeGone, wipeLedger,
  type EnsureResult,
} from '@ballotledger/test-network';
import { peer as peerProtos } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { PeerAudit, type PeerAuditReport } from '../ledger/peer-audit.js';
import { ApiSession, expectStatus, staffSession } from '../testing/api-clients.js';
import { choicesOf } from '../testing/api-election.js';
import { FaultFixture, ORGS, sleep, summarize, type CastOutcome } from './fixture.js';

async function leaderId(f: FaultFixture, org = 'Central'): Promise<number> {
  const m = await nodeMetrics(org, 'orderer', f.topology);
  return m.get(`consensus_smartbft_view_leader_id{channel="${f.topology.channel}"}`) ?? -1;
}

async function expectNoDivergence(f: FaultFixture, what: string): Promise<void> {
  const height = await waitForSameHeight(f.topology, 0, 180_000);
  const result = await compareNetwork({ profile: f.profile, settleMs: 30_000 });
  expect(result.ok, `${what}: ${result.mismatches.map((m) => m.message).join('\n')}`).to.equal(true);
  console.log(`      ${what}: every peer at height ${height}, block and commit hashes agree`);
}

function recorded(outcomes: readonly CastOutcome[]): string[] {
  return outcomes.filter((o) => o.tracker !== null).map((o) => o.tracker!);
}

describe('faults on the real network (integration)', function () {
  this.timeout(1_800_000);
  let net: EnsureResult | undefined;
  let f: FaultFixture;
  /** Every tracker the gateway acknowledged (201, or 409 with the receipt), over all tests. */
  const acknowledged = new Set<string>();

  before(async function () {
    net = await ensureNetworkOrSkip(() => this.skip());
    const s = await status();
    expect(s.healthy, 'every node healthy before the fault tests').to.equal(true);
    f = new FaultFixture(net.profile);
    await f.setUp(150);
  });

  after(async () => {
    await f?.gw.stop();
    if (net) {
      await restartMissing(); // leave every node running whatever happened
      await net.teardown();
    }
  });

  async function allOnLedger(count: number, what: string): Promise<void> {
    expect(await f.turnoutCount('Central'), `${what}: ballots on the ledger`).to.equal(count);
    const held = await f.peerBallots('Central');
    for (const t of acknowledged) expect(held.has(t), `${what}: acknowledged ballot ${t} on the ledger`).to.equal(true);
    expect(held.size, `${what}: no ballot beyond the acknowledged ones`).to.equal(acknowledged.size);
  }

  it('R-01: kill -9 of a commission peer during casting: no acknowledged ballot lost or duplicated, the peer catches up', async () => {
    const voters = f.take(30);
    const before = await f.turnoutCount();
    let killedAt = 0;
    let restartedAt = 0;
    const t0 = performance.now();
    const outcomes = await f.castSpaced(voters, 250, async (k) => {
      if (k === 9) {
        const pid = killNode('Seoul', 'peer', 'SIGKILL', f.topology);
        expect(pid, 'Seoul peer was running').to.be.a('number');
        await waitNodeGone('Seoul', 'peer', f.topology);
        killedAt = performance.now() - t0;
      }
      if (k === 18) {
        expect(await restartMissing(f.topology)).to.include('seoul-peer');
        restartedAt = performance.now() - t0;
      }
    });
    console.log(`      Seoul peer killed at ${(killedAt / 1000).toFixed(1)} s, restarted at ${(restartedAt / 1000).toFixed(1)} s; first answers: ${summarize(outcomes)}; ` +
      `latency max ${(Math.max(...outcomes.map((o) => o.ms)) / 1000).toFixed(1)} s`);
    // voters whose cast was not acknowledged try again (the same ballot); nobody is left out
    const final = await Promise.all(outcomes.map((o) => (o.tracker ? o : f.castUntilRecorded(o.index))));
    const trackers = recorded(final);
    expect(trackers, 'every voter ends with a receipt').to.have.length(voters.length);
    expect(new Set(trackers).size, 'receipts are distinct').to.equal(voters.length);
    trackers.forEach((t) => acknowledged.add(t));
    expect(await f.turnoutCount()).to.equal(before + voters.length);
    await allOnLedger(acknowledged.size, 'R-01');
    const t1 = performance.now();
    await expectNoDivergence(f, 'after the Seoul peer restart');
    const problems = await waitForPeerData(f, 'Seoul', acknowledged, 180_000);
    console.log(`      Seoul peer caught up (blocks and private data) ${((performance.now() - t1) / 1000).toFixed(1)} s after the last cast; problems: ${problems.length}`);
    expect(problems).to.deep.equal([]);
  });

  it('R-07: a commission peer offline while ballots are cast (the Observer endorses in its place); back online, its private data is reconciled', async () => {
    await stopNode('Seoul', 'peer', f.topology);
    const voters = f.take(10);
    const outcomes: CastOutcome[] = [];
    for (const i of voters) outcomes.push(await f.cast(i));
    console.log(`      Seoul peer stopped: ${summarize(outcomes)}; median ${(outcomes.map((o) => o.ms).sort((a, b) => a - b)[5]! / 1000).toFixed(2)} s`);
    expect(outcomes.every((o) => o.status === 201), summarize(outcomes)).to.equal(true);
    recorded(outcomes).forEach((t) => acknowledged.add(t));
    const t0 = performance.now();
    expect(await restartMissing(f.topology)).to.include('seoul-peer');
    const problems = await waitForPeerData(f, 'Seoul', acknowledged, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    expect(problems).to.deep.equal([]);
    const flags = await Promise.all(['Central', 'Seoul', 'Busan'].map((o) => f.peerTurnoutFlags(o)));
    expect(flags, 'turnout flags on each commission peer').to.deep.equal([acknowledged.size, acknowledged.size, acknowledged.size]);
    const m = await nodeMetrics('Seoul', 'peer', f.topology);
    const reconciliations = [...m].filter(([k]) => k.startsWith('gossip_privdata_reconciliation_duration_count')).reduce((s, [, v]) => s + v, 0);
    const pulls = [...m].filter(([k]) => k.startsWith('gossip_privdata_fetch_duration_count')).reduce((s, [, v]) => s + v, 0);
    console.log(`      Seoul back: ${voters.length} ballots and turnout flags it missed present after ${seconds.toFixed(1)} s ` +
      `(reconciliation runs since restart: ${reconciliations}, private data fetches: ${pulls})`);
    await expectNoDivergence(f, 'after Seoul came back');
  });

  it('R-07b: a commission peer comes back while every other peer is down: it commits the missed blocks without the private data nobody can send, and the reconciler fetches it once the others return', async () => {
    const others = ORGS.filter((o) => o !== 'Seoul');
    await stopNode('Seoul', 'peer', f.topology);
    const voters = f.take(6);
    const outcomes = await Promise.all(voters.map((i) => f.cast(i)));
    expect(outcomes.every((o) => o.status === 201), summarize(outcomes)).to.equal(true);
    const missed = new Set(recorded(outcomes));
    missed.forEach((t) => acknowledged.add(t));
    const tip = (await peerHeight('Central', f.topology))!;
    await Promise.all(others.map((o) => stopNode(o, 'peer', f.topology)));
    let caughtUp: number;
    try {
      const t0 = performance.now();
      expect(await restartNode('Seoul', 'peer', f.topology), 'Seoul peer started alone').to.equal(true);
      await waitFor('Seoul to commit the blocks it missed (from the orderers)', async () => (((await peerHeight('Seoul', f.topology)) ?? 0) >= tip || undefined), 180_000, 1000);
      caughtUp = (performance.now() - t0) / 1000;
      expect(await f.peerProblems('Seoul', acknowledged), 'the ballots and turnout flags of the missed blocks are missing on Seoul').to.have.members([
        ...[...missed].map((t) => `Seoul: ballot ${t.slice(0, 12)}… missing`),
        `Seoul: ${acknowledged.size - missed.size} turnout flags for ${acknowledged.size} ballots`,
      ]);
    } finally {
      for (const o of others) await restartNode(o, 'peer', f.topology);
    }
    const t1 = performance.now();
    expect(await waitForPeerData(f, 'Seoul', acknowledged, 180_000), 'reconciled').to.deep.equal([]);
    const reconciled = (performance.now() - t1) / 1000;
    const m = await nodeMetrics('Seoul', 'peer', f.topology);
    const runs = [...m].filter(([k]) => k.startsWith('gossip_privdata_reconciliation_duration_count')).reduce((s, [, v]) => s + v, 0);
    console.log(`      Seoul alone committed the missed blocks (to height ${tip}) in ${caughtUp.toFixed(1)} s without their private data (${missed.size} ballots and flags missing); ` +
      `the others back, the reconciler (${runs} runs) fetched it in ${reconciled.toFixed(1)} s`);
    expect(runs, 'the reconciler ran').to.be.greaterThan(0);
    await expectNoDivergence(f, 'after the reconciliation');
  });

  it('R-02/R-03: one orderer killed, casting continues; two killed, casts fail fast with 503 NotRecorded and nothing is shown as recorded; restored, the pending ballots complete exactly once', async () => {
    const leader = await leaderId(f);
    const followers = f.topology.orgs.filter((o) => o.orderer.consenterId !== leader);
    const [first, second] = [followers[followers.length - 1]!, followers[followers.length - 2]!];
    expect(killNode(first.name, 'orderer', 'SIGKILL', f.topology)).to.be.a('number');
    await waitNodeGone(first.name, 'orderer', f.topology);
    const live = f.take(8);
    const liveOut: CastOutcome[] = [];
    for (const i of live) liveOut.push(await f.cast(i));
    console.log(`      ${first.name} orderer killed (leader is consenter ${leader}): ${summarize(liveOut)}, median ${(liveOut.map((o) => o.ms).sort((a, b) => a - b)[4]! / 1000).toFixed(2)} s`);
    expect(liveOut.every((o) => o.status === 201), summarize(liveOut)).to.equal(true);
    recorded(liveOut).forEach((t) => acknowledged.add(t));

    expect(killNode(second.name, 'orderer', 'SIGKILL', f.topology)).to.be.a('number');
    await waitNodeGone(second.name, 'orderer', f.topology);
    const before = await f.turnoutCount();
    const stuck = f.take(4);
    const stuckOut = await Promise.all(stuck.map((i) => f.cast(i)));
    console.log(`      ${second.name} orderer killed too (2 of 4 down, no BFT quorum): ${summarize(stuckOut)} in ${stuckOut.map((o) => o.ms.toFixed(0)).join(', ')} ms`);
    for (const o of stuckOut) {
      expect(o.status, 'not recorded, try again').to.equal(503);
      expect(o.code).to.equal('NotRecorded');
      expect(o.ms, 'fails fast').to.be.lessThan(10_000);
      const receipt = await f.voters[o.index]!.receipt();
      expect(receipt.status, 'no receipt shown').to.equal(404);
    }
    // a second try while the quorum is still lost: the same answer, still nothing recorded
    const again = await f.cast(stuck[0]!);
    expect(again.status).to.equal(503);
    expect(await f.turnoutCount()).to.equal(before);
    const pending = f.pendingCasts(stuck.map((i) => f.voterId(i)));
    expect(pending.map((p) => p.state), 'the endorsed transactions are kept').to.deep.equal(['endorsed', 'endorsed', 'endorsed', 'endorsed']);

    const t0 = performance.now();
    const restarted = await restartMissing(f.topology);
    expect(restarted.sort()).to.deep.equal([`${first.slug}-orderer`, `${second.slug}-orderer`].sort());
    const retried = await Promise.all(stuck.map((i) => f.castUntilRecorded(i)));
    console.log(`      orderers restored: the 4 voters' retries answered ${summarize(retried)} within ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const trackers = recorded(retried);
    expect(trackers).to.have.length(4);
    expect(trackers.sort(), 'the stored (first) ballots were recorded, not new ones').to.deep.equal(stuck.map((i) => f.ballots[i]!.tracker).sort());
    trackers.forEach((t) => acknowledged.add(t));
    expect(await f.turnoutCount(), 'exactly once').to.equal(before + 4);
    const rows = f.pendingCasts(stuck.map((i) => f.voterId(i)));
    expect(rows.map((r) => r.state)).to.deep.equal(['committed', 'committed', 'committed', 'committed']);
    await allOnLedger(acknowledged.size, 'R-02');
    await expectNoDivergence(f, 'after the orderers came back');
  });

  it('R-05: kill -9 of the BFT leader orderer during casting: a view change elects another leader, casting resumes, no acknowledged ballot lost or duplicated, the old leader catches up', async () => {
    const leader = await leaderId(f);
    const old = f.topology.orgs.find((o) => o.orderer.consenterId === leader);
    expect(old, `consenter ${leader} is one of the orderers`).to.not.equal(undefined);
    const watcher = f.topology.orgs.find((o) => o !== old)!;
    const voters = f.take(16);
    const before = await f.turnoutCount();
    const t0 = performance.now();
    let killedAt = 0;
    const outcomes = await f.castSpaced(voters, 500, async (k) => {
      if (k === 3) {
        expect(killNode(old!.name, 'orderer', 'SIGKILL', f.topology)).to.be.a('number');
        await waitNodeGone(old!.name, 'orderer', f.topology);
        killedAt = performance.now() - t0;
      }
    });
    const final = await Promise.all(outcomes.map((o) => (o.tracker ? o : f.castUntilRecorded(o.index))));
    const newLeader = await leaderId(f, watcher.name);
    const slowest = Math.max(...final.map((o) => o.ms));
    console.log(`      leader ${old!.name} (consenter ${leader}) killed at ${(killedAt / 1000).toFixed(1)} s; first answers: ${summarize(outcomes)}; ` +
      `new leader consenter ${newLeader}; slowest answer ${(slowest / 1000).toFixed(1)} s`);
    expect(f.topology.orgs.filter((o) => o !== old).map((o) => o.orderer.consenterId), 'a view change elected another (live) leader').to.include(newLeader);
    const trackers = recorded(final);
    expect(trackers, 'every voter ends with a receipt').to.have.length(voters.length);
    expect(new Set(trackers).size).to.equal(voters.length);
    trackers.forEach((t) => acknowledged.add(t));
    expect(await f.turnoutCount(), 'exactly once').to.equal(before + voters.length);
    // after the view change a cast goes through at the usual pace
    const [after] = f.take(1);
    const settled = await f.cast(after!);
    expect(settled.status, summarize([settled])).to.equal(201);
    acknowledged.add(settled.tracker!);
    expect(await restartMissing(f.topology)).to.include(`${old!.slug}-orderer`);
    await allOnLedger(acknowledged.size, 'R-05');
    await expectNoDivergence(f, 'after the old leader came back');
    const t1 = performance.now();
    let s = await status({ topology: f.topology });
    while (!(s.healthy && s.sameHeight) && performance.now() - t1 < 120_000) s = await sleep(1000).then(() => status({ topology: f.topology }));
    expect(s.healthy && s.sameHeight, 'every node healthy, orderers and peers at one height').to.equal(true);
    console.log(`      the old leader caught up: every orderer and peer at height ${s.nodes.find((n) => n.height !== undefined)?.height} after ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  });

  it('R-04: kill -9 of the gateway process between endorse and commit: after the restart there is exactly one ballot and the voter has the receipt', async () => {
    const voters = f.take(3);
    const before = await f.turnoutCount();
    // freeze ordering (SIGSTOP every orderer): endorsements succeed, the submit cannot complete
    const orderers = ORGS.map((o) => nodePid(o, 'orderer', f.topology)!);
    expect(orderers.every((p) => typeof p === 'number')).to.equal(true);
    let inflight: Promise<CastOutcome>[] = [];
    try {
      orderers.forEach((p) => process.kill(p, 'SIGSTOP'));
      inflight = voters.map((i) => f.cast(i, 120_000));
      const endorsed = await waitFor('the 3 casts endorsed and stored', async () => {
        const rows = f.pendingCasts(voters.map((i) => f.voterId(i)));
        return rows.length === voters.length && rows.every((r) => r.state === 'endorsed') ? rows : undefined;
      }, 60_000);
      console.log(`      endorsed and stored: ${endorsed.map((r) => r.txId.slice(0, 12)).join(', ')}; kill -9 gateway pid ${f.gw.pid}`);
      await f.gw.kill('SIGKILL');
    } finally {
      orderers.forEach((p) => { try { process.kill(p, 'SIGCONT'); } catch { /* gone */ } });
    }
    const answers = await Promise.all(inflight);
    expect(answers.every((a) => a.status !== 201), 'no receipt was sent before the kill').to.equal(true);
    await sleep(2000);
    const l = profileLedger(f.profile, 'Central', 'auditor');
    let foundBefore = 0;
    try {
      for (const r of f.pendingCasts(voters.map((i) => f.voterId(i)))) if ((await l.ledger.transactionStatus(r.txId)).code === 'VALID') foundBefore++;
    } finally {
      l.close();
    }
    const t0 = performance.now();
    await f.gw.start();
    const recovery = /unconfirmed casts from before the restart finished.*/.exec(f.gw.tail(50))?.[0] ?? '(no recovery line)';
    console.log(`      restarted in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${foundBefore} of ${voters.length} were already on the chain before the restart (the peer had passed them on), the rest were submitted again from the stored bytes; log: ${recovery.slice(0, 160)}`);
    const onLedger = await f.turnoutCount();
    expect(onLedger, 'exactly one ballot per voter').to.equal(before + voters.length);
    // the live turnout (the projector of BallotCast events, killed with the gateway) resumes from
    // its checkpoint: it counts the ballots committed while it was down, each once
    const admin = await staffSession(f.gw.baseUrl, 'admin', f.gw.adminPassword());
    const live = await waitFor('the live turnout to catch up with the ledger', async () => {
      const voted = (await admin.get(`/api/admin/elections/${f.eid}/turnout`)).body.voted as number;
      return voted >= onLedger ? voted : undefined;
    }, 60_000, 500);
    expect(live, 'live turnout = ballots on the ledger').to.equal(onLedger);
    console.log(`      live turnout after the restart: ${live}, the ledger's count: ${onLedger}`);
    const rows = f.pendingCasts(voters.map((i) => f.voterId(i)));
    expect(rows.map((r) => r.state)).to.deep.equal(['committed', 'committed', 'committed']);
    for (const i of voters) {
      const receipt = await f.voters[i]!.withBase(f.gw.baseUrl).receipt();
      expect(receipt.status, 'the receipt after the restart').to.equal(200);
      expect(receipt.body.tracker).to.equal(f.ballots[i]!.tracker);
      acknowledged.add(receipt.body.tracker as string);
      const again = await f.cast(i);
      expect([again.status, again.code]).to.deep.equal([409, 'AlreadyVoted']);
    }
    await allOnLedger(acknowledged.size, 'R-04');
    await expectNoDivergence(f, 'after the gateway restart');
  });

  it('R-14: one organization isolated (all its nodes stopped) and healed: casting goes on, no divergence, the org catches up', async () => {
    for (const kind of ['peer', 'orderer', 'chaincode'] as const) await stopNode('Busan', kind, f.topology);
    const voters = f.take(10);
    const outcomes: CastOutcome[] = [];
    for (const i of voters) outcomes.push(await f.cast(i));
    console.log(`      Busan isolated: first answers ${summarize(outcomes)}, median ${(outcomes.map((o) => o.ms).sort((a, b) => a - b)[5]! / 1000).toFixed(2)} s`);
    // a voter told "not recorded, try again" tries again; then everyone is recorded
    expect(outcomes.every((o) => o.status === 201 || (o.status === 503 && o.code === 'NotRecorded')), summarize(outcomes)).to.equal(true);
    expect(outcomes.filter((o) => o.status === 201).length, 'casting goes on').to.be.greaterThanOrEqual(voters.length - 2);
    const final = await Promise.all(outcomes.map((o) => (o.tracker ? o : f.castUntilRecorded(o.index))));
    expect(recorded(final)).to.have.length(voters.length);
    recorded(final).forEach((t) => acknowledged.add(t));
    const t0 = performance.now();
    expect((await restartMissing(f.topology)).sort()).to.deep.equal(['busan-chaincode', 'busan-orderer', 'busan-peer']);
    await expectNoDivergence(f, 'after healing Busan');
    const problems = await waitForPeerData(f, 'Busan', acknowledged, 300_000);
    expect(problems).to.deep.equal([]);
    console.log(`      Busan healed: blocks and private data complete ${((performance.now() - t0) / 1000).toFixed(1)} s after restart`);
    const state = await auditState({ topology: f.topology });
    expect(state.ok, formatStateAudit(state)).to.equal(true);
    expect(new Set(state.peers.map((s) => s.snapshotHash)).size).to.equal(1);
    console.log(`      state snapshots at block ${state.height}: one hash on all four peers (${state.peers[0]!.snapshotHash.slice(0, 16)}…)`);
  });

  it('R-14b: one organization frozen (SIGSTOP of all its nodes: alive but silent, a partition as the others see it) and thawed: casting goes on, nothing unrecorded is shown as recorded, no divergence, the org catches up', async () => {
    // connections to a frozen node stay open and are never answered (no "connection refused" as
    // in R-14): the other side only learns of it from timeouts and gossip's alive expiry. The
    // frozen org is a commission (its peer endorses casts) and, when possible, the one whose
    // orderer streams the blocks to the gateway's peer (Central); its orderer is not the BFT
    // leader (R-05 covers a silent leader).
    const leader = await leaderId(f);
    const source = peerBlockSource('Central', f.topology);
    const candidates = f.topology.orgs.filter((o) => o.kind === 'commission' && o.name !== 'Central' && o.orderer.consenterId !== leader);
    const org = candidates.find((o) => `${o.orderer.host}:${o.orderer.port}` === source) ?? candidates[0]!;
    const freezesSource = `${org.orderer.host}:${org.orderer.port}` === source;
    const kinds = ['ca', 'peer', 'orderer', 'chaincode'] as const;
    const voters = f.take(16);
    const before = await f.turnoutCount();
    const t0 = performance.now();
    let outcomes: CastOutcome[];
    try {
      for (const kind of kinds) expect(killNode(org.name, kind, 'SIGSTOP', f.topology), `${org.name} ${kind} frozen`).to.be.a('number');
      outcomes = await f.castSpaced(voters, 2000);
    } finally {
      for (const kind of kinds) killNode(org.name, kind, 'SIGCONT', f.topology);
    }
    const frozenFor = performance.now() - t0;
    const sentAt = (k: number): string => `${(k * 2).toFixed(0)} s`;
    console.log(`      ${org.name} frozen for ${(frozenFor / 1000).toFixed(0)} s (its peer endorses casts; its orderer ${freezesSource ? 'streamed' : 'did not stream'} Central's blocks); first answers: ${summarize(outcomes)}; ` +
      `per cast (sent at → answer): ${outcomes.map((o, k) => `${sentAt(k)}→${o.status} ${(o.ms / 1000).toFixed(1)} s`).join(', ')}`);
    // nothing is shown as recorded unless it was: every answer is a receipt or "not recorded, try again"
    expect(outcomes.every((o) => o.status === 201 || (o.status === 503 && o.code === 'NotRecorded')), summarize(outcomes)).to.equal(true);
    const final = await Promise.all(outcomes.map((o) => (o.tracker ? o : f.castUntilRecorded(o.index))));
    const trackers = recorded(final);
    expect(new Set(trackers).size, 'every voter ends with one receipt').to.equal(voters.length);
    trackers.forEach((t) => acknowledged.add(t));
    expect(await f.turnoutCount(), 'exactly once').to.equal(before + voters.length);
    // the gateway counted the races, an operator's sign of a silent peer (the label is the set that
    // did not answer: every commission, so it does not say which one; the peers' logs do)
    const races = await f.gw.endorsementRaces();
    console.log(`      endorsement races counted by the gateway: ${[...races].map(([silent, n]) => `${n} × [${silent}]`).join(', ')}`);
    expect([...races.values()].reduce((a, n) => a + n, 0), 'races counted').to.be.greaterThan(0);
    // casting went on while the org was silent: the casts sent after gossip gave up on it answered 201
    expect(outcomes.slice(-4).every((o) => o.status === 201), `casting goes on once the others stop waiting for ${org.name}`).to.equal(true);
    const t1 = performance.now();
    await expectNoDivergence(f, `after thawing ${org.name}`);
    expect(await waitForPeerData(f, org.name, acknowledged, 300_000)).to.deep.equal([]);
    console.log(`      ${org.name} thawed: blocks and private data complete ${((performance.now() - t1) / 1000).toFixed(1)} s later`);
    await allOnLedger(acknowledged.size, 'R-14b');
  });

  it('R-15: a commission\'s CA killed (kill -9): casting goes on and its gateway restarts from its wallet; approving an organization, which needs a new identity from that CA, is recorded and answers 503 "account not opened yet"; once the CA is back, sending the invitation again opens it', async () => {
    const voters = f.take(2);
    const applicant = new ApiSession(f.gw.baseUrl);
    const organizationId = `ca-fault-${Date.now().toString(36)}`;
    const created = expectStatus(await applicant.post('/api/applications', {
      organizationId, organizationName: '장애시험협회', organizationType: 'other', region: 'other',
      contact: { name: '정담당', phone: '010-5555-1212', email: 'desk@ca-fault.example.kr' },
      planned: { title: '2027 정기총회 임원 선거', date: '2027-05-20', expectedVoters: 120 },
    }), 201, 'apply').body as { ref: string; accessToken: string };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await applicant.agent.post(`/api/applications/${created.ref}/documents?filename=doc.pdf`).set('x-application-token', created.accessToken).set('content-type', 'application/pdf').send(pdf).expect(201);
    await applicant.agent.post(`/api/applications/${created.ref}/submit`).set('x-application-token', created.accessToken).send({}).expect(200);
    expect(killNode('Central', 'ca', 'SIGKILL', f.topology), 'Central CA killed').to.be.a('number');
    await waitNodeGone('Central', 'ca', f.topology);
    let staff: ApiSession;
    try {
      // voters never need the CA; nor does a gateway restart: its identities are in its wallet
      const before = await f.cast(voters[0]!);
      expect(before.status, summarize([before])).to.equal(201);
      acknowledged.add(before.tracker!);
      await f.gw.stop();
      await f.gw.start();
      const after = await f.cast(voters[1]!);
      expect(after.status, `cast after a gateway restart without its CA: ${summarize([after])}`).to.equal(201);
      acknowledged.add(after.tracker!);
      staff = await staffSession(f.gw.baseUrl, 'admin', f.gw.adminPassword());
      const approve = await staff.post(`/api/admin/applications/${created.ref}/decision`, { decision: 'approve', reason: '요건 충족' });
      console.log(`      CA down: casts 201 (also after a gateway restart); approval answered ${approve.status}: ${approve.body?.error?.message}`);
      expect([approve.status, approve.body.error.code, approve.body.error.details.approved]).to.deep.equal([503, 'Unavailable', true]);
      expect(approve.body.error.message).to.include('the commission\'s certificate authority did not answer');
      const detail = expectStatus(await staff.get(`/api/admin/applications/${created.ref}`), 200, 'application').body;
      expect(detail.status, 'the decision is recorded although the account could not be opened').to.equal('approved');
      const resend = await staff.post(`/api/admin/applications/${created.ref}/invitation`, {});
      expect([resend.status, resend.body.error.code], 'no invitation while the CA is down').to.deep.equal([503, 'Unavailable']);
    } finally {
      expect(await restartMissing(f.topology)).to.deep.equal(['central-ca']);
    }
    const invited = expectStatus(await staff.post(`/api/admin/applications/${created.ref}/invitation`, {}), 200, 'invitation once the CA is back').body;
    expect(invited.sentTo).to.match(/^d\*+@ca-fault\.example\.kr$/);
    console.log(`      CA back: the invitation went to ${invited.sentTo}; the organization's admin identity is registered`);
    await allOnLedger(acknowledged.size, 'R-15');
  });

  it('R-06: a peer whose databases are rebuilt from its blocks (peer node rebuild-dbs), then whose ledger is rolled back (peer node rollback), recovers the same state as the others and keeps endorsing', async () => {
    const ch = f.topology.channel;
    await waitForSameHeight(f.topology);
    await stopNode('Busan', 'peer', f.topology);
    await peerNodeCommand('Busan', ['rebuild-dbs'], f.topology);
    const t0 = performance.now();
    expect(await restartNode('Busan', 'peer', f.topology)).to.equal(true);
    const rebuiltAt = await waitForSameHeight(f.topology, 0, 300_000);
    const rebuildSeconds = (performance.now() - t0) / 1000;
    expect(await waitForPeerData(f, 'Busan', acknowledged, 120_000), 'every ballot and turnout flag on the rebuilt peer').to.deep.equal([]);
    const cast = await Promise.all(f.take(2).map((i) => f.cast(i)));
    expect(cast.map((o) => o.status), summarize(cast)).to.deep.equal([201, 201]);
    recorded(cast).forEach((t) => acknowledged.add(t));
    const endorsed = (await nodeMetrics('Busan', 'peer', f.topology)).get('endorser_successful_proposals') ?? 0;
    expect(endorsed, 'the rebuilt peer endorsed the casts').to.be.greaterThan(0);

    await waitForSameHeight(f.topology);
    const tip = (await peerHeight('Central', f.topology))!;
    const target = tip - 8;
    await stopNode('Busan', 'peer', f.topology);
    await peerNodeCommand('Busan', ['rollback', '-c', ch, '-b', String(target)], f.topology);
    const t1 = performance.now();
    const logFrom = peerLogOffset('Busan', f.topology);
    expect(await restartNode('Busan', 'peer', f.topology)).to.equal(true);
    // while it catches up, the peer refuses to endorse; the gateway goes to the other orgs
    const during = await Promise.all(f.take(2).map((i) => f.cast(i)));
    expect(during.map((o) => o.status), summarize(during)).to.deep.equal([201, 201]);
    recorded(during).forEach((t) => acknowledged.add(t));
    const refused = (peerLogSince('Busan', logFrom, f.topology).match(/endorse requests are blocked while ledgers are being rebuilt/g) ?? []).length;
    await waitForSameHeight(f.topology, tip, 300_000);
    const problems = await waitForPeerData(f, 'Busan', acknowledged, 120_000);
    const rollbackSeconds = (performance.now() - t1) / 1000;
    expect(problems, 'every ballot and turnout flag back on the rolled-back peer').to.deep.equal([]);
    const state = await auditState({ topology: f.topology });
    expect(state.ok, formatStateAudit(state)).to.equal(true);
    console.log(`      rebuild-dbs: Busan rebuilt its state from ${rebuiltAt} blocks in ${rebuildSeconds.toFixed(1)} s and endorsed again (${endorsed} proposals); ` +
      `rollback to block ${target} of ${tip}: the last blocks and their private data back in ${rollbackSeconds.toFixed(1)} s (2 casts during the catch-up: ${summarize(during)}, Busan refused ${refused} proposals meanwhile); state snapshots at block ${state.height} agree`);
    await expectNoDivergence(f, 'after the rebuild and the rollback');
  });

  it('R-06b: a peer reset to its genesis block (peer node reset) takes every block again from the orderers; its private data store survives the reset: every ballot and turnout flag intact, the same state as the others', async () => {
    await waitForSameHeight(f.topology);
    const tip = (await peerHeight('Central', f.topology))!;
    await stopNode('Busan', 'peer', f.topology);
    await peerNodeCommand('Busan', ['reset'], f.topology);
    const t0 = performance.now();
    expect(await restartNode('Busan', 'peer', f.topology)).to.equal(true);
    await waitForSameHeight(f.topology, tip, 600_000);
    const blocksSeconds = (performance.now() - t0) / 1000;
    expect(await waitForPeerData(f, 'Busan', acknowledged, 300_000), 'every ballot and turnout flag on the reset peer').to.deep.equal([]);
    const dataSeconds = (performance.now() - t0) / 1000;
    const state = await auditState({ topology: f.topology });
    expect(state.ok, formatStateAudit(state)).to.equal(true);
    const m = await nodeMetrics('Busan', 'peer', f.topology);
    const sum = (prefix: string): number => [...m].filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
    console.log(`      reset: Busan took ${tip} blocks again in ${blocksSeconds.toFixed(1)} s and held all ${acknowledged.size} ballots and turnout flags after ${dataSeconds.toFixed(1)} s ` +
      `(from its own private data store: fetches from other peers ${sum('gossip_privdata_fetch_duration_count')}, reconciliation runs ${sum('gossip_privdata_reconciliation_duration_count')}); state snapshots at block ${state.height} agree`);
    await expectNoDivergence(f, 'after the reset');
  });

  it('R-16: a peer that lost its private data store keeps serving from its state database, but cannot rebuild it; a peer that lost its whole disk rejoins from the genesis block and gets every ballot back from the others', async () => {
    const [voter] = f.take(1);
    const cast = await f.castUntilRecorded(voter!);
    acknowledged.add(cast.tracker!);
    await waitForSameHeight(f.topology);
    // (1) the private data store alone is lost: Fabric starts the peer with an empty one, and the
    // peer still answers every read from its state database, so no audit can see the loss yet
    await stopNode('Busan', 'peer', f.topology);
    wipeLedger('Busan', 'peer', 'private data store', f.topology);
    expect(await restartMissing(f.topology)).to.deep.equal(['busan-peer']);
    expect(await waitForPeerData(f, 'Busan', acknowledged, 60_000), 'reads come from the state database').to.deep.equal([]);
    // (2) until the state has to be rebuilt from the blocks: it needs the private data store, and
    // the peer cannot load the channel; the audit names it
    await stopNode('Busan', 'peer', f.topology);
    await peerNodeCommand('Busan', ['rebuild-dbs'], f.topology);
    const logFrom = peerLogOffset('Busan', f.topology);
    await restartNode('Busan', 'peer', f.topology);
    const broken = await waitFor('Busan to fail loading the channel', async () => {
      const r = await f.auditBallots();
      const busan = r.peers.find((p) => p.org === 'Busan')!.problems;
      return busan.some((m) => m.includes('did not answer')) ? busan : undefined;
    }, 60_000, 1000);
    const failure = /Failed to load ledger elections\(([^\n]*)/.exec(peerLogSince('Busan', logFrom, f.topology))?.[1] ?? '';
    console.log(`      private data store lost, then rebuild-dbs: ${broken[0]!.slice(0, 140)}…; peer log: Failed to load ledger elections(${failure.trim()}`);
    expect(failure).to.include('the store is empty');
    // network:up (what an operator runs first) stops at once and says what to do
    const up = await restartMissing(f.topology).then(() => 'no error', (e: Error) => e.message);
    expect(up).to.include("Busan's peer has a ledger for 'elections' but cannot load it");
    expect(up).to.include('move');
    console.log(`      network:up then: ${up.split('\n')[0]!.slice(0, 220)}…`);
    // (3) the remedy, as for a lost disk: an empty ledger, joined again from the genesis block;
    // blocks come from the orderers, the ballots and turnout flags from the other commissions
    await stopNode('Busan', 'peer', f.topology);
    wipeLedger('Busan', 'peer', 'ledger', f.topology);
    const t0 = performance.now();
    expect(await restartMissing(f.topology)).to.deep.equal(['busan-peer']);
    expect(await waitForPeerData(f, 'Busan', acknowledged, 300_000)).to.deep.equal([]);
    const height = await waitForSameHeight(f.topology, 0, 180_000);
    console.log(`      lost disk: Busan joined again from the genesis block; ${height} blocks and every ballot and turnout flag back in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const state = await auditState({ topology: f.topology });
    expect(state.ok, formatStateAudit(state)).to.equal(true);
    await expectNoDivergence(f, 'after Busan rejoined');
  });

  it('R-17: an orderer whose disk is lost rejoins from the genesis block, catches up with the others and counts in the BFT quorum again; casting never stops', async () => {
    const leader = await leaderId(f);
    const org = f.topology.orgs.find((o) => o.name !== 'Central' && o.orderer.consenterId !== leader)!;
    await stopNode(org.name, 'orderer', f.topology);
    wipeLedger(org.name, 'orderer', 'ledger', f.topology);
    const t0 = performance.now();
    expect(await restartMissing(f.topology), 'network:up joins it to the channel again').to.deep.equal([`${org.slug}-orderer`]);
    // casting goes on meanwhile (three orderers order)
    const during = await f.castSpaced(f.take(4), 1000);
    expect(during.map((o) => o.status), summarize(during)).to.deep.equal([201, 201, 201, 201]);
    recorded(during).forEach((t) => acknowledged.add(t));
    const s = await waitFor(`${org.name}'s orderer to catch up`, async () => {
      const st = await status({ topology: f.topology });
      return st.healthy && st.sameHeight ? st : undefined;
    }, 240_000, 2000);
    const caughtUp = (performance.now() - t0) / 1000;
    const height = s.nodes.find((n) => n.height !== undefined)?.height;
    console.log(`      ${org.name}'s orderer wiped and joined again from the genesis block: at height ${height} with the others after ${caughtUp.toFixed(1)} s (${summarize(during)} meanwhile)`);
    // it is a full consenter again: with another orderer down, the quorum (3 of 4) needs it
    const other = f.topology.orgs.find((o) => o !== org && o.name !== 'Central' && o.orderer.consenterId !== leader)!;
    expect(killNode(other.name, 'orderer', 'SIGKILL', f.topology)).to.be.a('number');
    await waitNodeGone(other.name, 'orderer', f.topology);
    try {
      const withIt = await f.cast(f.take(1)[0]!);
      expect(withIt.status, summarize([withIt])).to.equal(201);
      acknowledged.add(withIt.tracker!);
      console.log(`      with ${other.name}'s orderer killed, a cast needs ${org.name}'s rejoined orderer in the quorum: ${withIt.status} in ${(withIt.ms / 1000).toFixed(1)} s`);
    } finally {
      expect(await restartMissing(f.topology)).to.deep.equal([`${other.slug}-orderer`]);
    }
    await allOnLedger(acknowledged.size, 'R-17');
    await expectNoDivergence(f, `after ${org.name}'s orderer rejoined`);
  });

  it('R-08: a peer whose state database is edited directly is named by the audit (snapshots + per-peer ballot check), although block hashes still agree; alone it cannot endorse a transaction through', async () => {
    const [altered, doubleVoter, other] = acknowledgedVoters(f).slice(0, 3) as [number, number, number];
    const ch = f.topology.channel;
    const db = stateDbPath('Busan', f.topology);
    const tracker = f.ballots[altered]!.tracker;
    const { credential, pseudonym } = f.credentialRow(f.voterId(doubleVoter));
    expect(credential).to.equal(credentialFromSecret(f.eid, f.voters[doubleVoter]!.secret).publicCredential);
    const sha = (s: string): Buffer => createHash('sha256').update(s).digest();
    const edits = {
      ballot: stateKey(ch, 'ballot$$pballots', `ballot/${f.eid}/${tracker}`),
      turnout: stateKey(ch, 'ballot$$pturnout', `turnout/${f.eid}/${pseudonym}`),
      turnoutHash: stateKey(ch, 'ballot$$hturnout', sha(`turnout/${f.eid}/${pseudonym}`)),
      voted: stateKey(ch, 'ballot$$pballots', `voted/${f.eid}/${credential}`),
      votedHash: stateKey(ch, 'ballot$$hballots', sha(`voted/${f.eid}/${credential}`)),
    };
    await waitForSameHeight(f.topology);
    await stopNode('Busan', 'peer', f.topology);
    const originals = new Map<string, Buffer>();
    try {
      for (const [name, key] of Object.entries(edits)) {
        const v = await stateDb.get(db, key);
        expect(v, `${name} is in Busan's state database`).to.not.equal(undefined);
        originals.set(name, v!);
      }
      // (1) change a stored ballot: another voter's (valid) ballot bytes under this tracker
      const dbValue = decodeDbValue(originals.get('ballot')!);
      await stateDb.put(db, edits.ballot, encodeDbValue({ ...dbValue, value: Buffer.from(canonicalBytes(f.ballots[other]!.ballot)) }));
      // (2) delete a voter's turnout flag and "credential used" marker (values and hashes)
      for (const k of [edits.turnout, edits.turnoutHash, edits.voted, edits.votedHash]) await stateDb.delete(db, k);
      expect(await restartMissing(f.topology)).to.deep.equal(['busan-peer']);
      await waitForSameHeight(f.topology);

      // (d) block and commit hashes still agree: they cannot see an edit made after the commit
      const blocks = await compareNetwork({ profile: f.profile, settleMs: 30_000 });
      expect(blocks.ok, 'block-hash comparison does not notice').to.equal(true);
      console.log('      block-hash comparison after the edit: all four peers agree (it cannot see state edited after commit)');

      // (b) the ballot audit (`npm run network:audit-ballots -- <election>`), one peer at a time, names the peer
      const ballots = await f.auditBallots();
      console.log(`      ${formatBallotAudit(ballots).replace(/\n/g, '\n      ')}`);
      expect(ballots.ok).to.equal(false);
      expect(ballots.recorded).to.equal(acknowledged.size);
      const byOrg = Object.fromEntries(ballots.peers.map((p) => [p.org, p.problems]));
      expect(byOrg['Busan']).to.have.length(2);
      expect(byOrg['Busan']![0]).to.match(new RegExp(`^Busan: ballot ${tracker.slice(0, 12)}… altered \\(its bytes hash to [0-9a-f]{12}…\\)$`));
      expect(byOrg['Busan']![1]).to.equal(`Busan: ${acknowledged.size - 1} turnout flags, ${acknowledged.size} ballots recorded`);
      for (const o of ['Central', 'Seoul', 'Observer']) expect(byOrg[o], o).to.deep.equal([]);

      // (a) MAJORITY: the tampered peer happily endorses a second ballot for that voter, but its
      // endorsement alone is invalidated; with two honest commissions the cast is refused
      const second = encryptBallot(f.context, [[0, 0, 1, 0], [0, 1]], f.voters[doubleVoter]!.secret).ballot;
      const policyFailures = await Promise.all(ORGS.map(async (o) => (await peerTxCounts(o, f.topology)).ENDORSEMENT_POLICY_FAILURE ?? 0));
      const busanGw = profileLedger(f.profile, 'Busan', 'gateway');
      try {
        const transientData = { ballot: canonicalBytes(second), pseudonym, channel: 'web' };
        const endorsed = await busanGw.ledger.contract.newProposal('CastBallot', { arguments: [f.eid], transientData, endorsingOrganizations: ['BusanMSP'] }).endorse();
        const status = await (await endorsed.submit()).getStatus();
        const code = Object.entries(peerProtos.TxValidationCode).find(([, v]) => v === status.code)?.[0] ?? String(status.code);
        console.log(`      second ballot endorsed by Busan alone: committed as ${code} (block ${status.blockNumber})`);
        expect(status.successful).to.equal(false);
        expect(code).to.equal('ENDORSEMENT_POLICY_FAILURE');
        const withMajority = await busanGw.ledger.prepareCast({ electionId: f.eid, ballotBytes: canonicalBytes(second), pseudonym, channel: 'web' }).then(() => 'endorsed', (e: LedgerError) => e.code);
        expect(withMajority, 'honest commissions refuse it').to.equal('AlreadyVoted');
      } finally {
        busanGw.close();
      }
      expect(await f.turnoutCount(), 'no second ballot').to.equal(acknowledged.size);
      const after = await Promise.all(ORGS.map(async (o) => (await peerTxCounts(o, f.topology)).ENDORSEMENT_POLICY_FAILURE ?? 0));
      expect(after.map((n, i) => n - policyFailures[i]!), 'every peer, the tampered one included, invalidated it').to.deep.equal([1, 1, 1, 1]);

      // (c) the state audit (`npm run network:audit-state`): snapshots at one height, Busan's
      // hash differs from the majority's, ledgerutil lists the keys against a majority peer
      const state = await auditState({ topology: f.topology });
      console.log(`      state audit: commit hashes ${new Set(state.peers.map((s) => s.commitHash)).size === 1 ? 'all equal' : 'DIFFER'}\n${formatStateAudit(state).replace(/^/gm, '        ')}`);
      expect(state.ok).to.equal(false);
      expect(state.divergent.map((d) => d.org)).to.deep.equal(['Busan']);
      const keys = state.divergent[0]!.keys;
      expect(keys.some((k) => k.startsWith('ballot$$hturnout ')) && keys.some((k) => k.startsWith('ballot$$hballots ')), 'the deleted turnout flag and marker are named').to.equal(true);
      const snaps = await Promise.all(['Seoul', 'Central'].map((o) => takeSnapshot(o, f.topology)));
      expect((await compareSnapshots(snaps[0]!, snaps[1]!)).identical, 'two honest peers: no difference').to.equal(true);
    } finally {
      // repair: put the original values back so the network is sound for whatever runs next
      await stopNode('Busan', 'peer', f.topology);
      for (const [name, key] of Object.entries(edits)) {
        const v = originals.get(name);
        if (v) await stateDb.put(db, key, v);
      }
      await restartMissing(f.topology);
    }
    // one more ballot, so the next snapshots are at a new height (not the tampered ones again)
    const [extra] = f.take(1);
    const last = await f.castUntilRecorded(extra!);
    acknowledged.add(last.tracker!);
    await waitForSameHeight(f.topology);
    const repaired = await auditState({ topology: f.topology });
    expect(repaired.ok, `after the repair every snapshot agrees\n${formatStateAudit(repaired)}`).to.equal(true);
  });

  it('R-10: with its chaincode server down, a peer\'s ballot audit says it did not answer, instead of passing on another organization\'s answer', async () => {
    await stopNode('Busan', 'chaincode', f.topology);
    try {
      const r = await f.auditBallots();
      const byOrg = Object.fromEntries(r.peers.map((p) => [p.org, p.problems]));
      console.log(`      Busan's chaincode server stopped: ${formatBallotAudit(r).split('\n').at(-1)}; ${byOrg['Busan']?.[0]?.slice(0, 160)}`);
      expect(r.ok).to.equal(false);
      expect(byOrg['Busan']).to.have.length(1);
      expect(byOrg['Busan']![0]).to.match(/^Busan: its peer did not answer/);
      for (const o of ['Central', 'Seoul', 'Observer']) expect(byOrg[o], o).to.deep.equal([]);
    } finally {
      await restartMissing(f.topology);
    }
    const healed = await f.auditBallots();
    expect(healed.ok, formatBallotAudit(healed)).to.equal(true);
  });

  it('R-09: a peer whose block file is edited (one byte of a committed ballot\'s transaction) is named by the auditor\'s chain re-check and by network:compare, although every block hash still agrees', async () => {
    const [i] = f.take(1);
    const cast = await f.castUntilRecorded(i!);
    acknowledged.add(cast.tracker!);
    await waitForSameHeight(f.topology);
    const tracker = Buffer.from(cast.tracker!);
    const forged = Buffer.from(`${cast.tracker![0] === '0' ? '1' : '0'}${cast.tracker!.slice(1)}`);
    // the page's audit, with a clock the test turns to make its next pass from the genesis block due
    let clock = Date.now();
    const auditPeers = (): PeerAudit => new PeerAudit(
      ORGS.map((o) => ({ org: o, mspId: orgProfile(f.profile, o).mspId, address: orgProfile(f.profile, o).peer.address })),
      (p) => openPeerReader(p.org, { profile: f.profile }),
      { recheckAfterMs: 60_000, now: () => clock });
    const walked = async (audit: PeerAudit): Promise<PeerAuditReport> => {
      for (;;) {
        const report = await audit.check();
        if (!report.chainsChecking) return report;
        await audit.chainsChecked();
      }
    };
    const audit = auditPeers();
    const before = await walked(audit);
    expect(before.agree, before.mismatches.map((m) => m.reason).join('; ')).to.equal(true);

    await stopNode('Busan', 'peer', f.topology);
    const edit = editBlockFiles('Busan', tracker, forged, f.topology);
    try {
      expect(await restartMissing(f.topology)).to.deep.equal(['busan-peer']);
      // one more ballot, so that the edited block is no longer the last one (the block the page
      // compares, whose data it checks too)
      const [j] = f.take(1);
      acknowledged.add((await f.castUntilRecorded(j!)).tracker!);
      await waitForSameHeight(f.topology);

      // the comparison at one block cannot see it: every header, and so every hash link, is intact;
      // nor can the page's pass, which had read the edited block before and reads only the new ones
      const first = await walked(audit);
      expect(first.agree, 'the one-block comparison and the pass over the new blocks agree').to.equal(true);
      // the next pass from the genesis block (due every recheckAfterMs) finds the block and names the peer
      clock += 60_000;
      const report = await walked(audit);
      const busan = report.peers.find((p) => p.org === 'Busan')!;
      console.log(`      block file edited at byte ${edit.offset}: the page's comparison at height ${first.peers[0]!.height} agrees; the chain re-check: ${report.mismatches.map((m) => `${m.peer} at block ${m.height}: ${m.reason}`).join('; ')}`);
      expect(report.agree).to.equal(false);
      expect(report.mismatches.map((m) => m.peer)).to.deep.equal(['Busan']);
      expect(busan.chainFault?.reason).to.match(/^block \d+ data does not hash to its header's data_hash$/);
      expect(report.peers.filter((p) => p.org !== 'Busan').every((p) => p.chainFault === null && p.verifiedHeight === p.height)).to.equal(true);
      // the command-line full walk names the same peer and block
      const full = await compareNetwork({ profile: f.profile, settleMs: 30_000 });
      expect(full.mismatches.map((m) => [m.peer.split('@')[0], m.field, m.height])).to.deep.equal([['Busan', 'data', busan.chainFault!.height]]);
    } finally {
      await stopNode('Busan', 'peer', f.topology);
      edit.undo();
      await restartMissing(f.topology);
    }
    await expectNoDivergence(f, 'after the block file is put back');
    expect((await walked(auditPeers())).agree, 'a fresh re-check agrees').to.equal(true);
  });

  // Last: it closes the election.
  it('R-11: the gateway killed (kill -9) and a commission peer killed during the tally: the admin runs the tally again, it resumes where it stopped, and the published result counts every acknowledged ballot once and verifies', async () => {
    const eid = f.eid;
    let admin = await staffSession(f.gw.baseUrl, 'admin', f.gw.adminPassword());
    expectStatus(await admin.post(`/api/admin/elections/${eid}/close`), 200, 'close');
    const auditor = profileLedger(f.profile, 'Central', 'auditor');
    try {
      const first = admin.post(`/api/admin/elections/${eid}/tally`).then((r) => r.status, (e: unknown) => `failed: ${(e as Error).message}`);
      const shardsBefore = await waitFor('a first shard transaction', async () => {
        const n = (await auditor.ledger.getTally(eid)).shards.length;
        return n >= 1 ? n : undefined;
      }, 120_000);
      await f.gw.kill('SIGKILL');
      expect(killNode('Seoul', 'peer', 'SIGKILL', f.topology)).to.be.a('number');
      console.log(`      killed the gateway and the Seoul peer after ${shardsBefore} shard transaction(s); the admin's tally request: ${await first}`);
      await waitNodeGone('Seoul', 'peer', f.topology);
      await f.gw.start();
      admin = await staffSession(f.gw.baseUrl, 'admin', f.gw.adminPassword());
      const t0 = performance.now();
      const again = expectStatus(await admin.post(`/api/admin/elections/${eid}/tally`), 200, 'tally again, Seoul still down').body as { shards: number; ballotCount: number };
      console.log(`      tally run again (Seoul peer down): ${again.shards} shards, ${again.ballotCount} ballots, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(again.ballotCount, 'every acknowledged ballot counted once').to.equal(acknowledged.size);
      // (a 200 means the run skipped the shards already tallied: the chaincode refuses a shard twice, WrongState)
      expect((await auditor.ledger.getTally(eid)).shards, 'every shard on the ledger').to.have.length(again.shards);
    } finally {
      auditor.close();
      await restartMissing(f.topology);
    }
    for (const h of [f.election.holders[0]!, f.election.holders[2]!, f.election.holders[4]!]) {
      await h.signIn(); // the relay's sessions live in the gateway process that was killed
      expectStatus(await h.decrypt(eid), 200, 'decryption share');
    }
    const published = expectStatus(await admin.post(`/api/admin/elections/${eid}/publish`), 200, 'publish').body as { result: { ballotCount: number; contests: { counts: number[] }[] } };
    const choices = acknowledgedVoters(f).map(choicesOf);
    const sums = choices[0]!.map((contest, k) => contest.map((_, o) => choices.reduce((n, c) => n + c[k]![o]!, 0)));
    expect(published.result.ballotCount).to.equal(acknowledged.size);
    expect(published.result.contests.map((c) => c.counts), 'counts = the choices of the acknowledged voters').to.deep.equal(sums);
    const record = expectStatus(await admin.get(`/api/elections/${eid}/record`), 200, 'record').body;
    const report = await verifyElectionRecord(record);
    expect(report.checks.filter((c) => c.status === 'fail')).to.deep.equal([]);
    console.log(`      published: ${published.result.ballotCount} ballots, counts ${JSON.stringify(published.result.contests.map((c) => c.counts))}; the record verifies (${report.checks.length} checks)`);
    await expectNoDivergence(f, 'after the tally');
  });

  function acknowledgedVoters(fx: FaultFixture): number[] {
    return fx.ballots.map((b, i) => (acknowledged.has(b.tracker) ? i : -1)).filter((i) => i >= 0);
  }
});

/** Waits until `org`'s peer holds every expected ballot with intact bytes; returns what is still wrong at the deadline. */
async function waitForPeerData(f: FaultFixture, org: string, expected: ReadonlySet<string>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let problems: string[];
    try {
      problems = await f.peerProblems(org, expected);
    } catch (err) {
      problems = [`${org}: ${(err as Error).message.slice(0, 200)}`];
    }
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await sleep(1000);
  }
}
