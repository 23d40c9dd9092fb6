/**
 * The itemised fee statement of an election: what was actually sent (SMS, LMS, e-mail, from the
 * outbox) and the identity checks actually performed (from the identity-check log), priced with
 * the fee table; as data, CSV (Excel-safe) and PDF (Korean font).
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import type { FeeTable } from '../config.js';
import { toCsv } from '../export/csv.js';
import { koreanFontPath } from '../fonts.js';
import type { Store } from '../storage/store.js';
import { estimateCost, type CostEstimate } from './cost.js';

/** SMS verification codes are charged once, as the identity check (per code sent), not again as SMS. */
export function feeStatement(store: Store, fees: FeeTable, electionId: string): CostEstimate {
  const messages = { sms: 0, lms: 0, email: 0 };
  let codes = 0;
  for (const m of store.outbox.summary(electionId)) {
    if (m.status === 'failed') continue;
    if (m.kind === 'sms-code') codes += m.count;
    else messages[m.channel] += m.count;
  }
  const identityChecks: Record<string, number> = {};
  for (const c of store.identity.summary(electionId)) {
    if (c.method === 'sms-code' || c.outcome === 'error') continue;
    identityChecks[c.method] = (identityChecks[c.method] ?? 0) + c.count;
  }
  if (codes > 0) identityChecks['sms-code'] = codes;
  return estimateCost({ messages, identityChecks }, fees);
}

export function feeStatementCsv(electionId: string, s: CostEstimate): string {
  const rows = s.lines.map((l) => [l.item, l.label, String(l.quantity), String(l.unitKrw), String(l.amountKrw)]);
  return toCsv(['item', '항목 / label', '수량 / quantity', '단가(원) / unit (KRW)', '금액(원) / amount (KRW)'], [...rows, ['total', `${electionId} 합계 / total`, '', '', String(s.totalKrw)]]);
}

export function feeStatementPdf(electionId: string, title: string, s: CostEstimate, issuedAt = new Date()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `이용료 명세서 ${title}` }, lang: 'ko-KR', tagged: true });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('ko', koreanFontPath());
    doc.font('ko').fontSize(18).text('온라인투표 이용료 명세서 / Fee statement');
    doc.moveDown(0.5).fontSize(11).text(`${title} (${electionId})`);
    doc.text(`발행 / issued: ${issuedAt.toISOString().slice(0, 10)}`);
    doc.moveDown();
    for (const l of s.lines) doc.text(`${l.label}: ${l.quantity.toLocaleString('ko-KR')} × ${l.unitKrw} = ${l.amountKrw.toLocaleString('ko-KR')} 원`);
    doc.moveDown().fontSize(13).text(`합계 / total: ${s.totalKrw.toLocaleString('ko-KR')} 원 (KRW)`);
    doc.end();
  });
}
