/**
 * Reads a roll file into a grid of cells, before any validation: detects the format by magic
 * bytes (XLSX = ZIP; old .xls, PDF, images and other binaries are refused), decodes CSV text
 * (BOM, then strict UTF-8, then CP949; or as told), guards XLSX against zip bombs before
 * unpacking, and flags formula cells.
 *
 * @module
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type RollFormat = 'csv' | 'xlsx';
export type RollEncoding = 'auto' | 'utf-8' | 'cp949';

/** One cell: its text, and whether the spreadsheet holds it as a formula. */
export interface Cell {
  readonly text: string;
  readonly formula: boolean;
  /** A real date value (XLSX date cells). */
  readonly date?: Date;
}

export interface Grid {
  readonly format: RollFormat;
  readonly encoding: string | null;
  /** Rows as in the file; `rows[0]` is spreadsheet row 1. */
  readonly rows: readonly (readonly Cell[])[];
}

export class RollFileError extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.name = 'RollFileError';
    this.key = key;
  }
}

const startsWith = (b: Buffer, sig: readonly number[]): boolean => sig.every((x, i) => b[i] === x);

export function sniffFormat(data: Buffer): RollFormat | 'xls' | 'binary' {
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0])) return 'xls';
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) return 'csv';
  const sample = data.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return 'binary';
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > sample.length / 100 ? 'binary' : 'csv';
}

/** Decodes CSV bytes: BOM first, then strict UTF-8, then CP949 (Korean Excel's "CSV"). */
export function decodeText(data: Buffer, encoding: RollEncoding): { text: string; encoding: string } {
  if (startsWith(data, [0xef, 0xbb, 0xbf])) return { text: data.subarray(3).toString('utf8'), encoding: 'utf-8 (BOM)' };
  if (startsWith(data, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(data, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(data.subarray(2)), encoding: 'utf-16be' };
  if (encoding === 'cp949') return { text: iconv.decode(data, 'cp949'), encoding: 'cp949' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    if (encoding === 'utf-8') throw new RollFileError('roll.encoding', 'The file is not valid UTF-8. Save it as "CSV UTF-8" or choose CP949.');
    const text = iconv.decode(data, 'cp949');
    if (text.includes('\uFFFD')) throw new RollFileError('roll.encoding', 'The text encoding could not be recognised (tried UTF-8 and CP949).');
    return { text, encoding: 'cp949' };
  }
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0] !== undefined && counts[0][1] > 0 ? counts[0][0] : ',';
}

export function readCsv(data: Buffer, encoding: RollEncoding): Grid {
  const { text, encoding: used } = decodeText(data, encoding);
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new RollFileError('roll.csvSyntax', `The CSV could not be read${line !== undefined ? ` (near line ${line})` : ''}: check quotes and delimiters.`);
  }
  return { format: 'csv', encoding: used, rows: records.map((r) => r.map((text) => ({ text, formula: false }))) };
}

export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxUncompressedBytes: number;
  readonly maxRatio: number;
}

/**
 * Reads a ZIP's central directory and refuses archives that would unpack too large, have too
 * many entries, or compress suspiciously well (zip bombs), before anything is inflated.
 */
export function checkZip(data: Buffer, limits: ZipLimits): void {
  const min = Math.max(0, data.length - 65_557);
  let eocd = -1;
  for (let i = data.length - 22; i >= min; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new RollFileError('roll.notSpreadsheet', 'The file is not a valid XLSX workbook (damaged ZIP).');
  const entries = data.readUInt16LE(eocd + 10);
  const cdOffset = data.readUInt32LE(eocd + 16);
  if (entries > limits.maxEntries) throw new RollFileError('roll.zipBomb', 'The workbook has too many parts.');
  let p = cdOffset;
  let total = 0;
  let compressed = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) {
      throw new RollFileError('roll.notSpreadsheet', 'The file is not a valid XLSX workbook (damaged ZIP directory).');
    }
    const csize = data.readUInt32LE(p + 20);
    const usize = data.readUInt32LE(p + 24);
    if (csize === 0xffffffff || usize === 0xffffffff) throw new RollFileError('roll.zipBomb', 'The workbook is too large (ZIP64).');
    total += usize;
    compressed += csize;
    p += 46 + data.readUInt16LE(p + 28) + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
  }
  if (total > limits.maxUncompressedBytes || (compressed > 0 && total / compressed > limits.maxRatio && total > 1_000_000)) {
    throw new RollFileError('roll.zipBomb', 'The workbook would unpack to an unreasonable size.');
  }
}

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return { text: '', formula: false };
  if (v instanceof Date) return { text: v.toISOString().slice(0, 10), formula: false, date: v };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { text: String(v), formula: false };
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) {
      const f = 'formula' in v ? v.formula : v.sharedFormula;
      return { text: `=${String(f)}`, formula: true };
    }
    if ('richText' in v) return { text: v.richText.map((r) => r.text).join(''), formula: false };
    if ('text' in v && typeof v.text === 'string') return { text: v.text, formula: false };
    if ('error' in v) return { text: String(v.error), formula: true };
  }
  return { text: '', formula: false };
}

export async function readXlsx(data: Buffer, limits: ZipLimits): Promise<Grid> {
  checkZip(data, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new RollFileError('roll.notSpreadsheet', 'The file is not a readable XLSX workbook.');
  }
  const ws = wb.worksheets[0];
  if (ws === undefined) throw new RollFileError('roll.empty', 'The workbook has no sheet.');
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    while (rows.length < rowNumber - 1) rows.push([]);
    const cells: Cell[] = [];
    const values = row.values as ExcelJS.CellValue[];
    for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
    rows.push(cells);
  });
  return { format: 'xlsx', encoding: null, rows };
}

export async function readRollFile(
  data: Buffer,
  options: Readonly<{ format?: RollFormat | 'auto'; encoding?: RollEncoding; zip: ZipLimits }>,
): Promise<Grid> {
  if (data.length === 0) throw new RollFileError('roll.empty', 'The file is empty.');
  const sniffed = sniffFormat(data);
  if (sniffed === 'xls') throw new RollFileError('roll.oldExcel', 'Excel 97-2003 (.xls) files are not supported. Save as .xlsx or CSV.');
  if (sniffed === 'binary') throw new RollFileError('roll.notSpreadsheet', 'The file is neither CSV nor XLSX.');
  const format = options.format === undefined || options.format === 'auto' ? sniffed : options.format;
  if (format !== sniffed) throw new RollFileError('roll.formatMismatch', `The file content is ${sniffed.toUpperCase()}, not ${format.toUpperCase()}.`);
  return format === 'xlsx' ? readXlsx(data, options.zip) : readCsv(data, options.encoding ?? 'auto');
}
