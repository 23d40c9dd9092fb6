import { expect } from 'chai';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { deflateRawSync } from 'node:zlib';
import supertest from 'supertest';
import { addStaff, makeHarness, seedRoll, signIn } from '../testing/harness.js';
import { normalizeBirthDateCell, normalizeKoreanMobile } from './fields.js';
import { editVoter } from './import.js';
import { rollTemplateCsv, validateRoll } from './validate.js';

const limits = { maxBytes: 1_000_000, maxRows: 100 };
const CLEAN = '선거인번호,성명,생년월일,휴대전화,이메일,소속\r\n2026001,홍길동,1990-03-07,010-1234-5678,,1반\r\n2026002,김영희,1985.12.25,01022223333,kim@example.kr,2반\r\n';

async function xlsx(rows: unknown[][], formulaAt?: [number, number]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('명부');
  rows.forEach((r) => ws.addRow(r));
  if (formulaAt !== undefined) ws.getCell(formulaAt[0], formulaAt[1]).value = { formula: 'HYPERLINK("http://evil","x")', result: 'x' } as ExcelJS.CellValue;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('roll fields', () => {
  it('normalises Korean mobile numbers and refuses bad ones', () => {
    for (const s of ['010-1234-5678', '01012345678', '010 1234 5678', '+82 10-1234-5678', '+82-010-1234-5678', '821012345678']) {
      expect(normalizeKoreanMobile(s)).to.deep.equal({ ok: true, value: '010-1234-5678', restoredZero: false }, s);
    }
    expect(normalizeKoreanMobile('1012345678')).to.deep.equal({ ok: true, value: '010-1234-5678', restoredZero: true });
    expect(normalizeKoreanMobile('011-123-4567')).to.deep.equal({ ok: false, reason: 'legacy' });
    for (const s of ['02-123-4567', '010-1234-567', 'abc', '010-1234-56789']) expect(normalizeKoreanMobile(s).ok, s).to.equal(false);
  });

  it('accepts real birth dates only', () => {
    const today = new Date('2026-11-23T00:00:00Z');
    expect(normalizeBirthDateCell('1990.3.7', today)).to.deep.equal({ ok: true, value: '1990-03-07' });
    expect(normalizeBirthDateCell('19900307', today)).to.deep.equal({ ok: true, value: '1990-03-07' });
    expect(normalizeBirthDateCell('1990년 3월 7일', today)).to.deep.equal({ ok: true, value: '1990-03-07' });
    expect(normalizeBirthDateCell(32939, today)).to.deep.equal({ ok: true, value: '1990-03-07' }); // Excel serial
    expect(normalizeBirthDateCell('2001-02-29', today)).to.deep.equal({ ok: false, reason: 'invalid' });
    expect(normalizeBirthDateCell('2030-01-01', today)).to.deep.equal({ ok: false, reason: 'range' });
    expect(normalizeBirthDateCell('900307', today)).to.deep.equal({ ok: false, reason: 'twoDigitYear' });
  });
});

describe('validateRoll', () => {
  it('reads UTF-8 with BOM, UTF-8 without BOM and CP949 alike', async () => {
    for (const [data, enc] of [
      [Buffer.from('\uFEFF' + CLEAN, 'utf8'), 'utf-8 (BOM)'],
      [Buffer.from(CLEAN, 'utf8'), 'utf-8'],
      [iconv.encode(CLEAN, 'cp949'), 'cp949'],
    ] as const) {
      const { report, voters } = await validateRoll(data, { limits });
      expect(report.ok, enc).to.equal(true);
      expect(report.encoding).to.equal(enc);
      expect(voters.map((v) => v.name)).to.deep.equal(['홍길동', '김영희']);
      expect(voters[1]).to.deep.include({ birthDate: '1985-12-25', phone: '010-2222-3333' });
    }
  });

  it('the downloadable template validates with no problems', async () => {
    const { report } = await validateRoll(Buffer.from(rollTemplateCsv(), 'utf8'), { limits });
    expect(report.ok).to.equal(true);
    expect(report.problems).to.deep.equal([]);
  });

  it('reads XLSX (English headers, date cells) and flags formula cells', async () => {
    const ok = await validateRoll(await xlsx([['voter_id', 'Name', 'Birth date', 'Phone'], ['a1', '박서준', new Date(Date.UTC(2000, 4, 5)), '010-5555-6666']]), { limits });
    expect(ok.report.ok).to.equal(true);
    expect(ok.report.format).to.equal('xlsx');
    expect(ok.voters[0]).to.deep.include({ voterId: 'a1', birthDate: '2000-05-05', phone: '010-5555-6666' });
    const bad = await validateRoll(await xlsx([['voter_id', 'Name', 'Birth date', 'Phone'], ['a1', 'x', '2000-05-05', '010-5555-6666']], [2, 2]), { limits });
    expect(bad.report.ok).to.equal(false);
    expect(bad.report.problems[0]).to.deep.include({ row: 2, column: 'Name', key: 'roll.formula' });
  });

  it('lists every broken row with row number, column and key', async () => {
    const csv = [
      '선거인번호,성명,생년월일,휴대전화,이메일,비고',
      '1,홍길동,1990-03-07,010-1234-5678,,x',
      '1,김영희,1990-02-30,02-123-4567,not-an-email,',
      ',=cmd|calc,19900101,,,',
      '',
      '4,이민,2000-01-01,010-1234-5678,,',
    ].join('\n');
    const { report, voters } = await validateRoll(Buffer.from(csv), { limits });
    expect(report.ok).to.equal(false);
    expect(voters).to.deep.equal([]);
    const got = report.problems.map((p) => `${p.severity}:${p.row}:${p.column}:${p.key}`);
    expect(got).to.include.members([
      'error:1:비고:roll.unknownColumn',
      'error:3:선거인번호:roll.voterIdDuplicate',
      'error:3:생년월일:roll.birthDate.invalid',
      'error:3:휴대전화:roll.phoneInvalid',
      'error:3:이메일:roll.emailInvalid',
      'error:4:성명:roll.formula',
      'error:4:선거인번호:roll.voterIdMissing',
      'error:4:휴대전화:roll.contactMissing',
      'warning:6:휴대전화:roll.phoneDuplicate',
    ]);
    expect(report.totals).to.deep.include({ rows: 4, empty: 1 });
    for (const p of report.problems) expect(p.message).to.be.a('string').and.not.equal('');
  });

  it('refuses garbage, old .xls, PDFs, too many rows and zip bombs as a whole', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await validateRoll(png, { limits })).report.problems[0]?.key).to.equal('roll.notSpreadsheet');
    expect((await validateRoll(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), { limits })).report.problems[0]?.key).to.equal('roll.oldExcel');
    expect((await validateRoll(Buffer.from('PK\x03\x04garbage'), { limits })).report.problems[0]?.key).to.equal('roll.notSpreadsheet');
    const many = '선거인번호,성명,생년월일,휴대전화\n' + Array.from({ length: 101 }, (_, i) => `${i},이름,1990-01-01,010-1234-${String(1000 + i)}`).join('\n');
    expect((await validateRoll(Buffer.from(many), { limits })).report.problems.some((p) => p.key === 'roll.tooManyRows')).to.equal(true);
    // a small ZIP that claims to unpack to 50 MB
    const data = deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
    expect((await validateRoll(zipOf('xl/worksheets/sheet1.xml', data, 50 * 1024 * 1024), { limits: { ...limits, zip: { maxEntries: 100, maxUncompressedBytes: 10_000_000, maxRatio: 100 } } })).report.problems[0]?.key).to.equal('roll.zipBomb');
  });
});

