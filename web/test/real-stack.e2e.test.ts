// The same journeys against a running gateway (and Fabric network) at BL_E2E_BASE_URL:
//   BL_E2E_BASE_URL            e.g. http://localhost:8080 (the gateway serving web/dist)
//   BL_E2E_ADMIN_USER / _PASSWORD   an orgadmin (or admin) staff account
//   BL_E2E_KEYHOLDER_IDS       comma-separated paths of key-holder identity files (JSON
//                              { mspId, enrollmentId, certificate, privateKey }), one per holder
//   BL_E2E_ORG                 organization id for the election when the admin may choose it
//                              (commission staff; default: the gateway's own commission MSP id)
// The gateway must run with BL_DEV_ROUTES=true so the voters' personal links can be read from
// the dev outbox. Skipped, with a message, when BL_E2E_BASE_URL is not set.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { DESKTOP, launch, openPage, shot, type Watched } from './support/browser.js';
import { clean, ElectionJourney, readHolderIdentities } from './support/election-journey.js';

const BASE = process.env['BL_E2E_BASE_URL']?.replace(/\/+$/, '');
const ADMIN_USER = process.env['BL_E2E_ADMIN_USER'] ?? 'admin';
const ADMIN_PASSWORD = process.env['BL_E2E_ADMIN_PASSWORD'] ?? '';
const HOLDER_FILES = (process.env['BL_E2E_KEYHOLDER_IDS'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const EID = `e2e-${Date.now().toString(36)}`;

describe('real stack (BL_E2E_BASE_URL)', function () {
  this.timeout(600_000);
  let browser: Browser;
  let journey: ElectionJourney;

  before(async function () {
    if (BASE === undefined || BASE === '') {
      console.log('    real-stack e2e skipped: set BL_E2E_BASE_URL (and BL_E2E_ADMIN_USER, BL_E2E_ADMIN_PASSWORD, BL_E2E_KEYHOLDER_IDS) to run it against a gateway');
      this.skip();
    }
    if (HOLDER_FILES.length === 0) throw new Error('BL_E2E_KEYHOLDER_IDS is required');
    browser = await launch();
    const adminPage = async (): Promise<Watched> => {
      const w = await openPage(browser, { viewport: DESKTOP });
      await w.page.goto(`${BASE}/admin`);
      await w.page.getByLabel('아이디').fill(ADMIN_USER);
      await w.page.getByLabel('비밀번호').fill(ADMIN_PASSWORD);
      await w.page.getByRole('button', { name: '로그인' }).click();
      await w.page.getByRole('heading', { name: '선거 목록' }).waitFor();
      return w;
    };
    const session = (await (await fetch(`${BASE}/api/service/commissions`)).json()) as { own: string };
    journey = new ElectionJourney({
      base: BASE, browser, electionId: EID, title: `E2E 선거 ${EID}`, holders: await readHolderIdentities(HOLDER_FILES), adminPage,
      orgId: process.env['BL_E2E_ORG'] ?? session.own,
    });
  });
  after(async () => {
    await browser?.close();
  });

  it('the auditor view shows every peer in agreement', async () => {
    const w = await openPage(browser, { viewport: DESKTOP });
    await w.page.goto(`${BASE}/audit`);
    await w.page.getByTestId('peers').waitFor();
    expect(await w.page.locator('article[data-mismatch="true"]').count()).to.equal(0);
    // The gateway re-reads every peer's chain from the genesis block in the background: refresh
    // until all four say their blocks are intact (the real genesis block has no previous hash).
    // About 60 s on a 6,000-block ledger; a fresh network has a few dozen blocks.
    const checks = w.page.getByTestId('chain-check');
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && (await checks.allInnerTexts()).some((c) => !c.includes('모두 온전함'))) {
      await w.page.waitForTimeout(1000);
      await w.page.getByRole('button', { name: '새로 고침' }).click();
      await w.page.waitForTimeout(300);
    }
    expect(await checks.allInnerTexts()).to.have.length(4).and.satisfy((cs: string[]) => cs.every((c) => /^블록 0–[\d,]+ 모두 온전함 · \d\d:\d\d에 시작한 검사$/.test(c)));
    expect(await w.page.locator('article[data-mismatch="true"]').count()).to.equal(0);
    await shot(w.page, 'real-auditor-peers');
    await clean(w);
  });

  it('an admin creates an election through the wizard', () => journey.createWithWizard());
  it('uploads a roll with a bad row (report), fixes it, freezes it', () => journey.uploadRollAndFreeze());
  it('every key holder completes the ceremony in the browser (round 1 with backup, round 2, review)', () => journey.keyCeremony());
  it('the admin finalizes the ceremony, opens voting and sends invitations', () => journey.finalizeOpenAndInvite());
  it('a voter challenges the encryption (the test ballot checked from the ledger on another page), then votes on a phone; the receipt is found by its tracker; the live turnout moves', () => journey.voteOnPhone());
  it('close, tally, decryption shares from the backups, publish; results and the record verify in the browser', () => journey.closeTallyPublishAndVerify());
});
