// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module testing/fixtures
 * Shared manifests for tests and benchmarks (one of each ballot type), a ballot re-signer, and
 * a record's streamed form.
 */
import { ballotSigningBytes } from '../ballot.js';
import { credentialFromSecret, signMessage } from '../credential.js';
import { choiceContest, createManifest, scaleContest, scoreContest, yesNoContest, type OptionSpec } from '../manifest.js';
import type { Ballot, Manifest } from '../schemas.js';
import { splitElectionRecord } from '../verify-record.js';

/**
 * Signs a changed ballot again with the credential of `secret`, so that only the intended defect
 * remains (a broken proof, or proofs bound to another voter's credential) and the signature
 * check passes.
 */
export function resignBallot(electionId: string, ballot: Ballot, secret: string): Ballot {
  const key = credentialFromSecret(electionId, secret);
  const unsigned = { ...ballot, credential: key.publicCredential };
  return { ...unsigned, signature: signMessage(key, ballotSigningBytes(unsigned)) };
}

/** n options named o0..o{n-1}. */
export function candidates(n: number): OptionSpec[] {
  return Array.from({ length: n }, (_, i) => ({ optionId: `o${i}`, label: `Option ${i}` }));
}

/** A manifest with every ballot type: 찬반 with abstain, 선택 1-of-4, 선택 0..2-of-5 with abstain, 점수 0..3, 척도 1..5 with abstain. */
export function mixedManifest(electionId = 'e2e-mixed', threshold = 3, holders = 5): Manifest {
  return createManifest({
    electionId,
    title: 'Mixed test election',
    threshold,
    holders,
    contests: [
      yesNoContest({ contestId: 'agenda', label: 'Agenda item 1', abstain: true }),
      choiceContest({ contestId: 'chair', label: 'Chair', candidates: candidates(4), min: 1, max: 1 }),
      choiceContest({ contestId: 'board', label: 'Board (up to 2)', candidates: candidates(5), min: 0, max: 2, abstain: true }),
      scoreContest({ contestId: 'score', label: 'Score 0..3', candidates: candidates(3), maxScore: 3 }),
      scaleContest({ contestId: 'scale', label: 'Satisfaction 1..5', lo: 1, hi: 5, abstain: true }),
    ],
  });
}

/** A small two-contest manifest for fast tests. */
export function smallManifest(electionId = 'e-small', threshold = 2, holders = 3): Manifest {
  return createManifest({
    electionId,
    title: 'Small test election',
    threshold,
    holders,
    contests: [
      choiceContest({ contestId: 'c1', label: 'Pick one of three', candidates: candidates(3), min: 1, max: 1 }),
      yesNoContest({ contestId: 'yn', label: 'Yes or no', abstain: true }),
    ],
  });
}

/** The student-council election the chaincode and network tests run: 회장 (1 of 3 candidates, abstain) and 예산안 (yes/no). */
export function councilManifest(electionId: string, title = '2026 학생회장 선거', threshold = 3, holders = 5): Manifest {
  return createManifest({
    electionId,
    title,
    threshold,
    holders,
    contests: [
      choiceContest({
        contestId: 'president',
        label: '회장',
        candidates: [
          { optionId: 'c1', label: '기호 1 김민지' },
          { optionId: 'c2', label: '기호 2 이서준' },
          { optionId: 'c3', label: '기호 3 박하늘' },
        ],
        min: 1,
        max: 1,
        abstain: true,
      }),
      yesNoContest({ contestId: 'budget', label: '예산안 승인' }),
    ],
  });
}

/** The streamed form (record.ndjson text) of a record in its JSON form: header line, then one line per ballot. */
export function ndjsonRecord(record: unknown): string {
  const { header, ballots } = splitElectionRecord(record);
  return [header, ...ballots].map((x) => `${JSON.stringify(x)}\n`).join('');
}