/** A one-entry ZIP (deflated) built by hand. */
function zipOf(name: string, deflated: Buffer, size: number): Buffer {
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(deflated.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(deflated.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + deflated.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, deflated, central, n, end]);
}

describe('roll routes', () => {
  it('stores a clean upload; a broken one returns 400 with the report and stores nothing', async () => {
    const h = makeHarness();
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const broken = CLEAN + '2026003,박,2001-13-01,010-9999-0000,,\r\n';
    const r = await agent.post('/api/admin/elections/e9/roll').set('x-csrf-token', csrf).set('Content-Type', 'text/csv').send(Buffer.from(broken)).expect(400);
    expect(r.body.error.code).to.equal('RollRejected');
    expect(r.body.error.details.report.problems[0]).to.deep.include({ row: 4, column: '생년월일', key: 'roll.birthDate.invalid' });
    expect(h.store.voters.roll('e9')).to.equal(undefined);
    expect(h.store.voters.count('e9')).to.equal(0);
    const dry = await agent.post('/api/admin/elections/e9/roll?dryRun=true').set('x-csrf-token', csrf).set('Content-Type', 'text/csv').send(iconv.encode(CLEAN, 'cp949')).expect(200);
    expect(dry.body.stored).to.equal(false);
    expect(h.store.voters.roll('e9')).to.equal(undefined);
    const ok = await agent.post('/api/admin/elections/e9/roll').set('x-csrf-token', csrf).set('Content-Type', 'application/octet-stream').send(iconv.encode(CLEAN, 'cp949')).expect(200);
    expect(ok.body).to.deep.include({ stored: true, voterCount: 2 });
    expect(h.store.voters.get('e9', '2026001')?.name).to.equal('홍길동');
    const info = await agent.get('/api/admin/elections/e9/roll').expect(200);
    expect(info.body.voterCount).to.equal(2);
  });

  it('answers garbage with 400 + report, an oversized file with 413 + report, and needs CSRF', async () => {
    const h = makeHarness({ BL_ROLL_MAX_BYTES: '2048' });
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const g = await agent.post('/api/admin/elections/e1/roll').set('x-csrf-token', csrf).set('Content-Type', 'image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3])).expect(400);
    expect(g.body.error.details.report.problems[0].key).to.equal('roll.notSpreadsheet');
    const big = await agent.post('/api/admin/elections/e1/roll').set('x-csrf-token', csrf).set('Content-Type', 'text/csv').send(Buffer.alloc(4096, 0x41)).expect(413);
    expect(big.body.error.code).to.equal('PayloadTooLarge');
    expect(big.body.error.details.report.problems[0].key).to.equal('roll.fileTooLarge');
    await agent.post('/api/admin/elections/e1/roll').set('Content-Type', 'text/csv').send(Buffer.from(CLEAN)).expect(403);
    const xlsxRoll = await xlsx([['선거인번호', '성명', '생년월일', '휴대전화'], ['x1', '최유리', '1999-09-09', '010-7777-8888']]);
    const bigger = makeHarness();
    await addStaff(bigger, 'ann', 'admin');
    const s = await signIn(bigger, 'ann');
    await s.agent.post('/api/admin/elections/e1/roll').set('x-csrf-token', s.csrf).set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(xlsxRoll).expect(200);
    expect(bigger.store.voters.get('e1', 'x1')?.phone).to.equal('010-7777-8888');
  });

  it('editing rules through the API: identity fields are a roll correction before freeze, contact data only after; the voter id never', async () => {
    const h = makeHarness();
    seedRoll(h);
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const patch = (body: object) => agent.patch('/api/admin/elections/e1/voters/v1').set('x-csrf-token', csrf).send(body);
    const before = await patch({ name: '홍길순', birthDate: '19900308', group: '3반', phone: '010-5555-6666' }).expect(200);
    expect(before.body).to.deep.equal({ voterId: 'v1', name: '홍길순', birthDate: '1990-03-08', phone: '010-5555-6666', email: null, group: '3반' });
    expect((await patch({ voterId: 'v9' }).expect(400)).body.error.code).to.equal('ValidationFailed');
    h.store.voters.freeze('e1');
    for (const body of [{ name: '홍길동' }, { birthDate: '1990-03-07' }, { group: '1반' }, { group: null }, { name: '홍길동', phone: '010-7777-8888' }]) {
      const r = await patch(body).expect(409);
      expect(r.body.error.code, JSON.stringify(body)).to.equal('WrongState');
    }
    const after = await patch({ phone: '010-7777-8888', email: 'hong@example.kr' }).expect(200);
    expect(after.body).to.deep.equal({ voterId: 'v1', name: '홍길순', birthDate: '1990-03-08', phone: '010-7777-8888', email: 'hong@example.kr', group: '3반' });
    expect(h.store.voters.edits('e1').map((e) => e.fields)).to.deep.equal([['phone', 'birthDate', 'name', 'group'], ['phone', 'email']]);
  });

  it('editing: contact data only after freeze, nothing after the voter voted', async () => {
    const h = makeHarness();
    seedRoll(h);
    const rules = { actor: 'staff:t', hasVoted: (): Promise<boolean> => Promise.resolve(false), phoneNeededBy: [] };
    const v = await editVoter(h.store, 'e1', 'v1', { name: '홍길순' }, rules);
    expect(v.name).to.equal('홍길순');
    h.store.voters.freeze('e1');
    const err = await editVoter(h.store, 'e1', 'v1', { birthDate: '1991-01-01' }, rules).catch((e: unknown) => e);
    expect(err).to.have.property('code', 'WrongState');
    expect((await editVoter(h.store, 'e1', 'v1', { phone: '+82 10 9876 5432' }, rules)).phone).to.equal('010-9876-5432');
    const voted = await editVoter(h.store, 'e1', 'v1', { phone: '010-1111-2222' }, { ...rules, hasVoted: () => Promise.resolve(true) }).catch((e: unknown) => e);
    expect(voted).to.have.property('code', 'AlreadyVoted');
    expect(h.store.voters.edits('e1').map((e) => e.fields)).to.deep.equal([['name'], ['phone']]);
    const again = await h.store.voters.get('e1', 'v1');
    expect(again?.phone).to.equal('010-9876-5432');
    await addStaff(h, 'ann', 'admin');
    const { agent, csrf } = await signIn(h, 'ann');
    const r = await agent.patch('/api/admin/elections/e1/voters/v2').set('x-csrf-token', csrf).send({ phone: '02-123-4567' }).expect(400);
    expect(r.body.error.details.fields[0].path).to.equal('body.phone');
    await agent.patch('/api/admin/elections/e1/voters/v2').set('x-csrf-token', csrf).send({ name: 'x' }).expect(409);
    const ok = await agent.patch('/api/admin/elections/e1/voters/v2').set('x-csrf-token', csrf).send({ email: 'New@Example.kr' }).expect(200);
    expect(ok.body.email).to.equal('new@example.kr');
    const tpl = await agent.get('/api/admin/roll-template.csv').expect(200);
    expect(tpl.text.charCodeAt(0)).to.equal(0xfeff);
    void supertest;
  });
});
