/**
 * The Hangul font shipped by the `pretendard` npm package (SIL OFL 1.1): used to embed Korean
 * text in PDF certificates and to draw CAPTCHA glyphs. No system font is needed.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export type FontWeight = 'Regular' | 'SemiBold' | 'Bold';

export function koreanFontPath(weight: FontWeight = 'Regular'): string {
  const root = dirname(require.resolve('pretendard/package.json'));
  return join(root, 'dist', 'public', 'static', `Pretendard-${weight}.otf`);
}
