/**
 * Row-level validation of a voter roll, producing a report BEFORE anything is stored: each
 * problem names its spreadsheet row (header = row 1), column, a message key the web app
 * translates, and an English message. Errors block the import; warnings do not.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { VoterInput } from '../storage/voters.js';
import {
  EMAIL,
  fieldForHeader,
  looksLikeFormula,
  normalizeBirthDateCell,
  normalizeKoreanMobile,
  ROLL_FIELDS,
  TEMPLATE_HEADERS,
  VOTER_ID,
  type RollField,
} from './fields.js';
import { readRollFile, RollFileError, type Cell, type RollEncoding, type RollFormat, type ZipLimits } from './read.js';

export interface RollProblem {
  readonly severity: 'error' | 'warning';
  /** Spreadsheet row (1 = header), or null for file-level problems. */
  readonly row: number | null;
  readonly column: string | null;
  /** Message key, e.g. `roll.phoneInvalid`. */
  readonly key: string;
  readonly message: string;
}

export interface RollReport {
  readonly ok: boolean;
  readonly format: RollFormat | null;
  readonly encoding: string | null;
  readonly sha256: string;
  readonly columns: { readonly header: string; readonly field: RollField | null }[];
  readonly totals: {
    readonly rows: number;
    readonly valid: number;
    readonly invalid: number;
    readonly empty: number;
    readonly errors: number;
    readonly warnings: number;
  };
  readonly problems: RollProblem[];
  /** True when more problems existed than are listed. */
  readonly truncated: boolean;
}

export interface RollValidation {
  readonly report: RollReport;
  /** The normalised voters; only meaningful when `report.ok`. */
  readonly voters: readonly VoterInput[];
}

export interface RollLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly maxProblems?: number;
  readonly zip?: ZipLimits;
}

const DEFAULT_ZIP: ZipLimits = { maxEntries: 2000, maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200 };

class Problems {
  readonly list: RollProblem[] = [];
  errors = 0;
  warnings = 0;
  constructor(readonly max: number) {}
  add(severity: RollProblem['severity'], row: number | null, column: string | null, key: string, message: string): void {
    if (severity === 'error') this.errors++;
    else this.warnings++;
    if (this.list.length < this.max) this.list.push({ severity, row, column, key, message });
  }
  get truncated(): boolean {
    return this.errors + this.warnings > this.list.length;
  }
}

/** A report for a file refused as a whole (garbage, too large, wrong type). */
export function fileReport(key: string, message: string, data?: Buffer): RollReport {
  return {
    ok: false,
    format: null,
    encoding: null,
    sha256: data === undefined ? '' : createHash('sha256').update(data).digest('hex'),
    columns: [],
    totals: { rows: 0, valid: 0, invalid: 0, empty: 0, errors: 1, warnings: 0 },
    problems: [{ severity: 'error', row: null, column: null, key, message }],
    truncated: false,
  };
}

const blank = (row: readonly Cell[]): boolean => row.every((c) => c.text.trim() === '');

