// The service desk against a running gateway (and Fabric network) at BL_E2E_BASE_URL, from the
// application to the first election created by the new organization admin, then a whole
// election run by that admin (with key-holder identity files) and its fee statement:
//   BL_E2E_BASE_URL                        e.g. http://localhost:8080 (BL_DEV_ROUTES=true: the
//                                          invitation link and the SMS codes are read from the
//                                          dev outbox, GET /api/dev/outbox?kind=notice|sms-code)
//   BL_E2E_STAFF_USER / _PASSWORD          commission staff (role admin) of that gateway
//                                          (default: BL_E2E_ADMIN_USER / _PASSWORD)
//   BL_E2E_KEYHOLDER_IDS                   key-holder identity files (mspId, enrollmentId, keys); without
//                                          them the first election names <own MSP>/keyholder1 and the
//                                          whole-election test is skipped
// Skipped, with a message, when BL_E2E_BASE_URL is not set.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { axe, DESKTOP, launch, openPage, PHONE, shot, type Watched } from './support/browser.js';
import { clean, ElectionJourney, readHolderIdentities } from './support/election-journey.js';

const BASE = process.env['BL_E2E_BASE_URL']?.replace(/\/+$/, '');
const STAFF_USER = process.env['BL_E2E_STAFF_USER'] ?? process.env['BL_E2E_ADMIN_USER'] ?? 'admin';
const STAFF_PASSWORD = process.env['BL_E2E_STAFF_PASSWORD'] ?? process.env['BL_E2E_ADMIN_PASSWORD'] ?? '';
const HOLDER_FILES = (process.env['BL_E2E_KEYHOLDER_IDS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const RUN = Date.now().toString(36);
const ORG = `e2e-org-${RUN}`;
const ORG_NAME = `E2E 한빛고등학교 ${RUN}`;
const ORG_PASSWORD = `e2e organization admin ${RUN}`;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

interface ServiceInfo {
  own: string;
  commissions: { mspId: string; name: { ko: string; en: string }; regions: string[] }[];
}
interface OutboxMessage {
  kind: string;
  body: string | null;
  createdAt: string;
}

const REGION_LABEL: Record<string, string> = { national: '전국', seoul: '서울특별시', busan: '부산광역시', other: '그 밖의 지역' };

async function outbox(kind: 'notice' | 'sms-code', since: number, match: (body: string) => boolean): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const list = (await (await fetch(`${BASE}/api/dev/outbox?kind=${kind}`)).json()) as OutboxMessage[];
    const m = list.filter((x) => Date.parse(x.createdAt) >= since - 2000 && x.body !== null && match(x.body)).at(-1);
    if (m !== undefined) return m.body!;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${kind} message in the dev outbox (is BL_DEV_ROUTES on?)`);
}

describe('real stack: service desk (BL_E2E_BASE_URL)', function () {
  this.timeout(600_000);
  let browser: Browser;
  let info: ServiceInfo;
  let ref = '';
  let statusLink = '';
  let username = '';
  const holders: { mspId: string; enrollmentId: string }[] = [];

  before(async function () {
    if (BASE === undefined || BASE === '') {
      console.log('    real-stack service-desk e2e skipped: set BL_E2E_BASE_URL (and BL_E2E_STAFF_USER, BL_E2E_STAFF_PASSWORD) to run it against a gateway');
      this.skip();
    }
    info = (await (await fetch(`${BASE}/api/service/commissions`)).json()) as ServiceInfo;
    for (const f of HOLDER_FILES) {
      const j = JSON.parse(await readFile(f, 'utf8')) as { mspId: string; enrollmentId: string };
      holders.push({ mspId: j.mspId, enrollmentId: j.enrollmentId });
    }
    if (holders.length === 0) holders.push({ mspId: info.own, enrollmentId: 'keyholder1' });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function staffPage(): Promise<Watched> {
    const w = await openPage(browser, { viewport: DESKTOP });
    await w.page.goto(`${BASE}/admin`);
    await w.page.getByLabel('아이디').fill(STAFF_USER);
    await w.page.getByLabel('비밀번호').fill(STAFF_PASSWORD);
    await w.page.getByRole('button', { name: '로그인' }).click();
    await w.page.getByRole('heading', { name: '선거 목록' }).waitFor();
    return w;
  }

  async function decide(page: Page, decision: '승인' | '보완 요청', reason: string): Promise<void> {
    await page.goto(`${BASE}/admin/applications/${ref}`);
    await page.getByRole('radio', { name: decision }).check();
    await page.getByLabel('사유 (신청인에게 보임)').fill(reason);
    await page.getByRole('button', { name: '결정 등록' }).click();
    await page.getByRole('dialog').getByRole('button', { name: decision }).click();
    await page.getByTestId('decision-done').waitFor({ timeout: 60_000 });
  }

  it('an organization applies: the wrong commission is named, a bad file refused, documents, submit', async () => {
    const own = info.commissions.find((c) => c.mspId === info.own)!;
    const other = info.commissions.find((c) => c.mspId !== info.own);
    const w = await openPage(browser, { viewport: PHONE });
    const page = w.page;
    await page.goto(`${BASE}/apply`);
    await page.getByLabel('기관·단체 이름').fill(ORG_NAME);
    await page.getByLabel('기관 ID (영문)').fill(ORG);
    await page.getByRole('radio', { name: '학교' }).check();
    await page.getByLabel('담당자 이름').fill('박선생');
    await page.getByLabel('담당자 휴대전화').fill('010-7777-8888');
    await page.getByLabel('담당자 이메일').fill('teacher@hanbit.example.kr');
    await page.getByLabel('선거 이름').fill('2027 학생회장 선거');
    await page.getByLabel('투표일 (예정)').fill('2027-03-10');
    await page.getByLabel('예상 선거인 수').fill('640');
    expect((await axe(page)).join('\n')).to.equal('');
    if (other !== undefined) {
      await page.getByRole('radio', { name: REGION_LABEL[other.regions[0]!]! }).check();
      await page.getByRole('button', { name: '신청서 만들기' }).click();
      await page.getByTestId('wrong-commission').getByText(`${other.name.ko}에 신청해야 합니다.`).waitFor();
    }
    await page.getByRole('radio', { name: REGION_LABEL[own.regions[0]!]! }).check();
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    await page.getByTestId('ref-box').waitFor();
    const url = new URL(page.url());
    ref = /\/apply\/status\/(APP-\d{4}-[0-9A-F]{8})$/.exec(url.pathname)![1]!;
    expect(url.hash.length).to.be.greaterThan(40);
    statusLink = `${BASE}/apply/status/${ref}${url.hash}`;
    await page.getByLabel('첨부할 파일').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByTestId('upload-problems').getByText(/notes\.txt/).waitFor();
    await page.getByLabel('첨부할 파일').setInputFiles({ name: '공문.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('documents').getByText('공문.pdf').waitFor();
    await page.getByRole('button', { name: '위원회에 제출' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '위원회에 제출' }).click();
    await page.getByTestId('submitted').waitFor({ timeout: 60_000 });
    await page.getByTestId('application').getByText('심사 중').waitFor();
    await shot(page, 'real-desk-submitted');
    await clean(w);
  });

  it('the commission requests changes; the organization resubmits; the commission approves', async () => {
    const s = await staffPage();
    await s.page.getByRole('link', { name: '이용 신청 심사' }).click();
    await s.page.getByTestId('application-queue').getByText(ref).waitFor();
    await decide(s.page, '보완 요청', '학교장 직인이 있는 공문을 첨부해 주세요');
    const w = await openPage(browser, { viewport: PHONE });
    await w.page.goto(statusLink);
    await w.page.getByTestId('decision-reason').getByText(/학교장 직인이 있는 공문을 첨부해 주세요/).waitFor();
    await w.page.getByLabel('첨부할 파일').setInputFiles({ name: 'stamped.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.from('% stamped')]) });
    await w.page.getByTestId('documents').getByText('stamped.pdf').waitFor();
    // and corrects the expected number of voters
    const edit = w.page.getByTestId('edit-details');
    await edit.getByText('신청 내용 고치기').click();
    await edit.getByLabel('예상 선거인 수').fill('700');
    await edit.getByRole('button', { name: '고친 내용 저장' }).click();
    await edit.getByTestId('edit-saved').waitFor();
    await w.page.getByTestId('application').getByText('선거인 약 700명', { exact: false }).waitFor();
    await w.page.getByRole('button', { name: '보완하여 다시 제출' }).click();
    await w.page.getByRole('dialog').getByRole('button', { name: '보완하여 다시 제출' }).click();
    await w.page.getByTestId('submitted').waitFor({ timeout: 60_000 });
    const since = Date.now();
    await decide(s.page, '승인', '요건 충족');
    await s.page.getByTestId('application-history').getByRole('row', { name: /보완 후 다시 제출/ }).waitFor();
    await s.page.getByText('선거인 약 700명', { exact: false }).waitFor();
    const first = await outbox('notice', since, (b) => b.includes(ref) && b.includes('/staff/invitation#'));
    // the first e-mail "was lost": the commission sends a new link; the organization uses that one
    const resent = Date.now();
    await s.page.getByRole('button', { name: '초대 링크 다시 보내기' }).click();
    await s.page.getByTestId('invitation-resent').waitFor({ timeout: 60_000 });
    await clean(s);
    await w.page.reload();
    await w.page.getByTestId('application').getByText('승인').waitFor();
    await clean(w);
    const mail = await outbox('notice', resent, (b) => b.includes(ref) && b.includes('/staff/invitation#') && b !== first);
    const link = /(\/staff\/invitation#[A-Za-z0-9_-]+)/.exec(mail)![1]!;
    username = /아이디: (\S+)/.exec(mail)![1]!;
    // the invitation: set the password, then sign in with the SMS code
    const o = await openPage(browser, { viewport: PHONE });
    await o.page.goto(`${BASE}${link}`);
    await o.page.getByLabel('새 비밀번호', { exact: true }).fill(ORG_PASSWORD);
    await o.page.getByLabel('새 비밀번호 확인').fill(ORG_PASSWORD);
    await o.page.getByRole('button', { name: '비밀번호 정하기' }).click();
    await o.page.getByTestId('invitation-done').getByText(username, { exact: false }).waitFor();
    await o.page.getByRole('link', { name: '로그인하러 가기' }).click();
    expect(await o.page.getByLabel('아이디').inputValue()).to.equal(username);
    await o.page.getByLabel('비밀번호').fill(ORG_PASSWORD);
    const codeSince = Date.now();
    await o.page.getByRole('button', { name: '로그인' }).click();
    await o.page.getByLabel('확인 코드 (6자리)').waitFor();
    const code = /(\d{6})/.exec(await outbox('sms-code', codeSince, (b) => /로그인 확인 코드/.test(b)))![1]!;
    await o.page.getByLabel('확인 코드 (6자리)').fill(code);
    await o.page.getByRole('button', { name: '확인' }).click();
    await o.page.getByRole('heading', { name: '선거 목록' }).waitFor();
    await clean(o);
  });

  async function orgAdminPage(): Promise<Watched> {
    const w = await openPage(browser, { viewport: DESKTOP });
    await w.page.goto(`${BASE}/admin`);
    await w.page.getByLabel('아이디').fill(username);
    await w.page.getByLabel('비밀번호').fill(ORG_PASSWORD);
    const since = Date.now();
    await w.page.getByRole('button', { name: '로그인' }).click();
    await w.page.getByLabel('확인 코드 (6자리)').waitFor();
    const code = /(\d{6})/.exec(await outbox('sms-code', since, (b) => /로그인 확인 코드/.test(b)))![1]!;
    await w.page.getByLabel('확인 코드 (6자리)').fill(code);
    await w.page.getByRole('button', { name: '확인' }).click();
    await w.page.getByRole('heading', { name: '선거 목록' }).waitFor();
    return w;
  }

  async function wizard(page: Page, electionId: string, opens: string, closes: string): Promise<void> {
    await page.goto(`${BASE}/admin/new`);
    expect(await page.getByLabel('기관 ID').inputValue(), 'organization id defaulted').to.equal(ORG);
    await page.getByLabel('선거 ID').fill(electionId);
    await page.getByLabel('선거 이름').fill(`2027 학생회장 선거 ${RUN}`);
    await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByLabel('안건 유형').selectOption('yesno');
    await page.getByRole('button', { name: '안건 추가' }).click();
    await page.getByLabel('안건 이름').fill('학생회 회칙 개정');
    await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByLabel('투표 시작').fill(opens);
    await page.getByLabel('투표 마감').fill(closes);
    await page.getByRole('button', { name: '다음', exact: true }).click();
    for (const [i, h] of holders.entries()) {
      await page.getByRole('button', { name: '키 보관자 추가' }).click();
      const box = page.locator('.holder-editor').last();
      await box.getByLabel('이름').fill(`위원 ${i + 1}`);
      await box.getByLabel('소속 기관(MSP)').fill(h.mspId);
      await box.getByLabel('등록 ID').fill(h.enrollmentId);
    }
    await page.getByLabel('개표에 필요한 인원').fill('1');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByRole('button', { name: '선거 만들기' }).click();
  }

  it('the new organization admin creates its first election; a blackout period refuses another', async () => {
    // commission staff declare a short blackout period far in the future, unique to this run
    const year = 2090 + (Date.now() % 9);
    const day = `${year}-01-0${1 + (Date.now() % 7)}`;
    const s = await staffPage();
    await s.page.getByRole('link', { name: '선거 금지 기간' }).click();
    await s.page.getByLabel('금지 기간 ID').fill(`e2e-${RUN}`);
    await s.page.getByLabel('시작 (KST)').fill(`${day}T00:00`);
    await s.page.getByLabel('끝 (KST)').fill(`${day}T12:00`);
    await s.page.getByLabel('사유', { exact: true }).fill(`E2E 금지 기간 ${RUN}`);
    await s.page.getByRole('button', { name: '금지 기간 등록' }).click();
    await s.page.getByRole('dialog').getByRole('button', { name: '금지 기간 등록' }).click();
    await s.page.getByTestId('blackouts').getByText(`e2e-${RUN}`).waitFor({ timeout: 60_000 });
    await clean(s);

    const w = await orgAdminPage();
    const kst = (ms: number): string => new Date(Date.now() + ms + 9 * 3_600_000).toISOString().slice(0, 16);
    await wizard(w.page, `${ORG}-e1`, kst(30 * 86_400_000), kst(31 * 86_400_000));
    await w.page.getByRole('heading', { name: new RegExp(`2027 학생회장 선거 ${RUN}`) }).waitFor({ timeout: 60_000 });
    await shot(w.page, 'real-desk-first-election');
    await wizard(w.page, `${ORG}-e2`, `${day}T06:00`, `${day}T18:00`);
    await w.page.getByTestId('blackout-refusal').getByText(new RegExp(`E2E 금지 기간 ${RUN}`)).waitFor({ timeout: 60_000 });
    await shot(w.page, 'real-desk-blackout-refused');
    await clean(w);
  });

  it('the organization admin runs an election to the end (roll, ceremony, voting, tally, results) and gets its fee statement', async function () {
    if (HOLDER_FILES.length === 0) {
      console.log('    whole-election test skipped: set BL_E2E_KEYHOLDER_IDS (key-holder identity files) to run the ceremony');
      this.skip();
    }
    const electionId = `${ORG}-e3`;
    const journey = new ElectionJourney({ base: BASE!, browser, electionId, title: `${ORG_NAME} 대의원 선거`, holders: await readHolderIdentities(HOLDER_FILES), adminPage: orgAdminPage });
    await journey.createWithWizard();
    await journey.uploadRollAndFreeze();
    await journey.keyCeremony();
    await journey.finalizeOpenAndInvite();
    await journey.voteOnPhone();
    await journey.closeTallyPublishAndVerify();
    // the statement prices what was actually used: 3 invitations, 1 identity check (birth date: free)
    const w = await orgAdminPage();
    await w.page.goto(`${BASE}/admin/elections/${electionId}?tab=fees`);
    const table = w.page.locator('table', { has: w.page.locator('caption', { hasText: '이용료 명세서' }) });
    await table.locator('tfoot').getByText(/₩[\d,]+/).waitFor({ timeout: 60_000 });
    const dl = w.page.waitForEvent('download');
    await w.page.getByRole('button', { name: 'CSV 내려받기' }).click();
    const csv = await readFile(await (await dl).path(), 'utf8');
    expect(csv).to.match(/^message\.(sms|lms|email),[^\n]*,3,/m);
    expect(csv).to.match(/^identity\.[a-z-]+,[^\n]*,1,0(\.0+)?,0/m);
    await shot(w.page, 'real-desk-fee-statement');
    await clean(w);
  });
});
