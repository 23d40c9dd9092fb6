/**
 * Test helper: extracts the text of a PDF written by pdfkit (Type0 fonts with ToUnicode CMaps,
 * hex-string TJ/Tj operators, FlateDecode streams). Enough to assert what a certificate says.
 */
import { pdfObjects } from './pdf-objects.js';

function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string): string => {
    let s = '';
    for (let i = 0; i + 4 <= h.length; i += 4) s += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return s;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1] ?? '0', 16), hex(m[2] ?? ''));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(m[1] ?? '0', 16);
      const hi = parseInt(m[2] ?? '0', 16);
      const dst = m[3] ?? '';
      if (dst.startsWith('[')) {
        [...dst.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((d, i) => map.set(lo + i, hex(d[1] ?? '')));
      } else {
        const base = hex(dst.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      }
    }
  }
  return map;
}

/** The text of every page, one line per text-showing operator. */
export function pdfText(pdf: Buffer): string {
  const objs = pdfObjects(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    for (const m of o.dict.matchAll(/\/(F\d+)\s+(\d+)\s+0\s+R/g)) {
      const font = objs.get(Number(m[2]));
      const tu = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font?.dict ?? '');
      const cmap = tu ? objs.get(Number(tu[1]))?.stream : undefined;
      if (cmap !== undefined) fonts.set(m[1] ?? '', parseCMap(cmap.toString('latin1')));
    }
  }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (o.stream === undefined || !/\/Length/.test(o.dict) || /\/Subtype|\/Type\s*\/XObject|ToUnicode/.test(o.dict)) continue;
    const content = o.stream.toString('latin1');
    if (!content.includes(' Tf')) continue;
    let cmap: Map<number, string> | undefined;
    for (const m of content.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) {
        cmap = fonts.get(m[1]);
        continue;
      }
      const hexes = m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1] ?? '') : [m[3] ?? ''];
      let line = '';
      for (const h of hexes) for (let i = 0; i + 4 <= h.length; i += 4) line += cmap?.get(parseInt(h.slice(i, i + 4), 16)) ?? '?';
      lines.push(line);
    }
  }
  return lines.join('\n');
}
