// One election built with core's simulator: a real manifest (every contest type), a real
// ceremony and joint key, registered credentials, ballots, a spoiled ballot and the record.
import {
  choiceContest,
  createManifest,
  deterministicRng,
  scaleContest,
  scoreContest,
  simulateElection,
  yesNoContest,
  type Manifest,
  type SimulatedElection,
} from '@ballotledger/core';

export const EID = 'student-council-2026';

export interface Fixture {
  readonly manifest: Manifest;
  readonly sim: SimulatedElection;
  /** Credential secrets of registered voters who have not voted in the record. */
  readonly freshSecrets: string[];
  readonly info: {
    descriptionHtml: string | null;
    contests: { contestId: string; description: string | null; options: { optionId: string; number: number | null; name: string; party: string | null; photoUrl: string | null; profileHtml: string | null }[] }[];
  };
}

let cached: Fixture | null = null;

export const CANDIDATES = {
  president: [
    { optionId: 'kim', number: 1, name: '김민준', party: '새물결' },
    { optionId: 'lee', number: 2, name: '이서연', party: '함께하는 학생회' },
    { optionId: 'park', number: 3, name: '박지호', party: null },
  ],
  board: [
    { optionId: 'choi', number: 1, name: '최유진', party: null },
    { optionId: 'jung', number: 2, name: '정하늘', party: null },
    { optionId: 'kang', number: 3, name: '강도윤', party: null },
    { optionId: 'yoon', number: 4, name: '윤서아', party: null },
  ],
  score: [
    { optionId: 'plan-a', number: null, name: '축제안 A', party: null },
    { optionId: 'plan-b', number: null, name: '축제안 B', party: null },
    { optionId: 'plan-c', number: null, name: '축제안 C', party: null },
  ],
};

export const PHOTO_SHA = 'a'.repeat(64);

export function fixture(): Fixture {
  if (cached !== null) return cached;
  const spec = (list: readonly { optionId: string; name: string }[]) => list.map((c) => ({ optionId: c.optionId, label: c.name }));
  const manifest = createManifest({
    electionId: EID,
    title: '2026 학생회 선거',
    threshold: 2,
    holders: 3,
    contests: [
      choiceContest({ contestId: 'president', label: '학생회장', candidates: spec(CANDIDATES.president), min: 1, max: 1, abstain: true }),
      choiceContest({ contestId: 'board', label: '운영위원 (2명까지)', candidates: spec(CANDIDATES.board), min: 1, max: 2 }),
      yesNoContest({ contestId: 'bylaws', label: '학생회칙 개정안', abstain: true }),
      scoreContest({ contestId: 'festival', label: '축제 기획안 점수', candidates: spec(CANDIDATES.score), maxScore: 5, maxTotal: 10 }),
      scaleContest({ contestId: 'satisfaction', label: '올해 학생회 만족도', lo: 0, hi: 5, abstain: true }),
    ],
  });
  const sim = simulateElection({ manifest, ballots: 6, voters: 10, spoiled: 1, rng: deterministicRng('ballotledger-web-tests') });
  const freshSecrets = sim.credentialSecrets.slice(6);
  const info: Fixture['info'] = {
    descriptionHtml: '<p>2026학년도 학생회 임원을 뽑습니다. 투표는 <strong>익명</strong>이며 암호화됩니다.</p>',
    contests: [
      {
        contestId: 'president',
        description: '학생회장 1명을 뽑습니다.',
        options: CANDIDATES.president.map((c) => ({ ...c, photoUrl: `/api/photos/${PHOTO_SHA}`, profileHtml: `<p>${c.name} 후보의 공약: 급식 개선, 동아리 지원.</p>` })),
      },
      { contestId: 'board', description: null, options: CANDIDATES.board.map((c) => ({ ...c, photoUrl: null, profileHtml: null })) },
      { contestId: 'bylaws', description: '회칙 제12조(임기) 개정안에 대한 찬반', options: [] },
      { contestId: 'festival', description: null, options: CANDIDATES.score.map((c) => ({ ...c, photoUrl: null, profileHtml: null })) },
      { contestId: 'satisfaction', description: null, options: [] },
    ],
  };
  cached = { manifest, sim, freshSecrets, info };
  return cached;
}

export const PHOTO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="70" viewBox="0 0 56 70"><rect width="56" height="70" fill="#dbeafe"/><circle cx="28" cy="26" r="12" fill="#1e3a8a"/><rect x="10" y="44" width="36" height="22" rx="10" fill="#1e3a8a"/></svg>';

export const CAPTCHA_SVG =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="180" height="60" viewBox="0 0 180 60"><rect width="180" height="60" fill="#f8fafc"/><path d="M10 40 C 50 10, 90 60, 170 20" stroke="#94a3b8" fill="none"/><g fill="#1f2937"><rect x="20" y="15" width="14" height="30"/><rect x="45" y="15" width="14" height="30"/><rect x="70" y="15" width="14" height="30"/><rect x="95" y="15" width="14" height="30"/><rect x="120" y="15" width="14" height="30"/><rect x="145" y="15" width="14" height="30"/></g></svg>',
  ).toString('base64');
