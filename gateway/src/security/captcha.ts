/**
 * A self-hosted CAPTCHA (보안문자) with an accessible alternative; no third-party service.
 *
 * Each challenge has two ways to pass, and either answer is accepted:
 * - an SVG image of six distorted digits (glyph outlines from the bundled font, each rotated,
 *   skewed and warped, drawn as paths over noise curves; the digits never appear as text), and
 * - a short question in Korean and English a screen-reader user can answer (simple arithmetic
 *   or "the number after", answered in digits).
 *
 * Challenges are single use (taken atomically on the first answer, right or wrong), expire,
 * and are bound to the session that asked for them. Only SHA-256 of the answers is stored.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import * as fontkit from 'fontkit';
import { koreanFontPath } from '../fonts.js';
import type { CaptchaRepo } from '../storage/captcha.js';
import { newToken, safeEqual, sha256Hex } from './tokens.js';

export interface CaptchaChallenge {
  readonly id: string;
  /** `data:image/svg+xml;base64,…` (allowed by the CSP's `img-src data:`). */
  readonly image: string;
  readonly width: number;
  readonly height: number;
  readonly length: number;
  /** The accessible alternative: the same challenge as a question, answered in digits. */
  readonly question: { readonly ko: string; readonly en: string };
  readonly expiresAt: string;
}

const KO_DIGITS = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구', '십'];
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

interface Question {
  readonly ko: string;
  readonly en: string;
  readonly answer: string;
}

function makeQuestion(): Question {
  const kind = randomInt(3);
  if (kind === 0) {
    const a = randomInt(1, 10);
    const b = randomInt(1, 10);
    return {
      ko: `${KO_DIGITS[a]} 더하기 ${KO_DIGITS[b]}는 얼마입니까? 숫자로 입력하세요.`,
      en: `What is ${EN_DIGITS[a]} plus ${EN_DIGITS[b]}? Answer in digits.`,
      answer: String(a + b),
    };
  }
  if (kind === 1) {
    const a = randomInt(5, 11);
    const b = randomInt(1, a);
    return {
      ko: `${KO_DIGITS[a]} 빼기 ${KO_DIGITS[b]}는 얼마입니까? 숫자로 입력하세요.`,
      en: `What is ${EN_DIGITS[a]} minus ${EN_DIGITS[b]}? Answer in digits.`,
      answer: String(a - b),
    };
  }
  const a = randomInt(0, 10);
  return {
    ko: `${KO_DIGITS[a]} 다음의 숫자는 무엇입니까? 숫자로 입력하세요.`,
    en: `Which number comes after ${EN_DIGITS[a]}? Answer in digits.`,
    answer: String(a + 1),
  };
}

/** Answers are compared after trimming, removing spaces and folding full-width digits. */
export function normalizeCaptchaAnswer(answer: string): string {
  return answer
    .normalize('NFKC')
    .replace(/\s+/g, '')
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

  /** A new challenge bound to `sessionHash` (the asking session). */
  create(sessionHash: string | null, now = Date.now()): CaptchaChallenge {
    const id = newToken(16);
    let digits = '';
    for (let i = 0; i < this.length; i++) digits += String(randomInt(0, 10));
    const q = makeQuestion();
    this.#repo.add({
      id,
      sessionHash,
      answerHash: answerHash(id, digits),
      altAnswerHash: answerHash(id, q.answer),
      createdAt: now,
      expiresAt: now + this.#ttlMs,
    });
    const svg = renderCaptchaSvg(digits);
    return {
      id,
      image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      width: 220,
      height: 70,
      length: this.length,
      question: { ko: q.ko, en: q.en },
      expiresAt: new Date(now + this.#ttlMs).toISOString(),
    };
  }

  /** True if `answer` solves challenge `id` (image or question). The challenge is used up either way. */
  verify(id: string, answer: string, sessionHash: string | null, now = Date.now()): boolean {
    const c = this.#repo.take(id, now);
    if (c === undefined) return false;
    if (c.sessionHash !== null && (sessionHash === null || !safeEqual(c.sessionHash, sessionHash))) return false;
    const h = answerHash(id, answer);
    // Evaluate both comparisons so timing does not tell which one matched.
    const image = safeEqual(h, c.answerHash);
    const question = safeEqual(h, c.altAnswerHash);
    return image || question;
  }
}
