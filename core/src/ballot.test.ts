// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { base64urlEncode } from './base64url.js';
import { disableFastVerification, initFastVerification } from './accel.js';
import { ballotSigningBytes, ballotTracker, encryptBallot, encryptBallotReference, shortTracker, spoilBallot, verifyBallot, verifyBallotReference, verifySpoiledBallot, type BallotContext } from './ballot.js';
import { credentialFromSecret, generateCredentialSecret, signMessage } from './credential.js';
import { proveDisjunctive } from './disjunctive-proof.js';
import { encrypt } from './elgamal.js';
import { BallotLedgerError, type ErrorCode } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, mod, randomScalar } from './group.js';
import { choiceContest, contestConstraints, createManifest } from './manifest.js';
import { deterministicRng, type Rng } from './rng.js';
import type { Ballot } from './schemas.js';
import { simulateElection } from './testing/simulate-election.js';
import { candidates, smallManifest } from './testing/fixtures.js';
import { DST, Transcript } from './transcript.js';

function expectReject(f: () => unknown, code: ErrorCode, check?: RegExp): void {
  try {
    f();
  } catch (e) {
    expect(e).to.be.instanceOf(BallotLedgerError);
    const err = e as BallotLedgerError;
    expect(err.code, err.message).to.equal(code);
    if (check) expect(err.check, err.message).to.match(check);
    return;
  }
  expect.fail(`expected ${code}`);
}

