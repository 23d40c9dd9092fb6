// Builds the manifest and voter-facing info from the wizard's input, with core's presets, so the
// preview shows the ballot exactly as the voter's browser will render and encrypt it.
import { choiceContest, createManifest, scaleContest, scoreContest, yesNoContest, type Contest, type Manifest } from '@ballotledger/core';
import type { ContestInput, ElectionInfo, ElectionInput } from '../types';

export function contestFromInput(c: ContestInput): Contest {
  const candidates = c.candidates.map((x) => ({ optionId: x.optionId, label: x.name || x.optionId }));
  switch (c.type) {
    case 'yesno':
      return yesNoContest({ contestId: c.contestId, label: c.label, abstain: c.abstain });
    case 'choice':
      return choiceContest({ contestId: c.contestId, label: c.label, candidates, min: c.min ?? 1, max: c.max ?? 1, abstain: c.abstain });
    case 'score':
      return scoreContest({ contestId: c.contestId, label: c.label, candidates, maxScore: c.maxScore ?? 5, ...(c.maxTotal === undefined ? {} : { maxTotal: c.maxTotal }), abstain: c.abstain });
    case 'scale':
      return scaleContest({ contestId: c.contestId, label: c.label, lo: c.lo ?? 1, hi: c.hi ?? 5, abstain: c.abstain });
  }
}

export function manifestFromInput(input: ElectionInput): Manifest {
  return createManifest({
    electionId: input.electionId,
    title: input.title,
    threshold: input.threshold,
    holders: Math.max(1, input.keyHolders.length),
    contests: input.contests.map(contestFromInput),
  });
}

export function infoFromInput(input: ElectionInput, profiles: ReadonlyMap<string, string>): ElectionInfo {
  return {
    descriptionHtml: null,
    contests: input.contests.map((c) => ({
      contestId: c.contestId,
      description: c.description,
      options: c.candidates.map((x) => ({
        optionId: x.optionId,
        number: x.number,
        name: x.name,
        party: x.party,
        photoUrl: x.photoSha256 === null ? null : `/api/photos/${x.photoSha256}`,
        profileHtml: profiles.get(`${c.contestId}/${x.optionId}`) ?? null,
      })),
    })),
  };
}
