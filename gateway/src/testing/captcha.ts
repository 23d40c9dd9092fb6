/** Test helper: answers the CAPTCHA's accessible question (the image digits are not recoverable). */
const EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export function solveCaptchaQuestion(q: { readonly en: string }): string {
  const nums = (q.en.toLowerCase().match(/[a-z]+/g) ?? []).map((w) => EN.indexOf(w)).filter((n) => n >= 0);
  const [a = 0, b = 0] = nums;
  if (q.en.includes(' plus ')) return String(a + b);
  if (q.en.includes(' minus ')) return String(a - b);
  return String(a + 1);
}
