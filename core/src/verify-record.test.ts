// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { base64urlEncode } from './base64url.js';
import { encodePoint, encodeScalar, G } from './group.js';
import { deterministicRng } from './rng.js';
import type { ElectionRecord } from './schemas.js';
import type { ErrorCode } from './errors.js';
import { mixedManifest, ndjsonRecord, smallManifest } from './testing/fixtures.js';
import { simulateElection } from './testing/simulate-election.js';
import { verifyElectionRecord, type RecordCheckName, type RecordReport } from './verify-record.js';
import { disableFastVerification, initFastVerification } from './accel.js';

const CLI = fileURLToPath(new URL('./cli/verify-cli.js', import.meta.url));

describe('election record: end to end (3 of 5, mixed contest types)', function () {
  this.timeout(300000);
  const BALLOTS = 200;
  let record: ElectionRecord;
  let truth: number[][];

  before(() => {
    const sim = simulateElection({ manifest: mixedManifest(), ballots: BALLOTS, spoiled: 2, shards: 4, decryptWith: [2, 4, 5], rng: deterministicRng('e2e-mixed') });
    record = sim.record;
    truth = record.manifest.contests.map((c, ci) => c.options.map((_, oi) => sim.choices.reduce((s, ch) => s + ch[ci]![oi]!, 0)));
  });

  it('the verifier accepts the record and the decrypted counts are the true counts', async () => {
    const report = await verifyElectionRecord(record);
    const failed = report.checks.filter((c) => c.status !== 'pass');
    expect(failed, JSON.stringify(failed)).to.have.length(0);
    expect(report.ok).to.equal(true);
    expect(report.checks).to.have.length(18);
    expect(report.result!.contests.map((c) => c.counts)).to.deep.equal(truth);
    expect(record.decryptionShares.map((s) => s.holder)).to.deep.equal([2, 4, 5]);
  });

  it('the CLI verifies the record file on 2 worker threads (exit 0) and rejects a tampered one (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-record-'));
    const good = join(dir, 'record.json');
    writeFileSync(good, JSON.stringify(record));
    const out = execFileSync(process.execPath, [CLI, good, '--workers', '2'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).to.match(/VERIFIED: all 18 checks passed/);
    const bad = structuredClone(record);
    bad.result.contests[0]!.counts[0]! += 1;
    const badFile = join(dir, 'bad.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const r = spawnSync(process.execPath, [CLI, badFile, '--workers', '2'], { encoding: 'utf8' });
    expect(r.status).to.equal(1);
    expect(r.stdout).to.match(/18\. FAIL result\.counts/);
  });

  it('the CLI verifies the streamed form (record.ndjson) on 2 worker threads with the JSON form\'s report, and fails a truncated one at tally.count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-record-'));
    const run = (name: string, text: string): { status: number | null; report: RecordReport } => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = spawnSync(process.execPath, [CLI, file, '--workers', '2', '--json'], { encoding: 'utf8' });
      return { status: r.status, report: JSON.parse(r.stdout) as RecordReport };
    };
    const json = run('record.json', JSON.stringify(record));
    const streamed = run('record.ndjson', ndjsonRecord(record));
    expect(streamed.status).to.equal(0);
    expect(streamed.report).to.deep.equal(json.report);
    const truncated = run('truncated.ndjson', ndjsonRecord(record).split('\n').slice(0, -40).join('\n'));
    expect(truncated.status).to.equal(1);
    expect(truncated.report.checks.find((c) => c.name === 'tally.count')).to.include({ status: 'fail', failedCheck: 'ballotCount' });
    expect(truncated.report.ballotCount).to.equal(BALLOTS - 39);
  });

  it('the CLI runs when started through a symlink, as npx ballotledger-verify does (node_modules/.bin)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-record-'));
    const file = join(dir, 'record.json');
    writeFileSync(file, JSON.stringify(record));
    const bin = join(dir, 'ballotledger-verify');
    symlinkSync(CLI, bin);
    const out = execFileSync(process.execPath, [bin, file, '--workers', '0'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).to.match(/VERIFIED: all 18 checks passed/);
  });
});

