// Formatting with Intl: dates always in Korea Standard Time and labelled "KST".
export type Lang = 'ko' | 'en';

const locale = (lang: Lang): string => (lang === 'ko' ? 'ko-KR' : 'en-GB');

export function formatDateTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const s = new Intl.DateTimeFormat(locale(lang), { timeZone: 'Asia/Seoul', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${s} KST`;
}

export function formatTime(iso: string | number | Date, lang: Lang): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(locale(lang), { timeZone: 'Asia/Seoul', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

export function formatPercent(part: number, whole: number, lang: Lang): string {
  if (whole <= 0) return '–';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(part / whole);
}

export function formatKrw(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'KRW', maximumFractionDigits: 1 }).format(n);
}

/** `datetime-local` value (interpreted as KST) → ISO UTC. */
export function kstLocalToIso(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return '';
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) - 9, Number(m[5]));
  return new Date(utc).toISOString();
}

/** ISO UTC → `datetime-local` value in KST. */
export function isoToKstLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const k = new Date(d.getTime() + 9 * 3600_000);
  return k.toISOString().slice(0, 16);
}

/** Bytes a Korean carrier counts for an SMS (EUC-KR: ASCII 1, everything else 2). */
export function smsBytes(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
  return n;
}