describe('ballot', function () {
  this.timeout(60000);
  const manifest = smallManifest('e-ballot');
  const sim = simulateElection({ manifest, ballots: 1, rng: deterministicRng('ballot-tests') });
  const ctx: BallotContext = sim.context;
  const rng = deterministicRng('ballot-tests-2');
  const alice = generateCredentialSecret(rng);
  const bob = generateCredentialSecret(rng);
  const good = encryptBallot(ctx, [[0, 1, 0], [1, 0, 0]], alice, rng);

  /** Re-signs a mutated ballot with the given secret so only the intended defect remains. */
  function resign(b: Ballot, secret = alice): Ballot {
    const key = credentialFromSecret(manifest.electionId, secret);
    const unsigned = { ...b, credential: key.publicCredential };
    return { ...unsigned, signature: signMessage(key, ballotSigningBytes(unsigned), rng) };
  }

  it('verifies an honest ballot of every contest shape and gives a tracker', () => {
    expect(verifyBallot(good.ballot, ctx)).to.equal(good.ballot);
    for (const ch of [[[1, 0, 0], [0, 0, 1]], [[0, 0, 1], [0, 1, 0]]]) verifyBallot(encryptBallot(ctx, ch, bob, rng).ballot, ctx);
    expect(good.tracker).to.equal(ballotTracker(good.ballot)).and.match(/^[0-9a-f]{64}$/);
    expect(shortTracker(good.tracker)).to.match(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  });

  it('reports progress after every proof and the signature, on both paths, and the ballot is the same', async () => {
    const steps: [number, number][] = [];
    const seeded = (): Rng => deterministicRng('progress');
    const ref = encryptBallotReference(ctx, [[0, 1, 0], [1, 0, 0]], alice, seeded(), 'b-progress', (d, t) => steps.push([d, t]));
    // c1: 3 range proofs and a sum proof (exactly one of three); yn: 3 range proofs and a sum proof; the signature
    const total = 3 + 1 + 3 + 1 + 1;
    expect(steps).to.deep.equal(Array.from({ length: total }, (_, i) => [i + 1, total]));
    await initFastVerification();
    try {
      const fastSteps: number[] = [];
      const fast = encryptBallot(ctx, [[0, 1, 0], [1, 0, 0]], alice, seeded(), 'b-progress', (d) => fastSteps.push(d));
      expect(fastSteps).to.deep.equal(steps.map(([d]) => d));
      expect(fast.ballot).to.deep.equal(ref.ballot);
    } finally {
      disableFastVerification();
    }
  });

  it('refuses to encrypt invalid choices (overvote, abstain plus a choice, out of range)', () => {
    expectReject(() => encryptBallot(ctx, [[1, 1, 0], [1, 0, 0]], alice, rng), 'InvalidChoice');
    expectReject(() => encryptBallot(ctx, [[1, 0, 0], [1, 0, 1]], alice, rng), 'InvalidChoice');
    expectReject(() => encryptBallot(ctx, [[2, 0, 0], [1, 0, 0]], alice, rng), 'InvalidChoice');
  });

  it('rejects a range proof for v=2 in a 0/1 slot', () => {
    const b = structuredClone(good.ballot);
    const r = randomScalar(rng);
    const ct = encrypt(decodePoint(ctx.jointKey), 2n, r);
    const aB = ct.a.toBytes();
    const bB = ct.b.toBytes();
    const t = new Transcript(DST.rangeProof)
      .bytes('baseHash', decodeB64(ctx.electionBaseHash))
      .text('electionId', b.electionId)
      .text('ballotId', b.ballotId)
      .bytes('credential', decodeB64(b.credential))
      .text('contestId', 'c1')
      .bytes('K', decodeB64(ctx.jointKey))
      .int('option', 0)
      .bytes('a', aB)
      .bytes('b', bB);
    // A cheating prover claims the ciphertext holds 1 (it holds 2).
    const proof = proveDisjunctive(t, decodePoint(ctx.jointKey), r, 1, [0, 1], rng);
    b.contests[0]!.selections[0] = { a: base64urlEncode(aB), b: base64urlEncode(bB), proof };
    expectReject(() => verifyBallot(resign(b), ctx), 'InvalidProof', /contests\[0\]\.selections\[0\]\.proof|contests\[0\]\.sumProof/);
  });

  it('rejects a range proof for v=2 in a 0/1 slot when the contest sum is honest (only the range proof is wrong), on both paths', async () => {
    // Choose up to 2 of 3: [2, 0, 0] sums to 2, which the contest allows; only option 0's range
    // proof (a cheating prover's, claiming 1) can catch it.
    const upTo2 = createManifest({ electionId: 'e-range', title: 't', threshold: 1, holders: 1, contests: [choiceContest({ contestId: 'board', label: 'b', candidates: candidates(3), min: 0, max: 2 })] });
    const c = simulateElection({ manifest: upTo2, ballots: 1, rng: deterministicRng('range-only') }).context;
    const K = decodePoint(c.jointKey);
    const honest = encryptBallot(c, [[0, 0, 0]], alice, rng);
    const b = structuredClone(honest.ballot);
    const k = contestConstraints(upTo2.contests[0]!);
    const base = (tag: typeof DST.rangeProof | typeof DST.contestProof): Transcript => new Transcript(tag)
      .bytes('baseHash', decodeB64(c.electionBaseHash))
      .text('electionId', b.electionId)
      .text('ballotId', b.ballotId)
      .bytes('credential', decodeB64(b.credential))
      .text('contestId', 'board')
      .bytes('K', decodeB64(c.jointKey));
    const r0 = randomScalar(rng);
    const ct = encrypt(K, 2n, r0);
    const t0 = base(DST.rangeProof).int('option', 0).bytes('a', ct.a.toBytes()).bytes('b', ct.b.toBytes());
    b.contests[0]!.selections[0] = { a: base64urlEncode(ct.a.toBytes()), b: base64urlEncode(ct.b.toBytes()), proof: proveDisjunctive(t0, K, r0, 1, k.optionValues[0]!, rng) };
    // an honest sum proof: the three ciphertexts do add up to 2 under the summed nonces
    const R = mod(r0 + decodeScalar(honest.secrets.contests[0]!.selections[1]!.nonce) + decodeScalar(honest.secrets.contests[0]!.selections[2]!.nonce));
    const ts = base(DST.contestProof).ints('weights', k.weights);
    for (const sel of b.contests[0]!.selections) ts.bytes('a', decodeB64(sel.a)).bytes('b', decodeB64(sel.b));
    b.contests[0]!.sumProof = proveDisjunctive(ts, K, R, 2, k.allowedSums!, rng);
    const forged = resign(b);
    expectReject(() => verifyBallotReference(forged, c), 'InvalidProof', /^ballot\.contests\[0\]\.selections\[0\]\.proof$/);
    await initFastVerification();
    try {
      expectReject(() => verifyBallot(forged, c), 'InvalidProof', /^ballot\.contests\[0\]\.selections\[0\]\.proof$/);
    } finally {
      disableFastVerification();
    }
  });

  it('rejects an overvote whose selections are individually 0/1', () => {
    // Swap in the ciphertext+proof of option 0 from another honest ballot that chose option 0: total becomes 2.
    const other = encryptBallot(ctx, [[1, 0, 0], [1, 0, 0]], alice, rng, good.ballot.ballotId);
    const b = structuredClone(good.ballot);
    b.contests[0]!.selections[0] = other.ballot.contests[0]!.selections[0]!;
    expectReject(() => verifyBallot(resign(b), ctx), 'InvalidProof', /contests\[0\]/);
  });

  it('rejects a ballot copied from another voter (proofs bound to the original credential)', () => {
    const copied = resign(structuredClone(good.ballot), bob);
    expectReject(() => verifyBallot(copied, ctx), 'InvalidProof', /contests\[0\]\.selections\[0\]\.proof/);
  });

  it('rejects a contest\'s selections moved to another contest of the same shape (proofs bound to the contest id)', () => {
    const b = structuredClone(good.ballot);
    const [c1, yn] = [b.contests[0]!, b.contests[1]!];
    expect(c1.selections.length, 'same shape: 3 options, exactly one').to.equal(yn.selections.length);
    b.contests[0] = { ...yn, contestId: c1.contestId };
    b.contests[1] = { ...c1, contestId: yn.contestId };
    expectReject(() => verifyBallotReference(resign(b), ctx), 'InvalidProof', /^ballot\.contests\[0\]\.selections\[0\]\.proof$/);
  });

  it('rejects a tampered ciphertext', () => {
    const b = structuredClone(good.ballot);
    b.contests[1]!.selections[2]!.b = b.contests[1]!.selections[1]!.b;
    expectReject(() => verifyBallot(resign(b), ctx), 'InvalidProof', /contests\[1\]\.selections\[2\]\.proof/);
  });

  it('rejects a bad signature and a changed ballot id', () => {
    const b = structuredClone(good.ballot);
    b.signature.s = encodeScalar(123n);
    expectReject(() => verifyBallot(b, ctx), 'InvalidSignature', /signature/);
    const c = structuredClone(good.ballot);
    c.ballotId = 'another-id';
    expectReject(() => verifyBallot(c, ctx), 'InvalidProof');
  });

  it('rejects non-canonical and identity points with InvalidPoint', () => {
    const b = structuredClone(good.ballot);
    b.contests[0]!.selections[0]!.a = base64urlEncode(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff)));
    expectReject(() => verifyBallot(b, ctx), 'InvalidPoint', /selections\[0\]\.a/);
    const c = structuredClone(good.ballot);
    c.contests[0]!.selections[0]!.a = base64urlEncode(new Uint8Array(32));
    expectReject(() => verifyBallot(c, ctx), 'InvalidPoint', /identity|selections\[0\]\.a/);
  });

  it('rejects unknown credentials, wrong elections and malformed ballots', () => {
    expectReject(() => verifyBallot(good.ballot, { ...ctx, isRegisteredCredential: () => false }), 'UnknownCredential');
    expectReject(() => verifyBallot({ ...good.ballot, electionId: 'other' }, ctx), 'InvalidBallot', /electionId/);
    expectReject(() => verifyBallot({ ...good.ballot, extra: 1 }, ctx), 'InvalidBallot', /schema/);
    expectReject(() => verifyBallot({ ...good.ballot, contests: good.ballot.contests.slice(0, 1) }, ctx), 'InvalidBallot');
  });

  it('Benaloh challenge: a spoiled ballot re-encrypts to the revealed choices; a false reveal fails', () => {
    const audit = encryptBallot(ctx, [[0, 0, 1], [0, 1, 0]], alice, rng);
    const { ballot, reveal } = spoilBallot(audit);
    expect(verifySpoiledBallot(ballot, reveal, ctx)).to.deep.equal([[0, 0, 1], [0, 1, 0]]);
    const lie = structuredClone(reveal);
    lie.contests[0]!.selections[2]!.value = 0;
    lie.contests[0]!.selections[0]!.value = 1;
    expectReject(() => verifySpoiledBallot(ballot, lie, ctx), 'InvalidBallot', /reveal/);
  });
});

function decodeB64(s: string): Uint8Array {
  return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4)), (c) => c.charCodeAt(0));
}
