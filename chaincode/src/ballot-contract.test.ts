import {
  rollCommitment,
  aggregateBallots,
  canonicalBytes,
  canonicalJson,
  ceremonyParams,
  computeDecryptionShare,
  encodeScalar,
  encryptBallot,
  fastVerificationEnabled,
  holderSecretShare,
  receiveShares,
  round1,
  round2,
  spoilBallot,
  type BallotContext,
  type CeremonyResult,
  type EncryptedTally,
  type HolderState,
  type Manifest,
  type Round1Message,
  type Round2Message,
} from '@ballotledger/core';
import { resignBallot } from '@ballotledger/core/testing/fixtures';
import { expect } from 'chai';
import type { Election } from './election.js';
import type { CredentialBatchRecord } from './lifecycle.js';
import { identities, newChannelLedger, newVoters, sampleDraft, sampleManifest, ContractHarness, type Voter } from './testing/contract-harness.js';
import type { LedgerOptions, MemoryIdentity } from './testing/memory-ledger.js';

const OPEN_TIME = new Date('2026-03-02T09:00:00.000Z');
const EID = 'e2026-student-council';

interface ReadyElection {
  readonly h: ContractHarness;
  readonly manifest: Manifest;
  readonly states: HolderState[];
  readonly result: CeremonyResult;
  readonly voters: Voter[];
  readonly context: BallotContext;
}

async function runCeremony(h: ContractHarness, manifest: Manifest): Promise<{ states: HolderState[]; result: CeremonyResult }> {
  const p = ceremonyParams(manifest);
  const r1 = Array.from({ length: p.holders }, (_, i) => round1(p, i + 1));
  for (const [i, r] of r1.entries()) {
    await h.submit(identities.keyholder(i + 1), 'PostCeremonyRound1', [EID, canonicalJson(r.message)]);
  }
  const msgs1: Round1Message[] = r1.map((r) => r.message);
  const msgs2: Round2Message[] = r1.map((r) => round2(r.state, msgs1, p));
  for (const [i, m] of msgs2.entries()) await h.submit(identities.keyholder(i + 1), 'PostCeremonyRound2', [EID, canonicalJson(m)]);
  const received = r1.map((r) => receiveShares(r.state, msgs1, msgs2, p));
  for (const [i, rec] of received.entries()) {
    const review = { v: 1, electionId: EID, holder: i + 1, complaints: rec.complaints };
    await h.submit(identities.keyholder(i + 1), 'PostCeremonyReview', [EID, canonicalJson(review)]);
  }
  const result = await h.submit<CeremonyResult>(identities.admin, 'FinalizeCeremony', [EID]);
  return { states: r1.map((r, i) => holderSecretShare(r.state, received[i]!.shares, result)), result };
}

async function registerRoll(h: ContractHarness, voters: Voter[]): Promise<void> {
  const batches: CredentialBatchRecord[] = [];
  for (let i = 0; i * 4 < voters.length; i++) {
    const batch = { v: 1, electionId: EID, batch: i, credentials: voters.slice(i * 4, i * 4 + 4).map((v) => v.credential) };
    batches.push(await h.submit<CredentialBatchRecord>(identities.admin, 'RegisterCredentials', [canonicalJson(batch)]));
  }
  const roll = rollCommitment(batches);
  await h.submit(identities.admin, 'FreezeRoll', [EID, String(roll.count), roll.hash]);
}

async function readyElection(voterCount = 10, ledger: LedgerOptions = {}): Promise<ReadyElection> {
  const h = new ContractHarness(newChannelLedger(ledger));
  h.ledger.setTime(new Date('2026-02-20T09:00:00.000Z'));
  const manifest = sampleManifest(EID);
  await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
  const { states, result } = await runCeremony(h, manifest);
  const voters = newVoters(EID, voterCount);
  await registerRoll(h, voters);
  await h.submit(identities.admin, 'OpenElection', [EID]);
  h.ledger.setTime(OPEN_TIME);
  return { h, manifest, states, result, voters, context: { manifest, jointKey: result.jointKey, electionBaseHash: result.electionBaseHash } };
}

function spoiledArg(context: BallotContext, voter: Voter, choices: number[][] = [[0, 1, 0, 0], [0, 1]]): { arg: string; ballot: unknown; tracker: string } {
  const s = spoilBallot(encryptBallot(context, choices, voter.secret));
  return { arg: canonicalJson({ v: 1, ballot: s.ballot, reveal: s.reveal }), ballot: s.ballot, tracker: s.tracker };
}

async function closeAndCombine(h: ContractHarness): Promise<EncryptedTally> {
  await h.submit(identities.admin, 'CloseElection', [EID]);
  for (const prefix of '0123456789abcdef') await h.submit(identities.admin, 'TallyShard', [EID, prefix]);
  return h.submit<EncryptedTally>(identities.admin, 'CombineTally', [EID]);
}

/** Resolves to the `[Code]` of a refused query. */
async function queryRefusal(h: ContractHarness, identity: MemoryIdentity, method: Parameters<ContractHarness['evaluate']>[1], args: string[]): Promise<string> {
  return h.evaluate(identity, method, args).then(
    () => 'answered',
    (e: Error) => /^\[([A-Za-z]+)\]/.exec(e.message)?.[1] ?? e.message,
  );
}

function castArgs(ballot: unknown, voter: Voter, channel = 'web'): { transient: Record<string, Uint8Array | string> } {
  return { transient: { ballot: canonicalBytes(ballot), pseudonym: voter.pseudonym, channel } };
}

