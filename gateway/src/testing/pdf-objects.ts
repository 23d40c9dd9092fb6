/**
 * Test helper: the objects of a PDF written by pdfkit (uncompressed object table, FlateDecode
 * streams). pdf-text.ts and pdf-images.ts read what a certificate or a statement shows from them.
 */
import { inflateSync } from 'node:zlib';

export interface PdfObject {
  readonly dict: string;
  readonly stream?: Buffer;
}

/** Every `n 0 obj … endobj` of the file: its dictionary text and its stream, FlateDecode inflated. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (const m of text.matchAll(re)) {
    const body = m[2] ?? '';
    const s = body.indexOf('stream');
    if (s < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, s);
    let start = s + 'stream'.length;
    if (body[start] === '\r') start++;
    if (body[start] === '\n') start++;
    const end = body.lastIndexOf('endstream');
    let data = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    if (dict.includes('/FlateDecode')) data = inflateSync(data);
    out.set(Number(m[1]), { dict, stream: data });
  }
  return out;
}
