/**
 * Field rules of the voter roll: column aliases (English and Korean headers), Korean mobile
 * numbers, birth dates, and the other cell checks.
 *
 * @module
 */
export const ROLL_FIELDS = ['voterId', 'name', 'birthDate', 'phone', 'email', 'group'] as const;
export type RollField = (typeof ROLL_FIELDS)[number];

/** Header spellings accepted for each field (compared lowercased, without spaces, `_`, `-`, `.`). */
export const COLUMN_ALIASES: Readonly<Record<RollField, readonly string[]>> = {
  voterId: ['voterid', 'id', '선거인번호', '번호', '학번', '사번', '회원번호', '고유번호'],
  name: ['name', '이름', '성명'],
  birthDate: ['birthdate', 'dateofbirth', 'dob', 'birthday', '생년월일', '생일'],
  phone: ['phone', 'mobile', 'phonenumber', 'mobilephone', 'cellphone', '휴대전화', '휴대폰', '휴대전화번호', '휴대폰번호', '전화번호', '연락처'],
  email: ['email', 'mail', 'emailaddress', '이메일', '전자우편', '메일'],
  group: ['group', '그룹', '소속', '선거구', '학과', '부서', '단위'],
};

/** The header names of the downloadable template (Korean, then English). */
export const TEMPLATE_HEADERS: Readonly<Record<RollField, string>> = {
  voterId: '선거인번호',
  name: '성명',
  birthDate: '생년월일',
  phone: '휴대전화',
  email: '이메일',
  group: '소속',
};

export const normalizeHeader = (h: string): string => h.normalize('NFC').toLowerCase().replace(/[\s_\-.()]/g, '');

export function fieldForHeader(header: string): RollField | undefined {
  const h = normalizeHeader(header);
  return ROLL_FIELDS.find((f) => COLUMN_ALIASES[f].includes(h));
}

export type PhoneResult =
  | { readonly ok: true; readonly value: string; readonly restoredZero: boolean }
  | { readonly ok: false; readonly reason: 'format' | 'legacy' };

/**
 * Korean mobile numbers → `010-XXXX-XXXX`. Accepts `010-1234-5678`, `01012345678`,
 * `010 1234 5678`, `+82 10-1234-5678`, and `1012345678` (Excel dropped the leading zero; the
 * caller warns). Legacy 011/016/017/018/019 numbers are out of service and refused.
 */
export function normalizeKoreanMobile(raw: string): PhoneResult {
  let d = raw.trim().replace(/[\s\-().]/g, '');
  if (d.startsWith('+82')) d = '0' + d.slice(3).replace(/^0/, '');
  else if (/^82\d{10}$/.test(d)) d = '0' + d.slice(2);
  let restoredZero = false;
  if (/^10\d{8}$/.test(d)) {
    d = '0' + d;
    restoredZero = true;
  }
  if (/^010\d{8}$/.test(d)) return { ok: true, value: `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`, restoredZero };
  if (/^01[16789]\d{7,8}$/.test(d)) return { ok: false, reason: 'legacy' };
  return { ok: false, reason: 'format' };
}

export type BirthDateResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly reason: 'format' | 'invalid' | 'range' | 'twoDigitYear' };

const iso = (y: number, m: number, d: number): string => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** `1990-03-07`, `1990.3.7`, `1990/03/07`, `19900307`, a Date, or an Excel date serial → `YYYY-MM-DD`. */
export function normalizeBirthDateCell(value: string | Date | number, today = new Date()): BirthDateResult {
  let y: number;
  let m: number;
  let d: number;
  if (value instanceof Date) {
    y = value.getUTCFullYear();
    m = value.getUTCMonth() + 1;
    d = value.getUTCDate();
  } else if (typeof value === 'number' || /^\d{5}(\.0+)?$/.test(String(value).trim())) {
    const serial = Math.floor(Number(value));
    if (serial < 1 || serial > 80_000) return { ok: false, reason: 'format' };
    const date = new Date(Math.round((serial - 25569) * 86_400_000));
    y = date.getUTCFullYear();
    m = date.getUTCMonth() + 1;
    d = date.getUTCDate();
  } else {
    const s = value.trim();
    if (/^\d{6}$/.test(s)) return { ok: false, reason: 'twoDigitYear' };
    const match = /^(\d{4})\s*[-./년]?\s*(\d{1,2})\s*[-./월]?\s*(\d{1,2})\s*[.일]?$/.exec(s);
    if (!match) return { ok: false, reason: 'format' };
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, reason: 'invalid' };
  if (y < 1900 || date.getTime() > today.getTime()) return { ok: false, reason: 'range' };
  return { ok: true, value: iso(y, m, d) };
}

export const VOTER_ID = /^[\p{L}\p{N}._-]{1,64}$/u;
export const EMAIL = /^[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[^\s@<>()"',;]+$/;

/** A cell a spreadsheet would run as a formula (CSV injection), after leading whitespace. */
export function looksLikeFormula(value: string): boolean {
  return /^[\t\r ]*[=+\-@]/.test(value) || /^[\t\r]/.test(value);
}