export async function validateRoll(
  data: Buffer,
  options: Readonly<{
    format?: RollFormat | 'auto';
    encoding?: RollEncoding;
    limits: RollLimits;
    today?: Date;
    /** The election's identity checks that reach the voter at the roll's mobile number (then every row needs one). */
    phoneNeededBy?: readonly string[];
  }>,
): Promise<RollValidation> {
  const phoneNeededBy = options.phoneNeededBy ?? [];
  const phoneNeeded = `this election checks identity by ${phoneNeededBy.join(', ')}, which reaches the voter at that number`;
  const sha256 = createHash('sha256').update(data).digest('hex');
  const limits = options.limits;
  if (data.length > limits.maxBytes) {
    return { report: fileReport('roll.fileTooLarge', `The file is larger than ${limits.maxBytes} bytes.`, data), voters: [] };
  }
  let grid;
  try {
    grid = await readRollFile(data, {
      ...(options.format === undefined ? {} : { format: options.format }),
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      zip: limits.zip ?? DEFAULT_ZIP,
    });
  } catch (err) {
    if (err instanceof RollFileError) return { report: fileReport(err.key, err.message, data), voters: [] };
    throw err;
  }

  const p = new Problems(limits.maxProblems ?? 500);
  const headerIndex = grid.rows.findIndex((r) => !blank(r));
  if (headerIndex < 0) return { report: fileReport('roll.empty', 'The file has no rows.', data), voters: [] };
  const headerRow = headerIndex + 1;
  const header = grid.rows[headerIndex] ?? [];
  const columns: { header: string; field: RollField | null }[] = [];
  const fieldCol = new Map<RollField, number>();
  header.forEach((cell, i) => {
    const h = cell.text.trim();
    if (h === '') {
      columns.push({ header: '', field: null });
      return;
    }
    const field = fieldForHeader(h) ?? null;
    columns.push({ header: h, field });
    if (field === null) {
      p.add('error', headerRow, h, 'roll.unknownColumn', `Unknown column "${h}". Remove it or rename it to one of: ${Object.values(TEMPLATE_HEADERS).join(', ')}.`);
    } else if (fieldCol.has(field)) {
      p.add('error', headerRow, h, 'roll.duplicateColumn', `Column "${h}" appears twice.`);
    } else {
      fieldCol.set(field, i);
    }
  });
  for (const f of ['voterId', 'name', 'birthDate'] as const) {
    if (!fieldCol.has(f)) p.add('error', headerRow, TEMPLATE_HEADERS[f], 'roll.missingColumn', `Required column "${TEMPLATE_HEADERS[f]}" (${f}) is missing.`);
  }
  if (phoneNeededBy.length > 0 && !fieldCol.has('phone')) {
    p.add('error', headerRow, TEMPLATE_HEADERS.phone, 'roll.phoneNeeded', `A mobile number column is required: ${phoneNeeded}.`);
  } else if (!fieldCol.has('phone') && !fieldCol.has('email')) {
    p.add('error', headerRow, TEMPLATE_HEADERS.phone, 'roll.missingContactColumn', 'A phone or e-mail column is required.');
  }

  const voters: VoterInput[] = [];
  const seenIds = new Map<string, number>();
  const seenPhones = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  let rows = 0;
  let valid = 0;
  let empty = 0;
  const today = options.today ?? new Date();
  const colName = (f: RollField): string => columns[fieldCol.get(f) ?? -1]?.header ?? TEMPLATE_HEADERS[f];

  for (let i = headerIndex + 1; i < grid.rows.length; i++) {
    const row = grid.rows[i] ?? [];
    const rowNo = i + 1;
    if (blank(row)) {
      empty++;
      continue;
    }
    rows++;
    if (rows > limits.maxRows) {
      p.add('error', rowNo, null, 'roll.tooManyRows', `The roll has more than ${limits.maxRows} voters; split it or ask for a higher limit.`);
      break;
    }
    const before = p.errors;
    // Cells outside known columns, and formulas anywhere.
    row.forEach((cell, c) => {
      const col = columns[c];
      const name = col?.header ?? `#${c + 1}`;
      if (cell.text.trim() !== '' && (col === undefined || col.header === '')) {
        p.add('error', rowNo, name, 'roll.cellWithoutHeader', `Column ${c + 1} has a value but no header.`);
      }
      const isPhone = col?.field === 'phone' && normalizeKoreanMobile(cell.text).ok;
      if (cell.formula || (looksLikeFormula(cell.text) && !isPhone)) {
        p.add('error', rowNo, name, 'roll.formula', 'The cell looks like a spreadsheet formula (starts with =, +, -, @ or a control character). Enter plain text.');
      }
    });
    const get = (f: RollField): Cell | undefined => {
      const c = fieldCol.get(f);
      return c === undefined ? undefined : row[c];
    };
    const text = (f: RollField): string => (get(f)?.text ?? '').trim();

    const voterId = text('voterId');
    if (voterId === '') p.add('error', rowNo, colName('voterId'), 'roll.voterIdMissing', 'Voter ID is required.');
    else if (!VOTER_ID.test(voterId)) p.add('error', rowNo, colName('voterId'), 'roll.voterIdInvalid', 'Voter ID may only contain letters, digits, ".", "_" and "-" (at most 64).');
    else if (seenIds.has(voterId)) p.add('error', rowNo, colName('voterId'), 'roll.voterIdDuplicate', `Voter ID "${voterId}" already appears in row ${seenIds.get(voterId)}.`);
    else seenIds.set(voterId, rowNo);

    const name = text('name').normalize('NFC').replace(/\s+/g, ' ');
    if (name === '') p.add('error', rowNo, colName('name'), 'roll.nameMissing', 'Name is required.');
    else if (name.length > 50 || !/\p{L}/u.test(name) || /\p{Cc}/u.test(name)) p.add('error', rowNo, colName('name'), 'roll.nameInvalid', 'Name must be 1–50 characters and contain letters.');

    const bcell = get('birthDate');
    let birthDate = '';
    if (bcell === undefined || bcell.text.trim() === '') {
      if (fieldCol.has('birthDate')) p.add('error', rowNo, colName('birthDate'), 'roll.birthDateMissing', 'Date of birth is required.');
    } else if (!bcell.formula) {
      const r = normalizeBirthDateCell(bcell.date ?? bcell.text, today);
      if (r.ok) birthDate = r.value;
      else {
        const msg = {
          format: 'Date of birth must look like 1990-03-07.',
          invalid: 'Date of birth is not a real calendar date.',
          range: 'Date of birth must be after 1900 and not in the future.',
          twoDigitYear: 'Use a four-digit year (1990-03-07, not 900307).',
        }[r.reason];
        p.add('error', rowNo, colName('birthDate'), `roll.birthDate.${r.reason}`, msg);
      }
    }

    let phone: string | null = null;
    const rawPhone = text('phone');
    if (rawPhone !== '') {
      const r = normalizeKoreanMobile(rawPhone);
      if (r.ok) {
        phone = r.value;
        if (r.restoredZero) p.add('warning', rowNo, colName('phone'), 'roll.phoneLeadingZero', `The leading 0 was missing (Excel number format); read as ${r.value}.`);
        const dup = seenPhones.get(phone);
        if (dup !== undefined) p.add('warning', rowNo, colName('phone'), 'roll.phoneDuplicate', `The same phone number is in row ${dup}. Each voter still gets their own link.`);
        else seenPhones.set(phone, rowNo);
      } else if (r.reason === 'legacy') {
        p.add('error', rowNo, colName('phone'), 'roll.phoneLegacy', '01X numbers other than 010 are no longer in service; enter the 010 number.');
      } else {
        p.add('error', rowNo, colName('phone'), 'roll.phoneInvalid', 'Not a Korean mobile number; use 010-1234-5678.');
      }
    }
    let email: string | null = null;
    const rawEmail = text('email');
    if (rawEmail !== '') {
      if (rawEmail.length > 254 || !EMAIL.test(rawEmail)) p.add('error', rowNo, colName('email'), 'roll.emailInvalid', 'Not a valid e-mail address.');
      else {
        email = rawEmail.toLowerCase();
        const dup = seenEmails.get(email);
        if (dup !== undefined) p.add('warning', rowNo, colName('email'), 'roll.emailDuplicate', `The same e-mail address is in row ${dup}.`);
        else seenEmails.set(email, rowNo);
      }
    }
    if (rawPhone === '' && phoneNeededBy.length > 0 && fieldCol.has('phone')) p.add('error', rowNo, colName('phone'), 'roll.phoneNeeded', `A mobile number is required: ${phoneNeeded}.`);
    else if (rawPhone === '' && rawEmail === '') p.add('error', rowNo, colName('phone'), 'roll.contactMissing', 'A mobile number or an e-mail address is required.');

    const group = text('group');
    if (group.length > 50) p.add('error', rowNo, colName('group'), 'roll.groupTooLong', 'Group must be at most 50 characters.');

    if (p.errors === before) {
      valid++;
      voters.push({ voterId, name, birthDate, phone, email, group: group === '' ? null : group });
    }
  }
  if (rows === 0 && p.errors === 0) p.add('error', null, null, 'roll.noVoters', 'The file has a header but no voters.');

  const report: RollReport = {
    ok: p.errors === 0,
    format: grid.format,
    encoding: grid.encoding,
    sha256,
    columns,
    totals: { rows, valid, invalid: rows - valid, empty, errors: p.errors, warnings: p.warnings },
    problems: p.list,
    truncated: p.truncated,
  };
  return { report, voters: report.ok ? voters : [] };
}

/** The CSV template (UTF-8 with BOM, Korean headers) with one example row. */
export function rollTemplateCsv(): string {
  const headers = ROLL_FIELDS.map((f) => TEMPLATE_HEADERS[f]);
  return '\uFEFF' + headers.join(',') + '\r\n' + ['2026001', '홍길동', '1990-03-07', '010-1234-5678', 'hong@example.kr', '1반'].join(',') + '\r\n';
}
