// Admin console: sign-in, the election wizard with the voter ballot preview, roll upload with a
// bad row (report) then a fixed re-upload, the live turnout dashboard (SSE), and the messages tab
// (sending, delivery status, a voter's contact fixed from the roll) in Korean on a desktop and in
// English on a phone.
import { expect } from 'chai';
import { axe, cspViolations, DESKTOP, openPage, PHONE, shot } from './support/browser.js';
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
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
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

      // the failed message's "fix the contact" opens the roll with that voter's number filled in
      await rows.getByRole('link', { name: say('010-****-0000 선거인의 연락처 고치기', 'Fix the contact of the voter at 010-****-0000') }).click();
      await page.getByRole('heading', { name: say('선거인 연락처 고치기', 'Fix a voter’s contact data') }).waitFor();
      const voterId = page.getByLabel(say('선거인번호', 'Voter number'));
      expect(await voterId.inputValue()).to.equal('S003');
      const phone = page.getByLabel(say('새 휴대전화', 'New mobile number'));
      const save = page.getByRole('button', { name: say('연락처 저장', 'Save the contact data') });
      // a bad number: refused, the field says why, nothing changes
      await phone.fill('02-123-4567');
      await save.click();
      await page.locator('.voter-contact-edit .field-error').getByText(say('휴대전화 번호가 올바르지 않습니다.', 'Invalid mobile number.')).waitFor();
      expect(gw.rollMessages.voters.get('S003')!.phone).to.equal('010-9999-0000');
      a11y.push(...(await axe(page)));
      await shot(page, `admin-${lang}-09-contact-refused-${viewport.width}`);
      await phone.fill('01055556666');
      await save.click();
      await page.getByText(say('선거인 S003의 연락처를 저장했습니다: 휴대전화 010-5555-6666', 'Saved the contact data of voter S003: mobile 010-5555-6666')).waitFor();
      expect(gw.rollMessages.voters.get('S003')!.phone).to.equal('010-5555-6666');
      expect(gw.rollMessages.patches.at(-1)).to.deep.equal({ voterId: 'S003', body: { phone: '01055556666' } });
      // a voter who has voted: the gateway's refusal, in words
      await voterId.fill('S002');
      await page.getByLabel(say('새 이메일', 'New e-mail')).fill('kim@school.example.kr');
      await save.click();
      await page.getByRole('alert').getByText(say('이미 투표했으므로', 'has already voted')).waitFor();
      expect(gw.rollMessages.voters.get('S002')!.email).to.equal(null);
      // an unknown number
      await voterId.fill('S999');
      await save.click();
      await page.getByRole('alert').getByText(say('명부에 이 선거인번호가 없습니다.', 'There is no voter with this number on the roll.')).waitFor();
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