describe('BallotContract', function () {
  this.timeout(120_000);

  describe('election lifecycle', () => {
    it('creates a draft election for a commission admin and refuses other roles, duplicates and bad drafts', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      const draft = canonicalJson(sampleDraft(manifest));
      expect(await h.refusal(identities.gateway, 'CreateElection', [draft])).to.equal('Forbidden');
      expect(await h.refusal(identities.auditor, 'CreateElection', [draft])).to.equal('Forbidden');
      const created = await h.submit<Election>(identities.admin, 'CreateElection', [draft]);
      expect(created.state).to.equal('draft');
      expect(created.managingMspId).to.equal('CentralMSP');
      expect(await h.refusal(identities.admin, 'CreateElection', [draft])).to.equal('ElectionExists');
      expect(await h.refusal(identities.admin, 'CreateElection', ['{not json'])).to.equal('BadRequest');
      const badHolders = canonicalJson(sampleDraft(sampleManifest('e2'), { keyHolders: [] }));
      expect(await h.refusal(identities.admin, 'CreateElection', [badHolders])).to.equal('BadRequest');
      const backwards = sampleDraft(sampleManifest('e3'), { schedule: { opensAt: '2026-03-04T00:00:00.000Z', closesAt: '2026-03-02T00:00:00.000Z' } });
      expect(await h.refusal(identities.admin, 'CreateElection', [canonicalJson(backwards)])).to.equal('BadRequest');
    });

    it('lets only the managing commission change its election', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
      const changed = canonicalJson(sampleDraft(manifest, { channels: ['web'] }));
      expect(await h.refusal(identities.seoulAdmin, 'UpdateElection', [changed])).to.equal('Forbidden');
      const updated = await h.submit<Election>(identities.admin, 'UpdateElection', [changed]);
      expect(updated.channels).to.deep.equal(['web']);
      expect(await h.refusal(identities.seoulAdmin, 'OpenElection', [EID])).to.equal('Forbidden');
      const otherOrganization = canonicalJson(sampleDraft(manifest, { organizationId: 'SeoulMSP' }));
      expect(await h.refusal(identities.admin, 'UpdateElection', [otherOrganization])).to.equal('BadRequest');
      await registerRoll(h, newVoters(EID, 2));
      expect(await h.refusal(identities.admin, 'UpdateElection', [changed])).to.equal('WrongState');
      expect(await h.refusal(identities.admin, 'CloseElection', ['e-nonexistent'])).to.equal('ElectionNotFound');
      expect(await queryRefusal(h, identities.auditor, 'GetElection', ['e-nonexistent'])).to.equal('ElectionNotFound');
      expect(await queryRefusal(h, identities.auditor, 'TurnoutCount', ['e-nonexistent'])).to.equal('ElectionNotFound');
      expect((await h.evaluate<Election[]>(identities.auditor, 'ListElections', [])).map((e) => e.electionId)).to.deep.equal([EID]);
    });

    it('moves between open, paused and closed only from the right state and only for managers', async () => {
      const { h } = await readyElection(1);
      const extend = ['2026-03-05T00:00:00.000Z'];
      expect(await h.refusal(identities.admin, 'ResumeElection', [EID])).to.equal('WrongState');
      for (const [method, args] of [['PauseElection', []], ['ExtendElection', extend], ['CloseElection', []]] as const) {
        expect(await h.refusal(identities.seoulAdmin, method, [EID, ...args]), method).to.equal('Forbidden');
        expect(await h.refusal(identities.gateway, method, [EID, ...args]), method).to.equal('Forbidden');
      }
      await h.submit(identities.admin, 'PauseElection', [EID]);
      expect(await h.refusal(identities.admin, 'PauseElection', [EID])).to.equal('WrongState');
      expect(await h.refusal(identities.seoulAdmin, 'ResumeElection', [EID])).to.equal('Forbidden');
      await h.submit(identities.admin, 'CloseElection', [EID]);
      for (const [method, args] of [['PauseElection', []], ['ResumeElection', []], ['ExtendElection', extend], ['CloseElection', []], ['OpenElection', []]] as const) {
        expect(await h.refusal(identities.admin, method, [EID, ...args]), method).to.equal('WrongState');
      }
    });

    it('refuses an election scheduled in a blackout period', async () => {
      const h = new ContractHarness();
      const blackout = { v: 1, blackoutId: 'presidential-2026', from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z', reason: '대통령선거' };
      expect(await h.refusal(identities.gateway, 'DeclareBlackout', [canonicalJson(blackout)])).to.equal('Forbidden');
      await h.submit(identities.seoulAdmin, 'DeclareBlackout', [canonicalJson(blackout)]);
      expect(await h.evaluate(identities.auditor, 'ListBlackouts', [])).to.deep.equal([{ ...blackout, declaredBy: 'SeoulMSP' }]);
      expect(await h.refusal(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(sampleManifest(EID)))])).to.equal('Blackout');
    });

    it('refuses to move an election into a blackout period by UpdateElection or ExtendElection, and a malformed or duplicate blackout', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]); // 2026-03-02 .. 03-04
      const blackout = { v: 1, blackoutId: 'local-2026', from: '2026-03-05T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z', reason: '지방선거' };
      await h.submit(identities.seoulAdmin, 'DeclareBlackout', [canonicalJson(blackout)]);
      expect(await h.refusal(identities.seoulAdmin, 'DeclareBlackout', [canonicalJson(blackout)]), 'same id').to.equal('BadRequest');
      expect(await h.refusal(identities.seoulAdmin, 'DeclareBlackout', [canonicalJson({ ...blackout, blackoutId: 'backwards', to: blackout.from })]), 'ends before it starts').to.equal('BadRequest');
      expect(await h.refusal(identities.seoulAdmin, 'DeclareBlackout', ['{"v":1}']), 'malformed').to.equal('BadRequest');
      const into = sampleDraft(manifest, { schedule: { opensAt: '2026-03-06T00:00:00.000Z', closesAt: '2026-03-07T00:00:00.000Z' } });
      expect(await h.refusal(identities.admin, 'UpdateElection', [canonicalJson(into)])).to.equal('Blackout');
      expect((await h.evaluate<Election>(identities.auditor, 'GetElection', [EID])).schedule.opensAt, 'unchanged').to.equal('2026-03-02T00:00:00.000Z');

      const { h: open } = await readyElection(1);
      await open.submit(identities.seoulAdmin, 'DeclareBlackout', [canonicalJson(blackout)]);
      expect(await open.refusal(identities.admin, 'ExtendElection', [EID, '2026-03-06T00:00:00.000Z'])).to.equal('Blackout');
      expect(await open.refusal(identities.admin, 'ExtendElection', [EID, '2026-03-04 12:00'])).to.equal('BadRequest');
      expect(await open.refusal(identities.admin, 'ExtendElection', [EID, '2026-03-03T00:00:00.000Z']), 'earlier').to.equal('BadRequest');
      const extended = await open.submit<Election>(identities.admin, 'ExtendElection', [EID, '2026-03-04T12:00:00.000Z']);
      expect(extended.schedule.closesAt).to.equal('2026-03-04T12:00:00.000Z');
    });

    it('opens only after the roll is frozen and the ceremony is done', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
      expect(await h.refusal(identities.admin, 'OpenElection', [EID])).to.equal('WrongState');
      const voters = newVoters(EID, 3);
      await registerRoll(h, voters);
      expect(await h.refusal(identities.admin, 'OpenElection', [EID])).to.equal('CeremonyIncomplete');
      expect(await h.refusal(identities.admin, 'FreezeRoll', [EID, '3', 'x'])).to.equal('WrongState');
    });

    it('freezes the roll only with the count and hash the ledger holds, and never with duplicates', async () => {
      const h = new ContractHarness();
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(sampleManifest(EID)))]);
      const voters = newVoters(EID, 3);
      const batch = { v: 1, electionId: EID, batch: 0, credentials: voters.map((v) => v.credential) };
      const record = await h.submit<CredentialBatchRecord>(identities.admin, 'RegisterCredentials', [canonicalJson(batch)]);
      const again = { ...batch, batch: 1, credentials: [voters[0]!.credential] };
      expect(await h.refusal(identities.admin, 'RegisterCredentials', [canonicalJson(again)])).to.equal('BadRequest');
      expect(await h.refusal(identities.gateway, 'RegisterCredentials', [canonicalJson({ ...batch, batch: 2 })])).to.equal('Forbidden');
      const roll = rollCommitment([record]);
      expect(await h.refusal(identities.admin, 'FreezeRoll', [EID, '4', roll.hash])).to.equal('RollMismatch');
      expect(await h.refusal(identities.admin, 'FreezeRoll', [EID, '3', 'f'.repeat(64)])).to.equal('RollMismatch');
      const frozen = await h.submit<Election>(identities.admin, 'FreezeRoll', [EID, '3', roll.hash]);
      expect(frozen.roll?.count).to.equal(3);
    });

    it('registers only credentials that decode strictly as group elements', async () => {
      const h = new ContractHarness();
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(sampleManifest(EID)))]);
      const good = newVoters(EID, 1)[0]!.credential;
      const bytes = (fill: number, first = fill): string => Buffer.from([first, ...Array<number>(31).fill(fill)]).toString('base64url');
      // the identity, a field element above p, and a "negative" (odd) encoding
      for (const [i, bad] of [bytes(0), bytes(0xff), bytes(0, 1)].entries()) {
        const batch = { v: 1, electionId: EID, batch: i, credentials: [good, bad] };
        expect(await h.refusal(identities.admin, 'RegisterCredentials', [canonicalJson(batch)]), bad).to.equal('BadRequest');
      }
      await h.submit(identities.admin, 'RegisterCredentials', [canonicalJson({ v: 1, electionId: EID, batch: 0, credentials: [good] })]);
    });

    it('raises the tally shards at FreezeRoll to what the real roll needs, and never lowers them', async () => {
      const h = new ContractHarness();
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(sampleManifest(EID), { tallyShardDigits: 1 }))]);
      const first = await h.submit<CredentialBatchRecord>(identities.admin, 'RegisterCredentials', [canonicalJson({ v: 1, electionId: EID, batch: 0, credentials: newVoters(EID, 1).map((v) => v.credential) })]);
      // 25 more full batches, as their summaries (registering 50,000 real credentials takes minutes here)
      const full = Array.from({ length: 25 }, (_, i): CredentialBatchRecord => ({ batch: i + 1, count: 2000, hash: String(i).padStart(64, '0') }));
      for (const record of full) h.ledger.tamper('', `credbatch/${EID}/${String(record.batch).padStart(6, '0')}`, canonicalBytes(record));
      const roll = rollCommitment([first, ...full]);
      expect(roll.count).to.equal(50_001);
      const frozen = await h.submit<Election>(identities.admin, 'FreezeRoll', [EID, String(roll.count), roll.hash]);
      expect(frozen.tallyShardDigits).to.equal(2);

      const small = 'e-small-roll';
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(sampleManifest(small), { tallyShardDigits: 3 }))]);
      const record = await h.submit<CredentialBatchRecord>(identities.admin, 'RegisterCredentials', [canonicalJson({ v: 1, electionId: small, batch: 0, credentials: newVoters(small, 3).map((v) => v.credential) })]);
      const smallRoll = rollCommitment([record]);
      expect((await h.submit<Election>(identities.admin, 'FreezeRoll', [small, '3', smallRoll.hash])).tallyShardDigits).to.equal(3);
    });
  });

  describe('key ceremony', () => {
    it('accepts each holder only from its own identity and only in order', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
      const p = ceremonyParams(manifest);
      const r = round1(p, 1);
      expect(await h.refusal(identities.keyholder(2), 'PostCeremonyRound1', [EID, canonicalJson(r.message)])).to.equal('Forbidden');
      expect(await h.refusal(identities.gateway, 'PostCeremonyRound1', [EID, canonicalJson(r.message)])).to.equal('Forbidden');
      const tampered = { ...r.message, commKey: r.message.commitments[0] };
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyRound1', [EID, canonicalJson(tampered)])).to.equal('InvalidCeremonyMessage');
      await h.submit(identities.keyholder(1), 'PostCeremonyRound1', [EID, canonicalJson(r.message)]);
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyRound1', [EID, canonicalJson(r.message)])).to.equal('WrongState');
      const m2 = round2(r.state, [r.message], p);
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyRound2', [EID, canonicalJson(m2)])).to.equal('CeremonyIncomplete');
      expect(await h.refusal(identities.admin, 'FinalizeCeremony', [EID])).to.equal('CeremonyIncomplete');
      const changed = canonicalJson(sampleDraft(manifest, { channels: ['web'] }));
      expect(await h.refusal(identities.admin, 'UpdateElection', [changed])).to.equal('WrongState');
    });

    it('accepts the holders of one round concurrently (no phantom conflicts between them)', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
      const p = ceremonyParams(manifest);
      const r1 = Array.from({ length: p.holders }, (_, i) => round1(p, i + 1));
      const concurrently = async (post: (i: number) => Promise<{ commit(): string }>): Promise<string[]> => {
        const txs = [];
        for (let i = 0; i < p.holders; i++) txs.push(await post(i));
        return txs.map((tx) => tx.commit());
      };
      const valid = Array(p.holders).fill('VALID');
      expect(await concurrently((i) => h.endorse(identities.keyholder(i + 1), 'PostCeremonyRound1', [EID, canonicalJson(r1[i]!.message)]))).to.deep.equal(valid);
      const msgs1 = r1.map((r) => r.message);
      const msgs2 = r1.map((r) => round2(r.state, msgs1, p));
      expect(await concurrently((i) => h.endorse(identities.keyholder(i + 1), 'PostCeremonyRound2', [EID, canonicalJson(msgs2[i])]))).to.deep.equal(valid);
      const reviews = r1.map((r, i) => ({ v: 1, electionId: EID, holder: i + 1, complaints: receiveShares(r.state, msgs1, msgs2, p).complaints }));
      expect(await concurrently((i) => h.endorse(identities.keyholder(i + 1), 'PostCeremonyReview', [EID, canonicalJson(reviews[i])]))).to.deep.equal(valid);
    });

    it('takes reviews only after round 2, once per holder, with the holder\'s own complaints; a cheating holder is disqualified', async () => {
      const h = new ContractHarness();
      const manifest = sampleManifest(EID);
      await h.submit(identities.admin, 'CreateElection', [canonicalJson(sampleDraft(manifest))]);
      const p = ceremonyParams(manifest);
      const r1 = Array.from({ length: p.holders }, (_, i) => round1(p, i + 1));
      const msgs1 = r1.map((r) => r.message);
      for (const [i, m] of msgs1.entries()) await h.submit(identities.keyholder(i + 1), 'PostCeremonyRound1', [EID, canonicalJson(m)]);
      // holder 2 sends shares of a polynomial that does not match its commitments
      const cheat: HolderState = { ...r1[1]!.state, coefficients: r1[1]!.state.coefficients.map((c, j) => (j === 1 ? encodeScalar(7n) : c)) };
      const msgs2 = r1.map((r, i) => round2(i === 1 ? cheat : r.state, msgs1, p));
      const review = (holder: number, complaints: unknown[]): string[] => [EID, canonicalJson({ v: 1, electionId: EID, holder, complaints })];
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyReview', review(1, []))).to.equal('CeremonyIncomplete');
      for (const [i, m] of msgs2.entries()) await h.submit(identities.keyholder(i + 1), 'PostCeremonyRound2', [EID, canonicalJson(m)]);
      const complaints = r1.map((r) => receiveShares(r.state, msgs1, msgs2, p).complaints);
      expect(complaints.map((c) => c.map((x) => x.accused))).to.deep.equal([[2], [], [2], [2], [2]]);
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyReview', review(1, complaints[2]!))).to.equal('InvalidCeremonyMessage');
      for (const holder of [1, 2, 3, 4, 5]) await h.submit(identities.keyholder(holder), 'PostCeremonyReview', review(holder, complaints[holder - 1]!));
      expect(await h.refusal(identities.keyholder(1), 'PostCeremonyReview', review(1, []))).to.equal('WrongState');
      expect(await h.refusal(identities.seoulAdmin, 'FinalizeCeremony', [EID])).to.equal('Forbidden');
      expect(await h.refusal(identities.keyholder(1), 'FinalizeCeremony', [EID])).to.equal('Forbidden');
      const result = await h.submit<CeremonyResult>(identities.admin, 'FinalizeCeremony', [EID]);
      expect(result.qualified).to.deep.equal([1, 3, 4, 5]);
      expect((await h.evaluate<{ complaints: unknown[] }>(identities.auditor, 'GetCeremony', [EID])).complaints).to.have.length(4);
    });

    it('publishes the joint key once every holder has reviewed', async () => {
      const { h, result } = await readyElection(2);
      const election = await h.evaluate<Election>(identities.auditor, 'GetElection', [EID]);
      expect(election.ceremony?.jointKey).to.equal(result.jointKey);
      expect(election.state).to.equal('open');
      const transcript = await h.evaluate<{ round1: unknown[]; reviews: unknown[] }>(identities.auditor, 'GetCeremony', [EID]);
      expect(transcript.round1).to.have.length(5);
      expect(transcript.reviews).to.have.length(5);
    });
  });

  describe('casting', () => {
    it('records a valid ballot with a receipt, a turnout flag and an event, and refuses a second one', async () => {
      const { h, voters, context } = await readyElection(3);
      const voter = voters[0]!;
      const { ballot, tracker } = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voter.secret);
      const receipt = await h.submit<{ tracker: string }>(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voter));
      expect(receipt.tracker).to.equal(tracker);
      expect(h.ledger.events.at(-1)?.name).to.equal('BallotCast');
      expect(JSON.parse(Buffer.from(h.ledger.events.at(-1)!.payload).toString())).to.not.have.property('pseudonym');
      const found = await h.evaluate<{ receipt: { tracker: string } | null }>(identities.auditor, 'LookupTracker', [EID, tracker]);
      expect(found.receipt?.tracker).to.equal(tracker);
      expect(await h.evaluate(identities.gateway, 'HasVoted', [EID, voter.pseudonym])).to.deep.equal({ voted: true });
      expect(await h.evaluate<{ turnout: { channel: string } }>(identities.seoulGateway, 'GetTurnout', [EID, voter.pseudonym])).to.have.nested.property('turnout.channel', 'web');
      let observerError = '';
      await h.evaluate(identities.auditor, 'GetTurnout', [EID, voter.pseudonym]).catch((e: Error) => (observerError = e.message));
      expect(observerError).to.contain('read access');
      expect(await h.evaluate(identities.auditor, 'HasVoted', [EID, voter.pseudonym]).catch((e: Error) => e.message)).to.match(/^\[Forbidden\]/);
      expect(await h.evaluate(identities.auditor, 'TurnoutCount', [EID])).to.deep.equal({ electionId: EID, count: 1 });
      // the same ballot again, and a fresh ballot with the same credential, and the same voter with another credential
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voter))).to.equal('AlreadyVoted');
      const second = encryptBallot(context, [[0, 1, 0, 0], [0, 1]], voter.secret).ballot;
      expect(await h.refusal(identities.seoulGateway, 'CastBallot', [EID], castArgs(second, voters[1]!))).to.equal('AlreadyVoted');
      const other = encryptBallot(context, [[0, 1, 0, 0], [0, 1]], voters[1]!.secret).ballot;
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(other, voter))).to.equal('AlreadyVoted');
      // the ballot bytes sit in the `ballots` collection and their hash is the tracker
      const hashes = await h.evaluate<Record<string, string>>(identities.auditor, 'GetBallotHashes', [EID, JSON.stringify([tracker])]);
      expect(hashes[tracker]).to.equal(tracker);
    });

    it('answers the voter\'s queries: credential used, short tracker, and the registered credentials page by page', async () => {
      const { h, voters, context } = await readyElection(4);
      const { ballot, tracker } = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret);
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voters[0]!));
      expect(await h.evaluate(identities.auditor, 'CredentialUsed', [EID, voters[0]!.credential])).to.deep.equal({ used: true });
      expect(await h.evaluate(identities.auditor, 'CredentialUsed', [EID, voters[1]!.credential])).to.deep.equal({ used: false });
      expect(await queryRefusal(h, identities.auditor, 'CredentialUsed', [EID, 'short'])).to.equal('BadRequest');
      expect(await h.evaluate(identities.auditor, 'LookupShortTracker', [EID, tracker.slice(0, 16)])).to.have.nested.property('receipt.tracker', tracker);
      const otherShort = tracker.startsWith('0') ? '1'.repeat(16) : '0'.repeat(16);
      expect(await h.evaluate(identities.auditor, 'LookupShortTracker', [EID, otherShort])).to.deep.equal({ receipt: null });
      expect(await queryRefusal(h, identities.auditor, 'LookupShortTracker', [EID, tracker.slice(0, 15)])).to.equal('BadRequest');
      const first = await h.evaluate<{ items: string[]; next: string | null }>(identities.auditor, 'GetCredentials', [EID, '', '3']);
      const rest = await h.evaluate<{ items: string[]; next: string | null }>(identities.auditor, 'GetCredentials', [EID, first.next ?? '', '3']);
      expect([first.items.length, rest.items.length, rest.next]).to.deep.equal([3, 1, null]);
      expect([...first.items, ...rest.items]).to.deep.equal(voters.map((v) => v.credential).sort());
      expect(await queryRefusal(h, identities.auditor, 'GetCredentials', [EID, '', '501'])).to.equal('BadRequest');
    });

    it('refuses a ballot whose receipt exists even if this peer lost the credential\'s "used" marker (DuplicateBallot)', async () => {
      const { h, voters, context } = await readyElection(2);
      const ballot = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret).ballot;
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voters[0]!));
      h.ledger.tamper('ballots', `voted/${EID}/${voters[0]!.credential}`, undefined);
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voters[1]!))).to.equal('DuplicateBallot');
    });

    it('checks ballot proofs with libsodium from the first transaction on (core initFastVerification)', async () => {
      await new ContractHarness().evaluate(identities.auditor, 'Info', []);
      expect(fastVerificationEnabled()).to.equal(true);
    });

    it('lets exactly one of concurrent casts with the same credential commit', async () => {
      const { h, voters, context } = await readyElection(3);
      const voter = voters[0]!;
      const txs = [];
      for (let i = 0; i < 5; i++) {
        const ballot = encryptBallot(context, [[0, 0, 1, 0], [1, 0]], voter.secret).ballot;
        const gateway = i % 2 === 0 ? identities.gateway : identities.seoulGateway;
        txs.push(await h.endorse(gateway, 'CastBallot', [EID], castArgs(ballot, voter)));
      }
      const codes = txs.map((tx) => tx.commit());
      expect(codes.filter((c) => c === 'VALID')).to.have.length(1);
      expect(codes.filter((c) => c === 'MVCC_READ_CONFLICT')).to.have.length(4);
      expect(await h.evaluate(identities.auditor, 'TurnoutCount', [EID])).to.deep.equal({ electionId: EID, count: 1 });
    });

    it('does not conflict between distinct voters cast in the same block', async () => {
      const { h, voters, context } = await readyElection(6);
      const txs = [];
      for (const voter of voters) {
        const ballot = encryptBallot(context, [[0, 1, 0, 0], [0, 1]], voter.secret).ballot;
        txs.push(await h.endorse(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voter)));
      }
      expect(txs.map((tx) => tx.commit())).to.deep.equal(voters.map(() => 'VALID'));
    });

    it('is endorsed identically by a peer that is not a member of the turnout collection', async () => {
      const { h, voters, context } = await readyElection(2);
      const ballot = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret).ballot;
      const same = { ...castArgs(ballot, voters[0]!), txId: 'a'.repeat(64) };
      const onCentral = await h.endorse(identities.gateway, 'CastBallot', [EID], same);
      const onObserver = await h.endorse(identities.gateway, 'CastBallot', [EID], { ...same, peerMspId: 'ObserverMSP' });
      const writes = (tx: typeof onCentral): string[] => [...tx.writes].map(([k, v]) => `${k}=${Buffer.from(v ?? []).toString('hex')}`);
      expect(writes(onObserver)).to.deep.equal(writes(onCentral));
      expect(writes(onCentral).some((w) => w.startsWith('turnout'))).to.equal(true);
    });

    it('refuses bad ballots with the right code and writes nothing', async () => {
      const { h, voters, context } = await readyElection(3);
      const [a, b] = voters as [Voter, Voter];
      const good = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], a.secret).ballot;
      const before = h.ledger.dump().size;
      // one ciphertext changed and the ballot re-signed: only the proof is wrong
      const tampered = structuredClone(good);
      tampered.contests[0]!.selections[0]!.b = good.contests[0]!.selections[1]!.b;
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(resignBallot(EID, tampered, a.secret), a))).to.equal('InvalidProof');
      // voter a's ballot copied and re-signed by voter b: a valid signature, but the proofs are bound to a's credential
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(resignBallot(EID, good, b.secret), b))).to.equal('InvalidProof');
      // an unregistered credential
      const stranger = newVoters(EID, 1)[0]!;
      const strangers = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], stranger.secret).ballot;
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(strangers, stranger))).to.equal('UnknownCredential');
      // non-canonical bytes of a valid ballot
      const spaced = { transient: { ballot: JSON.stringify(good, null, 1), pseudonym: a.pseudonym, channel: 'web' } };
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], spaced)).to.equal('InvalidBallot');
      // garbage, missing fields, a channel the election does not allow, an admin instead of a gateway
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], { transient: { ballot: 'garbage', pseudonym: a.pseudonym, channel: 'web' } })).to.equal('InvalidBallot');
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], { transient: { pseudonym: a.pseudonym, channel: 'web' } })).to.equal('BadRequest');
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(good, a, 'kiosk'))).to.equal('BadRequest');
      expect(await h.refusal(identities.admin, 'CastBallot', [EID], castArgs(good, a))).to.equal('Forbidden');
      expect(h.ledger.dump().size).to.equal(before);
    });

    it('refuses casts before the window, while paused and after close', async () => {
      const { h, voters, context } = await readyElection(2);
      const ballot = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret).ballot;
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], { ...castArgs(ballot, voters[0]!), timestamp: new Date('2026-03-01T00:00:00.000Z') })).to.equal('NotOpen');
      await h.submit(identities.admin, 'PauseElection', [EID]);
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voters[0]!))).to.equal('NotOpen');
      await h.submit(identities.admin, 'ResumeElection', [EID]);
      await h.submit(identities.admin, 'ExtendElection', [EID, '2026-03-05T00:00:00.000Z']);
      expect(await h.refusal(identities.admin, 'ExtendElection', [EID, '2026-03-04T00:00:00.000Z'])).to.equal('BadRequest');
      await h.submit(identities.admin, 'CloseElection', [EID]);
      expect(await h.refusal(identities.gateway, 'CastBallot', [EID], castArgs(ballot, voters[0]!))).to.equal('NotOpen');
    });
  });


  describe('spoiled ballots (Benaloh challenge)', () => {
    it('publishes a spoiled ballot for anyone to check and refuses to cast it afterwards; the voter casts a fresh one', async () => {
      const { h, voters, context } = await readyElection(3);
      const voter = voters[0]!;
      const spoiled = spoiledArg(context, voter);
      const entry = await h.submit<{ tracker: string; spoiled: { v: number } }>(identities.gateway, 'SpoilBallot', [EID, spoiled.arg]);
      expect(entry.tracker).to.equal(spoiled.tracker);
      expect(h.ledger.dump().get(`spoiled/${EID}/${spoiled.tracker}`)).to.not.equal(undefined);
      const found = await h.evaluate<{ spoiled: { spoiled: { v: number; ballot: unknown } } | null }>(identities.auditor, 'GetSpoiledBallot', [EID, spoiled.tracker]);
      expect(found.spoiled?.spoiled).to.deep.include({ v: 1, ballot: spoiled.ballot });
      expect(await h.evaluate(identities.auditor, 'GetSpoiledBallot', [EID, 'f'.repeat(64)])).to.deep.equal({ spoiled: null });
      expect(await h.refusal(identities.seoulGateway, 'CastBallot', [EID], castArgs(spoiled.ballot, voter))).to.equal('SpoiledBallot');
      expect(await h.evaluate(identities.auditor, 'TurnoutCount', [EID])).to.deep.equal({ electionId: EID, count: 0 });
      const fresh = encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voter.secret).ballot;
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(fresh, voter));
      // after the voter has voted, a later challenge is still published (the credential cannot cast again anyway)
      const late = spoiledArg(context, voter);
      await h.submit(identities.gateway, 'SpoilBallot', [EID, late.arg]);
      const page = await h.evaluate<{ items: { tracker: string }[]; next: string | null }>(identities.auditor, 'GetSpoiledBallots', [EID, '', '1']);
      expect(page.items).to.have.length(1);
      const rest = await h.evaluate<{ items: { tracker: string }[]; next: string | null }>(identities.auditor, 'GetSpoiledBallots', [EID, page.next ?? '', '10']);
      expect([...page.items, ...rest.items].map((x) => x.tracker)).to.deep.equal([spoiled.tracker, late.tracker].sort());
      expect(rest.next).to.equal(null);
    });

    it('refuses to spoil a ballot already cast, and to spoil one twice', async () => {
      const { h, voters, context } = await readyElection(3);
      const s = spoilBallot(encryptBallot(context, [[0, 0, 1, 0], [1, 0]], voters[0]!.secret));
      const arg = canonicalJson({ v: 1, ballot: s.ballot, reveal: s.reveal });
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(s.ballot, voters[0]!));
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, arg])).to.equal('DuplicateBallot');
      const twice = spoiledArg(context, voters[1]!);
      await h.submit(identities.gateway, 'SpoilBallot', [EID, twice.arg]);
      const before = h.ledger.dump().size;
      expect(await h.refusal(identities.seoulGateway, 'SpoilBallot', [EID, twice.arg])).to.equal('SpoiledBallot');
      expect(h.ledger.dump().size).to.equal(before);
    });

    it('lets exactly one of a concurrent spoil and cast of the same ballot commit', async () => {
      const { h, voters, context } = await readyElection(2);
      const s = spoiledArg(context, voters[0]!);
      const cast = await h.endorse(identities.gateway, 'CastBallot', [EID], castArgs(s.ballot, voters[0]!));
      const spoil = await h.endorse(identities.seoulGateway, 'SpoilBallot', [EID, s.arg]);
      expect([cast.commit(), spoil.commit()]).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
      const other = spoiledArg(context, voters[1]!);
      const spoilFirst = await h.endorse(identities.seoulGateway, 'SpoilBallot', [EID, other.arg]);
      const castSecond = await h.endorse(identities.gateway, 'CastBallot', [EID], castArgs(other.ballot, voters[1]!));
      expect([spoilFirst.commit(), castSecond.commit()]).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
    });

    it('refuses a false reveal with core\'s code, other roles, strangers, malformed input and a closed election, writing nothing', async () => {
      const { h, voters, context } = await readyElection(2);
      const s = spoilBallot(encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret));
      const before = h.ledger.dump().size;
      const lie = structuredClone(s.reveal);
      lie.contests[0]!.selections[0]!.value = 0;
      lie.contests[0]!.selections[1]!.value = 1;
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, canonicalJson({ v: 1, ballot: s.ballot, reveal: lie })])).to.equal('InvalidBallot');
      const tampered = structuredClone(s.ballot);
      tampered.contests[0]!.selections[0]!.b = s.ballot.contests[0]!.selections[1]!.b;
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, canonicalJson({ v: 1, ballot: tampered, reveal: s.reveal })])).to.be.oneOf(['InvalidProof', 'InvalidSignature']);
      const good = canonicalJson({ v: 1, ballot: s.ballot, reveal: s.reveal });
      expect(await h.refusal(identities.admin, 'SpoilBallot', [EID, good])).to.equal('Forbidden');
      expect(await h.refusal(identities.auditor, 'SpoilBallot', [EID, good])).to.equal('Forbidden');
      expect(await h.refusal({ ...identities.auditor, attrs: { role: 'gateway' } }, 'SpoilBallot', [EID, good])).to.equal('Forbidden');
      const stranger = spoiledArg(context, newVoters(EID, 1)[0]!);
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, stranger.arg])).to.equal('UnknownCredential');
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, canonicalJson({ ballot: s.ballot, reveal: s.reveal })])).to.equal('InvalidBallot');
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, '{not json'])).to.equal('BadRequest');
      expect(await h.refusal(identities.gateway, 'SpoilBallot', ['e-other', good])).to.equal('ElectionNotFound');
      expect(h.ledger.dump().size).to.equal(before);
      await h.submit(identities.admin, 'CloseElection', [EID]);
      expect(await h.refusal(identities.gateway, 'SpoilBallot', [EID, good])).to.equal('NotOpen');
    });
  });
  describe('tally and result', () => {
    it('tallies in shards, refuses early decryption, combines 3 of 5 shares and publishes the plaintext counts', async () => {
      const { h, voters, context, states, result, manifest } = await readyElection(12);
      const choices = [
        [[1, 0, 0, 0], [1, 0]],
        [[0, 1, 0, 0], [1, 0]],
        [[0, 1, 0, 0], [0, 1]],
        [[0, 0, 0, 1], [1, 0]],
      ];
      const expected = [[0, 0, 0, 0], [0, 0]];
      for (const [i, voter] of voters.slice(0, 10).entries()) {
        const c = choices[i % choices.length]!;
        c.forEach((contest, ci) => contest.forEach((v, oi) => (expected[ci]![oi]! += v)));
        await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(encryptBallot(context, c, voter.secret).ballot, voter, i % 2 ? 'web' : 'mobile'));
      }
      expect(await h.refusal(identities.admin, 'TallyShard', [EID, '0'])).to.equal('WrongState');
      const earlyShare = computeDecryptionShare(manifest, aggregateBallots(manifest, []), states[0]!, result);
      expect(await h.refusal(identities.keyholder(1), 'SubmitDecryptionShare', [EID, canonicalJson(earlyShare)])).to.equal('WrongState');
      await h.submit(identities.admin, 'CloseElection', [EID]);
      expect(await h.refusal(identities.admin, 'CombineTally', [EID])).to.equal('TallyIncomplete');
      for (const prefix of '0123456789abcdef') await h.submit(identities.admin, 'TallyShard', [EID, prefix]);
      expect(await h.refusal(identities.admin, 'TallyShard', [EID, '0'])).to.equal('WrongState');
      const tally = await h.submit<EncryptedTally>(identities.admin, 'CombineTally', [EID]);
      expect(tally.ballotCount).to.equal(10);
      // a wrong share (holder 2's share submitted as holder 1's) and a share from the wrong identity
      const share2 = computeDecryptionShare(manifest, tally, states[1]!, result);
      expect(await h.refusal(identities.keyholder(1), 'SubmitDecryptionShare', [EID, canonicalJson({ ...share2, holder: 1 })])).to.equal('InvalidShare');
      expect(await h.refusal(identities.keyholder(1), 'SubmitDecryptionShare', [EID, canonicalJson(share2)])).to.equal('Forbidden');
      for (const holder of [2, 4]) {
        const share = computeDecryptionShare(manifest, tally, states[holder - 1]!, result);
        await h.submit(identities.keyholder(holder), 'SubmitDecryptionShare', [EID, canonicalJson(share)]);
      }
      expect(await h.refusal(identities.admin, 'PublishResult', [EID])).to.equal('InsufficientShares');
      const share5 = computeDecryptionShare(manifest, tally, states[4]!, result);
      await h.submit(identities.keyholder(5), 'SubmitDecryptionShare', [EID, canonicalJson(share5)]);
      const published = await h.submit<{ result: { contests: { counts: number[] }[] }; usedHolders: number[] }>(identities.admin, 'PublishResult', [EID]);
      expect(published.result.contests.map((c) => c.counts)).to.deep.equal(expected);
      expect(published.usedHolders).to.deep.equal([2, 4, 5]);
      expect((await h.evaluate<Election>(identities.auditor, 'GetElection', [EID])).state).to.equal('tallied');
    });

    it('counts turnout and combines the tally past the peers\' query limit (limit 50, 120 ballots)', async function () {
      this.timeout(300_000);
      const { h, voters, context } = await readyElection(120, { totalQueryLimit: 50 });
      for (const voter of voters) {
        await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(encryptBallot(context, [[0, 1, 0, 0], [1, 0]], voter.secret).ballot, voter));
      }
      expect(await h.evaluate(identities.auditor, 'TurnoutCount', [EID])).to.deep.equal({ electionId: EID, count: 120 });
      const tally = await closeAndCombine(h);
      expect(tally.ballotCount).to.equal(120);
      expect(await h.refusal(identities.admin, 'CombineTally', [EID])).to.equal('WrongState');
    });

    it('refuses tally steps out of order, twice, or by non-managers, and serves the tally, shares, result and ballots', async () => {
      const { h, voters, context, states, result, manifest } = await readyElection(3);
      const cast = [voters[0]!, voters[1]!].map((v) => encryptBallot(context, [[0, 0, 1, 0], [0, 1]], v.secret));
      for (const [i, c] of cast.entries()) await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(c.ballot, voters[i]!));
      const stranger = { mspId: 'OtherMSP', name: 'someone', attrs: { role: 'auditor' } };
      expect(await queryRefusal(h, stranger, 'GetBallots', [EID, '', '10'])).to.equal('Forbidden');
      const page1 = await h.evaluate<{ items: { tracker: string; ballot: string }[]; next: string | null }>(identities.auditor, 'GetBallots', [EID, '', '1']);
      const page2 = await h.evaluate<{ items: { tracker: string; ballot: string }[]; next: string | null }>(identities.admin, 'GetBallots', [EID, page1.next ?? '', '1']);
      const exported = [...page1.items, ...page2.items];
      expect(exported.map((b) => b.tracker)).to.deep.equal(cast.map((c) => c.tracker).sort());
      for (const b of exported) expect(b.ballot).to.equal(canonicalJson(cast.find((c) => c.tracker === b.tracker)!.ballot));
      expect(page2.next).to.equal(null);

      await h.submit(identities.admin, 'CloseElection', [EID]);
      expect(await h.refusal(identities.admin, 'PurgeVoterData', [EID, canonicalJson({ pseudonyms: [], final: true })])).to.equal('WrongState');
      expect(await h.refusal(identities.admin, 'TallyShard', [EID, 'g'])).to.equal('BadRequest');
      expect(await h.refusal(identities.admin, 'TallyShard', [EID, '00'])).to.equal('BadRequest');
      expect(await h.refusal(identities.seoulAdmin, 'TallyShard', [EID, '0'])).to.equal('Forbidden');
      const early = computeDecryptionShare(manifest, aggregateBallots(manifest, []), states[0]!, result);
      expect(await h.refusal(identities.keyholder(1), 'SubmitDecryptionShare', [EID, canonicalJson(early)])).to.equal('TallyIncomplete');
      for (const prefix of '0123456789abcdef') await h.submit(identities.admin, 'TallyShard', [EID, prefix]);
      const tally = await h.submit<EncryptedTally>(identities.admin, 'CombineTally', [EID]);
      expect(await h.refusal(identities.admin, 'CombineTally', [EID])).to.equal('WrongState');
      const read = await h.evaluate<{ shards: { prefix: string }[]; tally: EncryptedTally }>(identities.auditor, 'GetTally', [EID]);
      expect([read.shards.length, read.tally.ballotCount]).to.deep.equal([16, 2]);
      const share = (holder: number): string => canonicalJson(computeDecryptionShare(manifest, tally, states[holder - 1]!, result));
      for (const holder of [1, 3, 5]) await h.submit(identities.keyholder(holder), 'SubmitDecryptionShare', [EID, share(holder)]);
      expect(await h.refusal(identities.keyholder(1), 'SubmitDecryptionShare', [EID, share(1)])).to.equal('WrongState');
      expect((await h.evaluate<{ holder: number }[]>(identities.auditor, 'GetDecryptionShares', [EID])).map((x) => x.holder)).to.deep.equal([1, 3, 5]);
      expect(await h.evaluate(identities.auditor, 'GetResult', [EID])).to.deep.equal({ result: null });
      expect(await h.refusal(identities.seoulAdmin, 'PublishResult', [EID])).to.equal('Forbidden');
      expect(await h.refusal(identities.keyholder(1), 'PublishResult', [EID])).to.equal('Forbidden');
      const published = await h.submit(identities.admin, 'PublishResult', [EID]);
      expect(await h.evaluate(identities.auditor, 'GetResult', [EID])).to.deep.equal({ result: published });
      expect(await h.refusal(identities.admin, 'PublishResult', [EID])).to.equal('WrongState');
    });

    it('refuses to combine shards that count more ballots than there are credentials', async () => {
      const { h, voters, context } = await readyElection(2);
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret).ballot, voters[0]!));
      await h.submit(identities.admin, 'CloseElection', [EID]);
      for (const prefix of '0123456789abcdef') await h.submit(identities.admin, 'TallyShard', [EID, prefix]);
      const key = `tally/${EID}/shard/0`;
      const shard = JSON.parse(Buffer.from(h.ledger.dump().get(key)!).toString()) as { prefix: string; tally: EncryptedTally };
      h.ledger.tamper('', key, canonicalBytes({ ...shard, tally: { ...shard.tally, ballotCount: 3 } }));
      expect(await h.refusal(identities.admin, 'CombineTally', [EID])).to.equal('TallyIncomplete');
    });

    it('purges turnout flags only after the retention period', async () => {
      const { h, voters, context, states, result, manifest } = await readyElection(2);
      await h.submit(identities.gateway, 'CastBallot', [EID], castArgs(encryptBallot(context, [[1, 0, 0, 0], [1, 0]], voters[0]!.secret).ballot, voters[0]!));
      const tally = await closeAndCombine(h);
      for (const holder of [1, 2, 3]) {
        await h.submit(identities.keyholder(holder), 'SubmitDecryptionShare', [EID, canonicalJson(computeDecryptionShare(manifest, tally, states[holder - 1]!, result))]);
      }
      await h.submit(identities.admin, 'PublishResult', [EID]);
      const batch = (final: boolean): string => canonicalJson({ pseudonyms: [voters[0]!.pseudonym, voters[1]!.pseudonym], final });
      expect(await h.refusal(identities.admin, 'PurgeVoterData', [EID, batch(true)])).to.equal('RetentionNotReached');
      h.ledger.setTime(new Date('2026-03-20T00:00:00.000Z'));
      expect(await h.evaluate(identities.admin, 'TurnoutRemaining', [EID])).to.deep.equal({ electionId: EID, remaining: 1 });
      expect(await h.refusal(identities.seoulAdmin, 'PurgeVoterData', [EID, batch(true)])).to.equal('Forbidden');
      expect(await h.refusal(identities.admin, 'PurgeVoterData', [EID, '{"pseudonyms":["x"],"final":true}'])).to.equal('BadRequest');
      const purge = await h.submit<{ purged: number; election: Election }>(identities.admin, 'PurgeVoterData', [EID, batch(true)]);
      expect(purge.purged).to.equal(1);
      expect(purge.election.state).to.equal('purged');
      expect(h.ledger.dump('turnout').size).to.equal(0);
      expect(await h.evaluate(identities.admin, 'TurnoutRemaining', [EID])).to.deep.equal({ electionId: EID, remaining: 0 });
      expect(h.ledger.dump('ballots').size).to.equal(2);
    });
  });

  describe('service desk', () => {
    const STAFF = 'staff:7d1c9a52-5b0e-4f7a-9c3d-2e8f6a1b4c70';
    const app = (overrides: Record<string, unknown> = {}): string =>
      canonicalJson({
        v: 1,
        ref: 'APP-2026-0001',
        organizationId: 'hanbit-school',
        organizationName: '한빛고등학교',
        organizationType: 'school',
        routedTo: 'CentralMSP',
        documentsHash: 'a'.repeat(64),
        expectedVoters: 600,
        ...overrides,
      });
    const orgAdmin = { mspId: 'CentralMSP', name: 'org-hanbit-school', attrs: { role: 'orgadmin', org: 'hanbit-school' } };
    const otherOrgAdmin = { mspId: 'CentralMSP', name: 'org-other', attrs: { role: 'orgadmin', org: 'other-school' } };

    it('records applications from the competent commission\'s gateway and decisions by its staff only', async () => {
      const h = new ContractHarness();
      expect(await h.refusal(identities.admin, 'SubmitApplication', [app()])).to.equal('Forbidden');
      expect(await h.refusal(identities.seoulGateway, 'SubmitApplication', [app()])).to.equal('Forbidden');
      expect(await h.refusal(identities.gateway, 'SubmitApplication', [app({ organizationType: 'casino' })])).to.equal('BadRequest');
      await h.submit(identities.gateway, 'SubmitApplication', [app()]);
      const changes = canonicalJson({ decision: 'request-changes', reason: '학교장 직인이 있는 공문을 첨부해 주세요', staff: STAFF });
      expect(await h.refusal(identities.seoulAdmin, 'DecideApplication', ['APP-2026-0001', changes])).to.equal('Forbidden');
      expect(await h.refusal(identities.gateway, 'DecideApplication', ['APP-2026-0001', changes])).to.equal('Forbidden');
      // the staff member must be named, by account reference only
      expect(await h.refusal(identities.admin, 'DecideApplication', ['APP-2026-0001', canonicalJson({ decision: 'reject', reason: 'x' })])).to.equal('BadRequest');
      expect(await h.refusal(identities.admin, 'DecideApplication', ['APP-2026-0001', canonicalJson({ decision: 'reject', reason: 'x', staff: '김민수 주무관' })])).to.equal('BadRequest');
      await h.submit(identities.admin, 'DecideApplication', ['APP-2026-0001', changes]);
      expect(await h.refusal(identities.admin, 'DecideApplication', ['APP-2026-0001', canonicalJson({ decision: 'approve', reason: 'ok', staff: STAFF })])).to.equal('WrongState');
      await h.submit(identities.gateway, 'SubmitApplication', [app({ documentsHash: 'b'.repeat(64) })]);
      const approved = await h.submit<{ status: string; history: { action: string; by: string; staff: string | null }[] }>(identities.admin, 'DecideApplication', ['APP-2026-0001', canonicalJson({ decision: 'approve', reason: '요건 충족', staff: 'staff:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5' })]);
      expect(approved.status).to.equal('approved');
      expect(approved.history.map((x) => x.action)).to.deep.equal(['submitted', 'request-changes', 'resubmitted', 'approve']);
      // who decided: the commission's identity that submitted, and the staff member behind it
      expect(approved.history.map((x) => [x.by, x.staff])).to.deep.equal([
        ['CentralMSP/gateway', null],
        ['CentralMSP/electionadmin', STAFF],
        ['CentralMSP/gateway', null],
        ['CentralMSP/electionadmin', 'staff:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5'],
      ]);
      const org = await h.evaluate<{ organization: { approvedBy: string } }>(identities.auditor, 'GetOrganization', ['hanbit-school']);
      expect(org.organization.approvedBy).to.equal('CentralMSP');
      expect(await h.refusal(identities.gateway, 'SubmitApplication', [app({ ref: 'APP-2026-0002' })])).to.equal('OrganizationExists');
      await h.submit(identities.seoulGateway, 'SubmitApplication', [app({ ref: 'APP-2026-0003', organizationId: 'seoul-club', routedTo: 'SeoulMSP' })]);
      expect(await h.evaluate(identities.auditor, 'GetApplication', ['APP-2026-0001'])).to.have.property('status', 'approved');
      expect(await queryRefusal(h, identities.auditor, 'GetApplication', ['APP-2026-9999'])).to.equal('NotFound');
      const refs = async (routedTo: string): Promise<string[]> => (await h.evaluate<{ ref: string }[]>(identities.auditor, 'ListApplications', [routedTo])).map((a) => a.ref);
      expect(await refs('')).to.deep.equal(['APP-2026-0001', 'APP-2026-0003']);
      expect(await refs('SeoulMSP')).to.deep.equal(['APP-2026-0003']);
      expect((await h.evaluate<{ organizationId: string }[]>(identities.auditor, 'ListOrganizations', [])).map((o) => o.organizationId)).to.deep.equal(['hanbit-school']);
    });

    it('lets an organization admin run only its own organization\'s elections, under the approving commission', async () => {
      const h = new ContractHarness();
      h.ledger.setTime(new Date('2026-02-01T00:00:00.000Z'));
      const draftFor = (id: string, organizationId: string): string => canonicalJson(sampleDraft(sampleManifest(id), { organizationId }));
      expect(await h.refusal(orgAdmin, 'CreateElection', [draftFor('e-org', 'hanbit-school')])).to.equal('Forbidden');
      await h.submit(identities.gateway, 'SubmitApplication', [app()]);
      await h.submit(identities.admin, 'DecideApplication', ['APP-2026-0001', canonicalJson({ decision: 'approve', reason: 'ok', staff: STAFF })]);
      await h.submit(orgAdmin, 'CreateElection', [draftFor('e-org', 'hanbit-school')]);
      expect(await h.refusal(otherOrgAdmin, 'CreateElection', [draftFor('e-other', 'hanbit-school')])).to.equal('Forbidden');
      expect(await h.refusal(otherOrgAdmin, 'UpdateElection', [draftFor('e-org', 'hanbit-school')])).to.equal('Forbidden');
      expect(await h.refusal(identities.seoulAdmin, 'CreateElection', [draftFor('e-seoul', 'hanbit-school')])).to.equal('Forbidden');
      expect(await h.refusal(identities.admin, 'CreateElection', [draftFor('e-unknown', 'nobody-school')])).to.equal('Forbidden');
      await h.submit(identities.admin, 'CreateElection', [draftFor('e-own', 'CentralMSP')]);
      // commission staff of the approving commission may manage it too
      await h.submit(identities.admin, 'UpdateElection', [draftFor('e-org', 'hanbit-school')]);
    });
  });
});
