/** The context core checks an election's ballots against (CastBallot and SpoilBallot). */
import type { BallotContext } from '@ballotledger/core';
import type { Election } from './election.js';
import { ChaincodeError } from './errors.js';

/** One BallotContext per election and key, so core's precomputed key table is reused. */
const contexts = new Map<string, BallotContext>();

export function ballotContext(election: Election): BallotContext {
  const ceremony = election.ceremony;
  if (ceremony === null) throw new ChaincodeError('NotOpen', 'the election has no joint key');
  const cacheKey = `${election.electionId}/${election.manifestHash}/${ceremony.electionBaseHash}`;
  let ctx = contexts.get(cacheKey);
  if (!ctx) {
    ctx = { manifest: election.manifest, jointKey: ceremony.jointKey, electionBaseHash: ceremony.electionBaseHash };
    contexts.set(cacheKey, ctx);
  }
  return ctx;
}
