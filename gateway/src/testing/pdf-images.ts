/**
 * Test helper: the raster images of a PDF written by pdfkit (image XObjects, 8 bits per
 * component, DeviceGray or DeviceRGB, optionally with PNG row predictors), as RGBA pixels, so a
 * test can decode what an image shows (the certificate's QR code).
 */
import { pdfObjects } from './pdf-objects.js';

export interface PdfImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row after row. */
  readonly rgba: Uint8ClampedArray;
}

function dictNumber(dict: string, key: string): number | undefined {
  const m = new RegExp(`/${key}\\s+(\\d+)`).exec(dict);
  return m ? Number(m[1]) : undefined;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes PNG predictors (/Predictor ≥ 10): each row starts with its filter type byte. */
function unpredict(data: Buffer, rowBytes: number, bpp: number, rows: number): Buffer {
  const out = Buffer.alloc(rowBytes * rows);
  for (let y = 0; y < rows; y++) {
    const filter = data[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? out[y * rowBytes + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * rowBytes + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * rowBytes + x - bpp]! : 0;
      const raw = data[src + x]!;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (pred === undefined) throw new Error(`PNG filter ${filter} in row ${y}`);
      out[y * rowBytes + x] = (raw + pred) & 0xff;
    }
  }
  return out;
}

/** The images a page draws (not their soft masks, i.e. alpha channels). */
export function pdfImages(pdf: Buffer): PdfImage[] {
  const objects = pdfObjects(pdf);
  const masks = new Set([...objects.values()].flatMap((o) => [...o.dict.matchAll(/\/SMask\s+(\d+)\s+0\s+R/g)].map((m) => Number(m[1]))));
  const images: PdfImage[] = [];
  for (const [n, o] of objects) {
    if (!o.stream || masks.has(n) || !/\/Subtype\s*\/Image/.test(o.dict)) continue;
    const width = dictNumber(o.dict, 'Width');
    const height = dictNumber(o.dict, 'Height');
    if (!width || !height || dictNumber(o.dict, 'BitsPerComponent') !== 8) continue;
    const colors = /\/ColorSpace\s*\/DeviceRGB/.test(o.dict) ? 3 : /\/ColorSpace\s*\/DeviceGray/.test(o.dict) ? 1 : 0;
    if (colors === 0) continue;
    const predictor = dictNumber(o.dict, 'Predictor') ?? 1;
    const pixels = predictor >= 10 ? unpredict(o.stream, width * colors, colors, height) : o.stream;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      for (let k = 0; k < 3; k++) rgba[i * 4 + k] = pixels[i * colors + (colors === 3 ? k : 0)]!;
      rgba[i * 4 + 3] = 255;
    }
    images.push({ width, height, rgba });
  }
  return images;
}
