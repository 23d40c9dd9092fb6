// Service desk (mocked gateway): an organization applies (wrong region refused with the competent
// commission named, a bad file refused, submit, status), the commission reviews it (request
// changes → resubmission → approve), the new organization admin sets a password from the
// invitation, signs in with the SMS code and creates its first election (organization id
// defaulted, a blackout refusal shown); an approval whose account the CA could not open yet;
// blackout periods; the fee estimator against a
// hand-computed example; the fee statement downloads.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { ARTIFACTS, axe, cspViolations, DESKTOP, horizontalOverflow, openPage, PHONE, shot, type Watched } from './support/browser.js';
import { EID } from './support/fixtures.js';
import { MockGateway } from './support/mock-gateway.js';
import { useStage } from './support/stage.js';

const { browser, origin } = useStage();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PASSWORD = 'correct horse battery';

async function finish(w: Watched, a11y: string[] = []): Promise<void> {
  expect(a11y, a11y.join('\n')).to.deep.equal([]);
  expect(await cspViolations(w)).to.deep.equal([]);
  expect(w.problems).to.deep.equal([]);
  await w.context.close();
}

async function staffSignIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('아이디').fill(username);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인' }).click();
}

/** Commission staff signed in on a desktop, on the review queue (the admin menu's link). */
async function reviewQueue(gw: MockGateway): Promise<Watched> {
  const staff = await openPage(browser(), { viewport: DESKTOP });
  await gw.install(staff.page);
  await staff.page.goto(`${origin()}/admin`);
  await staffSignIn(staff.page, 'central-staff');
  await staff.page.getByTestId('election-list').waitFor();
  await staff.page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '이용 신청 심사' }).click();
  return staff;
}

