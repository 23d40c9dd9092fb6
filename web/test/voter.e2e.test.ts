// The voter's journey on a phone (390×844), against the mocked gateway: every step and state in
// Korean and English, axe on every page, the ballot checked with core, the failure states, and a
// ballot completed with the keyboard alone.
import { BallotSchema, ballotTracker, shortTracker, verifyBallot, type Ballot } from '@ballotledger/core';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { axe, cspViolations, DESKTOP, horizontalOverflow, openPage, PHONE, shot, type Watched } from './support/browser.js';
import { EID } from './support/fixtures.js';
import { MockGateway, type MockOptions } from './support/mock-gateway.js';
import { useStage } from './support/stage.js';

const { browser, origin } = useStage();

async function start(opts: MockOptions = {}, lang: 'ko' | 'en' = 'ko', kind: 'ok' | 'voted' | 'unknown' = 'ok', viewport = PHONE): Promise<{ w: Watched; gw: MockGateway; page: Page }> {
  const w = await openPage(browser(), { lang, viewport });
  const gw = new MockGateway(opts);
  await gw.install(w.page);
  await w.page.goto(origin() + gw.link(kind));
  return { w, gw, page: w.page };
}

async function stepIs(page: Page, step: string): Promise<void> {
  await page.locator(`[data-step="${step}"]`).waitFor({ timeout: 30_000 });
}

/** The Korean text, or the English one. */
const say = (lang: 'ko' | 'en', ko: string, en: string): string => (lang === 'ko' ? ko : en);

/** Screenshot, axe scan (every page, both languages) and no horizontal scroll. */
async function checkPage(w: Watched, name: string, a11y: string[]): Promise<void> {
  await shot(w.page, name);
  const v = await axe(w.page);
  a11y.push(...v.map((x) => `${name}: ${x}`));
  expect(await horizontalOverflow(w.page), `${name} scrolls horizontally`).to.be.at.most(0);
  if (name.includes('-ko-')) {
    const size = w.page.viewportSize()!;
    await w.page.setViewportSize({ width: 320, height: size.height });
    expect(await horizontalOverflow(w.page), `${name} scrolls horizontally at 320 px`).to.be.at.most(0);
    await w.page.setViewportSize(size);
  }
}

async function passChecks(page: Page, ko: boolean, then: string = 'info'): Promise<void> {
  await stepIs(page, 'captcha');
  await page.getByLabel(ko ? '숫자 입력' : 'Your answer (digits)').fill('7');
  await page.getByRole('button', { name: ko ? '다음' : 'Next', exact: true }).click();
  await stepIs(page, 'identity');
  await page.getByLabel(ko ? '이름' : 'Name', { exact: true }).fill('홍길동');
  await page.getByLabel(ko ? '생년월일' : 'Date of birth').fill('1990-03-07');
  await page.getByRole('button', { name: ko ? '확인' : 'Check', exact: true }).click();
  await stepIs(page, then);
}

