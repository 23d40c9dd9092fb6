// One election from the wizard to verified results, through the browser against a running
// gateway and Fabric network (the real-stack suites): wizard, roll upload with a broken row, key
// ceremony by every key holder in the key-holder console, finalize/open/invite, a voter on a
// phone, close/tally/decryption shares/publish, the record verified on the auditor page. The
// admin is whoever `adminPage` signs in (commission staff or an organization admin).
import { ballotTracker } from '@ballotledger/core';
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { axe, cspViolations, DESKTOP, openPage, PHONE, shot, type Watched } from './browser.js';

/** A key-holder identity file (JSON { mspId, enrollmentId, certificate, privateKey }). */
export interface HolderIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly file: string;
  backup: string | null;
}

export async function readHolderIdentities(paths: readonly string[]): Promise<HolderIdentity[]> {
  return Promise.all(
    paths.map(async (p) => {
      const file = await readFile(p, 'utf8');
      const j = JSON.parse(file) as { mspId: string; enrollmentId: string };
      return { mspId: j.mspId, enrollmentId: j.enrollmentId, file, backup: null };
    }),
  );
}

/** No CSP violation on the page; closes its context. */
export async function clean(w: Watched): Promise<void> {
  expect(await cspViolations(w)).to.deep.equal([]);
  await w.context.close();
}

export interface JourneyOptions {
  readonly base: string;
  readonly browser: Browser;
  readonly electionId: string;
  readonly title: string;
  readonly holders: HolderIdentity[];
  /** Opens a desktop page signed in to the admin console. */
  readonly adminPage: () => Promise<Watched>;
  /** Organization id to type in the wizard when the field is editable (commission staff). */
  readonly orgId?: string;
}

const PASS = 'e2e backup passphrase 2026';
const ROLL = ['선거인번호,성명,생년월일,휴대전화,이메일,소속', 'V001,홍길동,1990-03-07,010-1111-2222,,A', 'V002,김영희,1985-12-01,010-3333-4444,,B', 'V003,이철수,1979-07-15,010-5555-6666,,A'];

export class ElectionJourney {
  /** Personal links from the invitations (after {@link finalizeOpenAndInvite}). */
  links: string[] = [];
  /** The first voter's tracker (after {@link voteOnPhone}). */
  tracker = '';
  readonly #o: JourneyOptions;

  constructor(options: JourneyOptions) {
    this.#o = options;
  }