describe('service desk (mocked gateway)', function () {
  this.timeout(120_000);

  it('an organization applies: wrong region refused (competent commission named), bad files refused, documents, submit, status', async () => {
    const a11y: string[] = [];
    const w = await openPage(browser(), { viewport: PHONE });
    const gw = new MockGateway();
    gw.desk.blackouts.push({ blackoutId: 'local-2026', from: '2026-05-31T15:00:00.000Z', to: '2026-06-03T15:00:00.000Z', reason: '제9회 전국동시지방선거', declaredBy: 'CentralMSP' });
    await gw.install(w.page);
    const page = w.page;
    await page.goto(`${origin()}/`);
    await page.getByRole('link', { name: '온라인 투표 이용 신청' }).click();
    await page.getByRole('heading', { name: '온라인 투표 이용 신청' }).waitFor();
    await page.getByText('이 사이트는 중앙선거관리위원회의 접수 창구입니다.').waitFor();
    await page.getByText('어느 위원회에 신청하나요?').click();
    await page.getByTestId('commissions').getByRole('row', { name: /서울특별시/ }).getByText('서울특별시선거관리위원회').waitFor();
    // the browser checks the fields first
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    const formProblems = page.getByTestId('form-problems');
    await formProblems.getByText('기관·단체 이름: 기관·단체 이름을 2자 이상 입력해 주세요.').waitFor();
    await formProblems.getByText('지역: 필수 항목입니다.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).to.equal('form-problems');
    expect(gw.log.filter((l) => l.path === '/api/applications')).to.have.length(0);
    await page.getByLabel('기관·단체 이름').fill('한빛고등학교');
    await page.getByLabel('기관 ID (영문)').fill('hanbit-high');
    await page.getByRole('radio', { name: '학교' }).check();
    // the region by keyboard: arrow keys move within the group
    await page.getByRole('radio', { name: '전국' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: '서울특별시' }).isChecked()).to.equal(true);
    await page.getByText('이 지역의 신청은 서울특별시선거관리위원회에서 받습니다.', { exact: false }).waitFor();
    await page.getByLabel('담당자 이름').fill('박선생');
    await page.getByLabel('담당자 휴대전화').fill('01077778888');
    await page.getByLabel('담당자 이메일').fill('teacher@hanbit.example.kr');
    await page.getByLabel('선거 이름').fill('2027 학생회장 선거');
    await page.getByLabel('투표일 (예정)').fill('2026-06-02');
    await page.getByText(/예정일이 선거 금지 기간\(.*제9회 전국동시지방선거\)에 들어 있습니다/).waitFor();
    await page.getByLabel('투표일 (예정)').fill('2027-03-10');
    await page.getByLabel('예상 선거인 수').fill('640');
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-01-apply-form');
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    // the gateway refuses: Seoul's organizations apply at the Seoul commission
    const wrong = page.getByTestId('wrong-commission');
    await wrong.getByText('서울특별시선거관리위원회에 신청해야 합니다.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).to.equal('wrong-commission');
    await wrong.screenshot({ path: `${ARTIFACTS}desk-ko-02-wrong-commission.png` });
    await page.getByRole('radio', { name: '그 밖의 지역' }).check();
    await page.getByText('이 지역은 중앙선거관리위원회에서 접수합니다.').waitFor();
    // an id an approved organization already has is refused at once, next to the field
    await page.getByLabel('기관 ID (영문)').fill('school-1');
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    await page.getByRole('alert').getByText('기관 ID school-1은(는) 이미 승인된 기관이 쓰고 있습니다.', { exact: false }).waitFor();
    await page.getByLabel('기관 ID (영문)').fill('hanbit-high');
    await page.getByRole('button', { name: '신청서 만들기' }).click();
    // the status page of the new draft: reference number and status link, to keep
    await page.getByRole('heading', { name: '신청 진행 상황' }).waitFor();
    const app = [...gw.desk.applications.values()][0]!;
    expect(app.contact.phone).to.equal('010-7777-8888');
    const box = page.getByTestId('ref-box');
    await box.getByText(app.ref, { exact: true }).waitFor();
    await box.getByText(`/apply/status/${app.ref}#${app.token}`).waitFor();
    await box.getByText(/이 신청번호와 링크를 꼭 보관하세요/).waitFor();
    expect(new URL(page.url()).hash).to.equal(`#${app.token}`);
    expect(new URL(page.url()).search).to.equal('');
    await page.getByText('신청서가 만들어졌습니다.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: '위원회에 제출' }).isDisabled()).to.equal(true);
    // a text file and an oversized PDF are refused in the browser; nothing is sent
    const files = page.getByLabel('첨부할 파일');
    await files.setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
      { name: 'fake.pdf', mimeType: 'application/pdf', buffer: Buffer.from('GIF89a not a pdf') },
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) },
    ]);
    const problems = page.getByTestId('upload-problems');
    await problems.getByText('notes.txt: PDF, PNG, JPEG 파일이 아닙니다.', { exact: false }).waitFor();
    await problems.getByText('fake.pdf: PDF, PNG, JPEG 파일이 아닙니다.', { exact: false }).waitFor();
    await problems.getByText('scan.pdf: 10MB를 넘습니다 (10.1 MB).').waitFor();
    expect(gw.log.filter((l) => l.path.endsWith('/documents'))).to.have.length(0);
    await shot(page, 'desk-ko-03-documents-refused');
    await files.setInputFiles({ name: '공문.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('documents').getByText('공문.pdf').waitFor();
    const upload = gw.log.find((l) => l.path.endsWith('/documents'))!;
    expect(upload.headers['x-application-token']).to.equal(app.token);
    expect(upload.headers['content-type']).to.equal('application/pdf');
    a11y.push(...(await axe(page)));
    await page.getByRole('button', { name: '위원회에 제출' }).click();
    const dialog = page.getByRole('dialog', { name: '신청서를 제출할까요?' });
    await dialog.getByText(/첨부한 서류: 1개/).waitFor();
    await dialog.getByRole('button', { name: '위원회에 제출' }).click();
    await page.getByTestId('submitted').getByText(/제출되었습니다. 중앙선거관리위원회에서 심사합니다./).waitFor();
    await page.getByTestId('application').getByText('심사 중').waitFor();
    await page.getByTestId('application-history').getByRole('row', { name: /제출/ }).waitFor();
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-04-submitted');
    // the access code travels in a header, never in an address the server sees
    for (const l of gw.log) expect(l.path + JSON.stringify(l.body ?? ''), l.path).to.not.contain(app.token.slice(0, 20));
    // the same link, opened later, shows the status; a wrong code finds nothing
    const later = await openPage(browser(), { viewport: PHONE });
    await gw.install(later.page);
    await later.page.goto(`${origin()}/apply/status/${app.ref}#${'x'.repeat(43)}`);
    await later.page.getByText('이 신청번호와 접근 코드에 맞는 신청이 없습니다.', { exact: false }).waitFor();
    await later.page.goto(`${origin()}/apply/status/${app.ref}`);
    await later.page.getByText('이 링크에는 접근 코드가 없습니다.', { exact: false }).waitFor();
    await later.page.getByLabel('접근 코드').fill(app.token);
    await later.page.getByRole('button', { name: '진행 상황 보기' }).click();
    await later.page.getByTestId('application').getByText('심사 중').waitFor();
    a11y.push(...(await axe(later.page)));
    await finish(later);
    await finish(w, a11y);
  });

  it('the commission reviews: documents and contact, a reason required, request changes → resubmission → approve (invitation e-mailed)', async () => {
    const a11y: string[] = [];
    const gw = new MockGateway();
    const app = gw.desk.seedApplication();
    gw.desk.seedApplication({ organizationId: 'busan-coop', organizationName: '해오름 협동조합', organizationType: 'other', status: 'approved', decisionReason: '요건 충족', updatedAt: Date.parse('2026-10-20T02:00:00.000Z') });
    const staff = await reviewQueue(gw);
    const page = staff.page;
    const queue = page.getByTestId('application-queue');
    await queue.waitFor();
    expect(await queue.locator('tbody tr').first().innerText()).to.contain('한빛고등학교');
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-05-review-queue');
    await queue.getByRole('link', { name: '한빛고등학교' }).click();
    await page.getByRole('heading', { name: /한빛고등학교/ }).waitFor();
    await page.getByTestId('contact').getByText('박선생').waitFor();
    await page.getByTestId('contact').getByRole('link', { name: 'teacher@hanbit.example.kr' }).waitFor();
    const dl = page.waitForEvent('download');
    await page.getByTestId('documents').getByRole('button', { name: '공문.pdf' }).click();
    const file = await dl;
    expect(file.suggestedFilename()).to.equal('공문.pdf');
    // no decision without a reason
    await page.getByRole('radio', { name: '보완 요청' }).check();
    await page.getByRole('button', { name: '결정 등록' }).click();
    await page.getByRole('alert').getByText('사유를 입력해 주세요.').waitFor();
    expect(gw.log.filter((l) => l.path.endsWith('/decision'))).to.have.length(0);
    await page.getByLabel('사유 (신청인에게 보임)').fill('학교장 직인이 있는 공문을 첨부해 주세요');
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-06-review-detail');
    await page.getByRole('button', { name: '결정 등록' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText(/학교장 직인이 있는 공문을 첨부해 주세요/).waitFor();
    await confirm.getByRole('button', { name: '보완 요청' }).click();
    await page.getByTestId('decision-done').getByText('"보완 요청" 처리했습니다.').waitFor();
    expect(app.status).to.equal('changes-requested');
    expect(gw.desk.last('notice')?.body).to.contain('보완이 필요합니다');
    const decision = gw.log.find((l) => l.path.endsWith('/decision'))!;
    expect(decision.body).to.deep.equal({ decision: 'request-changes', reason: '학교장 직인이 있는 공문을 첨부해 주세요' });
    expect(decision.headers['x-csrf-token']).to.equal('csrf-staff');

    // the applicant reads the reason, attaches the stamped letter and submits again
    const applicant = await openPage(browser(), { viewport: PHONE });
    await gw.install(applicant.page);
    await applicant.page.goto(`${origin()}/apply/status/${app.ref}#${app.token}`);
    const reason = applicant.page.getByTestId('decision-reason');
    await reason.getByText('위원회가 보완을 요청했습니다.', { exact: false }).waitFor();
    await reason.getByText('위원회 의견: 학교장 직인이 있는 공문을 첨부해 주세요').waitFor();
    await applicant.page.getByTestId('application-history').getByRole('row', { name: /보완 요청/ }).waitFor();
    a11y.push(...(await axe(applicant.page)));
    await shot(applicant.page, 'desk-ko-07-changes-requested');
    // corrects the expected voters (a wrong phone number is caught in the form first)
    const edit = applicant.page.getByTestId('edit-details');
    await edit.getByText('신청 내용 고치기').click();
    await edit.getByLabel('예상 선거인 수').fill('700');
    await edit.getByLabel('담당자 휴대전화').fill('02-123');
    await edit.getByRole('button', { name: '고친 내용 저장' }).click();
    await edit.getByTestId('form-problems').waitFor();
    expect(gw.log.filter((l) => l.method === 'PUT')).to.have.length(0);
    await edit.getByLabel('담당자 휴대전화').fill('010 7777 8888');
    await edit.getByRole('button', { name: '고친 내용 저장' }).click();
    await edit.getByTestId('edit-saved').waitFor();
    expect(app.planned.expectedVoters).to.equal(700);
    expect(app.contact.phone).to.equal('010-7777-8888');
    await applicant.page.getByTestId('application').getByText('선거인 약 700명', { exact: false }).waitFor();
    a11y.push(...(await axe(applicant.page)));
    await shot(applicant.page, 'desk-ko-07b-corrected');
    await applicant.page.getByLabel('첨부할 파일').setInputFiles({ name: 'stamped.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    await applicant.page.getByTestId('documents').getByText('stamped.png').waitFor();
    await applicant.page.getByRole('button', { name: '보완하여 다시 제출' }).click();
    await applicant.page.getByRole('dialog').getByRole('button', { name: '보완하여 다시 제출' }).click();
    await applicant.page.getByTestId('submitted').waitFor();
    await applicant.page.getByTestId('application-history').getByRole('row', { name: /보완 후 다시 제출/ }).waitFor();
    await finish(applicant);

    // the commission approves
    await page.reload();
    await page.getByRole('radio', { name: '승인' }).waitFor();
    await page.getByTestId('documents').getByText('stamped.png').waitFor();
    await page.getByRole('radio', { name: '승인' }).check();
    await page.getByLabel('사유 (신청인에게 보임)').fill('요건 충족');
    await page.getByRole('button', { name: '결정 등록' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '승인' }).click();
    const done = page.getByTestId('decision-done');
    await done.getByText('teacher@hanbit.example.kr(으)로 관리자 계정 안내를 보냈습니다.', { exact: false }).waitFor();
    expect(app.history.map((h) => h.action)).to.deep.equal(['submitted', 'request-changes', 'resubmitted', 'approve']);
    expect(gw.desk.last('notice')?.body).to.match(/\/staff\/invitation#[A-Za-z0-9_-]{43}/);
    await page.getByTestId('application-history').getByRole('row', { name: /승인/ }).waitFor();
    await shot(page, 'desk-ko-08-approved');
    // the e-mail was lost: a new link, the old one revoked
    const firstLink = gw.desk.last('notice')!.body;
    await page.getByRole('button', { name: '초대 링크 다시 보내기' }).click();
    await page.getByTestId('invitation-resent').getByText('t******@hanbit.example.kr', { exact: false }).waitFor();
    expect(gw.desk.last('notice')!.body).to.not.equal(firstLink);
    expect(gw.desk.invitations.size, 'only the new link works').to.equal(1);
    await shot(page, 'desk-ko-08b-invitation-resent');
    await finish(staff, a11y);
  });

  it('an approval whose admin account cannot be opened yet (the commission\'s CA did not answer): the page says it is recorded and how to finish; sending the invitation again opens the account', async () => {
    const a11y: string[] = [];
    const gw = new MockGateway();
    const app = gw.desk.seedApplication();
    gw.desk.caDown = true;
    const staff = await reviewQueue(gw);
    const page = staff.page;
    await page.getByTestId('application-queue').getByRole('link', { name: '한빛고등학교' }).click();
    await page.getByRole('radio', { name: '승인' }).check();
    await page.getByLabel('사유 (신청인에게 보임)').fill('요건 충족');
    await page.getByRole('button', { name: '결정 등록' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '승인' }).click();
    await page.getByRole('alert').getByText('승인은 기록되었습니다. 다만 선관위 인증기관(CA)이 응답하지 않아', { exact: false }).waitFor();
    await page.getByText('지금은 심사할 차례가 아닙니다 (상태: 승인).').waitFor();
    expect(await page.getByRole('radio', { name: '승인' }).count(), 'no second decision offered').to.equal(0);
    expect(app.status).to.equal('approved');
    expect(gw.desk.users.has('hanbit-high-admin'), 'no account yet').to.equal(false);
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-08c-approved-account-pending');
    // still down: the invitation cannot go out either
    await page.getByRole('button', { name: '초대 링크 다시 보내기' }).click();
    await page.getByText('서비스를 일시적으로 사용할 수 없습니다.', { exact: false }).waitFor();
    expect(gw.desk.invitations.size).to.equal(0);
    // the CA is back: the account is opened and the invitation sent
    gw.desk.caDown = false;
    await page.getByRole('button', { name: '초대 링크 다시 보내기' }).click();
    await page.getByTestId('invitation-resent').getByText('t******@hanbit.example.kr', { exact: false }).waitFor();
    expect(gw.desk.users.get('hanbit-high-admin')?.role).to.equal('orgadmin');
    expect(gw.desk.invitations.size).to.equal(1);
    await finish(staff, a11y);
  });

  it('the new organization admin: invitation → password → SMS code → first election (organization id defaulted), a blackout refusal shown', async () => {
    const a11y: string[] = [];
    const gw = new MockGateway({ electionState: 'draft' });
    const app = gw.desk.seedApplication();
    const w = await openPage(browser(), { viewport: PHONE });
    await gw.install(w.page);
    const page = w.page;
    gw.desk.decide(app, 'approve', '요건 충족', origin());
    const link = /(\/staff\/invitation#[A-Za-z0-9_-]+)/.exec(gw.desk.last('notice')!.body)![1]!;
    const token = link.split('#')[1]!;
    await page.goto(`${origin()}${link}`);
    await page.getByRole('heading', { name: '관리자 비밀번호 설정' }).waitFor();
    expect(page.url(), 'the single-use token leaves the address bar').to.not.contain(token);
    await page.getByLabel('새 비밀번호', { exact: true }).fill('short');
    await page.getByRole('button', { name: '비밀번호 정하기' }).click();
    await page.getByText('비밀번호는 12자 이상이어야 합니다.').waitFor();
    await page.getByLabel('새 비밀번호', { exact: true }).fill('hanbit student council 2027');
    await page.getByLabel('새 비밀번호 확인').fill('hanbit student council 2026');
    await page.getByRole('button', { name: '비밀번호 정하기' }).click();
    await page.getByText('두 비밀번호가 같지 않습니다.').waitFor();
    await page.getByLabel('새 비밀번호 확인').fill('hanbit student council 2027');
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-09-invitation');
    await page.getByRole('button', { name: '비밀번호 정하기' }).click();
    await page.getByTestId('invitation-done').getByText('아이디는 hanbit-high-admin 입니다.', { exact: false }).waitFor();
    const accept = gw.log.find((l) => l.path === '/api/staff/invitations/accept')!;
    expect(accept.body).to.deep.equal({ token, password: 'hanbit student council 2027' });
    await page.getByRole('link', { name: '로그인하러 가기' }).click();
    // the username is filled in; after the password, the SMS code
    await page.getByRole('heading', { name: '선거 관리자 로그인' }).waitFor();
    expect(await page.getByLabel('아이디').inputValue()).to.equal('hanbit-high-admin');
    await page.getByLabel('비밀번호').fill('hanbit student council 2027');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.getByText('010-****-8888(으)로 6자리 확인 코드를 보냈습니다.', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('휴대전화 인증');
    const code = /(\d{6})/.exec(gw.desk.last('sms-code')!.body)![1]!;
    await page.getByLabel('확인 코드 (6자리)').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByText('확인 코드가 맞지 않습니다. 다시 입력해 주세요.').waitFor();
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-10-sms-code');
    await page.getByLabel('확인 코드 (6자리)').fill(code);
    await page.getByRole('button', { name: '확인' }).click();
    await page.getByRole('heading', { name: '선거 목록' }).waitFor();
    expect(await page.getByRole('link', { name: '이용 신청 심사' }).count(), 'no review queue for organization admins').to.equal(0);
    await w.context.close();

    // its first election, on a desktop: the organization id is its own; a blackout period is in the way
    const d = await openPage(browser(), { viewport: DESKTOP });
    await gw.install(d.page);
    const p = d.page;
    const day = 86_400_000;
    gw.desk.blackouts.push({ blackoutId: 'by-election-2026', from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + 5 * day).toISOString(), reason: '국회의원 재보궐선거', declaredBy: 'CentralMSP' });
    await p.goto(`${origin()}/admin/new`);
    await p.getByRole('heading', { name: '새 선거 만들기' }).waitFor();
    const org = p.getByLabel('기관 ID');
    expect(await org.inputValue()).to.equal('hanbit-high');
    expect(await org.getAttribute('readonly')).to.not.equal(null);
    await p.getByText('기관 관리자는 자기 기관(hanbit-high)의 선거만 만들 수 있습니다.').waitFor();
    await p.getByLabel('선거 ID').fill('hanbit-2027');
    await p.getByLabel('선거 이름').fill('2027 학생회장 선거');
    await p.getByRole('button', { name: '다음', exact: true }).click();
    await p.getByLabel('안건 유형').selectOption('yesno');
    await p.getByRole('button', { name: '안건 추가' }).click();
    await p.getByLabel('안건 이름').fill('학생회 회칙 개정');
    await p.getByRole('button', { name: '다음', exact: true }).click();
    await p.getByRole('alert').getByText(/이 투표 기간은 선거 금지 기간\(.*국회의원 재보궐선거\)과 겹칩니다/).waitFor();
    await p.getByRole('button', { name: '다음', exact: true }).click();
    await p.getByRole('button', { name: '키 보관자 추가' }).click();
    const box = p.locator('.holder-editor').last();
    await box.getByLabel('이름').fill('김위원');
    await box.getByLabel('소속 기관(MSP)').fill('CentralMSP');
    await box.getByLabel('등록 ID').fill('keyholder1');
    for (let i = 0; i < 3; i++) await p.getByRole('button', { name: '다음', exact: true }).click();
    await p.getByRole('button', { name: '선거 만들기' }).click();
    const refusal = p.getByTestId('blackout-refusal');
    await refusal.getByText('투표 기간이 선거 금지 기간과 겹쳐 선거를 만들 수 없습니다.').waitFor();
    await refusal.getByText(/겹치는 기간: .* KST – .* KST \(국회의원 재보궐선거\)/).waitFor();
    a11y.push(...(await axe(p)));
    await shot(p, 'desk-ko-11-blackout-refused');
    // move the voting window after the blackout period and create it
    await refusal.getByRole('button', { name: '투표 기간 고치기' }).click();
    const kst = (ms: number): string => new Date(Date.now() + ms + 9 * 3_600_000).toISOString().slice(0, 16);
    await p.getByLabel('투표 시작').fill(kst(7 * day));
    await p.getByLabel('투표 마감').fill(kst(8 * day));
    expect(await p.getByText(/선거 금지 기간\(.*\)과 겹칩니다/).count()).to.equal(0);
    for (let i = 0; i < 4; i++) await p.getByRole('button', { name: '다음', exact: true }).click();
    await p.getByRole('button', { name: '선거 만들기' }).click();
    await p.getByRole('heading', { name: /2027 학생회장 선거/ }).waitFor();
    const created = gw.created as { organizationId: string; electionId: string };
    expect(created).to.include({ organizationId: 'hanbit-high', electionId: 'hanbit-2027' });
    await finish(d, a11y);
  });

  it('commission staff declare a blackout period (English); the public application page lists it', async () => {
    const a11y: string[] = [];
    const gw = new MockGateway();
    const w = await openPage(browser(), { viewport: DESKTOP, lang: 'en' });
    await gw.install(w.page);
    const page = w.page;
    await page.goto(`${origin()}/admin`);
    await page.getByLabel('Username').fill('central-staff');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Blackout periods' }).click();
    await page.getByText('No blackout period has been declared.').waitFor();
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    await page.getByText('Fill in the id, start, end and reason.').waitFor();
    await page.getByLabel('Blackout id').fill('local-2026');
    await page.getByLabel('From (KST)').fill('2026-06-01T00:00');
    await page.getByLabel('To (KST)').fill('2026-06-04T00:00');
    await page.getByLabel('Reason').fill('9th nationwide local elections');
    await page.getByRole('button', { name: 'Declare', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Declare this blackout period?' });
    await dialog.getByText(/From 1 Jun 2026, 00:00 KST to 4 Jun 2026, 00:00 KST/).waitFor();
    await dialog.getByRole('button', { name: 'Declare' }).click();
    await page.getByText('Blackout period local-2026 declared.').waitFor();
    await page.getByTestId('blackouts').getByRole('row', { name: /9th nationwide local elections/ }).waitFor();
    expect(gw.desk.blackouts[0]).to.include({ blackoutId: 'local-2026', from: '2026-05-31T15:00:00.000Z', to: '2026-06-03T15:00:00.000Z' });
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-en-12-blackouts');
    await finish(w, a11y);

    const pub = await openPage(browser(), { viewport: PHONE, lang: 'en' });
    await gw.install(pub.page);
    await pub.page.goto(`${origin()}/apply`);
    await pub.page.getByText('Blackout periods', { exact: true }).click();
    await pub.page.getByTestId('blackouts').getByRole('row', { name: /9th nationwide local elections/ }).waitFor();
    await pub.page.getByRole('radio', { name: 'Busan' }).check();
    await pub.page.getByText('Applications from this region are handled by the Busan Election Commission.', { exact: false }).waitFor();
    expect(await horizontalOverflow(pub.page)).to.be.at.most(0);
    const pa11y = await axe(pub.page);
    await shot(pub.page, 'desk-en-13-apply-phone');
    // the narrowest phones: no horizontal scrolling on the public service-desk pages
    await pub.page.setViewportSize({ width: 320, height: 640 });
    for (const path of ['/apply', '/fees', '/apply/status', '/staff/invitation']) {
      await pub.page.goto(`${origin()}${path}`);
      await pub.page.locator('main h1').waitFor();
      expect(await horizontalOverflow(pub.page), path).to.be.at.most(0);
    }
    await finish(pub, pa11y);
  });

  it('fee estimator: 640 voters, invitation by LMS, one SMS reminder, SMS codes = 38,016 KRW, itemised', async () => {
    const a11y: string[] = [];
    const w = await openPage(browser(), { viewport: PHONE });
    const gw = new MockGateway();
    await gw.install(w.page);
    const page = w.page;
    await page.goto(`${origin()}/fees`);
    await page.getByRole('heading', { name: '예상 이용료 계산' }).waitFor();
    a11y.push(...(await axe(page)));
    await page.getByLabel('선거인 수').fill('640');
    await page.getByLabel('투표 안내(개인 투표 링크) 보내는 방법').selectOption('lms');
    await page.getByLabel('미투표자 독려 문자 횟수').selectOption('1');
    await page.getByLabel('독려 문자 보내는 방법').selectOption('sms');
    await page.getByRole('radio', { name: '휴대전화 문자 인증번호' }).check();
    await page.getByRole('button', { name: '예상 비용 계산' }).click();
    const result = page.getByTestId('fee-result');
    // 640 × 12.1 + 640 × 35.2 + 640 × 12.1 = 7,744 + 22,528 + 7,744
    await result.getByText('합계 ₩38,016').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('fees-result');
    const rows = await result.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).to.deep.equal(['단문 문자(SMS) 640 ₩12.1 ₩7,744', '장문 문자(LMS) 640 ₩35.2 ₩22,528', '문자 인증번호 640 ₩12.1 ₩7,744']);
    expect(gw.log.find((l) => l.path === '/api/fees/estimate')!.body).to.deep.equal({ messages: { sms: 640, lms: 640, email: 0 }, identityChecks: { 'sms-code': 640 } });
    await result.getByText('선거인 1명당 약 ₩59.4').waitFor();
    expect(await horizontalOverflow(page)).to.be.at.most(0);
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-14-fees');
    await finish(w, a11y);
  });

  it('fee statement of an election: table, CSV and PDF downloads, e-mailed to the admin', async () => {
    const a11y: string[] = [];
    const w = await openPage(browser(), { viewport: DESKTOP });
    const gw = new MockGateway({ electionState: 'closed' });
    gw.adminLoggedIn = true;
    await gw.install(w.page);
    const page = w.page;
    // the link of the fee-statement e-mail
    await page.goto(`${origin()}/admin/elections/${EID}/fees`);
    await page.getByRole('heading', { name: '이용료 명세서' }).waitFor();
    const table = page.locator('table', { has: page.locator('caption', { hasText: '이용료 명세서' }) });
    await table.getByRole('row', { name: /장문 문자\(LMS\) 640/ }).waitFor();
    // 212 × 12.1 + 640 × 35.2 + 598 × 12.1 = 2,565.2 + 22,528 + 7,235.8 = 32,329
    await table.locator('tfoot').getByText('₩32,329').waitFor();
    let dl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSV 내려받기' }).click();
    const csv = await dl;
    expect(csv.suggestedFilename()).to.equal(`fees-${EID}.csv`);
    const text = await readFile(await csv.path(), 'utf8');
    expect(text).to.contain('message.lms,"장문 문자(LMS, 2,000바이트까지) / LMS (up to 2,000 bytes)",640,35.2,22528');
    dl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'PDF 내려받기' }).click();
    expect((await dl).suggestedFilename()).to.equal(`fees-${EID}.pdf`);
    await page.getByRole('button', { name: '내 이메일로 보내기' }).click();
    await page.getByText('명세서를 a****@school-1.example.kr(으)로 보냈습니다.').waitFor();
    expect(gw.log.find((l) => l.path.endsWith('/fee-statement/email'))!.headers['x-csrf-token']).to.equal('csrf-staff');
    a11y.push(...(await axe(page)));
    await shot(page, 'desk-ko-15-fee-statement');
    await finish(w, a11y);
  });
});