/** Answers every contest; screenshots/axe each screen when `record` is given. */
async function fillBallot(w: Watched, ko: boolean, record?: { prefix: string; a11y: string[] }): Promise<void> {
  const page = w.page;
  const next = async (): Promise<void> => page.locator('.actions .btn-primary').click();
  await page.getByRole('button', { name: ko ? '투표 시작' : 'Start voting' }).click();
  // 1. president: single choice (radio), with photos
  await stepIs(page, 'contest');
  await page.getByRole('radio', { name: /이서연/ }).check();
  if (record) await checkPage(w, `${record.prefix}-05-contest-choice1`, record.a11y);
  await next();
  // 2. board: choose up to 2 of 4; a third is refused and announced
  await page.getByRole('heading', { name: /운영위원/ }).waitFor();
  await page.getByRole('checkbox', { name: /최유진/ }).check();
  await page.getByRole('checkbox', { name: /강도윤/ }).check();
  await page.getByRole('checkbox', { name: /윤서아/ }).click({ force: true });
  expect(await page.getByRole('checkbox', { name: /윤서아/ }).isChecked()).to.equal(false);
  expect(await page.locator('.live-count').innerText()).to.match(ko ? /2명 중 2명 선택함/ : /2 of 2 chosen/);
  if (record) await checkPage(w, `${record.prefix}-06-contest-choice2`, record.a11y);
  await next();
  // 3. bylaws: yes/no with abstain — Next without a choice shows the rule
  await page.getByRole('heading', { name: /회칙/ }).waitFor();
  await next();
  await page.locator('.contest .field-error').waitFor();
  await page.getByRole('radio', { name: ko ? '찬성' : 'Yes', exact: true }).check();
  if (record) await checkPage(w, `${record.prefix}-07-contest-yesno`, record.a11y);
  await next();
  // 4. festival: scores 0..5 each, total at most 10; no score is pre-selected
  await page.getByRole('heading', { name: /축제/ }).waitFor();
  expect(await page.locator('.contest input:checked').count()).to.equal(0);
  await page.getByRole('radio', { name: ko ? '축제안 A에게 5점' : '5 points for 축제안 A' }).check();
  await page.getByRole('radio', { name: ko ? '축제안 B에게 3점' : '3 points for 축제안 B' }).check();
  if (record) await checkPage(w, `${record.prefix}-08-contest-score`, record.a11y);
  await next();
  // 5. satisfaction: scale 0..5 with abstain — nothing pre-selected (not even 0), Next asks for a rating
  await page.getByRole('heading', { name: /만족도/ }).waitFor();
  expect(await page.locator('.contest input:checked').count()).to.equal(0);
  await next();
  expect(await page.locator('.contest .field-error').innerText()).to.equal(ko ? '평점을 하나 선택해 주세요.' : 'Please choose a rating.');
  expect(await page.locator('[data-step="contest"]').count()).to.equal(1);
  await page.getByRole('radio', { name: '4', exact: true }).check();
  if (record) await checkPage(w, `${record.prefix}-09-contest-scale`, record.a11y);
  await next();
  await stepIs(page, 'review');
}

/** What a screen reader would announce for the focused element: its aria-label, label or text. */
async function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el === null) return '';
    const label = el.closest('label') ?? (el.id !== '' ? document.querySelector(`label[for="${el.id}"]`) : null);
    return (el.getAttribute('aria-label') ?? label?.textContent ?? el.textContent ?? '').trim();
  });
}

/** Presses Tab (or Shift+Tab) until the focused element's text matches. */
async function tabTo(page: Page, key: 'Tab' | 'Shift+Tab', want: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(key);
    if (want.test(await focusedText(page))) return;
  }
  throw new Error(`${key} never reached ${want} (focus on "${await focusedText(page)}")`);
}

/** The step is shown and its heading has the keyboard focus. */
async function headingFocused(page: Page, step: string, name: RegExp): Promise<void> {
  await stepIs(page, step);
  await page.waitForFunction(
    ([s, src]) => {
      const el = document.activeElement;
      return el !== null && /^H[12]$/.test(el.tagName) && el.closest(`[data-step="${s}"]`) !== null && new RegExp(src!).test(el.textContent ?? '');
    },
    [step, name.source],
    { timeout: 10_000 },
  );
}

function castBodies(gw: MockGateway): { ballot: Ballot; channel: string }[] {
  return gw.log.filter((l) => l.path === '/api/voter/ballot').map((l) => l.body as { ballot: Ballot; channel: string });
}

