// The same journeys against a running gateway (and Fabric network) at BL_E2E_BASE_URL:
//   BL_E2E_BASE_URL            e.g. http://localhost:8080 (the gateway serving web/dist)
//   BL_E2E_ADMIN_USER / _PASSWORD   an orgadmin (or admin) staff account
//   BL_E2E_KEYHOLDER_IDS       comma-separated paths of key-holder identity files (JSON
//                              { mspId, enrollmentId, certificate, privateKey }), one per holder
//   BL_E2E_ORG                 organization id for the election (default: the admin's orgId)
// The gateway must run with BL_DEV_ROUTES=true so the voters' personal links can be read from
// the dev outbox. Skipped, with a message, when BL_E2E_BASE_URL is not set.
import { ballotTracker } from '@ballotledger/core';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { axe, cspViolations, DESKTOP, launch, openPage, PHONE, shot, type Watched } from './support/browser.js';

const BASE = process.env['BL_E2E_BASE_URL']?.replace(/\/+$/, '');
const ADMIN_USER = process.env['BL_E2E_ADMIN_USER'] ?? 'admin';
const ADMIN_PASSWORD = process.env['BL_E2E_ADMIN_PASSWORD'] ?? '';
const HOLDER_FILES = (process.env['BL_E2E_KEYHOLDER_IDS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const EID = `e2e-${Date.now().toString(36)}`;
const PASS = 'e2e backup passphrase 2026';

interface HolderId {
  mspId: string;
  enrollmentId: string;
  file: string;
  backup: string | null;
}

describe('real stack (BL_E2E_BASE_URL)', function () {
  this.timeout(600_000);
  let browser: Browser;
  const holders: HolderId[] = [];
  let links: string[] = [];
  let tracker = '';

  before(async function () {
    if (BASE === undefined || BASE === '') {
      console.log('    real-stack e2e skipped: set BL_E2E_BASE_URL (and BL_E2E_ADMIN_USER, BL_E2E_ADMIN_PASSWORD, BL_E2E_KEYHOLDER_IDS) to run it against a gateway');
      this.skip();
    }
    if (HOLDER_FILES.length === 0) throw new Error('BL_E2E_KEYHOLDER_IDS is required');
    for (const f of HOLDER_FILES) {
      const file = await readFile(f, 'utf8');
      const j = JSON.parse(file) as { mspId: string; enrollmentId: string };
      holders.push({ mspId: j.mspId, enrollmentId: j.enrollmentId, file, backup: null });
    }
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  async function adminPage(viewport = DESKTOP): Promise<Watched> {
    const w = await openPage(browser, { viewport });
    await w.page.goto(`${BASE}/admin`);
    await w.page.getByLabel('아이디').fill(ADMIN_USER);
    await w.page.getByLabel('비밀번호').fill(ADMIN_PASSWORD);
    await w.page.getByRole('button', { name: '로그인' }).click();
    await w.page.getByRole('heading', { name: '선거 목록' }).waitFor();
    return w;
  }

  async function clean(w: Watched): Promise<void> {
    expect(await cspViolations(w)).to.deep.equal([]);
    await w.context.close();
  }

  it('the auditor view shows every peer in agreement', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    await w.page.goto(`${BASE}/audit`);
    await w.page.getByTestId('peers').waitFor();
    expect(await w.page.locator('article[data-mismatch="true"]').count()).to.equal(0);
    await shot(w.page, 'real-auditor-peers');
    await clean(w);
  });

  it('an admin creates an election through the wizard', async () => {
    const w = await adminPage();
    const page = w.page;
    await page.getByRole('link', { name: '새 선거 만들기' }).click();
    await page.getByLabel('선거 ID').fill(EID);
    await page.getByLabel('선거 이름').fill(`E2E 선거 ${EID}`);
    const org: string = process.env['BL_E2E_ORG'] ?? (await page.evaluate(() => fetch('/api/staff/session').then((r) => r.json()).then((s: { user: { orgId: string | null } }) => s.user.orgId ?? 'org-1')));
    // an organization admin's own organization is filled in and fixed; commission staff may change it
    if (await page.getByLabel('기관 ID').isEditable()) await page.getByLabel('기관 ID').fill(org);
    await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByLabel('안건 유형').selectOption('choice');
    await page.getByRole('button', { name: '안건 추가' }).click();
    await page.getByLabel('안건 이름').fill('대표');
    await page.getByLabel('기권 허용').check();
    for (const name of ['가나다', '라마바']) {
      await page.getByRole('button', { name: '후보 추가' }).click();
      await page.getByLabel('이름', { exact: true }).last().fill(name);
    }
    await page.getByLabel('안건 유형').selectOption('yesno');
    await page.getByRole('button', { name: '안건 추가' }).click();
    await page.getByLabel('안건 이름').last().fill('회칙 개정');
    await page.getByRole('button', { name: '다음', exact: true }).click();
    // schedule: open now, close in two hours (KST inputs)
    const kst = (ms: number): string => new Date(Date.now() + ms + 9 * 3_600_000).toISOString().slice(0, 16);
    await page.getByLabel('투표 시작').fill(kst(-60_000)!);
    await page.getByLabel('투표 마감').fill(kst(2 * 3_600_000));
    await page.getByRole('button', { name: '다음', exact: true }).click();
    for (const [i, h] of holders.entries()) {
      await page.getByRole('button', { name: '키 보관자 추가' }).click();
      const box = page.locator('.holder-editor').last();
      await box.getByLabel('이름').fill(`보관자 ${i + 1}`);
      await box.getByLabel('소속 기관(MSP)').fill(h.mspId);
      await box.getByLabel('등록 ID').fill(h.enrollmentId);
    }
    await page.getByLabel('개표에 필요한 인원').fill(String(Math.min(2, holders.length)));
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByTestId('ballot-preview').waitFor();
    await page.getByRole('button', { name: '선거 만들기' }).click();
    await page.getByRole('heading', { name: new RegExp(`E2E 선거 ${EID}`) }).waitFor();
    await clean(w);
  });

  it('uploads a roll with a bad row (report), fixes it, freezes it', async () => {
    const w = await adminPage();
    const page = w.page;
    await page.goto(`${BASE}/admin/elections/${EID}?tab=roll`);
    const rows = ['선거인번호,성명,생년월일,휴대전화,이메일,소속', 'V001,홍길동,1990-03-07,010-1111-2222,,A', 'V002,김영희,1985-12-01,010-3333-4444,,B', 'V003,이철수,1979-07-15,010-5555-6666,,A'];
    const bad = [...rows.slice(0, 3), 'V003,이철수,1979-02-30,010-5555-6666,,A'].join('\n');
    await page.getByLabel('선거인명부 파일').setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${bad}\n`) });
    await page.getByTestId('roll-report').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('roll-report').locator('tbody tr').first().innerText()).to.contain('4');
    await page.getByLabel('선거인명부 파일').setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${rows.join('\n')}\n`) });
    await page.getByText('선거인 3명을 저장했습니다.').waitFor();
    await page.getByRole('button', { name: '명부 확정' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '명부 확정' }).click();
    await page.getByText(/확정됨: 선거인 3명/).first().waitFor({ timeout: 120_000 });
    await clean(w);
  });

  async function holderPage(h: HolderId): Promise<Page> {
    const w = await openPage(browser, { viewport: DESKTOP });
    const page = w.page;
    await page.goto(`${BASE}/keyholder`);
    await page.getByLabel('신원 파일').setInputFiles({ name: 'id.json', mimeType: 'application/json', buffer: Buffer.from(h.file) });
    await page.getByRole('button', { name: '서명하고 로그인' }).click();
    await page.getByRole('button', { name: `E2E 선거 ${EID}` }).click();
    return page;
  }

  async function signAndPost(page: Page): Promise<void> {
    const signer = page.getByTestId('tx-signer');
    await signer.getByRole('button', { name: '서명하고 올리기' }).click();
    await page.getByText(/원장에 기록되었습니다\(트랜잭션/).waitFor({ timeout: 120_000 });
  }

  async function restore(page: Page, h: HolderId): Promise<void> {
    await page.getByLabel('백업 파일').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(h.backup!) });
    await page.getByLabel('백업 암호').fill(PASS);
    await page.getByRole('button', { name: '열기', exact: true }).click();
  }

  it('every key holder completes the ceremony in the browser (round 1 with backup, round 2, review)', async () => {
    for (const h of holders) {
      const page = await holderPage(h);
      await page.getByRole('button', { name: '키 조각 만들기' }).click();
      await page.getByLabel('백업 암호', { exact: true }).fill(PASS);
      await page.getByLabel('백업 암호 확인').fill(PASS);
      const dl = page.waitForEvent('download');
      await page.getByRole('button', { name: '암호로 잠가 저장' }).click();
      h.backup = await readFile((await (await dl).path()), 'utf8');
      await page.getByLabel('백업 파일').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(h.backup) });
      await page.locator('form.panel').getByLabel('백업 암호').fill(PASS);
      await page.getByRole('button', { name: '열기', exact: true }).click();
      await page.getByText('백업을 확인했습니다.').waitFor({ timeout: 60_000 });
      await signAndPost(page);
      await page.context().close();
    }
    for (const stage of ['round2', 'review'] as const) {
      for (const h of holders) {
        const page = await holderPage(h);
        await page.getByRole('heading', { name: stage === 'round2' ? /2단계/ : /3단계/ }).first().waitFor({ timeout: 60_000 });
        await restore(page, h);
        await signAndPost(page);
        await page.context().close();
      }
    }
  });

  it('the admin finalizes the ceremony, opens voting and sends invitations', async () => {
    const w = await adminPage();
    const page = w.page;
    await page.goto(`${BASE}/admin/elections/${EID}?tab=ceremony`);
    await page.getByRole('button', { name: '키 생성 완료 처리' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '키 생성 완료 처리' }).click();
    await page.getByText('개표 키 생성이 완료되었습니다.').first().waitFor({ timeout: 120_000 });
    await page.goto(`${BASE}/admin/elections/${EID}?tab=overview`);
    await page.getByRole('button', { name: '투표 시작' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '투표 시작' }).click();
    await page.getByRole('button', { name: '일시 중지' }).waitFor({ timeout: 120_000 });
    await page.goto(`${BASE}/admin/elections/${EID}?tab=messages`);
    await page.getByLabel('종류').selectOption('invitation');
    await page.getByRole('button', { name: '수신자와 비용 확인' }).click();
    await page.getByTestId('campaign-plan').waitFor();
    await page.getByRole('button', { name: '보내기' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '보내기' }).click();
    await page.getByText(/건을 보냈습니다/).waitFor();
    const outbox = (await (await fetch(`${BASE}/api/dev/outbox?electionId=${EID}&kind=invitation`)).json()) as { body: string | null }[];
    links = outbox.map((m) => /https?:\/\/\S+\/v\/[A-Za-z0-9_-]+(#[A-Za-z0-9_-]+)?/.exec(m.body ?? '')?.[0] ?? '').filter(Boolean);
    expect(links.length).to.equal(3);
    expect(links[0], 'personal links must carry the credential secret after #').to.match(/#/);
    await clean(w);
  });

  it('a voter votes on a phone; the receipt is found by its tracker; the live turnout moves', async function () {
    const w = await openPage(browser, { viewport: PHONE });
    const page = w.page;
    await page.goto(links[0]!.replace(/^https?:\/\/[^/]+/, BASE!));
    await page.locator('[data-step="captcha"]').waitFor();
    // Answered like a screen-reader user: the text form of the CAPTCHA (switch to English to read it).
    await page.getByRole('button', { name: '글로 된 문제로 바꾸기' }).click();
    await page.locator('#captcha-q span').waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const question = await page.locator('#captcha-q span').innerText();
    await page.getByRole('button', { name: '한국어로 보기' }).click();
    await page.getByLabel('숫자 입력').fill(answerCaptcha(question));
    await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByLabel('이름', { exact: true }).fill('홍길동');
    await page.getByLabel('생년월일').fill('1990-03-07');
    await page.getByRole('button', { name: '확인', exact: true }).click();
    await page.getByRole('button', { name: '투표 시작' }).click();
    await page.getByRole('radio', { name: /가나다/ }).check();
    await page.locator('.actions .btn-primary').click();
    await page.getByRole('radio', { name: '찬성', exact: true }).check();
    await page.locator('.actions .btn-primary').click();
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/voter/ballot'));
    await page.getByRole('button', { name: '이대로 투표하기' }).click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { ballot: Parameters<typeof ballotTracker>[0] };
    await page.locator('[data-step="receipt"]').waitFor({ timeout: 120_000 });
    tracker = ballotTracker(body.ballot);
    expect(await page.locator('.tracker-full').innerText()).to.contain(tracker);
    expect(await axe(page)).to.deep.equal([]);
    await page.goto(`${BASE}/track?e=${EID}&t=${tracker}`);
    await page.getByText('이 추적번호의 투표지가 원장에 기록되어 있습니다.').waitFor();
    await clean(w);
    const a = await adminPage();
    await a.page.goto(`${BASE}/admin/elections/${EID}?tab=turnout`);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="turnout-voted"]')?.textContent === '1', undefined, { timeout: 60_000 });
    await clean(a);
  });

  it('close, tally, decryption shares from the backups, publish; results and the record verify in the browser', async () => {
    const w = await adminPage();
    const page = w.page;
    await page.goto(`${BASE}/admin/elections/${EID}?tab=overview`);
    await page.getByRole('button', { name: '투표 마감' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '투표 마감' }).click();
    await page.goto(`${BASE}/admin/elections/${EID}?tab=results`);
    await page.getByRole('button', { name: '개표(합산) 시작' }).click();
    for (const h of holders.slice(0, Math.min(2, holders.length))) {
      const hp = await holderPage(h);
      await hp.getByRole('heading', { name: /4단계/ }).first().waitFor({ timeout: 120_000 });
      await restore(hp, h);
      await signAndPost(hp);
      await hp.context().close();
    }
    await page.reload();
    await page.getByRole('button', { name: '결과 공개' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '결과 공개' }).click();
    await page.locator('figure.chart').first().waitFor({ timeout: 120_000 });
    await clean(w);
    const v = await openPage(browser, { viewport: DESKTOP });
    await v.page.goto(`${BASE}/audit/verify?e=${EID}`);
    await v.page.getByRole('button', { name: '가져와서 검증' }).click();
    await v.page.getByText(/검사 18가지를 모두 통과했습니다/).waitFor({ timeout: 120_000 });
    await v.page.goto(`${BASE}/e/${EID}`);
    await v.page.getByRole('link', { name: '개표 증명서(PDF) 인쇄' }).waitFor();
    await clean(v);
  });
});

const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The text CAPTCHA reads six digits out as words; the answer is the digits. */
function answerCaptcha(question: string): string {
  return (question.toLowerCase().match(/[a-z]+/g) ?? []).map((w) => EN_NUMBERS.indexOf(w)).filter((n) => n >= 0).join('');
}
