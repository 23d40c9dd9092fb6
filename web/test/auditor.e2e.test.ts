// Auditor view: peers side by side (all equal, then a mismatch highlighted), the record verifier
// in the browser with Web Workers (valid and mutated records), and a spoiled-ballot check.
import { ballotTracker } from '@ballotledger/core';
import { ndjsonRecord } from '@ballotledger/core/testing/fixtures';
import { expect } from 'chai';
import { axe, cspViolations, DESKTOP, openPage, PHONE, shot } from './support/browser.js';
import { EID } from './support/fixtures.js';
import { MockGateway } from './support/mock-gateway.js';
import { useStage } from './support/stage.js';

const { browser, origin } = useStage();

describe('auditor view (mocked gateway)', function () {
  this.timeout(120_000);

  it('shows all peers equal, then highlights the one that differs, or whose chain fails its re-check', async () => {
    for (const mismatch of [undefined, 'hash', 'chain'] as const) {
      const w = await openPage(browser(), { viewport: DESKTOP });
      await new MockGateway({ peersMismatch: mismatch }).install(w.page);
      await w.page.goto(`${origin()}/audit`);
      const peers = w.page.getByTestId('peers');
      await peers.waitFor();
      expect(await peers.locator('article').count()).to.equal(4);
      const bad = peers.locator('article[data-mismatch="true"]');
      if (!mismatch) {
        await w.page.getByText('피어 4개가 모두 일치합니다(높이 143).').waitFor();
        expect(await bad.count()).to.equal(0);
        expect(await peers.getByTestId('chain-check').allInnerTexts()).to.deep.equal(Array(4).fill('블록 0–142 모두 온전함 · 11:30에 시작한 검사'));
      } else {
        await w.page.getByText('피어 사이에 불일치가 있습니다.').waitFor();
        expect(await bad.count()).to.equal(1);
        expect(await bad.innerText()).to.contain('Busan').and.contain('불일치');
        if (mismatch === 'chain') expect(await bad.getByTestId('chain-check').innerText()).to.match(/^블록 87에서 실패: block 87 data does not hash to its header's data_hash$/);
      }
      const a11y = await axe(w.page);
      await shot(w.page, `auditor-ko-01-peers-${mismatch ?? 'agree'}`);
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      await w.context.close();
    }
  });

  it('verifies the election record in the browser (workers, streamed from the server) and flags a mutated record', async () => {
    const w = await openPage(browser(), { viewport: DESKTOP });
    const gw = new MockGateway({ electionState: 'tallied' });
    await gw.install(w.page);
    const page = w.page;
    await page.goto(`${origin()}/audit/verify?e=${EID}`);
    expect(await page.getByRole('link', { name: '선거 기록 내려받기 (NDJSON)' }).getAttribute('href')).to.equal(`/api/elections/${EID}/record.ndjson`);
    await page.getByRole('button', { name: '가져와서 검증' }).click();
    const report = page.getByTestId('verify-report');
    await report.waitFor({ timeout: 60_000 });
    await page.getByText('검사 18가지를 모두 통과했습니다(투표지 6장).').waitFor();
    expect(gw.ndjsonDownloads).to.equal(1);
    expect(await report.locator('li.vcheck').count()).to.equal(18);
    expect(await report.locator('li.vcheck-pass').count()).to.equal(18);
    expect(await report.locator('.vcheck-id').first().innerText()).to.equal('01');
    const a11y = await axe(page);
    await shot(page, 'auditor-ko-02-verify-ok');
    // a ciphertext copied from another ballot: the proofs and the uniqueness check fail
    const rec = structuredClone(gw.fx.sim.record);
    rec.ballots[0]!.contests[0]!.selections[0]!.a = rec.ballots[1]!.contests[0]!.selections[0]!.a;
    rec.ballots[0]!.contests[0]!.selections[0]!.b = rec.ballots[1]!.contests[0]!.selections[0]!.b;
    await page.getByLabel('선거 기록 파일(NDJSON 또는 JSON)').setInputFiles({ name: 'record.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(rec)) });
    await page.getByText(/검사 \d+가지가 실패했습니다/).waitFor({ timeout: 60_000 });
    expect(await report.locator('li[data-check="ballots.valid"]').getAttribute('data-status')).to.equal('fail');
    expect(await report.locator('li[data-check="ballots.uniqueCiphertext"]').getAttribute('data-status')).to.equal('fail');
    expect(await report.locator('li[data-check="ballots.valid"]').innerText()).to.contain('ballots[0]');
    await shot(page, 'auditor-ko-03-verify-mutated');
    expect(a11y, a11y.join('\n')).to.deep.equal([]);
    expect(await cspViolations(w)).to.deep.equal([]);
    expect(w.problems).to.deep.equal([]);
    await w.context.close();
  });

  it('verifies a record.ndjson file as it reads it, and names a bad line and a short file', async () => {
    const w = await openPage(browser(), { viewport: PHONE, lang: 'en' });
    const gw = new MockGateway({ electionState: 'tallied' });
    await gw.install(w.page);
    const page = w.page;
    await page.goto(`${origin()}/audit/verify`);
    const report = page.getByTestId('verify-report');
    const open = async (text: string): Promise<void> => {
      await page.getByLabel('Election record file (NDJSON or JSON)').setInputFiles({ name: 'record.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    };
    const lines = ndjsonRecord(gw.fx.sim.record).split('\n');
    await open(lines.join('\n'));
    await page.getByText('All 18 checks passed (6 ballots).').waitFor({ timeout: 60_000 });
    expect(gw.ndjsonDownloads).to.equal(0);
    const bad = [...lines];
    bad[3] = bad[3]!.slice(0, 50);
    await open(bad.join('\n'));
    await page.getByText(/\d+ check\(s\) failed/).waitFor({ timeout: 60_000 });
    expect(await report.locator('li[data-check="ballots.valid"]').getAttribute('data-status')).to.equal('fail');
    expect(await report.locator('li[data-check="ballots.valid"]').innerText()).to.contain('line 4 is not JSON').and.contain('ballots[2]');
    await open(lines.slice(0, 4).join('\n'));
    await page.locator('li[data-check="tally.count"][data-status="fail"]').waitFor({ timeout: 60_000 });
    expect(await report.locator('li[data-check="tally.count"]').innerText()).to.contain('announces 6 ballots but holds 3');
    await shot(page, 'auditor-en-04-verify-ndjson-short');
    expect(await cspViolations(w)).to.deep.equal([]);
    expect(w.problems).to.deep.equal([]);
    await w.context.close();
  });

  it('opens a spoiled ballot from its link: fetched from the ledger and checked at once; an unknown tracker is reported (ko, phone)', async () => {
    const w = await openPage(browser(), { viewport: PHONE });
    const gw = new MockGateway();
    await gw.install(w.page);
    const tracker = ballotTracker(gw.fx.sim.record.spoiledBallots[0]!.ballot);
    await w.page.goto(`${origin()}/audit/spoiled?e=${EID}&t=${tracker}`);
    await w.page.getByText('검증되었습니다. 이 투표지에 담긴 선택:').waitFor();
    const a11y = await axe(w.page);
    await shot(w.page, 'auditor-ko-05-spoiled-from-ledger');
    await w.page.goto(`${origin()}/audit/spoiled?e=${EID}&t=${'0'.repeat(64)}`);
    await w.page.getByText('원장에 이 추적번호의 확인용 투표지가 없습니다.', { exact: false }).waitFor();
    expect(a11y, a11y.join('\n')).to.deep.equal([]);
    expect(await cspViolations(w)).to.deep.equal([]);
    await w.context.close();
  });

  it('checks a spoiled ballot from its audit data (en, phone)', async () => {
    const w = await openPage(browser(), { viewport: PHONE, lang: 'en' });
    const gw = new MockGateway();
    await gw.install(w.page);
    const s = gw.fx.sim.record.spoiledBallots[0]!;
    const data = { kind: 'ballotledger-spoiled-ballot', electionId: EID, ballot: s.ballot, reveal: s.reveal };
    await w.page.goto(`${origin()}/audit/spoiled`);
    await w.page.getByLabel('Or paste the audit data').fill(JSON.stringify(data));
    await w.page.getByRole('button', { name: 'Check', exact: true }).click();
    await w.page.getByText('Verified. This ballot contains:').waitFor();
    const a11y = await axe(w.page);
    await shot(w.page, 'auditor-en-04-spoiled-ok');
    // a tampered reveal fails
    const bad = structuredClone(data);
    bad.reveal.contests[0]!.selections[0]!.value = bad.reveal.contests[0]!.selections[0]!.value === 1 ? 0 : 1;
    await w.page.getByLabel('Or paste the audit data').fill(JSON.stringify(bad));
    await w.page.getByRole('button', { name: 'Check', exact: true }).click();
    await w.page.getByText('The check failed.').waitFor();
    expect(a11y, a11y.join('\n')).to.deep.equal([]);
    expect(await cspViolations(w)).to.deep.equal([]);
    await w.context.close();
  });
});
