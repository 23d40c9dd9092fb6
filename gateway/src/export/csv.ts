/**
 * CSV for spreadsheets (turnout and delivery reports): RFC 4180 quoting, CRLF, a UTF-8 BOM so
 * Excel reads Hangul correctly, and formula-injection protection — a cell starting with `=`,
 * `+`, `-`, `@`, TAB or CR gets a leading `'` so spreadsheets show it as text.
 *
 * @module
 */
export type CsvValue = string | number | boolean | null | undefined | Date;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises formula-looking text. Finite numbers are left alone (a negative number is data). */
export function neutralizeCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const s = String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function quote(s: string): string {
  return /[",\r\n]/.test(s) || s.startsWith(' ') || s.endsWith(' ') ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: Readonly<{ bom?: boolean }> = {}): string {
  const lines = [header, ...rows].map((r) => r.map((v) => quote(neutralizeCell(v))).join(','));
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
