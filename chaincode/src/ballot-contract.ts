/**
 * The `ballot` chaincode's one contract. Each transaction is a thin, decorated entry point that
 * delegates to the module named after what it does; every result is canonical JSON so all
 * endorsers return byte-identical payloads. Arguments are strings (JSON where structured) and are
 * validated in the modules; refusals are `[Code] message` errors (see errors.ts).
 */
import { canonicalJson, initFastVerification } from '@ballotledger/core';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { declareBlackout, listBlackouts } from './blackout.js';
import { castBallot, credentialUsed, hasVoted, lookupShortTracker, lookupTracker, turnoutCount, turnoutEntry } from './cast-ballot.js';
import { finalize, postReview, postRound1, postRound2, readTranscript } from './ceremony.js';
import { loadElection } from './election.js';
import { ChaincodeError } from './errors.js';
import {
  closeElection,
  createElection,
  extendElection,
  freezeRoll,
  listElections,
  openElection,
  pauseElection,
  registerCredentials,
  resumeElection,
  updateElection,
} from './lifecycle.js';
import { ballotHashes, ballotsPage, credentialsPage, purgeVoterData, turnoutRemaining } from './record.js';
import { lookupSpoiled, spoilBallot, spoiledPage } from './spoil-ballot.js';
import { decideApplication, listApplications, listOrganizations, readApplication, readOrganization, submitApplication } from './service-desk.js';
import { combineTally, publishResult, readDecryptionShares, readResult, readTally, submitDecryptionShare, tallyShard } from './tally.js';

export const CHAINCODE_VERSION = '1.0.0';

function integer(text: string, name: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw new ChaincodeError('BadRequest', `${name} must be a non-negative integer`);
  return Number(text);
}

const json = (value: unknown): string => canonicalJson(value);

/**
 * Ballot proofs checked with libsodium's ristretto255 operations (core's initFastVerification:
 * same verdicts as the pure-JS reference, about 6x faster). Tried once per chaincode process; if
 * libsodium cannot load, the reference stays in use and endorsement is unchanged.
 */
let fastVerification: Promise<void> | null = null;
function enableFastVerification(): Promise<void> {
  fastVerification ??= initFastVerification().then(
    (active) => console.info(`ballot verification: ${active}`),
    (err: unknown) => console.warn(`ballot verification: reference (libsodium unavailable: ${String(err)})`),
  );
  return fastVerification;
}

@Info({ title: 'BallotLedger', description: 'Verifiable elections: lifecycle, key ceremony, encrypted ballots, tally, results' })
export class BallotContract extends Contract {
  constructor() {
    super('ballot');
  }

  override async beforeTransaction(_ctx: Context): Promise<void> {
    await enableFastVerification();
  }

  @Transaction(false)
  @Returns('string')
  async Info(_ctx: Context): Promise<string> {
    return json({ name: 'ballot', version: CHAINCODE_VERSION });
  }

  // ---- lifecycle --------------------------------------------------------------------------

  @Transaction()
  @Returns('string')
  async CreateElection(ctx: Context, draftJson: string): Promise<string> {
    return json(await createElection(ctx, draftJson));
  }

  @Transaction()
  @Returns('string')
  async UpdateElection(ctx: Context, draftJson: string): Promise<string> {
    return json(await updateElection(ctx, draftJson));
  }

  @Transaction()
  @Returns('string')
  async RegisterCredentials(ctx: Context, batchJson: string): Promise<string> {
    return json(await registerCredentials(ctx, batchJson));
  }

  @Transaction()
  @Returns('string')
  async FreezeRoll(ctx: Context, electionId: string, count: string, hash: string): Promise<string> {
    return json(await freezeRoll(ctx, electionId, integer(count, 'count'), hash));
  }

