// Admin console: sign-in, the election wizard with the voter ballot preview, roll upload with a
// bad row (report) then a fixed re-upload, the voter roll (search, paging, the edit dialog,
// clearing a contact, refusals), the live turnout dashboard (SSE), and the messages tab (sending,
// delivery status, a voter's contact fixed from the roll) in Korean on a desktop and in English on
// a phone.
import { expect } from 'chai';
import { axe, cspViolations, DESKTOP, horizontalOverflow, openPage, PHONE, shot } from './support/browser.js';
import { EID } from './support/fixtures.js';
import { MockGateway } from './support/mock-gateway.js';
import { useStage } from './support/stage.js';

const { browser, origin } = useStage();

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('admin console (mocked gateway)', function () {
  this.timeout(120_000);

  for (const [lang, viewport] of [
    ['ko', DESKTOP],
    ['en', PHONE],
  ] as const) {
    const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en);
    /** Korean desktop screenshots keep their names (docs/images); the English phone ones say so. */
    const nm = (n: string): string => (lang === 'ko' ? `admin-ko-${n}` : `admin-en-${n}-390`);

    it(`creates an election through the wizard, with the ballot preview voters will see (${lang}, ${viewport.width}px)`, async () => {
      const a11y: string[] = [];
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'draft' });
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin`);
      await page.getByLabel(say('아이디', 'Username')).fill('admin');
      await page.getByLabel(say('비밀번호', 'Password')).fill('wrong');
      await page.getByRole('button', { name: say('로그인', 'Sign in') }).click();
      await page.getByText(say('아이디 또는 비밀번호가 올바르지 않습니다.', 'Wrong username or password.')).waitFor();
      await page.getByLabel(say('비밀번호', 'Password')).fill('correct horse battery');
      await page.getByRole('button', { name: say('로그인', 'Sign in') }).click();
      await page.getByTestId('election-list').waitFor();
      a11y.push(...(await axe(page)));
      await shot(page, nm('01-elections'));
      await page.getByRole('link', { name: say('새 선거 만들기', 'New election') }).click();
      // 1. details
      await page.getByLabel(say('선거 ID', 'Election ID')).fill('club-2026');
      await page.getByLabel(say('선거 이름', 'Title')).fill('2026 동아리연합회장 선거');
      // an organization admin's elections are its organization's: the id is filled in and fixed
      expect(await page.getByLabel(say('기관 ID', 'Organization ID')).inputValue()).to.equal('school-1');
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      // 2. contests and candidates: a choice contest with two candidates, a photo and a profile
      await page.getByLabel(say('안건 유형', 'Question type')).selectOption('choice');
      await page.getByRole('button', { name: say('안건 추가', 'Add a question') }).click();
      await page.getByLabel(say('안건 이름', 'Question title')).fill('동아리연합회장');
      await page.getByLabel(say('기권 허용', 'Allow abstaining')).check();
      for (const name of ['한가람', '오세린']) {
        await page.getByRole('button', { name: say('후보 추가', 'Add a candidate') }).click();
        await page.getByLabel(say('이름', 'Name'), { exact: true }).last().fill(name);
      }
      await page.getByLabel(say('사진', 'Photo')).first().setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
      await page.locator('.candidate-editor img.cand-photo').first().waitFor();
      await page.getByLabel(say('소개', 'Profile'), { exact: true }).first().fill('**공약**: 동아리 예산 공개');
      await page.getByRole('button', { name: say('소개 미리보기', 'Preview the profile') }).first().click();
      await page.locator('.profile-preview').first().waitFor();
      await page.getByLabel(say('안건 유형', 'Question type')).selectOption('yesno');
      await page.getByRole('button', { name: say('안건 추가', 'Add a question') }).click();
      await page.getByLabel(say('안건 이름', 'Question title')).last().fill('회비 인상안');
      await shot(page, nm('02-wizard-contests'));
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      // 3. schedule (defaults), 4. key holders
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      for (const [name, msp, enr] of [
        ['김위원', 'CentralMSP', 'holder1'],
        ['이위원', 'SeoulMSP', 'holder2'],
        ['박위원', 'BusanMSP', 'holder3'],
      ] as const) {
        await page.getByRole('button', { name: say('키 보관자 추가', 'Add a key holder') }).click();
        const box = page.locator('.holder-editor').last();
        await box.getByLabel(say('이름', 'Name')).fill(name);
        await box.getByLabel(say('소속 기관(MSP)', 'Organization (MSP)')).fill(msp);
        await box.getByLabel(say('등록 ID', 'Enrollment ID')).fill(enr);
      }
      await page.getByLabel(say('개표에 필요한 인원', 'Holders needed to decrypt')).fill('2');
      await page.getByText(say('키 보관자 3명 중 2명이 모이면 개표할 수 있습니다.', '2 of 3 key holders must take part to decrypt the result.')).waitFor();
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      // 5. access: SMS code
      await page.getByLabel(say('휴대전화 문자 인증번호', 'Code by text message')).check();
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      // 6. messages: the default invitation is an LMS; the meter and cost update live
      await page.locator('.sms-meter').first().getByText(lang === 'ko' ? /장문\(LMS\)/ : /^LMS \d+\/2000 bytes/).waitFor();
      await page.locator('.sms-meter').first().getByText(lang === 'ko' ? /100명에게 보내면/ : /for 100 voters/).waitFor();
      await page.getByLabel(say('투표 독려 문자(미투표자에게)', 'Reminder message (to non-voters)')).fill('{link}');
      await page.locator('.sms-meter').nth(1).getByText(lang === 'ko' ? /단문\(SMS\)/ : /^SMS \d+\/90 bytes/).waitFor();
      await shot(page, nm('03-wizard-messages'));
      await page.getByRole('button', { name: say('다음', 'Next'), exact: true }).click();
      // 7. preview: the voter's own contest component, in a phone frame
      const preview = page.getByTestId('ballot-preview');
      await preview.getByRole('radio', { name: /한가람/ }).check();
      await preview.getByText(say('1명을 선택하세요. 기권할 수도 있습니다.', 'Choose 1. You may also abstain.')).waitFor();
      expect(await preview.locator('img.cand-photo').count()).to.equal(1);
      a11y.push(...(await axe(page)));
      await shot(page, nm('04-wizard-preview'));
      await page.getByRole('button', { name: say('선거 만들기', 'Create the election') }).click();
      await page.getByRole('heading', { name: /2026 동아리연합회장 선거/ }).waitFor();
      const created = gw.created as Record<string, unknown>;
      expect(created['electionId']).to.equal('club-2026');
      expect(created['threshold']).to.equal(2);
      expect(created['identityMethod']).to.equal('sms-code');
      expect((created['keyHolders'] as unknown[]).length).to.equal(3);
      const contests = created['contests'] as { type: string; abstain: boolean; candidates: { name: string; photoSha256: string | null }[] }[];
      expect(contests.map((c) => c.type)).to.deep.equal(['choice', 'yesno']);
      expect(contests[0]!.abstain).to.equal(true);
      expect(contests[0]!.candidates.map((c) => c.name)).to.deep.equal(['한가람', '오세린']);
      expect(contests[0]!.candidates[0]!.photoSha256).to.match(/^[0-9a-f]{64}$/);
      const schedule = created['schedule'] as { opensAt: string; closesAt: string };
      expect(Date.parse(schedule.opensAt)).to.be.lessThan(Date.parse(schedule.closesAt));
      for (const l of gw.log.filter((x) => x.method !== 'GET' && x.path !== '/api/staff/login')) expect(l.headers['x-csrf-token'], l.path).to.equal('csrf-staff');
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      await w.context.close();
    });

    it(`uploads a roll with a bad row (row-level report, nothing stored), then the fixed file (${lang}, ${viewport.width}px)`, async () => {
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'draft' });
      gw.adminLoggedIn = true;
      gw.adminElection = { state: 'draft', roll: { imported: 0, frozen: false, count: null, hash: null }, ceremony: { holders: [], finalized: false, jointKey: null } };
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin/elections/${EID}?tab=roll`);
      const bad = '선거인번호,성명,생년월일,휴대전화,이메일,소속\nS001,홍길동,1990-03-07,010-1234-5678,,1학년\nS002,김철수,1991-04-08,02-123,,2학년\n';
      await page.getByLabel(say('선거인명부 파일', 'Voter roll file')).setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      const report = page.getByTestId('roll-report');
      await report.waitFor();
      await page.getByText(say('오류 1건이 있어 명부를 저장하지 않았습니다', 'The roll has 1 error(s) and was not stored')).waitFor();
      const row = report.locator('tbody tr').first();
      expect(await row.locator('td').first().innerText()).to.equal('3');
      expect(await row.innerText()).to.contain('휴대전화').and.contain('02-123');
      const a11y = await axe(page);
      await shot(page, nm('05-roll-report'));
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: say('보고서 내려받기(CSV)', 'Download the report (CSV)') }).click();
      expect((await download).suggestedFilename()).to.equal('roll-report.csv');
      const fixed = bad.replace('02-123', '010-2222-3333');
      await page.getByLabel(say('선거인명부 파일', 'Voter roll file')).setInputFiles({ name: 'roll.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
      await page.getByText(say('선거인 2명을 저장했습니다.', 'Stored 2 voters.')).waitFor();
      const uploads = gw.log.filter((l) => l.path.endsWith('/roll') && l.method === 'POST');
      expect(uploads).to.have.length(2);
      expect((uploads[1]!.body as Buffer).toString('utf8')).to.equal(fixed);
      await page.getByRole('button', { name: say('명부 확정', 'Freeze the roll') }).waitFor();
      // before freezing, the roll's identity fields can be corrected too
      const table = page.getByTestId('roll-table');
      await table.getByText('김철수').waitFor();
      await table.getByRole('button', { name: say('김철수(S002) 고치기', 'Edit 김철수 (S002)') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(say('명부를 확정하기 전이므로', 'The roll is not frozen yet')).waitFor();
      expect(await dialog.getByLabel(say('성명', 'Name'), { exact: true }).inputValue()).to.equal('김철수');
      await dialog.getByLabel(say('소속', 'Group'), { exact: true }).fill('3학년');
      await dialog.getByRole('button', { name: say('저장', 'Save'), exact: true }).click();
      await table.getByText('3학년').waitFor();
      expect(gw.rollMessages.patches.at(-1)).to.deep.equal({ voterId: 'S002', body: { group: '3학년' } });
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      await w.context.close();
    });

    it(`voter roll (${lang}, ${viewport.width}px): summary, search, keyboard paging, the edit dialog, clearing a contact and the gateway's refusals`, async () => {
      const a11y: string[] = [];
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'frozen' });
      gw.adminLoggedIn = true;
      gw.rollMessages.addVoters(120);
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin/elections/${EID}?tab=roll`);
      const summary = page.getByTestId('roll-summary');
      await summary.getByText(say('124명', '124')).waitFor();
      await summary.getByText(say('3학년 120명', '3학년: 120')).waitFor();
      const table = page.getByTestId('roll-table');
      const status = page.getByTestId('roll-status');
      await status.getByText(say('전체 124명 중 1–50번째를 보여 줍니다.', 'Showing 1–50 of 124 voters.')).waitFor();
      expect(await table.locator('caption').innerText()).to.equal(say('선거인 명부 (전체 124명 중 1–50번째)', 'Voter roll (1–50 of 124)'));
      expect(await table.locator('thead th').allTextContents()).to.deep.equal(lang === 'ko' ? ['선거인번호', '성명', '소속', '휴대전화', '이메일', '고치기'] : ['Voter number', 'Name', 'Group', 'Mobile', 'E-mail', 'Edit']);
      expect(await table.locator('tbody tr').count()).to.equal(50);
      const text = await table.innerText();
      expect(text).to.contain('010-****-1003').and.not.contain('010-3000-1003');
      expect(text).not.to.contain('2008-01-01');
      expect(await table.locator('tbody tr.row-locked').count(), 'every third generated voter has voted').to.equal(16);
      a11y.push(...(await axe(page)));
      if (viewport.width < 640) expect(await horizontalOverflow(page), 'no sideways scrolling on a phone').to.equal(0);
      await shot(page, `admin-${lang}-12-roll-${viewport.width}`);

      // paging with the keyboard: the focus stays on the pager
      const next = page.getByRole('button', { name: say('다음 쪽', 'Next page') });
      const prev = page.getByRole('button', { name: say('이전 쪽', 'Previous page') });
      expect(await prev.isDisabled()).to.equal(true);
      await next.focus();
      await page.keyboard.press('Enter');
      await status.getByText(say('51–100번째', '51–100 of 124')).waitFor();
      await page.keyboard.press('Enter');
      await status.getByText(say('101–124번째', '101–124 of 124')).waitFor();
      expect(await next.isDisabled()).to.equal(true);
      expect(await prev.evaluate((el) => el === document.activeElement), 'the focus moves to the pager button still usable').to.equal(true);
      await page.getByText(say('3 / 3쪽', 'Page 3 of 3')).waitFor();
      await page.getByLabel(say('한 쪽에', 'Per page')).selectOption('200');
      await status.getByText(say('1–124번째', '1–124 of 124')).waitFor();
      expect(gw.rollMessages.listed).to.include.members(['?q=&page=2&pageSize=50', '?q=&page=3&pageSize=50', '?q=&page=1&pageSize=200']);

      // search by a part of the name or of the voter number
      const search = page.getByLabel(say('이름 또는 선거인번호', 'Name or voter number'));
      await search.fill('민수');
      await search.press('Enter');
      await status.getByText(say('‘민수’ 검색 결과 1명 중 1–1번째', 'Search “민수”: showing 1–1 of 1')).waitFor();
      expect(await table.locator('tbody th').allInnerTexts()).to.deep.equal(['S004']);
      await search.fill('g011');
      await search.press('Enter');
      await status.getByText(say('검색 결과 10명', 'of 10 voters')).waitFor();
      await search.fill('없는사람');
      await search.press('Enter');
      await status.getByText(say('찾는 선거인이 없습니다.', 'No voter matches.')).waitFor();
      expect(await table.count()).to.equal(0);
      await page.getByRole('button', { name: say('모두 보기', 'Show all') }).click();
      await status.getByText(say('전체 124명', 'of 124 voters')).waitFor();

      // the dialog: labelled, modal, Esc closes it and the focus returns to its button
      await search.fill('S00');
      await search.press('Enter');
      await status.getByText(say('검색 결과 4명', 'of 4 voters')).waitFor();
      const editS004 = table.getByRole('button', { name: say('박민수(S004) 고치기', 'Edit 박민수 (S004)') });
      await editS004.click();
      const dialog = page.getByRole('dialog', { name: say('박민수(S004) 고치기', 'Edit 박민수 (S004)') });
      await dialog.waitFor();
      expect(await dialog.getAttribute('aria-modal')).to.equal('true');
      await dialog.getByText(say('명부가 확정되어', 'The roll is frozen')).waitFor();
      expect(await dialog.getByLabel(say('성명', 'Name'), { exact: true }).count(), 'identity fields only before freezing').to.equal(0);
      await dialog.getByText(say('지금: m****@school.example.kr', 'Now: m****@school.example.kr')).waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await editS004.evaluate((el) => el === document.activeElement)).to.equal(true);
      expect(gw.rollMessages.patches).to.deep.equal([]);

      // clearing the only contact: refused in the dialog, the focus on the reason
      await editS004.click();
      await dialog.getByLabel(say('이메일 주소 지우기', 'Remove the e-mail address')).check();
      expect(await dialog.getByLabel(say('새 이메일', 'New e-mail')).isDisabled()).to.equal(true);
      await dialog.getByRole('button', { name: say('저장', 'Save'), exact: true }).click();
      const alert = dialog.getByRole('alert');
      await alert.getByText(say('휴대전화와 이메일을 모두 지울 수는 없습니다.', 'A voter needs a mobile number or an e-mail address.')).waitFor();
      expect(await alert.evaluate((el) => el === document.activeElement)).to.equal(true);
      expect(gw.rollMessages.voters.get('S004')!.email).to.equal('minsu@school.example.kr');
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-13-roll-dialog-refused-${viewport.width}`, false);
      // a new mobile number, then the e-mail removed: saved
      await dialog.getByLabel(say('새 휴대전화', 'New mobile number')).fill('010-4444-5555');
      await dialog.getByRole('button', { name: say('저장', 'Save'), exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(gw.rollMessages.patches.at(-1)).to.deep.equal({ voterId: 'S004', body: { phone: '010-4444-5555', email: null } });
      expect(gw.rollMessages.voters.get('S004')).to.deep.include({ phone: '010-4444-5555', email: null });
      const row = table.locator('tbody tr', { hasText: 'S004' });
      await row.getByText('010-****-5555').waitFor();
      expect(await row.locator('td').nth(3).innerText()).to.equal('–');
      expect(await editS004.evaluate((el) => el === document.activeElement)).to.equal(true);

      // an election whose identity check is the SMS code: the mobile number stays
      gw.rollMessages.phoneNeededBy = ['sms-code'];
      await table.getByRole('button', { name: say('홍길동(S001) 고치기', 'Edit 홍길동 (S001)') }).click();
      await page.getByRole('dialog').getByLabel(say('휴대전화 번호 지우기', 'Remove the mobile number')).check();
      await page.getByRole('dialog').getByRole('button', { name: say('저장', 'Save'), exact: true }).click();
      await page.getByRole('dialog').getByRole('alert').getByText(say('휴대전화로 본인확인을 하므로', 'checks identity through the mobile number')).waitFor();
      expect(await page.getByRole('dialog').locator('.field-error').count()).to.equal(1);
      expect(gw.rollMessages.voters.get('S001')!.phone).to.equal('010-1234-5678');
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-14-roll-dialog-phone-${viewport.width}`, false);
      await page.getByRole('dialog').getByRole('button', { name: say('취소', 'Cancel') }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await shot(page, `admin-${lang}-15-roll-search-${viewport.width}`);

      for (const l of gw.log.filter((x) => x.method !== 'GET')) expect(l.headers['x-csrf-token'], l.path).to.equal('csrf-staff');
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(gw.errors).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      await w.context.close();
    });

    it(`shows the published results with charts, certificate and record (${lang}, ${viewport.width}px)`, async () => {
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'tallied' });
      gw.adminLoggedIn = true;
      gw.adminElection = { tally: { shards: 4, shardsDone: 4, combined: true, ballotCount: 6, shares: [1, 2], threshold: 2, published: true } };
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin/elections/${EID}?tab=results`);
      await page.getByText(say('결과를 공개했습니다.', 'The results are published.')).first().waitFor();
      await page.locator('figure.chart').first().waitFor();
      expect(await page.locator('figure.chart').count()).to.be.at.least(5);
      expect(await page.getByRole('link', { name: say('개표 증명서(PDF) 인쇄', 'Print the results certificate (PDF)') }).getAttribute('href')).to.equal(`/api/elections/${EID}/certificate.pdf`);
      expect(await page.getByRole('link', { name: say('선거 기록 내려받기 (NDJSON)', 'Download the election record (NDJSON)') }).getAttribute('href')).to.equal(`/api/admin/elections/${EID}/record.ndjson`);
      expect(await page.getByRole('link', { name: say('선거 기록 내려받기 (JSON)', 'Download the election record (JSON)') }).getAttribute('href')).to.equal(`/api/admin/elections/${EID}/record`);
      const a11y = await axe(page);
      await shot(page, nm('11-results'));
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      await w.context.close();
    });
  }

  for (const [lang, viewport] of [
    ['ko', DESKTOP],
    ['en', PHONE],
  ] as const) {
    it(`shows live turnout from the SSE stream (${lang}, ${viewport.width}px): overall, per group, per channel, over time`, async () => {
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'open' });
      gw.adminLoggedIn = true;
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin/elections/${EID}?tab=turnout`);
      const voted = page.getByTestId('turnout-voted');
      await voted.waitFor();
      await page.locator('.live-live').waitFor();
      const first = await voted.innerText();
      // the stream reconnects (retry: 500) and each event carries newer numbers
      await page.waitForFunction((f) => document.querySelector('[data-testid="turnout-voted"]')?.textContent !== f, first, { timeout: 10_000 });
      expect(await page.locator('figure.chart').count()).to.equal(3);
      expect(await page.locator('table.table caption').first().innerText()).to.match(lang === 'ko' ? /소속별 투표율/ : /Turnout by group/);
      const a11y = await axe(page);
      await shot(page, `admin-${lang}-06-turnout-${viewport.width}`);
      expect(gw.log.filter((l) => l.path.endsWith('/turnout/stream')).length).to.be.at.least(2);
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      await page.goto(`${origin()}/admin/elections/${EID}?tab=overview`);
      await page.getByRole('button', { name: lang === 'ko' ? '일시 중지' : 'Pause' }).waitFor();
      await shot(page, `admin-${lang}-07-overview-${viewport.width}`);
      await w.context.close();
    });
  }

  for (const [lang, viewport] of [
    ['ko', DESKTOP],
    ['en', PHONE],
  ] as const) {
    it(`messages (${lang}, ${viewport.width}px): send invitations, delivery status that refreshes, a failed message leads to the voter's contact fix, refusals shown`, async () => {
      const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en);
      const a11y: string[] = [];
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ electionState: 'frozen' });
      gw.adminLoggedIn = true;
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/admin/elections/${EID}?tab=messages`);
      const status = page.getByTestId('delivery-status');
      await status.getByText(say('아직 보낸 메시지가 없습니다.', 'No message has been sent yet.')).waitFor();
      await page.getByRole('button', { name: say('수신자와 비용 확인', 'Show recipients and cost') }).click();
      await page.getByTestId('campaign-plan').getByText(say('받는 사람 4명', '4 recipients')).waitFor();
      await page.getByRole('button', { name: say('보내기', 'Send'), exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: say('보내기', 'Send'), exact: true }).click();
      await page.getByText(say('3건을 보냈습니다(실패 1건).', '3 sent (1 failed).')).waitFor();
      // the table loads again after sending: 3 queued, 1 failed; the summary and the rows agree
      const summaryRow = (): Promise<string[]> => status.getByTestId('delivery-summary').locator('tbody tr').first().locator('td').allInnerTexts();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="delivery-messages"] tbody tr').length === 4);
      expect(await summaryRow()).to.deep.equal(['3', '0', '0', '1', '4']);
      const rows = status.getByTestId('delivery-messages');
      const text = await rows.innerText();
      expect(text).to.contain('010-****-5678').and.contain('010-****-0000');
      for (const full of ['010-1234-5678', '010-9999-0000', 'minsu@school.example.kr']) expect(text).not.to.contain(full);
      await status.getByText(say('10초마다 새로 고칩니다', 'refreshes every 10 seconds')).waitFor();
      // providers report back: each refresh shows the newer statuses
      await status.getByRole('button', { name: say('새로 고침', 'Refresh') }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="delivery-summary"] tbody tr td:nth-of-type(2)')?.textContent === '3');
      await status.getByRole('button', { name: say('새로 고침', 'Refresh') }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="delivery-summary"] tbody tr td:nth-of-type(3)')?.textContent === '3');
      expect(await summaryRow()).to.deep.equal(['0', '0', '3', '1', '4']);
      expect(await status.getByText(say('10초마다 새로 고칩니다', 'refreshes every 10 seconds')).count()).to.equal(0);
      await status.getByLabel(say('표시할 상태', 'Show')).selectOption('failed');
      expect(await rows.locator('tbody tr').count()).to.equal(1);
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-08-messages-${viewport.width}`);
      expect(gw.log.filter((l) => l.path.endsWith('/messages') && l.method === 'GET').length).to.equal(4);

      // the failed message's "fix the contact" opens the roll, searched to that voter, with their edit dialog open
      await rows.getByRole('link', { name: say('010-****-0000 선거인의 연락처 고치기', 'Fix the contact of the voter at 010-****-0000') }).click();
      const dialog = page.getByRole('dialog', { name: say('이영희(S003) 고치기', 'Edit 이영희 (S003)') });
      await dialog.waitFor();
      expect(gw.rollMessages.listed.at(-1)).to.contain('q=S003');
      const phone = dialog.getByLabel(say('새 휴대전화', 'New mobile number'));
      expect(await phone.evaluate((el) => el === document.activeElement)).to.equal(true);
      const save = dialog.getByRole('button', { name: say('저장', 'Save'), exact: true });
      // a bad number: refused inside the dialog, the field says why, the alert takes the focus, nothing changes
      await phone.fill('02-123-4567');
      await save.click();
      await dialog.locator('.field-error').getByText(say('휴대전화 번호가 올바르지 않습니다.', 'Invalid mobile number.')).waitFor();
      expect(await dialog.getByRole('alert').evaluate((el) => el === document.activeElement)).to.equal(true);
      expect(await phone.getAttribute('aria-invalid')).to.equal('true');
      expect(gw.rollMessages.voters.get('S003')!.phone).to.equal('010-9999-0000');
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-09-contact-refused-${viewport.width}`, false);
      await phone.fill('01055556666');
      await save.click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(say('이영희(S003)의 명부 내용을 저장했습니다.', 'Saved the entry of 이영희 (S003).')).waitFor();
      expect(gw.rollMessages.voters.get('S003')!.phone).to.equal('010-5555-6666');
      expect(gw.rollMessages.patches.at(-1)).to.deep.equal({ voterId: 'S003', body: { phone: '01055556666' } });
      const table = page.getByTestId('roll-table');
      await table.getByText('010-****-6666').waitFor();
      const editS003 = table.getByRole('button', { name: say('이영희(S003) 고치기', 'Edit 이영희 (S003)') });
      expect(await editS003.evaluate((el) => el === document.activeElement), 'the focus is back on the row').to.equal(true);
      // a voter who has voted: listed, but nothing to edit
      await page.getByLabel(say('이름 또는 선거인번호', 'Name or voter number')).fill('김철수');
      await page.getByRole('button', { name: say('찾기', 'Search'), exact: true }).click();
      await table.getByText('S002').waitFor();
      expect(await table.locator('tbody tr').count()).to.equal(1);
      await table.getByText(say('투표함 · 고칠 수 없음', 'Voted · cannot be changed')).waitFor();
      expect(await table.getByRole('button').count()).to.equal(0);
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-10-contact-fix-${viewport.width}`);
      for (const l of gw.log.filter((x) => x.method !== 'GET')) expect(l.headers['x-csrf-token'], l.path).to.equal('csrf-staff');
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(gw.errors).to.deep.equal([]);
      await w.context.close();
    });
  }
});
