/**
 * A self-hosted CAPTCHA (보안문자) with an accessible alternative; no third-party service.
 *
 * The client asks for one of two forms, and only the answer of that form passes:
 * - `image`: an SVG of six distorted digits (glyph outlines from the bundled font, each rotated,
 *   skewed and warped, drawn as paths over noise curves; the digits never appear as text);
 * - `text`, for screen-reader users: six random digits read out as words in Korean and English
 *   ("칠, 이, 영, …" / "seven, two, zero, …"), typed back as digits (10⁶ possible answers).
 *
 * Challenges are single use (taken atomically on the first answer, right or wrong), expire,
 * and are bound to the session that asked for them. Only SHA-256 of the answer is stored. The
 * text form is readable by any program; docs/threat-model.md says what the CAPTCHA does not stop.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import * as fontkit from 'fontkit';
import { koreanFontPath } from '../fonts.js';
import type { CaptchaRepo } from '../storage/captcha.js';
import { newToken, safeEqual, sha256Hex } from './tokens.js';

export type CaptchaForm = 'image' | 'text';

export type CaptchaChallenge =
  | {
      readonly id: string;
      readonly form: 'image';
      /** `data:image/svg+xml;base64,…` (allowed by the CSP's `img-src data:`). */
      readonly image: string;
      readonly width: number;
      readonly height: number;
      readonly length: number;
      readonly expiresAt: string;
    }
  | {
      readonly id: string;
      readonly form: 'text';
      /** The digits read out as words, answered in digits. */
      readonly question: { readonly ko: string; readonly en: string };
      readonly length: number;
      readonly expiresAt: string;
    };

const KO_DIGITS = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function textQuestion(digits: string): { ko: string; en: string } {
  const words = (names: readonly string[]): string => [...digits].map((d) => names[Number(d)]).join(', ');
  return {
    ko: `다음 ${digits.length}개의 숫자를 차례대로 숫자로 입력하세요: ${words(KO_DIGITS)}.`,
    en: `Type these ${digits.length} numbers in order, as digits: ${words(EN_DIGITS)}.`,
  };
}

/** Answers are compared after NFKC (full-width digits), without spaces, commas, dots or dashes. */
export function normalizeCaptchaAnswer(answer: string): string {
  return answer
    .normalize('NFKC')
    .replace(/[\s,.-]+/g, '')
    .slice(0, 32);
}

const answerHash = (id: string, answer: string): string => sha256Hex(`${id}:${normalizeCaptchaAnswer(answer)}`);

type Font = fontkit.Font;
let font: Font | undefined;
function loadFont(): Font {
  if (font === undefined) {
    const f = fontkit.openSync(koreanFontPath('Bold'));
    if (!('glyphForCodePoint' in f)) throw new Error('font collection not expected');
    font = f;
  }
  return font;
}

const rnd = (min: number, max: number): number => min + (randomInt(0, 1_000_000) / 1_000_000) * (max - min);
const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

