// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { base64urlEncode } from './base64url.js';
import { combineDecryptionShares, computeDecryptionShare, verifyDecryptionShare } from './decryption.js';
import { BallotLedgerError } from './errors.js';
import { encodePoint, encodeScalar, G } from './group.js';
import { openHolderState, sealHolderState } from './holder-backup.js';
import { ceremonyParams, checkComplaint, checkRound1, checkRound2, complain, finalizeCeremony, holderSecretShare, openShare, receiveShares, round1, round2 } from './key-ceremony.js';
import { deterministicRng } from './rng.js';
import type { DecryptionShare, HolderState } from './schemas.js';
import { simulateElection } from './testing/simulate-election.js';
import { smallManifest } from './testing/fixtures.js';

function subsets(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  if (items.length < k) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, k - 1).map((s) => [first!, ...s]), ...subsets(rest, k)];
}

describe('key ceremony (3 of 5)', function () {
  this.timeout(120000);
  const manifest = smallManifest('e-ceremony', 3, 5);
  const p = ceremonyParams(manifest);
  const rng = deterministicRng('ceremony-tests');
  const r1 = [1, 2, 3, 4, 5].map((i) => round1(p, i, rng));
  const m1 = r1.map((r) => r.message);
  const m2 = r1.map((r) => round2(r.state, m1, p, rng));

  it('checks round-1 proofs and rejects a forged proof of knowledge or an identity commitment', () => {
    m1.forEach((m) => checkRound1(m, p));
    const forged = structuredClone(m1[0]!);
    forged.proofs[1]!.u = encodeScalar(1n);
    expect(() => checkRound1(forged, p)).to.throw(BallotLedgerError).with.property('check', 'round1.proofs[1]');
    const id = structuredClone(m1[0]!);
    id.commitments[0] = base64urlEncode(new Uint8Array(32));
    expect(() => checkRound1(id, p)).to.throw(BallotLedgerError).with.property('code', 'InvalidPoint');
    m2.forEach((m) => checkRound2(m, p));
    expect(() => checkRound2({ ...m2[0]!, shares: m2[0]!.shares.slice(1) }, p)).to.throw(/other 4 holders/);
  });

  it('derives a joint key whose secret is the sum of constant terms, with consistent verification shares', () => {
    const received = r1.map((r) => receiveShares(r.state, m1, m2, p, rng));
    received.forEach((x) => expect(x.complaints).to.have.length(0));
    const result = finalizeCeremony(m1, m2, [], p);
    expect(result.qualified).to.deep.equal([1, 2, 3, 4, 5]);
    const states = r1.map((r, i) => holderSecretShare(r.state, received[i]!.shares, result));
    states.forEach((s) => expect(s.secretShare).to.be.a('string'));
    expect(result.verificationShares).to.have.length(5);
  });

  it('detects a share inconsistent with the commitments: the complaint is upheld and the cheater excluded', () => {
    // Holder 2 sends shares from a polynomial that differs from its commitments.
    const cheat: HolderState = { ...r1[1]!.state, coefficients: r1[1]!.state.coefficients.map((c, j) => (j === 1 ? encodeScalar(7n) : c)) };
    const m2bad = m2.map((m, i) => (i === 1 ? round2(cheat, m1, p, rng) : m));
    expect(() => openShare(r1[3]!.state, m1[1]!, m2bad[1]!, p)).to.throw(BallotLedgerError).that.includes({ code: 'InvalidShare', check: 'receive.shares[2].commitments' });
    expect(openShare(r1[3]!.state, m1[2]!, m2bad[2]!, p)).to.be.a('bigint');
    const got = receiveShares(r1[3]!.state, m1, m2bad, p, rng);
    expect(got.complaints).to.have.length(1);
    expect(got.shares.has(2)).to.equal(false);
    expect(checkComplaint(got.complaints[0], m1, m2bad, p)).to.include({ upheld: true });
    const result = finalizeCeremony(m1, m2bad, got.complaints, p);
    expect(result.qualified).to.deep.equal([1, 3, 4, 5]);
  });

  it('rejects a share that does not decrypt with InvalidShare at its ciphertext', () => {
    const tampered = structuredClone(m2[1]!);
    const toHolder4 = tampered.shares.find((x) => x.recipient === 4)!;
    toHolder4.ciphertext = m2[2]!.shares.find((x) => x.recipient === 4)!.ciphertext;
    expect(() => openShare(r1[3]!.state, m1[1]!, tampered, p)).to.throw(BallotLedgerError).that.includes({ code: 'InvalidShare', check: 'receive.shares[2].ciphertext' });
    expect(receiveShares(r1[3]!.state, m1, m2.map((m, i) => (i === 1 ? tampered : m)), p, rng).complaints.map((c) => c.accused)).to.deep.equal([2]);
  });

  it('detects a false complaint (complainer excluded) and rejects a complaint with a bad proof', () => {
    const fake = complain(r1[0]!.state, m2[1]!, p, rng);
    expect(checkComplaint(fake, m1, m2, p)).to.include({ upheld: false });
    expect(finalizeCeremony(m1, m2, [fake], p).qualified).to.deep.equal([2, 3, 4, 5]);
    const bad = { ...fake, sharedPoint: encodePoint(G) };
    expect(() => checkComplaint(bad, m1, m2, p)).to.throw(BallotLedgerError).with.property('code', 'InvalidComplaint');
  });

  it('fails when fewer than t holders qualify', () => {
    expect(() => finalizeCeremony(m1.slice(0, 2), m2.slice(0, 2), [], p)).to.throw(/only 2 holders qualified/);
  });

  it('seals and opens a holder backup; a wrong passphrase fails', async () => {
    const sealed = await sealHolderState(r1[0]!.state, 'correct horse battery', { N: 1024, r: 8, p: 1 }, rng);
    expect(await openHolderState(sealed, 'correct horse battery')).to.deep.equal(r1[0]!.state);
    let failed = false;
    try {
      await openHolderState(sealed, 'wrong passphrase!');
    } catch (e) {
      failed = (e as BallotLedgerError).code === 'InvalidArgument';
    }
    expect(failed).to.equal(true);
  });
});

