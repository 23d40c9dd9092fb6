/**
 * Cost estimates and statements from the fee table: itemised lines and a total. Amounts are
 * computed in tenths of a won (integers) and reported in won, so 3 × 12.1 is exactly 36.3.
 *
 * @module
 */
import { z } from 'zod';
import { FeeTableSchema, type FeeTable } from '../config.js';

export type IdentityMethodFee = keyof FeeTable['identity'];

const Count = z.number().int().min(0).max(10_000_000);

/** What a cost estimate may be asked for (admin console and public estimator alike): unknown methods are a 400, never a 500. */
export const CostInputSchema = z
  .object({
    messages: z.object({ sms: Count, lms: Count, email: Count }).partial().strict().default({}),
    identityChecks: z.partialRecord(FeeTableSchema.shape.identity.keyof(), Count).default({}),
  })
  .strict();

export interface CostLine {
  /** `message.sms`, `message.lms`, `message.email`, `identity.sms-code`, … */
  readonly item: string;
  readonly label: string;
  readonly quantity: number;
  readonly unitKrw: number;
  readonly amountKrw: number;
}

export interface CostEstimate {
  readonly lines: readonly CostLine[];
  readonly totalKrw: number;
  readonly currency: 'KRW';
}

export interface CostInput {
  readonly messages?: Partial<Record<'sms' | 'lms' | 'email', number>>;
  readonly identityChecks?: Partial<Record<IdentityMethodFee, number>>;
}

export const tenths = (krw: number): number => Math.round(krw * 10);

/** Korean first, then English: statements (CSV, PDF, e-mail) go to Korean admins and are read abroad too. */
const LABELS: Record<string, string> = {
  'message.sms': '단문 문자(SMS, 90바이트까지) / SMS (up to 90 bytes)',
  'message.lms': '장문 문자(LMS, 2,000바이트까지) / LMS (up to 2,000 bytes)',
  'message.email': '이메일 / E-mail',
  'identity.birthdate': '본인 정보 확인(이름·생년월일) / Identity info check (name + birth date)',
  'identity.ipin': '아이핀 / I-PIN',
  'identity.sms-code': '휴대전화 문자 인증번호 / SMS verification code',
  'identity.ars': 'ARS 전화 인증 / ARS (phone call) verification',
  'identity.carrier': '휴대폰 본인인증(통신사) / Mobile carrier identity verification',
};

export function estimateCost(input: CostInput, fees: FeeTable): CostEstimate {
  const lines: CostLine[] = [];
  let total = 0;
  const add = (item: string, quantity: number, unitKrw: number): void => {
    if (quantity <= 0) return;
    const amount = tenths(unitKrw) * quantity;
    total += amount;
    lines.push({ item, label: LABELS[item] ?? item, quantity, unitKrw, amountKrw: amount / 10 });
  };
  for (const ch of ['sms', 'lms', 'email'] as const) add(`message.${ch}`, input.messages?.[ch] ?? 0, fees[ch]);
  for (const [method, count] of Object.entries(input.identityChecks ?? {})) {
    const unit = fees.identity[method as IdentityMethodFee];
    if (unit === undefined) throw new RangeError(`no fee for identity method ${method}`);
    add(`identity.${method}`, count ?? 0, unit);
  }
  return { lines, totalKrw: total / 10, currency: 'KRW' };
}
