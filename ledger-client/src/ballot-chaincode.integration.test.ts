// The `ballot` chaincode on the real network (Fabric 3.1.5, SmartBFT, 4 orgs, MAJORITY): a full
// election and the adversarial cases, through @hyperledger/fabric-gateway. Skipped (loudly) only
// when the Fabric binaries are unavailable because the Go module proxy refused them.
import {
  aggregateBallots,
  canonicalBytes,
  encryptBallot,
  computeDecryptionShare,
  readStreamedRecord,
  spoilBallot,
  verifyElectionRecord,
  verifyElectionRecordStream,
  type Ballot,
} from '@ballotledger/core';
import { resignBallot } from '@ballotledger/core/testing/fixtures';
import { compareNetwork, ensureNetworkOrSkip, waitForSameHeight, type EnsureResult } from '@ballotledger/test-network';
import { expect } from 'chai';
import { electionRecordNdjson, exportElectionRecord } from './election-record.js';
import { LedgerError } from './ledger-error.js';
import { ElectionDriver, profileLedger, type DriverVoter } from './testing/election-driver.js';

async function refusalCode(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (err) {
    if (err instanceof LedgerError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }));
  return results;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

describe('ballot chaincode on the real network (integration)', function () {
  this.timeout(900_000);
  let net: EnsureResult | undefined;

  before(async function () {
    net = await ensureNetworkOrSkip(() => this.skip());
  });

  after(async () => {
    if (net) {
      const result = await compareNetwork({ profile: net.profile });
      expect(result.ok, result.mismatches.map((m) => m.message).join('\n')).to.equal(true);
      await net.teardown();
    }
  });

  describe('a full election with 3-of-5 key holders and 200 ballots', () => {
    const BALLOTS = 200;
    let driver: ElectionDriver;
    const expected = [[0, 0, 0, 0], [0, 0]];
    const trackers: string[] = [];
    /** Spoiled ballots, and cast ballots beyond the first tests' 201, recorded by the spoil tests. */
    let spoiledCount = 0;
    let castCount = 0;

    before(async () => {
      driver = new ElectionDriver(net!.profile);
      const t0 = performance.now();
      await driver.setup(BALLOTS + 10);
      console.log(`      election created, ceremony run, ${BALLOTS + 10} credentials registered and opened in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    });

    after(() => driver?.close());

    it('casts 200 encrypted ballots through the commissions\' gateways, each committed exactly once', async () => {
      const orgs = ['Central', 'Seoul', 'Busan'];
      const choices = [[[1, 0, 0, 0], [1, 0]], [[0, 1, 0, 0], [1, 0]], [[0, 1, 0, 0], [0, 1]], [[0, 0, 1, 0], [1, 0]], [[0, 0, 0, 1], [0, 1]]];
      const prepared = driver.voters.slice(0, BALLOTS).map((voter, i) => {
        const c = choices[i % choices.length]!;
        c.forEach((contest, ci) => contest.forEach((v, oi) => (expected[ci]![oi]! += v)));
        return { voter, ...driver.ballotBytes(voter, c), org: orgs[i % orgs.length]! };
      });
      const latencies: number[] = [];
      const t0 = performance.now();
      const receipts = await pool(12, prepared.map((p) => async () => {
        const s = performance.now();
        const r = await driver.gateway(p.org).castBallot({ electionId: driver.electionId, ballotBytes: p.bytes, pseudonym: p.voter.pseudonym, channel: 'web' });
        latencies.push(performance.now() - s);
        return r;
      }));
      const seconds = (performance.now() - t0) / 1000;
      console.log(`      cast throughput: ${BALLOTS} ballots committed in ${seconds.toFixed(1)} s = ${(BALLOTS / seconds).toFixed(1)} votes/s; latency p50 ${median(latencies).toFixed(0)} ms, p95 ${pct(latencies, 0.95).toFixed(0)} ms (12 in flight, 3 gateways)`);
      receipts.forEach((r, i) => expect(r.result.tracker).to.equal(prepared[i]!.tracker));
      trackers.push(...receipts.map((r) => r.result.tracker));
      // Each cast returned once its own gateway's peer committed it; Central's peer may be a block
      // behind for a moment (the last ballots went through Seoul and Busan).
      const deadline = Date.now() + 10_000;
      let turnout = await driver.admin.ledger.turnoutCount(driver.electionId);
      while (turnout < BALLOTS && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        turnout = await driver.admin.ledger.turnoutCount(driver.electionId);
      }
      expect(turnout).to.equal(BALLOTS);
    });

    it('keeps turnout private to the commissions and ballots on every member peer', async () => {
      const voter = driver.voters[0]!;
      const seoul = driver.gateway('Seoul');
      expect(await seoul.hasVoted(driver.electionId, voter.pseudonym)).to.equal(true);
      expect((await seoul.evaluate<{ turnout: { channel: string } }>('GetTurnout', [driver.electionId, voter.pseudonym])).turnout.channel).to.equal('web');
      const observer = profileLedger(net!.profile, 'Observer', 'auditor');
      try {
        const denied = await observer.ledger.evaluate('GetTurnout', [driver.electionId, voter.pseudonym]).then(() => '', (e: LedgerError) => [e.message, ...e.nodeMessages].join(' '));
        expect(denied).to.match(/does not have read access permission on privatedata.*turnout/);
        expect(await refusalCode(observer.ledger.hasVoted(driver.electionId, voter.pseudonym))).to.equal('Forbidden');
        // the Observer's peer holds every ballot, and their private-data hashes are the trackers
        const hashes = await observer.ledger.ballotHashes(driver.electionId, trackers.slice(0, 20));
        for (const t of trackers.slice(0, 20)) expect(hashes[t]).to.equal(t);
        expect((await observer.ledger.ballotsPage(driver.electionId, '', 10)).items).to.have.length(10);
      } finally {
        observer.close();
      }
      // nor may the Observer write it: a cast by its gateway identity is refused at endorsement
      // (the chaincode takes role=gateway from commissions only; Fabric's memberOnlyWrite on
      // `turnout` would refuse the write behind it), and nothing is recorded
      const outsider = driver.voters[BALLOTS + 9]!;
      const observerGateway = profileLedger(net!.profile, 'Observer', 'gateway');
      try {
        const ballotBytes = driver.ballotBytes(outsider, [[1, 0, 0, 0], [1, 0]]).bytes;
        const refused = await observerGateway.ledger.castBallot({ electionId: driver.electionId, ballotBytes, pseudonym: outsider.pseudonym, channel: 'web' })
          .then(() => 'committed', (e: LedgerError) => `${e.code} ${e.message}`);
        expect(refused).to.match(/^Forbidden .*role gateway is only valid for a commission/);
      } finally {
        observerGateway.close();
      }
      expect(await seoul.hasVoted(driver.electionId, outsider.pseudonym)).to.equal(false);
    });

    it('refuses a second ballot, a broken proof, a copied ballot and an unknown credential', async () => {
      const [a, b] = driver.voters as [DriverVoter, DriverVoter];
      const gw = driver.gateway('Busan');
      const again = driver.ballotBytes(a, [[0, 0, 1, 0], [1, 0]]);
      expect(await refusalCode(gw.castBallot({ electionId: driver.electionId, ballotBytes: again.bytes, pseudonym: a.pseudonym, channel: 'web' }))).to.equal('AlreadyVoted');
      const fresh = driver.voters[BALLOTS]!;
      const good = encryptBallot(driver.context, [[1, 0, 0, 0], [1, 0]], fresh.secret).ballot;
      // one ciphertext changed and the ballot re-signed: the signature holds, the proof does not
      const broken: Ballot = structuredClone(good);
      broken.contests[0]!.selections[0]!.b = good.contests[0]!.selections[1]!.b;
      const resigned = resignBallot(driver.electionId, broken, fresh.secret);
      expect(await refusalCode(gw.castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(resigned), pseudonym: fresh.pseudonym, channel: 'web' }))).to.equal('InvalidProof');
      // fresh's ballot copied and re-signed by another voter: its proofs are bound to fresh's credential
      const other = driver.voters[BALLOTS + 1]!;
      const copied = resignBallot(driver.electionId, good, other.secret);
      expect(await refusalCode(gw.castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(copied), pseudonym: other.pseudonym, channel: 'web' }))).to.equal('InvalidProof');
      const stranger = encryptBallot(driver.context, [[1, 0, 0, 0], [1, 0]], 'AAAAAAAAAAAAAAAAAAAAAA').ballot;
      expect(await refusalCode(gw.castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(stranger), pseudonym: b.pseudonym, channel: 'web' }))).to.equal('UnknownCredential');
    });

    it('lets exactly one of 20 concurrent casts with one credential through, from three gateways', async () => {
      const voter = driver.voters[BALLOTS + 2]!;
      const orgs = ['Central', 'Seoul', 'Busan'];
      const attempts = Array.from({ length: 20 }, () => driver.ballotBytes(voter, [[0, 1, 0, 0], [1, 0]]).bytes).map((bytes, i) =>
        driver.gateway(orgs[i % 3]!).castBallot({ electionId: driver.electionId, ballotBytes: bytes, pseudonym: voter.pseudonym, channel: 'mobile' }).then(
          () => 'committed',
          (e: LedgerError) => e.code,
        ),
      );
      const outcomes = await Promise.all(attempts);
      console.log(`      20 concurrent casts of one credential: ${JSON.stringify(Object.fromEntries([...new Set(outcomes)].map((o) => [o, outcomes.filter((x) => x === o).length])))}`);
      if (outcomes.includes('committed')) {
        expected[0]![1]! += 1;
        expected[1]![0]! += 1;
      }
      expect(outcomes.filter((o) => o === 'committed')).to.have.length(1);
      // the others were not recorded: invalidated (MVCC), refused (already voted), or not endorsed in time under load
      expect(outcomes.every((o) => ['committed', 'Conflict', 'AlreadyVoted', 'NotRecorded'].includes(o))).to.equal(true);
      expect(await driver.admin.ledger.credentialUsed(driver.electionId, voter.credential)).to.equal(true);
    });

    it('publishes a spoiled ballot that every gateway finds and none can cast; the voter then casts a fresh one', async () => {
      const voter = driver.voters[BALLOTS + 4]!;
      const s = spoilBallot(encryptBallot(driver.context, [[0, 1, 0, 0], [0, 1]], voter.secret));
      const committed = await driver.gateway('Central').spoilBallot(driver.electionId, { v: 1, ballot: s.ballot, reveal: s.reveal });
      expect(committed.result.tracker).to.equal(s.tracker);
      await waitForSameHeight(); // committed on Central's peer; the others may be a block behind
      for (const org of ['Seoul', 'Busan']) {
        expect((await driver.gateway(org).getSpoiledBallot(driver.electionId, s.tracker))?.spoiled.ballot).to.deep.equal(s.ballot);
      }
      const observer = profileLedger(net!.profile, 'Observer', 'auditor');
      try {
        expect((await observer.ledger.getSpoiledBallot(driver.electionId, s.tracker))?.txId).to.equal(committed.txId);
      } finally {
        observer.close();
      }
      expect(await refusalCode(driver.gateway('Busan').castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(s.ballot), pseudonym: voter.pseudonym, channel: 'web' }))).to.equal('SpoiledBallot');
      expect(await refusalCode(driver.gateway('Seoul').spoilBallot(driver.electionId, { v: 1, ballot: s.ballot, reveal: s.reveal }))).to.equal('SpoiledBallot');
      const lie = structuredClone(s.reveal);
      lie.contests[0]!.selections[0]!.value = 1;
      lie.contests[0]!.selections[1]!.value = 0;
      const other = spoilBallot(encryptBallot(driver.context, [[0, 1, 0, 0], [0, 1]], voter.secret));
      expect(await refusalCode(driver.gateway('Seoul').spoilBallot(driver.electionId, { v: 1, ballot: other.ballot, reveal: lie }))).to.equal('InvalidBallot');
      const fresh = driver.ballotBytes(voter, [[1, 0, 0, 0], [1, 0]]);
      await driver.gateway('Seoul').castBallot({ electionId: driver.electionId, ballotBytes: fresh.bytes, pseudonym: voter.pseudonym, channel: 'web' });
      expected[0]![0]! += 1;
      expected[1]![0]! += 1;
      const castVoter = driver.voters[BALLOTS + 5]!;
      const castSpoil = spoilBallot(encryptBallot(driver.context, [[0, 0, 0, 1], [0, 1]], castVoter.secret));
      await driver.gateway('Central').castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(castSpoil.ballot), pseudonym: castVoter.pseudonym, channel: 'web' });
      expected[0]![3]! += 1;
      expected[1]![1]! += 1;
      expect(await refusalCode(driver.gateway('Busan').spoilBallot(driver.electionId, { v: 1, ballot: castSpoil.ballot, reveal: castSpoil.reveal }))).to.equal('DuplicateBallot');
      spoiledCount += 1;
      castCount += 2;
    });

    it('lets exactly one of a concurrent spoil and cast of one ballot through (MVCC on the spoiled key)', async () => {
      const voter = driver.voters[BALLOTS + 6]!;
      const s = spoilBallot(encryptBallot(driver.context, [[0, 0, 1, 0], [0, 1]], voter.secret));
      const [spoiled, cast] = await Promise.all([
        driver.gateway('Central').spoilBallot(driver.electionId, { v: 1, ballot: s.ballot, reveal: s.reveal }).then(() => 'committed', (e: LedgerError) => e.code),
        driver.gateway('Seoul').castBallot({ electionId: driver.electionId, ballotBytes: canonicalBytes(s.ballot), pseudonym: voter.pseudonym, channel: 'web' }).then(() => 'committed', (e: LedgerError) => e.code),
      ]);
      console.log(`      concurrent spoil and cast of one ballot: spoil ${spoiled}, cast ${cast}`);
      if (cast === 'committed') {
        expected[0]![2]! += 1;
        expected[1]![1]! += 1;
      }
      expect([spoiled, cast].filter((o) => o === 'committed')).to.have.length(1);
      expect([spoiled, cast].every((o) => ['committed', 'Conflict', 'SpoiledBallot', 'DuplicateBallot'].includes(o))).to.equal(true);
      spoiledCount += spoiled === 'committed' ? 1 : 0;
      castCount += cast === 'committed' ? 1 : 0;
    });

    it('refuses admin transactions from a gateway identity and decryption shares before close', async () => {
      const gateway = driver.gateway('Central');
      for (const name of ['PauseElection', 'CloseElection', 'CombineTally', 'PublishResult'] as const) {
        expect(await refusalCode(gateway.transition(name, driver.electionId)), name).to.equal('Forbidden');
      }
      expect(await refusalCode(gateway.extendElection(driver.electionId, '2099-01-01T00:00:00.000Z')), 'ExtendElection').to.equal('Forbidden');
      expect(await refusalCode(gateway.tallyShard(driver.electionId, '0')), 'TallyShard').to.equal('Forbidden');
      expect(await refusalCode(gateway.registerCredentials(driver.electionId, 999, [driver.voters[0]!.credential])), 'RegisterCredentials').to.equal('Forbidden');
      const holder = profileLedger(net!.profile, 'Central', 'keyholder1');
      try {
        const { tally } = await driver.admin.ledger.getTally(driver.electionId);
        expect(tally).to.equal(null);
        const fake = computeDecryptionShare(driver.manifest, aggregateBallots(driver.manifest, []), driver.states[0]!, driver.ceremony!);
        expect(await refusalCode(holder.ledger.submitDecryptionShare(driver.electionId, fake))).to.equal('WrongState');
      } finally {
        holder.close();
      }
    });

    it('closes, tallies in shards, decrypts with holders 2, 4 and 5 and publishes the plaintext counts', async () => {
      const t0 = performance.now();
      await driver.closeAndTally();
      const tTally = performance.now();
      const last = driver.voters[BALLOTS + 3]!;
      const late = driver.ballotBytes(last, [[1, 0, 0, 0], [1, 0]]);
      expect(await refusalCode(driver.gateway().castBallot({ electionId: driver.electionId, ballotBytes: late.bytes, pseudonym: last.pseudonym, channel: 'web' }))).to.equal('NotOpen');
      const published = await driver.decryptAndPublish([2, 4, 5]);
      const tDone = performance.now();
      console.log(`      tally of ${BALLOTS + 1 + castCount} ballots: close + 16 shards + combine ${((tTally - t0) / 1000).toFixed(1)} s; 3 decryption shares + publish ${((tDone - tTally) / 1000).toFixed(1)} s`);
      expect(published.result.contests.map((c) => c.counts)).to.deep.equal(expected);
      expect(published.usedHolders).to.deep.equal([2, 4, 5]);
    });

    it('exports an election record that the core verifier accepts', async () => {
      const record = await exportElectionRecord(driver.admin.ledger, driver.electionId);
      expect(record.ballots).to.have.length(BALLOTS + 1 + castCount);
      expect(record.spoiledBallots).to.have.length(spoiledCount);
      const report = await verifyElectionRecord(record);
      const failed = report.checks.filter((c) => c.status === 'fail');
      expect(failed, JSON.stringify(failed)).to.have.length(0);
      expect(report.ok).to.equal(true);
      // the Observer (an auditor, not a commission) exports the same record from its own peer
      const observer = profileLedger(net!.profile, 'Observer', 'auditor');
      try {
        expect(await exportElectionRecord(observer.ledger, driver.electionId)).to.deep.equal(record);
      } finally {
        observer.close();
      }
    });

    it('exports the streamed form (record.ndjson) a page at a time, and it verifies with the JSON form\'s report', async () => {
      let text = '';
      for await (const chunk of electionRecordNdjson(driver.admin.ledger, driver.electionId)) text += chunk;
      const lines = text.split('\n');
      expect(lines).to.have.length(1 + BALLOTS + 1 + castCount + 1);
      expect(lines[lines.length - 1]).to.equal('');
      const streamed = await readStreamedRecord((async function* () { yield text; })());
      expect(streamed!.header).to.include({ ballotCount: BALLOTS + 1 + castCount });
      const report = await verifyElectionRecordStream(streamed!.header, streamed!.ballots);
      expect(report.ok, JSON.stringify(report.checks.filter((c) => c.status !== 'pass'))).to.equal(true);
      expect(report).to.deep.equal(await verifyElectionRecord(await exportElectionRecord(driver.admin.ledger, driver.electionId)));
    });
  });

  describe('an election that is not open yet', () => {
    it('refuses casts before OpenElection', async () => {
      const driver = new ElectionDriver(net!.profile);
      try {
        await driver.create();
        await driver.runCeremony();
        await driver.registerRoll(2);
        const v = driver.voters[0]!;
        const b = driver.ballotBytes(v, [[1, 0, 0, 0], [1, 0]]);
        expect(await refusalCode(driver.gateway().castBallot({ electionId: driver.electionId, ballotBytes: b.bytes, pseudonym: v.pseudonym, channel: 'web' }))).to.equal('NotOpen');
        // counted on the peer with paged reads: an empty count is 0 (the peer sends no page metadata then)
        expect(await driver.admin.ledger.turnoutCount(driver.electionId)).to.equal(0);
      } finally {
        driver.close();
      }
    });
  });
});
