/**
 * A real election set up through a running gateway's HTTP API, as an admin and five key holders
 * would: create, roll upload (generated voters), key ceremony signed by each key holder's own
 * key, freeze (credentials registered on the ledger), open, invitations through the dev outbox
 * (each with the personal link). For the load benchmark and the crash tests.
 */
import { orgProfile, type NetworkProfile } from '@ballotledger/test-network';
import { expectStatus, KeyholderClient, staffSession, type ApiSession } from './api-clients.js';

export const API_KEY_HOLDERS = [
  { org: 'Central', identity: 'keyholder1' },
  { org: 'Central', identity: 'keyholder2' },
  { org: 'Seoul', identity: 'keyholder3' },
  { org: 'Busan', identity: 'keyholder4' },
  { org: 'Observer', identity: 'keyholder5' },
] as const;

export interface ApiVoter {
  readonly voterId: string;
  readonly name: string;
  readonly birthDate: string;
  readonly link: string;
}

export interface ApiElection {
  readonly electionId: string;
  readonly admin: ApiSession;
  readonly holders: KeyholderClient[];
  readonly voters: ApiVoter[];
  /** Seconds per setup phase. */
  readonly timings: Record<string, number>;
}

/** Voter i of a generated roll (deterministic, so a test can recompute name and birth date). */
export function generatedVoter(i: number): { voterId: string; name: string; birthDate: string; phone: string } {
  const year = 1950 + (i % 50);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return { voterId: `v${String(i).padStart(7, '0')}`, name: `유권자${i}`, birthDate: `${year}-${month}-${day}`, phone: `010-${String(1000 + (i % 9000))}-${String(1000 + ((i * 7) % 9000))}` };
}

export function electionInput(electionId: string, profile: NetworkProfile, title = '부하 시험 선거 / load test election'): Record<string, unknown> {
  return {
    electionId,
    title,
    descriptionMarkdown: '성능 및 장애 시험용 선거입니다.',
    organizationId: orgProfile(profile, 'Central').mspId, // the commission's own election (the gateways here are Central's)
    schedule: { opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    contests: [
      {
        contestId: 'president', label: '회장', description: null, type: 'choice', abstain: true, min: 1, max: 1,
        candidates: [
          { optionId: 'c1', number: 1, name: '김민지', party: null, photoSha256: null, profileMarkdown: null },
          { optionId: 'c2', number: 2, name: '이서준', party: null, photoSha256: null, profileMarkdown: null },
          { optionId: 'c3', number: 3, name: '박하늘', party: null, photoSha256: null, profileMarkdown: null },
        ],
      },
      { contestId: 'budget', label: '예산안 승인', description: null, type: 'yesno', abstain: false, candidates: [] },
    ],
    keyHolders: API_KEY_HOLDERS.map((h, i) => ({ index: i + 1, mspId: orgProfile(profile, h.org).mspId, enrollmentId: h.identity, name: `${h.org} ${h.identity}` })),
    threshold: 3,
    identityMethod: 'birthdate',
    channels: ['web', 'mobile'],
    resultsVisibility: 'public',
    templates: { invitation: '[{electionTitle}] 투표 링크: {link}', reminder: '[{electionTitle}] 아직 투표하지 않으셨습니다: {link}' },
  };
}

/** Choices of voter i for the election above: cycles through every option. */
export function choicesOf(i: number): number[][] {
  const chair = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]][i % 4]!;
  return [chair, i % 3 === 0 ? [0, 1] : [1, 0]];
}

export async function setUpApiElection(
  baseUrl: string,
  adminPassword: string,
  profile: NetworkProfile,
  voterCount: number,
  options: { electionId?: string; log?: (s: string) => void } = {},
): Promise<ApiElection> {
  const log = options.log ?? (() => undefined);
  const eid = options.electionId ?? `ld-${Date.now().toString(36)}`;
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const v = await fn();
    timings[label] = (performance.now() - t0) / 1000;
    log(`${label}: ${timings[label]!.toFixed(1)} s`);
    return v;
  };
  const admin = await staffSession(baseUrl, 'admin', adminPassword);
  await timed('create', async () => expectStatus(await admin.post('/api/admin/elections', electionInput(eid, profile)), 201, 'create election'));
  await timed(`roll upload (${voterCount} voters)`, async () => {
    const rows = ['voterId,name,birthDate,phone,email,group'];
    for (let i = 0; i < voterCount; i++) {
      const v = generatedVoter(i);
      rows.push(`${v.voterId},${v.name},${v.birthDate},${v.phone},,${i % 10}반`);
    }
    expectStatus(await admin.upload(`/api/admin/elections/${eid}/roll`, Buffer.from(rows.join('\n'))), 200, 'roll upload');
  });
  const holders: KeyholderClient[] = [];
  await timed('key ceremony (5 holders, 3 rounds, signed by each holder)', async () => {
    for (const h of API_KEY_HOLDERS) {
      const c = KeyholderClient.fromProfile(baseUrl, profile, h.org, h.identity);
      await c.signIn();
      holders.push(c);
    }
    for (const h of holders) await h.postRound1(eid);
    for (const h of holders) await h.postRound2(eid);
    for (const h of holders) await h.review(eid);
    expectStatus(await admin.post(`/api/admin/elections/${eid}/ceremony/finalize`), 200, 'finalize');
  });
  await timed('freeze (credentials registered on the ledger)', async () => expectStatus(await admin.post(`/api/admin/elections/${eid}/freeze`), 200, 'freeze'));
  await timed('open', async () => expectStatus(await admin.post(`/api/admin/elections/${eid}/open`), 200, 'open'));
  const links = new Map<string, string>();
  await timed('invitations (dev outbox)', async () => {
    expectStatus(await admin.post(`/api/admin/elections/${eid}/messages/send`, { kind: 'invitation', channel: 'sms', electionTitle: '부하 시험', deadline: '마감 전' }), 200, 'send invitations');
    for (let offset = 0; ; offset += 10_000) {
      const page = expectStatus(await admin.get(`/api/dev/outbox?electionId=${eid}&kind=invitation&limit=10000&offset=${offset}`), 200, 'outbox').body as { voterId: string; body: string }[];
      for (const m of page) links.set(m.voterId, /https?:\/\/\S+\/v\/\S+#\S+/.exec(m.body)![0]);
      if (page.length < 10_000) break;
    }
  });
  if (links.size !== voterCount) throw new Error(`expected ${voterCount} invitation links, got ${links.size}`);
  const voters = Array.from({ length: voterCount }, (_, i) => {
    const v = generatedVoter(i);
    return { voterId: v.voterId, name: v.name, birthDate: v.birthDate, link: links.get(v.voterId)! };
  });
  return { electionId: eid, admin, holders, voters, timings };
}
