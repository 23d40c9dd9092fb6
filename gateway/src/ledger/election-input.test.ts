import { expect } from 'chai';
import { contestConstraints } from '@ballotledger/core';
import { draftOf, ElectionInput, ElectionInputError, infoHashOf, infoOf, manifestOf } from './election-input.js';

const input = (overrides: Record<string, unknown> = {}): ElectionInput =>
  ElectionInput.parse({
    electionId: 'e2027',
    title: '2027 선거',
    descriptionMarkdown: '안내 <img src=x onerror=alert(1)>',
    organizationId: 'CentralMSP',
    schedule: { opensAt: '2027-03-10T09:00:00+09:00', closesAt: '2027-03-10T18:00:00+09:00' },
    contests: [
      {
        contestId: 'president',
        label: '회장',
        description: null,
        type: 'choice',
        abstain: true,
        min: 1,
        max: 1,
        candidates: [
          { optionId: 'c1', number: 1, name: '김민지', party: '새물결', photoSha256: 'a'.repeat(64), profileMarkdown: '[link](javascript:alert(1))' },
          { optionId: 'c2', number: 2, name: '이서준', party: null, photoSha256: null, profileMarkdown: null },
        ],
      },
      { contestId: 'rating', label: '만족도', description: null, type: 'scale', abstain: false, lo: 1, hi: 5, candidates: [] },
    ],
    keyHolders: [1, 2, 3].map((i) => ({ index: i, mspId: 'CentralMSP', enrollmentId: `keyholder${i}`, name: `보관자 ${i}` })),
    threshold: 2,
    identityMethod: 'birthdate',
    channels: ['web'],
    resultsVisibility: 'public',
    templates: { invitation: '{link}', reminder: '{link}' },
    ...overrides,
  });

describe('election input', () => {
  it('becomes a manifest with candidate numbers in the labels, KST times in UTC, and the constraints of each type', () => {
    const i = input();
    expect(i.schedule.opensAt).to.equal('2027-03-10T00:00:00.000Z');
    const m = manifestOf(i);
    expect(m.contests[0]!.options.map((o) => o.label)).to.deep.equal(['기호 1 김민지 (새물결)', '기호 2 이서준', 'Abstain / 기권']);
    expect(contestConstraints(m.contests[1]!).optionValues[0]).to.deep.equal([1, 2, 3, 4, 5]);
  });

  it('renders information voters see with sanitised Markdown, and anchors it by hash', () => {
    const i = input();
    const info = infoOf(i, manifestOf(i));
    expect(info.descriptionHtml).to.not.match(/<img/);
    expect(info.descriptionHtml).to.contain('&lt;img'); // shown as text, never as an element
    expect(info.contests[0]!.options[0]!.profileHtml).to.not.match(/href\s*=\s*"?javascript:/i);
    expect(info.contests[0]!.options[0]!.photoUrl).to.equal(`/api/photos/${'a'.repeat(64)}`);
    const d = draftOf(i, manifestOf(i), info, 7);
    expect(d.infoHash).to.equal(infoHashOf(info));
    expect(d.tallyShardDigits).to.equal(1);
  });

  it('refuses a choice contest without candidates and a threshold above the holders', () => {
    const noCandidates = input({ contests: [{ contestId: 'x', label: 'x', description: null, type: 'choice', abstain: false, candidates: [] }] });
    expect(() => manifestOf(noCandidates)).to.throw(ElectionInputError);
    expect(() => manifestOf(input({ threshold: 4 }))).to.throw(ElectionInputError);
  });

  it('sizes the draft\'s tally shards from the expected voters (core shardDigitsFor)', () => {
    const i = input({ expectedVoters: 200_000 });
    expect(draftOf(i, manifestOf(i), infoOf(i, manifestOf(i)), 7).tallyShardDigits).to.equal(2);
  });
});