describe('voter (mocked gateway; on a phone, and once on a desktop)', function () {
  this.timeout(120_000);

  for (const [lang, viewport] of [['ko', PHONE], ['en', PHONE], ['ko', DESKTOP]] as const) {
    const desktop = viewport === DESKTOP;
    it(`votes end to end in ${lang === 'ko' ? 'Korean' : 'English'} on a ${desktop ? 'desktop' : 'phone'}: encrypted, signed, verified ballot; receipt with tracker`, async () => {
      const ko = lang === 'ko';
      const a11y: string[] = [];
      // the ledger takes a while to confirm, so the sending screen can be seen and scanned
      const { w, gw, page } = await start({ delays: { '/api/voter/ballot': 2500 } }, lang, 'ok', viewport);
      const p = `voter-${lang}${desktop ? '-desktop' : ''}`;
      // the link's token and secret are gone from the address bar at once
      await stepIs(page, 'captcha');
      expect(page.url()).to.equal(`${origin()}/v`);
      expect(await page.evaluate(() => document.documentElement.lang)).to.equal(lang);
      await checkPage(w, `${p}-01-captcha`, a11y);
      if (ko) await page.getByLabel('숫자 입력').fill('7');
      else {
        // the accessible text form: six digits read out as words, answered in digits
        await page.getByRole('button', { name: 'Use a text question' }).click();
        await page.getByText('Type these 6 numbers in order, as digits: one, two, three, four, five, six.').waitFor();
        expect(await page.locator('.captcha-img').count()).to.equal(0);
        await page.getByLabel('Your answer (digits)').fill('123456');
      }
      await page.getByRole('button', { name: ko ? '다음' : 'Next', exact: true }).click();
      await stepIs(page, 'identity');
      await checkPage(w, `${p}-02-identity`, a11y);
      // a wrong answer first: message with the attempts left
      await page.getByLabel(ko ? '이름' : 'Name', { exact: true }).fill('홍길순');
      await page.getByLabel(ko ? '생년월일' : 'Date of birth').fill('1990-03-07');
      await page.getByRole('button', { name: ko ? '확인' : 'Check', exact: true }).click();
      await page.getByText(ko ? /명부와 일치하지 않습니다/ : /does not match the roll/).waitFor();
      await checkPage(w, `${p}-03-identity-failed`, a11y);
      await page.getByLabel(ko ? '이름' : 'Name', { exact: true }).fill('홍길동');
      await page.getByLabel(ko ? '생년월일' : 'Date of birth').fill('19900307');
      await page.getByRole('button', { name: ko ? '확인' : 'Check', exact: true }).click();
      await stepIs(page, 'info');
      await page.getByText('KST').first().waitFor();
      await page.getByText(ko ? '후보 3명 보기' : 'See the 3 candidates').first().click();
      await page.getByText(ko ? '이서연 후보 소개' : 'About No. 2 이서연').first().waitFor();
      await checkPage(w, `${p}-04-info`, a11y);
      await fillBallot(w, ko, { prefix: p, a11y });
      await checkPage(w, `${p}-10-review`, a11y);
      const reviewText = await page.locator('.review-list').innerText();
      expect(reviewText).to.contain('이서연').and.contain('최유진').and.contain('강도윤');
      // the encryption runs in a worker and the bar moves after every proof: record what it shows
      await page.evaluate(() => {
        const seen: number[] = [];
        (window as unknown as { progressSeen: number[] }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector<HTMLProgressElement>('[data-step="encrypting"] progress');
          if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      await page.getByRole('button', { name: ko ? '이대로 투표하기' : 'Cast my vote' }).click();
      // on the desktop, the window is narrowed to phone width until the ballot is sent: the channel
      // was decided when the page loaded, so it is still 'web' (it once followed the width at send time)
      if (desktop) await page.setViewportSize({ width: 320, height: DESKTOP.height });
      await stepIs(page, 'encrypting');
      await page.locator('[data-step="encrypting"] progress[value="1"]').waitFor();
      await checkPage(w, `${p}-10-encrypting`, a11y);
      await stepIs(page, 'sending');
      if (desktop) await page.setViewportSize(DESKTOP);
      const progress = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
      expect(progress.at(-1), `progress seen: ${progress.join(', ')}`).to.equal(1);
      expect(progress.length, `progress seen: ${progress.join(', ')}`).to.be.at.least(2);
      expect(progress.every((v, i) => i === 0 || v > progress[i - 1]!), 'it only moves forward').to.equal(true);
      expect(await page.locator('h1').innerText()).to.equal(ko ? '투표지를 보내고 있습니다' : 'Sending your ballot');
      expect(gw.log.filter((l) => l.path === '/api/voter/ballot')).to.have.length(1);
      await checkPage(w, `${p}-10-sending`, a11y);
      await stepIs(page, 'receipt');
      await checkPage(w, `${p}-11-receipt`, a11y);

      // What went over the wire: only an encrypted ballot that core accepts, signed by the link's credential.
      const bodies = castBodies(gw);
      expect(bodies).to.have.length(1);
      const body = bodies[0]!;
      expect(Object.keys(body).sort()).to.deep.equal(['ballot', 'channel']);
      expect(body.channel).to.equal(desktop ? 'web' : 'mobile');
      BallotSchema.parse(body.ballot); // strict: no extra (plaintext) fields anywhere
      verifyBallot(body.ballot, gw.ctx);
      expect(body.ballot.credential).to.equal(gw.credentialOf(gw.fx.freshSecrets[0]!));
      const wire = JSON.stringify(gw.log.filter((l) => l.method !== 'GET').map((l) => l.body));
      for (const word of ['이서연', '최유진', 'president":', '"value"', '"nonce"', gw.fx.freshSecrets[0]!]) expect(wire).not.to.contain(word);
      // receipt shows the tracker the gateway returned, which is the ballot's
      const tracker = ballotTracker(body.ballot);
      expect(await page.locator('.tracker-full').innerText()).to.contain(tracker);
      expect(await page.locator('img.qr').count()).to.equal(1);
      // every request after the link carried the CSRF token
      for (const l of gw.log.filter((x) => x.method === 'POST' && !['/api/voter/link'].includes(x.path))) expect(l.headers['x-csrf-token'], l.path).to.be.a('string');

      // narrow phones: no horizontal scroll at 320 px
      await page.setViewportSize({ width: 320, height: 700 });
      expect(await horizontalOverflow(page)).to.be.at.most(0);

      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      await w.context.close();
    });
  }

  it('alarms when the ballot recorded for the voter is the one this browser spoiled (a gateway cast it instead of publishing it)', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const { w, gw, page } = await start({ spoil: 'cast-instead' }, lang);
      const ko = lang === 'ko';
      await passChecks(page, ko);
      await fillBallot(w, ko);
      await page.getByText(ko ? '내 투표지가 제대로 암호화되는지 먼저 확인하기' : 'Check that my ballot is encrypted correctly first').click();
      await page.getByRole('button', { name: ko ? '확인용으로 암호화하기' : 'Encrypt a test ballot' }).click();
      await stepIs(page, 'audit-tracker');
      await page.getByRole('button', { name: ko ? '암호 공개하고 확인하기' : 'Reveal and check it' }).click();
      await stepIs(page, 'audit-done');
      await page.getByRole('button', { name: ko ? '새 투표지로 계속하기' : 'Continue with a fresh ballot' }).click();
      await stepIs(page, 'review');
      await page.getByRole('button', { name: ko ? '이대로 투표하기' : 'Cast my vote' }).click();
      await stepIs(page, 'already-voted');
      const alarm = page.getByRole('alert').filter({ hasText: ko ? '선거관리위원회에 즉시 신고' : 'report it to the election commission' });
      await alarm.waitFor();
      expect(await alarm.innerText()).to.contain(shortTracker(gw.cast[0]!.tracker));
      expect(gw.cast[0]!.tracker).to.equal(ballotTracker(gw.spoiled[0]!.ballot as Ballot));
      await w.context.close();
    }
  });

  for (const lang of ['ko', 'en'] as const) {
    it(`Benaloh challenge (${lang}): audits an encrypted ballot (spoiled, published, self-checked) then casts a fresh one`, async () => {
      const ko = lang === 'ko';
      const a11y: string[] = [];
      // the spoiled ballot's publication is slow, so the "preparing" screen can be scanned
      const { w, gw, page } = await start({ delays: { '/api/voter/spoiled': 2500 } }, lang);
      await passChecks(page, ko);
      await fillBallot(w, ko);
      await page.getByText(say(lang, '내 투표지가 제대로 암호화되는지 먼저 확인하기', 'Check that my ballot is encrypted correctly first')).click();
      await page.getByRole('button', { name: say(lang, '확인용으로 암호화하기', 'Encrypt a test ballot') }).click();
      await stepIs(page, 'audit-tracker');
      await checkPage(w, `voter-${lang}-12-audit-tracker`, a11y);
      const shortShown = await page.locator('.tracker-short').innerText();
      await page.getByRole('button', { name: say(lang, '암호 공개하고 확인하기', 'Reveal and check it') }).click();
      await stepIs(page, 'encrypting');
      expect(await page.locator('h1').innerText()).to.equal(say(lang, '확인용 투표지를 준비하고 있습니다', 'Preparing your test ballot'));
      await checkPage(w, `voter-${lang}-12-encrypting`, a11y);
      await stepIs(page, 'audit-done');
      await page.getByText(say(lang, '암호가 선택한 내용과 일치합니다', 'The encryption matches your choices')).waitFor();
      await checkPage(w, `voter-${lang}-13-audit-done`, a11y);
      expect(gw.spoiled).to.have.length(1);
      expect(castBodies(gw)).to.have.length(0);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: say(lang, '검증 자료 내려받기', 'Download the audit data') }).click();
      const file = JSON.parse(await (await download).createReadStream().then(async (s) => {
        const chunks: Buffer[] = [];
        for await (const c of s) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      })) as { ballot: Ballot; reveal: unknown; jointKey: string };
      expect(file.jointKey).to.equal(gw.ctx.jointKey);
      await page.getByRole('button', { name: say(lang, '새 투표지로 계속하기', 'Continue with a fresh ballot') }).click();
      await stepIs(page, 'review');
      await page.getByRole('button', { name: say(lang, '이대로 투표하기', 'Cast my vote') }).click();
      await stepIs(page, 'receipt');
      const cast = castBodies(gw)[0]!.ballot;
      const spoiled = gw.spoiled[0]!.ballot as Ballot;
      expect(cast.ballotId).not.to.equal(spoiled.ballotId);
      expect(ballotTracker(cast)).not.to.equal(ballotTracker(spoiled));
      expect(shortShown.replace(/-/g, '').toLowerCase()).to.equal(ballotTracker(spoiled).slice(0, 16));
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      await w.context.close();
    });

    it(`network failure and 503 NotRecorded (${lang}): nothing shown as recorded until a 201, retry sends the same ballot`, async () => {
      const ko = lang === 'ko';
      for (const mode of ['network-once', 'not-recorded-once'] as const) {
        const a11y: string[] = [];
        const { w, gw, page } = await start({ ballot: mode }, lang);
        await passChecks(page, ko);
        await fillBallot(w, ko);
        await page.getByRole('button', { name: say(lang, '이대로 투표하기', 'Cast my vote') }).click();
        await stepIs(page, 'cast-failed');
        expect(await page.getByText(say(lang, '투표가 기록되었습니다', 'Your vote is recorded')).count()).to.equal(0);
        expect(await page.locator('.tracker-box').count()).to.equal(0);
        await page.getByText(say(lang, '아직 투표가 기록되지 않았습니다', 'Your vote has NOT been recorded yet')).waitFor();
        await checkPage(w, `voter-${lang}-14-not-recorded-${mode}`, a11y);
        await page.getByRole('button', { name: say(lang, '다시 보내기', 'Send again') }).click();
        await stepIs(page, 'receipt');
        const bodies = castBodies(gw);
        expect(bodies).to.have.length(2);
        expect(JSON.stringify(bodies[1]!.ballot)).to.equal(JSON.stringify(bodies[0]!.ballot));
        expect(gw.cast).to.have.length(1);
        expect(a11y, a11y.join('\n')).to.deep.equal([]);
        expect(await cspViolations(w)).to.deep.equal([]);
        await w.context.close();
      }
    });

    it(`a 201 whose tracker is not the ballot's (${lang}): no receipt, a clear error with the voter's own tracker`, async () => {
      const ko = lang === 'ko';
      const a11y: string[] = [];
      const { w, gw, page } = await start({ ballot: 'wrong-tracker' }, lang);
      await passChecks(page, ko);
      await fillBallot(w, ko);
      await page.getByRole('button', { name: say(lang, '이대로 투표하기', 'Cast my vote') }).click();
      await stepIs(page, 'tracker-mismatch');
      const ours = ballotTracker(castBodies(gw)[0]!.ballot);
      const theirs = ballotTracker(gw.fx.sim.record.ballots[0]!);
      expect(ours).not.to.equal(theirs);
      expect(await page.locator('h1').innerText()).to.equal(say(lang, '투표 확인증을 보여 드릴 수 없습니다', 'We cannot show a receipt'));
      await page.getByRole('alert').getByText(say(lang, '이 기기에서 암호화한 투표지의 추적번호와 다릅니다', 'is not the tracker of the ballot encrypted on this device')).waitFor();
      expect(await page.getByText(say(lang, '투표가 기록되었습니다', 'Your vote is recorded')).count()).to.equal(0);
      expect(await page.locator('.tracker-full').innerText()).to.equal(ours);
      expect(await page.locator('img.qr').count()).to.equal(0);
      const lookup = page.getByRole('link', { name: say(lang, '내 추적번호로 확인하기', 'Look up my tracker') });
      expect(await lookup.getAttribute('href')).to.equal(`/track?e=${EID}&t=${ours}`);
      await checkPage(w, `voter-${lang}-19-tracker-mismatch`, a11y);
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      await w.context.close();
    });

    it(`already voted, closed, paused, not yet open, locked out, expired session, errors, invalid and incomplete links (${lang})`, async () => {
      const ko = lang === 'ko';
      const a11y: string[] = [];
      // already voted: no ballot form, a way to look up the receipt and check the credential
      {
        const { w, page } = await start({}, lang, 'voted');
        await stepIs(page, 'already-voted');
        expect(await page.locator('.contest').count()).to.equal(0);
        await page.getByRole('link', { name: say(lang, '추적번호로 내 투표 확인하기', 'Check my ballot with its tracker') }).waitFor();
        await page.getByText(say(lang, '내 링크로 다른 사람이 투표하지 않았는지 확인', 'Check that nobody else voted with my link')).click();
        await page.getByRole('button', { name: say(lang, '확인하기', 'Check'), exact: true }).click();
        await page.getByText(say(lang, '이 링크의 자격 정보로 기록된 투표가 없습니다', 'No ballot is recorded with the credential of this link')).waitFor();
        await checkPage(w, `voter-${lang}-15-already-voted`, a11y);
        await w.context.close();
      }
      for (const [state, step, text] of [
        ['closed', 'closed', say(lang, '투표가 마감되었습니다', 'Voting has closed')],
        ['paused', 'paused', say(lang, '투표가 일시 중지되었습니다', 'Voting is paused')],
        ['frozen', 'not-open', say(lang, '아직 투표 기간이 아닙니다', 'Voting has not started yet')],
      ] as const) {
        const { w, page } = await start({ electionState: state }, lang);
        await passChecks(page, ko, step);
        await page.getByRole('heading', { name: text }).waitFor();
        await checkPage(w, `voter-${lang}-16-${state}`, a11y);
        await w.context.close();
      }
      // closed while voting: 409 NotOpen on cast → the closed state, never a receipt
      {
        const { w, gw, page } = await start({ ballot: 'not-open' }, lang);
        await passChecks(page, ko);
        await fillBallot(w, ko);
        gw.opts.electionState = 'closed';
        await page.getByRole('button', { name: say(lang, '이대로 투표하기', 'Cast my vote') }).click();
        await stepIs(page, 'closed');
        expect(await page.locator('.tracker-box').count()).to.equal(0);
        await checkPage(w, `voter-${lang}-16-closed-while-voting`, a11y);
        await w.context.close();
      }
      // the session expired before the cast: 401 → start again from the link, never a receipt
      {
        const { w, page } = await start({ fail: { path: '/api/voter/ballot', status: 401, code: 'Unauthorized' } }, lang);
        await passChecks(page, ko);
        await fillBallot(w, ko);
        await page.getByRole('button', { name: say(lang, '이대로 투표하기', 'Cast my vote') }).click();
        await stepIs(page, 'session-expired');
        await page.getByRole('heading', { name: say(lang, '세션이 만료되었습니다', 'Your session has expired') }).waitFor();
        expect(await page.locator('.tracker-box').count()).to.equal(0);
        await checkPage(w, `voter-${lang}-20-session-expired`, a11y);
        await w.context.close();
      }
      // an unexpected failure loading the election: the error state with a retry
      {
        const { w, page } = await start({ fail: { path: '/api/voter/election', status: 500, code: 'Internal' } }, lang);
        await passChecks(page, ko, 'error');
        await page.getByRole('heading', { name: say(lang, '문제가 생겼습니다', 'Something went wrong') }).waitFor();
        await page.getByRole('button', { name: say(lang, '다시 시도', 'Try again') }).waitFor();
        await checkPage(w, `voter-${lang}-21-error`, a11y);
        await w.context.close();
      }
      // locked out after failed identity checks (Retry-After shown as a KST time)
      {
        const { w, page } = await start({ lockAfter: 2 }, lang);
        await stepIs(page, 'captcha');
        await page.getByLabel(say(lang, '숫자 입력', 'Your answer (digits)')).fill('7');
        await page.getByRole('button', { name: say(lang, '다음', 'Next'), exact: true }).click();
        for (let i = 0; i < 2; i++) {
          await page.getByLabel(say(lang, '이름', 'Name'), { exact: true }).fill('누구');
          await page.getByLabel(say(lang, '생년월일', 'Date of birth')).fill('2000-01-01');
          await page.getByRole('button', { name: say(lang, '확인', 'Check'), exact: true }).click();
          if (i === 0) await page.getByText(ko ? /명부와 일치하지 않습니다/ : /does not match the roll/).waitFor();
        }
        await stepIs(page, 'locked');
        await page.getByText(ko ? /KST 이후에 다시 시도할 수 있습니다/ : /You can try again after .*KST/).waitFor();
        await checkPage(w, `voter-${lang}-17-locked`, a11y);
        await w.context.close();
      }
      // unknown token → invalid link; missing fragment → incomplete link (nothing posted)
      {
        const { w, page } = await start({}, lang, 'unknown');
        await stepIs(page, 'invalid-link');
        await page.getByRole('heading', { name: say(lang, '유효하지 않은 링크입니다', 'This link is not valid') }).waitFor();
        await checkPage(w, `voter-${lang}-18-invalid-link`, a11y);
        await w.context.close();
        const w2 = await openPage(browser(), { lang });
        const gw2 = new MockGateway();
        await gw2.install(w2.page);
        await w2.page.goto(`${origin()}/v/ok-tttttttttttttttttttt-0`);
        await stepIs(w2.page, 'bad-link');
        expect(gw2.log.filter((l) => l.path === '/api/voter/link')).to.have.length(0);
        expect(w2.page.url()).to.equal(`${origin()}/v`);
        await checkPage(w2, `voter-${lang}-18-incomplete-link`, a11y);
        await w2.context.close();
        const w3 = await openPage(browser(), { lang });
        await w3.page.goto(`${origin()}/v`);
        await stepIs(w3.page, 'no-link');
        await checkPage(w3, `voter-${lang}-18-no-link`, a11y);
        await w3.context.close();
      }
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
    });
  }

  it('completes a ballot with the keyboard alone (Tab, Shift+Tab, Space, Enter, arrows); focus moves to each step heading', async () => {
    const { w, gw, page } = await start();
    await passChecks(page, true);
    await headingFocused(page, 'info', /2026 학생회 선거/);
    await tabTo(page, 'Tab', /^투표 시작$/);
    await page.keyboard.press('Enter');
    // 1. single choice (radio group): arrows move and choose
    await headingFocused(page, 'contest', /학생회장/);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).to.match(/김민준/);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: /이서연/ }).isChecked()).to.equal(true);
    await tabTo(page, 'Tab', /^다음$/);
    await page.keyboard.press('Enter');
    // 2. choose up to 2 (checkboxes): Space toggles
    await headingFocused(page, 'contest', /운영위원/);
    await tabTo(page, 'Tab', /최유진/);
    await page.keyboard.press('Space');
    await tabTo(page, 'Tab', /강도윤/);
    await page.keyboard.press('Space');
    // Shift+Tab back to the first choice and take it back, then choose it again
    await tabTo(page, 'Shift+Tab', /최유진/);
    await page.keyboard.press('Space');
    expect(await page.locator('.live-count').innerText()).to.match(/2명 중 1명 선택함/);
    await page.keyboard.press('Space');
    expect(await page.locator('.live-count').innerText()).to.match(/2명 중 2명 선택함/);
    await tabTo(page, 'Tab', /^다음$/);
    await page.keyboard.press('Enter');
    // 3. yes/no with abstain: Space chooses the focused answer
    await headingFocused(page, 'contest', /회칙/);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).to.equal('찬성');
    await page.keyboard.press('Space');
    await tabTo(page, 'Tab', /^다음$/);
    await page.keyboard.press('Enter');
    // 4. scores: one radio group per option, arrows raise the score
    await headingFocused(page, 'contest', /축제/);
    await tabTo(page, 'Tab', /^축제안 A에게 0점$/);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).to.equal('축제안 B에게 0점');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await page.locator('.live-count').innerText()).to.match(/8/);
    await tabTo(page, 'Tab', /^다음$/);
    await page.keyboard.press('Enter');
    // 5. scale 0..5: Enter on Next without an answer is refused; Shift+Tab enters the group at its
    // last radio (abstain), the down arrow wraps round to 0 and chooses it
    await headingFocused(page, 'contest', /만족도/);
    await tabTo(page, 'Tab', /^선택 확인$/);
    await page.keyboard.press('Enter');
    await page.locator('.contest .field-error').waitFor();
    await tabTo(page, 'Shift+Tab', /^기권$/);
    await page.keyboard.press('ArrowDown');
    expect(await focusedText(page)).to.equal('0');
    expect(await page.getByRole('radio', { name: '0', exact: true }).isChecked()).to.equal(true);
    await tabTo(page, 'Tab', /^선택 확인$/);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'review', /선택 확인/);
    expect(await page.locator('.review-list').innerText()).to.contain('평점 0');
    // edit from the review: Shift+Tab from the cast button reaches the last contest's Edit
    await tabTo(page, 'Tab', /^이대로 투표하기$/);
    await tabTo(page, 'Shift+Tab', /^올해 학생회 만족도 선택 수정$/);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'contest', /만족도/);
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).to.equal('0');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'Tab', /^확인 화면으로$/);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'review', /선택 확인/);
    const review = await page.locator('.review-list').innerText();
    for (const s of ['이서연', '최유진', '강도윤', '찬성', '축제안 A: 5점', '축제안 B: 3점', '축제안 C: 0점', '평점 1']) expect(review).to.contain(s);
    await tabTo(page, 'Tab', /^이대로 투표하기$/);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'receipt', /투표가 기록되었습니다/);
    const bodies = castBodies(gw);
    expect(bodies).to.have.length(1);
    verifyBallot(bodies[0]!.ballot, gw.ctx);
    expect(await cspViolations(w)).to.deep.equal([]);
    expect(w.problems).to.deep.equal([]);
    await w.context.close();
  });

  it('tracker lookup and results pages (public), in English', async () => {
    const a11y: string[] = [];
    const w = await openPage(browser(), { lang: 'en' });
    const gw = new MockGateway({ electionState: 'tallied' });
    await gw.install(w.page);
    const tracker = ballotTracker(gw.fx.sim.record.ballots[0]!);
    await w.page.goto(`${origin()}/track?e=${EID}&t=${tracker}`);
    await w.page.getByText('A ballot with this tracker is recorded on the ledger.').waitFor();
    await checkPage(w, 'public-en-tracker', a11y);
    await w.page.goto(`${origin()}/e/${EID}`);
    await w.page.getByRole('heading', { name: '2026 학생회 선거' }).waitFor();
    await w.page.locator('figure.chart').first().waitFor();
    expect(await w.page.locator('figure.chart').count()).to.be.at.least(5);
    await w.page.getByRole('link', { name: 'Print the results certificate (PDF)' }).waitFor();
    expect(await w.page.getByRole('link', { name: 'Download the election record (NDJSON)' }).getAttribute('href')).to.equal(`/api/elections/${EID}/record.ndjson`);
    expect(await w.page.getByRole('link', { name: 'Download the election record (JSON)' }).getAttribute('href')).to.equal(`/api/elections/${EID}/record`);
    await checkPage(w, 'public-en-results', a11y);
    expect(a11y, a11y.join('\n')).to.deep.equal([]);
    expect(await cspViolations(w)).to.deep.equal([]);
    expect(w.problems).to.deep.equal([]);
    await w.context.close();
  });
});
