/** Test helper: answers the CAPTCHA's text form (the image digits are not recoverable). */
const EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

export function solveCaptchaQuestion(q: { readonly en: string }): string {
  return (q.en.toLowerCase().match(/[a-z]+/g) ?? []).map((w) => EN.indexOf(w)).filter((n) => n >= 0).join('');
}