/** Renders digits as warped glyph outlines; returns the SVG document. */
export function renderCaptchaSvg(text: string, width = 220, height = 70): string {
  const f = loadFont();
  const slot = width / (text.length + 1);
  const size = height * 0.56;
  const scale = size / f.unitsPerEm;
  const warp = { ax: rnd(1.5, 3), lx: rnd(9, 16), px: rnd(0, 6.28), ay: rnd(2, 4), ly: rnd(14, 24), py: rnd(0, 6.28) };
  const parts: string[] = [];
  const grey = (): string => {
    const v = randomInt(20, 90);
    return `rgb(${v},${v + randomInt(0, 20)},${v + randomInt(0, 40)})`;
  };
  for (let n = 0; n < 4; n++) {
    const y1 = rnd(0, height);
    const y2 = rnd(0, height);
    parts.push(
      `<path d="M0 ${fmt(y1)} C${fmt(width / 3)} ${fmt(rnd(0, height))} ${fmt((2 * width) / 3)} ${fmt(rnd(0, height))} ${width} ${fmt(y2)}" fill="none" stroke="${grey()}" stroke-width="${fmt(rnd(1, 2.2))}"/>`,
    );
  }
  [...text].forEach((ch, i) => {
    const glyph = f.glyphForCodePoint(ch.codePointAt(0) ?? 48);
    const angle = rnd(-0.35, 0.35);
    const skew = rnd(-0.3, 0.3);
    const cx = slot * (i + 1) + rnd(-4, 4);
    const cy = height / 2 + size / 3 + rnd(-4, 4);
    const gw = glyph.advanceWidth * scale;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const map = (x: number, y: number): string => {
      let px = x * scale - gw / 2;
      let py = -y * scale;
      px += skew * py;
      const rx = px * cos - py * sin + cx;
      const ry = px * sin + py * cos + cy;
      const wx = rx + warp.ax * Math.sin(ry / warp.lx + warp.px);
      const wy = ry + warp.ay * Math.sin(rx / warp.ly + warp.py);
      return `${fmt(wx)} ${fmt(wy)}`;
    };
    const d: string[] = [];
    for (const c of glyph.path.commands) {
      const a = c.args;
      const pts: string[] = [];
      for (let k = 0; k + 1 < a.length; k += 2) pts.push(map(a[k] ?? 0, a[k + 1] ?? 0));
      const op = { moveTo: 'M', lineTo: 'L', quadraticCurveTo: 'Q', bezierCurveTo: 'C', closePath: 'Z' }[c.command];
      d.push(op + pts.join(' '));
    }
    parts.push(`<path d="${d.join('')}" fill="${grey()}"/>`);
  });
  for (let n = 0; n < 30; n++) {
    parts.push(`<circle cx="${fmt(rnd(0, width))}" cy="${fmt(rnd(0, height))}" r="${fmt(rnd(0.6, 1.6))}" fill="${grey()}"/>`);
  }
  for (let n = 0; n < 2; n++) {
    parts.push(
      `<path d="M0 ${fmt(rnd(height * 0.3, height * 0.7))} Q${fmt(width / 2)} ${fmt(rnd(0, height))} ${width} ${fmt(rnd(height * 0.3, height * 0.7))}" fill="none" stroke="${grey()}" stroke-width="1.4"/>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#f4f4f0"/>${parts.join('')}</svg>`;
}

export class CaptchaService {
  readonly #repo: CaptchaRepo;
  readonly #ttlMs: number;
  readonly length = 6;

  constructor(repo: CaptchaRepo, ttlMs: number) {
    this.#repo = repo;
    this.#ttlMs = ttlMs;
  }

  /** A new challenge of the given form, bound to `sessionHash` (the asking session). */
  create(sessionHash: string | null, form: CaptchaForm, now = Date.now()): CaptchaChallenge {
    const id = newToken(16);
    let digits = '';
    for (let i = 0; i < this.length; i++) digits += String(randomInt(0, 10));
    this.#repo.add({ id, sessionHash, answerHash: answerHash(id, digits), createdAt: now, expiresAt: now + this.#ttlMs });
    const expiresAt = new Date(now + this.#ttlMs).toISOString();
    if (form === 'text') return { id, form, question: textQuestion(digits), length: this.length, expiresAt };
    const svg = renderCaptchaSvg(digits);
    return { id, form, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, width: 220, height: 70, length: this.length, expiresAt };
  }

  /** True if `answer` solves challenge `id` in the form it was issued. The challenge is used up either way. */
  verify(id: string, answer: string, sessionHash: string | null, now = Date.now()): boolean {
    const c = this.#repo.take(id, now);
    if (c === undefined) return false;
    if (c.sessionHash !== null && (sessionHash === null || !safeEqual(c.sessionHash, sessionHash))) return false;
    return safeEqual(answerHash(id, answer), c.answerHash);
  }
}