  @Transaction()
  @Returns('string')
  async OpenElection(ctx: Context, electionId: string): Promise<string> {
    return json(await openElection(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async PauseElection(ctx: Context, electionId: string): Promise<string> {
    return json(await pauseElection(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async ResumeElection(ctx: Context, electionId: string): Promise<string> {
    return json(await resumeElection(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async ExtendElection(ctx: Context, electionId: string, closesAt: string): Promise<string> {
    return json(await extendElection(ctx, electionId, closesAt));
  }

  @Transaction()
  @Returns('string')
  async CloseElection(ctx: Context, electionId: string): Promise<string> {
    return json(await closeElection(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async DeclareBlackout(ctx: Context, blackoutJson: string): Promise<string> {
    return json(await declareBlackout(ctx, blackoutJson));
  }

  // ---- service desk: organizations apply, commissions decide ---------------------------------

  @Transaction()
  @Returns('string')
  async SubmitApplication(ctx: Context, applicationJson: string): Promise<string> {
    return json(await submitApplication(ctx, applicationJson));
  }

  @Transaction()
  @Returns('string')
  async DecideApplication(ctx: Context, ref: string, decisionJson: string): Promise<string> {
    return json(await decideApplication(ctx, ref, decisionJson));
  }

  @Transaction(false)
  @Returns('string')
  async GetApplication(ctx: Context, ref: string): Promise<string> {
    return json(await readApplication(ctx, ref));
  }

  @Transaction(false)
  @Returns('string')
  async ListApplications(ctx: Context, routedTo: string): Promise<string> {
    return json(await listApplications(ctx, routedTo));
  }

  @Transaction(false)
  @Returns('string')
  async GetOrganization(ctx: Context, organizationId: string): Promise<string> {
    return json({ organization: (await readOrganization(ctx, organizationId)) ?? null });
  }

  @Transaction(false)
  @Returns('string')
  async ListOrganizations(ctx: Context): Promise<string> {
    return json(await listOrganizations(ctx));
  }

  // ---- key ceremony -----------------------------------------------------------------------

  @Transaction()
  @Returns('string')
  async PostCeremonyRound1(ctx: Context, electionId: string, messageJson: string): Promise<string> {
    await postRound1(ctx, electionId, messageJson);
    return json({ ok: true });
  }

  @Transaction()
  @Returns('string')
  async PostCeremonyRound2(ctx: Context, electionId: string, messageJson: string): Promise<string> {
    await postRound2(ctx, electionId, messageJson);
    return json({ ok: true });
  }

  @Transaction()
  @Returns('string')
  async PostCeremonyReview(ctx: Context, electionId: string, reviewJson: string): Promise<string> {
    await postReview(ctx, electionId, reviewJson);
    return json({ ok: true });
  }

  @Transaction()
  @Returns('string')
  async FinalizeCeremony(ctx: Context, electionId: string): Promise<string> {
    return json(await finalize(ctx, electionId));
  }

  // ---- casting ----------------------------------------------------------------------------

  /** Transient fields: `ballot` (canonical ballot bytes), `pseudonym`, `channel`. */
  @Transaction()
  @Returns('string')
  async CastBallot(ctx: Context, electionId: string): Promise<string> {
    return json(await castBallot(ctx, electionId));
  }

  /** `spoiledJson`: the SpoiledBallot wire object {v, ballot, reveal}; public, so an argument. */
  @Transaction()
  @Returns('string')
  async SpoilBallot(ctx: Context, electionId: string, spoiledJson: string): Promise<string> {
    return json(await spoilBallot(ctx, electionId, spoiledJson));
  }

  // ---- tally ------------------------------------------------------------------------------

  @Transaction()
  @Returns('string')
  async TallyShard(ctx: Context, electionId: string, prefix: string): Promise<string> {
    return json(await tallyShard(ctx, electionId, prefix));
  }

  @Transaction()
  @Returns('string')
  async CombineTally(ctx: Context, electionId: string): Promise<string> {
    return json(await combineTally(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async SubmitDecryptionShare(ctx: Context, electionId: string, shareJson: string): Promise<string> {
    await submitDecryptionShare(ctx, electionId, shareJson);
    return json({ ok: true });
  }

  @Transaction()
  @Returns('string')
  async PublishResult(ctx: Context, electionId: string): Promise<string> {
    return json(await publishResult(ctx, electionId));
  }

  @Transaction()
  @Returns('string')
  async PurgeVoterData(ctx: Context, electionId: string, batchJson: string): Promise<string> {
    return json(await purgeVoterData(ctx, electionId, batchJson));
  }

  // ---- queries ----------------------------------------------------------------------------

  @Transaction(false)
  @Returns('string')
  async GetElection(ctx: Context, electionId: string): Promise<string> {
    return json(await loadElection(ctx, electionId));
  }

  @Transaction(false)
  @Returns('string')
  async ListElections(ctx: Context): Promise<string> {
    return json(await listElections(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async ListBlackouts(ctx: Context): Promise<string> {
    return json(await listBlackouts(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async GetCeremony(ctx: Context, electionId: string): Promise<string> {
    return json(await readTranscript(ctx, await loadElection(ctx, electionId)));
  }

  @Transaction(false)
  @Returns('string')
  async TurnoutCount(ctx: Context, electionId: string): Promise<string> {
    return json({ electionId, count: await turnoutCount(ctx, electionId) });
  }

  @Transaction(false)
  @Returns('string')
  async HasVoted(ctx: Context, electionId: string, pseudonym: string): Promise<string> {
    return json({ voted: await hasVoted(ctx, electionId, pseudonym) });
  }

  @Transaction(false)
  @Returns('string')
  async GetTurnout(ctx: Context, electionId: string, pseudonym: string): Promise<string> {
    return json({ turnout: await turnoutEntry(ctx, electionId, pseudonym) });
  }

  @Transaction(false)
  @Returns('string')
  async TurnoutRemaining(ctx: Context, electionId: string): Promise<string> {
    return json({ electionId, remaining: await turnoutRemaining(ctx, electionId) });
  }

  @Transaction(false)
  @Returns('string')
  async CredentialUsed(ctx: Context, electionId: string, credential: string): Promise<string> {
    return json({ used: await credentialUsed(ctx, electionId, credential) });
  }

  @Transaction(false)
  @Returns('string')
  async LookupTracker(ctx: Context, electionId: string, tracker: string): Promise<string> {
    return json({ receipt: await lookupTracker(ctx, electionId, tracker) });
  }

  @Transaction(false)
  @Returns('string')
  async LookupShortTracker(ctx: Context, electionId: string, prefix: string): Promise<string> {
    return json({ receipt: await lookupShortTracker(ctx, electionId, prefix) });
  }

  @Transaction(false)
  @Returns('string')
  async GetSpoiledBallot(ctx: Context, electionId: string, tracker: string): Promise<string> {
    return json({ spoiled: await lookupSpoiled(ctx, electionId, tracker) });
  }

  @Transaction(false)
  @Returns('string')
  async GetSpoiledBallots(ctx: Context, electionId: string, after: string, size: string): Promise<string> {
    return json(await spoiledPage(ctx, electionId, after, integer(size, 'size')));
  }

  @Transaction(false)
  @Returns('string')
  async GetCredentials(ctx: Context, electionId: string, after: string, size: string): Promise<string> {
    return json(await credentialsPage(ctx, electionId, after, integer(size, 'size')));
  }

  @Transaction(false)
  @Returns('string')
  async GetBallots(ctx: Context, electionId: string, after: string, size: string): Promise<string> {
    return json(await ballotsPage(ctx, electionId, after, integer(size, 'size')));
  }

  @Transaction(false)
  @Returns('string')
  async GetBallotHashes(ctx: Context, electionId: string, trackersJson: string): Promise<string> {
    return json(await ballotHashes(ctx, electionId, trackersJson));
  }

  @Transaction(false)
  @Returns('string')
  async GetTally(ctx: Context, electionId: string): Promise<string> {
    return json(await readTally(ctx, electionId));
  }

  @Transaction(false)
  @Returns('string')
  async GetDecryptionShares(ctx: Context, electionId: string): Promise<string> {
    return json(await readDecryptionShares(ctx, electionId));
  }

  @Transaction(false)
  @Returns('string')
  async GetResult(ctx: Context, electionId: string): Promise<string> {
    return json({ result: await readResult(ctx, electionId) });
  }
}