describe('election record: mutations are rejected naming the right check', function () {
  this.timeout(300000);
  const sim = simulateElection({ manifest: smallManifest('e-mutations', 3, 5), ballots: 8, spoiled: 1, decryptWith: [1, 3, 5], rng: deterministicRng('mutations') });
  const base = sim.record;
  const otherPoint = encodePoint(G.multiply(777n));

  /** [mutation, the check that fails, its failing sub-check (the path in the record), the error code, mutate] */
  const mutations: [string, RecordCheckName, string, ErrorCode, (r: ElectionRecord) => void][] = [
    ['dropped ballot', 'tally.count', 'tally.ballotCount', 'InvalidTally', (r) => void r.ballots.splice(3, 1)],
    ['duplicated ballot', 'ballots.uniqueCredential', 'ballots[8]', 'DuplicateBallot', (r) => void r.ballots.push(structuredClone(r.ballots[0]!))],
    ['replayed ciphertext from another ballot', 'ballots.uniqueCiphertext', 'ballots[1]', 'DuplicateBallot', (r) => (r.ballots[1]!.contests[0]!.selections[0] = structuredClone(r.ballots[0]!.contests[0]!.selections[0]!))],
    ['replayed ciphertext breaks the proof binding', 'ballots.valid', 'ballots[1].contests[0].selections[0].proof', 'InvalidProof', (r) => (r.ballots[1]!.contests[0]!.selections[0] = structuredClone(r.ballots[0]!.contests[0]!.selections[0]!))],
    ['altered selection', 'ballots.valid', 'ballots[2].contests[0].selections[1].proof', 'InvalidProof', (r) => (r.ballots[2]!.contests[0]!.selections[1]!.b = otherPoint)],
    ['bad range proof response', 'ballots.valid', 'ballots[2].contests[1].selections[0].proof', 'InvalidProof', (r) => (r.ballots[2]!.contests[1]!.selections[0]!.proof[0]!.z = encodeScalar(5n))],
    ['bad contest sum proof', 'ballots.valid', 'ballots[4].contests[0].sumProof', 'InvalidProof', (r) => (r.ballots[4]!.contests[0]!.sumProof![0]!.A = otherPoint)],
    ['bad ballot signature', 'ballots.valid', 'ballots[5].signature', 'InvalidSignature', (r) => (r.ballots[5]!.signature.s = encodeScalar(9n))],
    ['non-canonical point in a ballot', 'ballots.valid', 'ballots[0].contests[0].selections[0].a', 'InvalidPoint', (r) => (r.ballots[0]!.contests[0]!.selections[0]!.a = base64urlEncode(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff))))],
    ['ballot for another election', 'ballots.valid', 'ballots[0].electionId', 'InvalidBallot', (r) => (r.ballots[0]!.electionId = 'other-election')],
    ['unregistered credential', 'ballots.registered', 'ballots[0].credential', 'UnknownCredential', (r) => (r.credentials = r.credentials.filter((c) => c !== r.ballots[0]!.credential))],
    ['credential list not sorted', 'credentials.list', 'credentials[1]', 'InvalidRecord', (r) => r.credentials.reverse()],
    ['invalid credential point', 'credentials.list', 'credentials[0]', 'InvalidPoint', (r) => (r.credentials[0] = base64urlEncode(new Uint8Array(32)))],
    ['ballot id reused', 'ballots.uniqueBallotId', 'ballots[1]', 'DuplicateBallot', (r) => (r.ballots[1]!.ballotId = r.ballots[0]!.ballotId)],
    ['wrong decryption share', 'decryption.shares', 'decryptionShares[0].contests[0].selections[0].proof', 'InvalidProof', (r) => (r.decryptionShares[0]!.contests[0]!.selections[0]!.M = r.decryptionShares[1]!.contests[0]!.selections[0]!.M)],
    ['bad decryption proof', 'decryption.shares', 'decryptionShares[1].contests[1].selections[2].proof', 'InvalidProof', (r) => (r.decryptionShares[1]!.contests[1]!.selections[2]!.proof.z = encodeScalar(3n))],
    ['too few shares', 'decryption.quorum', 'decryption.quorum', 'InsufficientShares', (r) => void r.decryptionShares.pop()],
    ['two shares from one holder', 'decryption.shares', 'decryptionShares[2].holder', 'InvalidDecryption', (r) => (r.decryptionShares[2] = structuredClone(r.decryptionShares[0]!))],
    ['share from an unknown holder', 'decryption.shares', 'decryptionShares[0].holder', 'InvalidDecryption', (r) => (r.decryptionShares[0]!.holder = 9)],
    ['wrong count', 'result.counts', 'result.counts', 'InvalidTally', (r) => (r.result.contests[1]!.counts[0]! += 1)],
    ['counts swapped', 'result.counts', 'result.counts', 'InvalidTally', (r) => r.result.contests[0]!.counts.reverse()],
    ['altered manifest title', 'manifest.hash', 'manifest.hash', 'InvalidManifest', (r) => (r.manifest.title = 'Another title')],
    ['altered manifest totals', 'manifest.hash', 'manifest.hash', 'InvalidManifest', (r) => (r.manifest.contests[0]!.maxTotal = 2)],
    ['altered manifest hash', 'manifest.hash', 'manifest.hash', 'InvalidManifest', (r) => (r.manifestHash = base64urlEncode(new Uint8Array(32)))],
    ['inconsistent manifest', 'manifest.valid', 'manifest.keyCeremony', 'InvalidManifest', (r) => (r.manifest.keyCeremony.threshold = 6)],
    ['aggregate altered', 'tally.sum', 'tally.contests[0].selections[0]', 'InvalidTally', (r) => (r.tally.contests[0]!.selections[0] = structuredClone(r.tally.contests[0]!.selections[1]!))],
    ['aggregate ballot count', 'tally.count', 'tally.ballotCount', 'InvalidTally', (r) => (r.tally.ballotCount += 1)],
    ['result ballot count', 'tally.count', 'result.ballotCount', 'InvalidTally', (r) => (r.result.ballotCount -= 1)],
    ['forged coefficient proof', 'ceremony.messages', 'ceremony.round1[2].proofs[0]', 'InvalidProof', (r) => (r.ceremony.round1[2]!.proofs[0]!.u = encodeScalar(11n))],
    ['missing encrypted share', 'ceremony.messages', 'ceremony.round2[0].shares', 'InvalidCeremony', (r) => void r.ceremony.round2[0]!.shares.pop()],
    ['altered joint key', 'ceremony.result', 'ceremony.result.jointKey', 'InvalidCeremony', (r) => (r.ceremony.result.jointKey = otherPoint)],
    ['altered verification share', 'ceremony.result', 'ceremony.result.verificationShares', 'InvalidCeremony', (r) => (r.ceremony.result.verificationShares[1]!.share = otherPoint)],
    ['altered base hash', 'ceremony.result', 'ceremony.result.electionBaseHash', 'InvalidCeremony', (r) => (r.ceremony.result.electionBaseHash = base64urlEncode(new Uint8Array(32)))],
    ['altered qualified set', 'ceremony.result', 'ceremony.result.qualified', 'InvalidCeremony', (r) => r.ceremony.result.qualified.pop()],
    ['false reveal of a spoiled ballot', 'spoiled.valid', 'spoiledBallots[0].reveal.contests[0].selections[0]', 'InvalidBallot', (r) => (r.spoiledBallots[0]!.reveal.contests[0]!.selections[0]!.nonce = encodeScalar(1n))],
    ['spoiled ballot also counted', 'spoiled.notCast', 'spoiledBallots[0]', 'DuplicateBallot', (r) => void r.ballots.push(structuredClone(r.spoiledBallots[0]!.ballot))],
    ['wrong record version', 'record.schema', 'record.schema.v', 'InvalidRecord', (r) => ((r as unknown as { v: number }).v = 2)],
    ['ceremony transcript without version', 'record.schema', 'record.schema.ceremony.v', 'InvalidRecord', (r) => delete (r.ceremony as Partial<ElectionRecord['ceremony']>).v],
    ['anchor of another version', 'record.schema', 'record.schema.anchors[0].v', 'InvalidRecord', (r) => ((r.anchors[0] as unknown as { v: number }).v = 2)],
    ['unknown field', 'record.schema', 'record.schema', 'InvalidRecord', (r) => ((r as unknown as Record<string, unknown>).extra = true)],
    ['float count', 'record.schema', 'record.schema.result.contests[0].counts[0]', 'InvalidRecord', (r) => (r.result.contests[0]!.counts[0] = 1.5)],
    ['ballotCount in the JSON form', 'record.schema', 'record.schema', 'InvalidRecord', (r) => ((r as unknown as Record<string, unknown>).ballotCount = r.ballots.length)],
  ];

  it('the unmutated record verifies', async () => {
    expect((await verifyElectionRecord(base)).ok).to.equal(true);
  });

  it('a failed worker is a failed ballots.valid check (VerifierFailure), not a throw and never a pass', async () => {
    const report = await verifyElectionRecord(base, {
      runChunks: () => Promise.reject(new Error('verification worker exited (code 1)')),
    });
    expect(report.ok).to.equal(false);
    const status = Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
    expect(report.checks.find((c) => c.name === 'ballots.valid')).to.include({ status: 'fail', code: 'VerifierFailure', failedCheck: 'ballots.chunks' });
    expect(report.checks.find((c) => c.name === 'ballots.valid')!.detail).to.match(/worker exited \(code 1\)/);
    expect(status).to.include({ 'tally.sum': 'skip', 'result.counts': 'fail', 'decryption.quorum': 'pass', 'ballots.uniqueCredential': 'pass' });
  });

  it(`has at least 30 mutations`, () => expect(mutations.length).to.be.at.least(30));

  for (const [name, check, failedCheck, code, mutate] of mutations) {
    it(`rejects: ${name} → ${check} (${failedCheck}, ${code})`, async () => {
      const r = structuredClone(base);
      mutate(r);
      const report = await verifyElectionRecord(r);
      expect(report.ok).to.equal(false);
      // differential: the WebAssembly fast path gives the same report, check by check
      await initFastVerification();
      try {
        expect(await verifyElectionRecord(r)).to.deep.equal(report);
      } finally {
        disableFastVerification();
      }
      const c = report.checks.find((x) => x.name === check)!;
      expect(c.status, `${check}: ${c.detail}\n${report.checks.filter((x) => x.status === 'fail').map((x) => x.name + ' ' + x.detail).join('\n')}`).to.equal('fail');
      expect({ failedCheck: c.failedCheck, code: c.code }, c.detail).to.deep.equal({ failedCheck, code });
    });
  }
});