describe('threshold decryption', function () {
  this.timeout(120000);
  const manifest = smallManifest('e-decrypt', 3, 5);
  const sim = simulateElection({ manifest, ballots: 12, rng: deterministicRng('decrypt-tests') });
  const { record, states } = sim;
  const result = record.ceremony.result;
  const rng = deterministicRng('decrypt-tests-2');
  const shares = states.map((s) => computeDecryptionShare(manifest, record.tally, s, result, rng));
  const truth = manifest.contests.map((c, ci) => c.options.map((_, oi) => sim.choices.reduce((s, ch) => s + ch[ci]![oi]!, 0)));

  it('every 3-subset of the 5 holders decrypts the same correct counts', () => {
    const all = subsets([1, 2, 3, 4, 5], 3);
    expect(all).to.have.length(10);
    for (const subset of all) {
      const out = combineDecryptionShares(manifest, record.tally, subset.map((h) => shares[h - 1]!), result);
      expect(out.usedHolders).to.deep.equal(subset);
      expect(out.result.contests.map((c) => c.counts), subset.join(',')).to.deep.equal(truth);
    }
  });

  it('rejects t−1 shares with InsufficientShares', () => {
    expect(() => combineDecryptionShares(manifest, record.tally, shares.slice(0, 2), result)).to.throw(BallotLedgerError).with.property('code', 'InsufficientShares');
  });

  it('rejects a wrong partial decryption and still decrypts with t other valid shares', () => {
    const wrong: DecryptionShare = structuredClone(shares[0]!);
    wrong.contests[0]!.selections[1]!.M = shares[1]!.contests[0]!.selections[1]!.M;
    expect(() => verifyDecryptionShare(manifest, record.tally, wrong, result)).to.throw(BallotLedgerError).with.property('check', 'decryptionShare.contests[0].selections[1].proof');
    const out = combineDecryptionShares(manifest, record.tally, [wrong, shares[2]!, shares[3]!, shares[4]!], result);
    expect(out.rejected).to.have.length(1);
    expect(out.usedHolders).to.deep.equal([3, 4, 5]);
    expect(out.result.contests.map((c) => c.counts)).to.deep.equal(truth);
    expect(() => combineDecryptionShares(manifest, record.tally, [wrong, shares[2]!, shares[3]!], result)).to.throw(BallotLedgerError).with.property('code', 'InsufficientShares');
  });
});
