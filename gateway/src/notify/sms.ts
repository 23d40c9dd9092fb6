/**
 * Korean SMS length rules. Carriers count bytes in EUC-KR/CP949 (Hangul and other double-byte
 * characters = 2 bytes, ASCII = 1): up to 90 bytes is an SMS; up to 2,000 bytes an LMS; longer
 * messages cannot be sent. Characters CP949 cannot encode (emoji, some Hanja) are reported,
 * since carriers would replace them.
 *
 * @module
 */
import iconv from 'iconv-lite';

export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2000;

export interface TextMeasure {
  /** Bytes in CP949 (unencodable characters counted as 2). */
  readonly bytes: number;
  /** `sms` (<= 90 bytes), `lms` (<= 2000), or `too-long`. */
  readonly class: 'sms' | 'lms' | 'too-long';
  /** Distinct characters CP949 cannot encode. */
  readonly unsupported: readonly string[];
}

export function cp949Bytes(text: string): { bytes: number; unsupported: string[] } {
  let bytes = 0;
  const unsupported = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      bytes += 1;
      continue;
    }
    const enc = iconv.encode(ch, 'cp949');
    const ok = iconv.decode(enc, 'cp949') === ch;
    if (!ok) unsupported.add(ch);
    bytes += ok ? enc.length : 2;
  }
  return { bytes, unsupported: [...unsupported] };
}

export function measureSms(text: string): TextMeasure {
  const { bytes, unsupported } = cp949Bytes(text);
  return { bytes, class: bytes <= SMS_MAX_BYTES ? 'sms' : bytes <= LMS_MAX_BYTES ? 'lms' : 'too-long', unsupported };
}

/** `010-1234-5678` → `010-****-5678`; e-mail `kim@example.kr` → `k**@example.kr`. */
export function maskRecipient(to: string): string {
  const phone = /^(\d{3})-?(\d{3,4})-?(\d{4})$/.exec(to);
  if (phone) return `${phone[1]}-${'*'.repeat(phone[2]?.length ?? 4)}-${phone[3]}`;
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}${'*'.repeat(Math.max(1, at - 1))}${to.slice(at)}`;
  return '*'.repeat(Math.min(8, to.length));
}