  get #url(): string {
    return `${this.#o.base}/admin/elections/${this.#o.electionId}`;
  }

  async createWithWizard(): Promise<void> {
    const w = await this.#o.adminPage();
    const page = w.page;
    await page.getByRole('link', { name: '새 선거 만들기' }).click();
    await page.getByLabel('선거 ID').fill(this.#o.electionId);
    await page.getByLabel('선거 이름').fill(this.#o.title);
    // an organization admin's own organization is filled in and fixed; commission staff may change it
    if (this.#o.orgId !== undefined && (await page.getByLabel('기관 ID').isEditable())) await page.getByLabel('기관 ID').fill(this.#o.orgId);
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
    await page.getByLabel('투표 시작').fill(kst(-60_000));
    await page.getByLabel('투표 마감').fill(kst(2 * 3_600_000));
    await page.getByRole('button', { name: '다음', exact: true }).click();
    for (const [i, h] of this.#o.holders.entries()) {
      await page.getByRole('button', { name: '키 보관자 추가' }).click();
      const box = page.locator('.holder-editor').last();
      await box.getByLabel('이름').fill(`보관자 ${i + 1}`);
      await box.getByLabel('소속 기관(MSP)').fill(h.mspId);
      await box.getByLabel('등록 ID').fill(h.enrollmentId);
    }
    await page.getByLabel('개표에 필요한 인원').fill(String(this.#threshold));
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '다음', exact: true }).click();
    await page.getByTestId('ballot-preview').waitFor();
    await page.getByRole('button', { name: '선거 만들기' }).click();
    await page.getByRole('heading', { name: new RegExp(this.#o.title) }).waitFor({ timeout: 60_000 });
    await clean(w);
  }

  get #threshold(): number {
    return Math.min(2, this.#o.holders.length);
  }

  async uploadRollAndFreeze(): Promise<void> {
    const w = await this.#o.adminPage();
    const page = w.page;
    await page.goto(`${this.#url}?tab=roll`);
    const bad = [...ROLL.slice(0, 3), 'V003,이철수,1979-02-30,010-5555-6666,,A'].join('\n');
    await page.getByLabel('선거인명부 파일').setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${bad}\n`) });
    await page.getByTestId('roll-report').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('roll-report').locator('tbody tr').first().innerText()).to.contain('4');
    await page.getByLabel('선거인명부 파일').setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${ROLL.join('\n')}\n`) });
    await page.getByText('선거인 3명을 저장했습니다.').waitFor();
    await page.getByRole('button', { name: '명부 확정' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '명부 확정' }).click();
    await page.getByText(/확정됨: 선거인 3명/).first().waitFor({ timeout: 120_000 });
    await clean(w);
  }

  async #holderPage(h: HolderIdentity): Promise<Page> {
    const w = await openPage(this.#o.browser, { viewport: DESKTOP });
    const page = w.page;
    await page.goto(`${this.#o.base}/keyholder`);
    await page.getByLabel('신원 파일').setInputFiles({ name: 'id.json', mimeType: 'application/json', buffer: Buffer.from(h.file) });
    await page.getByRole('button', { name: '서명하고 로그인' }).click();
    await page.getByRole('button', { name: this.#o.title }).click();
    return page;
  }

  async #signAndPost(page: Page): Promise<void> {
    await page.getByTestId('tx-signer').getByRole('button', { name: '서명하고 올리기' }).click();
    await page.getByText(/원장에 기록되었습니다\(트랜잭션/).waitFor({ timeout: 120_000 });
  }

  async #restore(page: Page, h: HolderIdentity): Promise<void> {
    await page.getByLabel('백업 파일').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(h.backup!) });
    await page.getByLabel('백업 암호').fill(PASS);
    await page.getByRole('button', { name: '열기', exact: true }).click();
  }

  async keyCeremony(): Promise<void> {
    for (const h of this.#o.holders) {
      const page = await this.#holderPage(h);
      await page.getByRole('button', { name: '키 조각 만들기' }).click();
      await page.getByLabel('백업 암호', { exact: true }).fill(PASS);
      await page.getByLabel('백업 암호 확인').fill(PASS);
      const dl = page.waitForEvent('download');
      await page.getByRole('button', { name: '암호로 잠가 저장' }).click();
      h.backup = await readFile(await (await dl).path(), 'utf8');
      await page.getByLabel('백업 파일').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(h.backup) });
      await page.locator('form.panel').getByLabel('백업 암호').fill(PASS);
      await page.getByRole('button', { name: '열기', exact: true }).click();
      await page.getByText('백업을 확인했습니다.').waitFor({ timeout: 60_000 });
      await this.#signAndPost(page);
      await page.context().close();
    }
    for (const stage of ['round2', 'review'] as const) {
      for (const h of this.#o.holders) {
        const page = await this.#holderPage(h);
        await page.getByRole('heading', { name: stage === 'round2' ? /2단계/ : /3단계/ }).first().waitFor({ timeout: 60_000 });
        await this.#restore(page, h);
        await this.#signAndPost(page);
        await page.context().close();
      }
    }
  }

  async finalizeOpenAndInvite(): Promise<void> {
    const w = await this.#o.adminPage();
    const page = w.page;
    await page.goto(`${this.#url}?tab=ceremony`);
    await page.getByRole('button', { name: '키 생성 완료 처리' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '키 생성 완료 처리' }).click();
    await page.getByText('개표 키 생성이 완료되었습니다.').first().waitFor({ timeout: 120_000 });
    await page.goto(`${this.#url}?tab=overview`);
    await page.getByRole('button', { name: '투표 시작' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '투표 시작' }).click();
    await page.getByRole('button', { name: '일시 중지' }).waitFor({ timeout: 120_000 });
    await page.goto(`${this.#url}?tab=messages`);
    await page.getByLabel('종류').selectOption('invitation');
    await page.getByRole('button', { name: '수신자와 비용 확인' }).click();
    await page.getByTestId('campaign-plan').waitFor();
    await page.getByRole('button', { name: '보내기' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '보내기' }).click();
    await page.getByText(/건을 보냈습니다/).waitFor();
    const outbox = (await (await fetch(`${this.#o.base}/api/dev/outbox?electionId=${this.#o.electionId}&kind=invitation`)).json()) as { body: string | null }[];
    this.links = outbox.map((m) => /https?:\/\/\S+\/v\/[A-Za-z0-9_-]+(#[A-Za-z0-9_-]+)?/.exec(m.body ?? '')?.[0] ?? '').filter(Boolean);
    expect(this.links.length).to.equal(3);
    expect(this.links[0], 'personal links must carry the credential secret after #').to.match(/#/);
    await clean(w);
  }

  /**
   * The first voter (홍길동) challenges the encryption (Benaloh: the test ballot is published and
   * checked on another page), then votes on a phone; the receipt is found by its tracker; the live
   * turnout moves.
   */
  async voteOnPhone(): Promise<void> {
    const w = await openPage(this.#o.browser, { viewport: PHONE });
    const page = w.page;
    await page.goto(this.links[0]!.replace(/^https?:\/\/[^/]+/, this.#o.base));
    await page.locator('[data-step="captcha"]').waitFor();
    await page.locator('.captcha-img').waitFor();
    await shot(page, 'real-voter-captcha');
    // Answered like a screen-reader user: the text form of the CAPTCHA (switch to English to read it).
    await page.getByRole('button', { name: '글로 된 문제로 바꾸기' }).click();
    await page.locator('#captcha-q span').waitFor();
    await shot(page, 'real-voter-captcha-text');
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
    // Benaloh challenge first: the test ballot is published on the ledger, checked on "another device"
    // (a fresh page fetching it by its tracker), then a fresh ballot is cast
    await page.getByText('내 투표지가 제대로 암호화되는지 먼저 확인하기').click();
    await page.getByRole('button', { name: '확인용으로 암호화하기' }).click();
    const published = page.waitForResponse((r) => r.url().endsWith('/api/voter/spoiled') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '암호 공개하고 확인하기' }).click();
    const spoiled = (await (await published).json()) as { tracker: string };
    await page.getByText('암호가 선택한 내용과 일치합니다').waitFor({ timeout: 120_000 });
    const other = await openPage(this.#o.browser, { viewport: DESKTOP });
    await other.page.goto(`${this.#o.base}/audit/spoiled?e=${this.#o.electionId}&t=${spoiled.tracker}`);
    await other.page.getByText('검증되었습니다. 이 투표지에 담긴 선택:').waitFor({ timeout: 60_000 });
    expect(await other.page.getByRole('listitem').filter({ hasText: '대표' }).innerText()).to.contain('가나다');
    await clean(other);
    await page.getByRole('button', { name: '새 투표지로 계속하기' }).click();
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/voter/ballot'));
    await page.getByRole('button', { name: '이대로 투표하기' }).click();
    const body = JSON.parse((await sent).postData() ?? '{}') as { ballot: Parameters<typeof ballotTracker>[0] };
    await page.locator('[data-step="receipt"]').waitFor({ timeout: 120_000 });
    this.tracker = ballotTracker(body.ballot);
    expect(await page.locator('.tracker-full').innerText()).to.contain(this.tracker);
    expect(await axe(page)).to.deep.equal([]);
    await page.goto(`${this.#o.base}/track?e=${this.#o.electionId}&t=${this.tracker}`);
    await page.getByText('이 추적번호의 투표지가 원장에 기록되어 있습니다.').waitFor();
    await clean(w);
    const a = await this.#o.adminPage();
    await a.page.goto(`${this.#url}?tab=turnout`);
    await a.page.waitForFunction(() => document.querySelector('[data-testid="turnout-voted"]')?.textContent === '1', undefined, { timeout: 60_000 });
    await clean(a);
  }

  /** Close, tally, decryption shares from the backups, publish; the results and the record verify in the browser. */
  async closeTallyPublishAndVerify(): Promise<void> {
    const w = await this.#o.adminPage();
    const page = w.page;
    await page.goto(`${this.#url}?tab=overview`);
    await page.getByRole('button', { name: '투표 마감' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '투표 마감' }).click();
    await page.goto(`${this.#url}?tab=results`);
    await page.getByRole('button', { name: '개표(합산) 시작' }).click();
    // every shard tallied and combined before the key holders come (they would see "no tally yet")
    await page.locator('li.ok', { hasText: '암호문 합산' }).waitFor({ timeout: 180_000 });
    for (const h of this.#o.holders.slice(0, this.#threshold)) {
      const hp = await this.#holderPage(h);
      await hp.getByRole('heading', { name: /4단계/ }).first().waitFor({ timeout: 120_000 });
      await this.#restore(hp, h);
      await this.#signAndPost(hp);
      await hp.context().close();
    }
    await page.reload();
    await page.getByRole('button', { name: '결과 공개' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '결과 공개' }).click();
    await page.locator('figure.chart').first().waitFor({ timeout: 120_000 });
    await clean(w);
    const v = await openPage(this.#o.browser, { viewport: DESKTOP });
    await v.page.goto(`${this.#o.base}/audit/verify?e=${this.#o.electionId}`);
    await v.page.getByRole('button', { name: '가져와서 검증' }).click();
    await v.page.getByText(/검사 18가지를 모두 통과했습니다/).waitFor({ timeout: 120_000 });
    await v.page.goto(`${this.#o.base}/e/${this.#o.electionId}`);
    await v.page.getByRole('link', { name: '개표 증명서(PDF) 인쇄' }).waitFor();
    await clean(v);
  }
}

const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The text CAPTCHA reads six digits out as words; the answer is the digits. */
function answerCaptcha(question: string): string {
  return (question.toLowerCase().match(/[a-z]+/g) ?? []).map((w) => EN_NUMBERS.indexOf(w)).filter((n) => n >= 0).join('');
}
