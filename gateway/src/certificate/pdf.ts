/**
 * The printable results certificate (개표 결과 증명서) as PDF: election title, contests and
 * counts, the key-holder quorum that decrypted the tally, the ledger anchors (block number,
 * transaction id, result hash, record hash) and a QR code to the public verification page.
 * Korean text is embedded with the bundled Pretendard font (subset), and the PDF is tagged
 * with `/Lang (ko-KR)`.
 *
 * @module
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { koreanFontPath } from '../fonts.js';

export interface CertificateOption {
  readonly label: string;
  /** Ballot number (기호), if any. */
  readonly number?: string;
  readonly count: number;
}

export interface CertificateContest {
  readonly title: string;
  readonly options: readonly CertificateOption[];
  /** Blank / abstain (기권) selections, when the contest allows them. */
  readonly abstain?: number;
}

export interface CertificateData {
  readonly electionId: string;
  readonly title: string;
  readonly organization?: string;
  readonly commission?: string;
  readonly votingPeriod?: { readonly opens: string; readonly closes: string };
  readonly turnout?: { readonly eligible: number; readonly voted: number };
  readonly contests: readonly CertificateContest[];
  readonly quorum: { readonly threshold: number; readonly total: number; readonly holders: readonly string[] };
  readonly anchors: {
    readonly channel?: string;
    readonly blockNumber: string;
    readonly txId: string;
    readonly resultHash: string;
    readonly recordHash: string;
  };
  readonly verifyUrl: string;
  readonly issuedAt: string;
}

export interface CertificateOptions {
  /** Deflate content streams (default true; tests may turn it off). */
  readonly compress?: boolean;
}

/** The web app's record verifier for this election (the page the certificate's QR code opens). */
export function verificationPageUrl(publicBaseUrl: string, electionId: string): string {
  return `${publicBaseUrl}/audit/verify?e=${encodeURIComponent(electionId)}`;
}

const pct = (n: number, total: number): string => (total > 0 ? `${((100 * n) / total).toFixed(1)}%` : '–');
const num = (n: number): string => n.toLocaleString('ko-KR');

export async function renderCertificate(data: CertificateData, options: CertificateOptions = {}): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, scale: 4 });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    compress: options.compress ?? true,
    lang: 'ko-KR',
    tagged: true,
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `개표 결과 증명서 — ${data.title}`,
      Subject: `Certificate of election results: ${data.electionId}`,
      Author: data.commission ?? 'BallotLedger',
      Creator: 'BallotLedger gateway',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.registerFont('ko', koreanFontPath('Regular'));
  doc.registerFont('ko-bold', koreanFontPath('Bold'));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc.font('ko-bold').fontSize(20).text('개표 결과 증명서', { align: 'center' });
  doc.font('ko').fontSize(11).fillColor('#444').text('Certificate of Election Results', { align: 'center' });
  doc.moveDown(1.2).fillColor('black');

  doc.font('ko-bold').fontSize(15).text(data.title);
  doc.font('ko').fontSize(10);
  const facts: [string, string][] = [['선거 ID / Election ID', data.electionId]];
  if (data.organization !== undefined) facts.push(['기관 / Organization', data.organization]);
  if (data.commission !== undefined) facts.push(['관리 선관위 / Commission', data.commission]);
  if (data.votingPeriod !== undefined) facts.push(['투표 기간 / Voting period', `${data.votingPeriod.opens} ~ ${data.votingPeriod.closes}`]);
  if (data.turnout !== undefined) {
    facts.push([
      '투표율 / Turnout',
      `${num(data.turnout.voted)} / ${num(data.turnout.eligible)} (${pct(data.turnout.voted, data.turnout.eligible)})`,
    ]);
  }
  for (const [k, v] of facts) {
    doc.font('ko-bold').text(`${k}: `, { continued: true }).font('ko').text(v);
  }
  doc.moveDown(0.8);

  for (const contest of data.contests) {
    const total = contest.options.reduce((s, o) => s + o.count, 0) + (contest.abstain ?? 0);
    doc.font('ko-bold').fontSize(12).text(contest.title);
    doc.moveDown(0.2);
    const rows: [string, string, string][] = contest.options.map((o) => [
      `${o.number !== undefined ? `기호 ${o.number}  ` : ''}${o.label}`,
      num(o.count),
      pct(o.count, total),
    ]);
    if (contest.abstain !== undefined) rows.push(['기권 / Abstain', num(contest.abstain), pct(contest.abstain, total)]);
    rows.push(['합계 / Total', num(total), total > 0 ? '100%' : '–']);
    doc.fontSize(10);
    rows.forEach((r, i) => {
      const y = doc.y;
      const last = i === rows.length - 1;
      doc.font(last ? 'ko-bold' : 'ko');
      doc.text(r[0], left + 8, y, { width: width * 0.6 });
      doc.text(r[1], left + width * 0.6, y, { width: width * 0.2, align: 'right' });
      doc.text(r[2], left + width * 0.8, y, { width: width * 0.2 - 8, align: 'right' });
      doc.moveTo(left, doc.y + 2).lineTo(left + width, doc.y + 2).lineWidth(0.3).strokeColor('#bbb').stroke();
      doc.y += 4;
    });
    doc.x = left;
    doc.moveDown(0.8);
  }

  doc.font('ko-bold').fontSize(12).text('개표 키 정족수 / Key-holder quorum');
  doc.font('ko').fontSize(10).text(
    `${data.quorum.total}명 중 ${data.quorum.threshold}명 이상 필요 — 참여: ${data.quorum.holders.length}명 (${data.quorum.holders.join(', ')})`,
  );
  doc.text(`${data.quorum.threshold} of ${data.quorum.total} key holders required; ${data.quorum.holders.length} took part.`);
  doc.moveDown(0.8);

  doc.font('ko-bold').fontSize(12).text('원장 기록 / Ledger anchors');
  doc.fontSize(9);
  const anchors: [string, string][] = [];
  if (data.anchors.channel !== undefined) anchors.push(['Channel', data.anchors.channel]);
  anchors.push(
    ['Block number', data.anchors.blockNumber],
    ['Transaction ID', data.anchors.txId],
    ['Result hash (SHA-256)', data.anchors.resultHash],
    ['Record hash (SHA-256)', data.anchors.recordHash],
  );
  for (const [k, v] of anchors) {
    doc.font('ko-bold').text(k, left, doc.y);
    doc.font('ko').text(v, left + 12, doc.y, { width: width - 140 });
  }

  const qrSize = 110;
  const qrY = Math.max(doc.y + 16, doc.page.height - doc.page.margins.bottom - qrSize - 40);
  doc.image(qr, left, qrY, { width: qrSize, height: qrSize });
  doc.font('ko').fontSize(9).text('이 QR 코드로 공개 검증 페이지에서 결과를 직접 검증할 수 있습니다.', left + qrSize + 14, qrY + 10, {
    width: width - qrSize - 14,
  });
  doc.text('Scan to verify these results on the public verification page:', { width: width - qrSize - 14 });
  doc.fillColor('#1a4d8f').text(data.verifyUrl, { width: width - qrSize - 14, link: data.verifyUrl });
  doc.fillColor('#444').text(`발급 / Issued: ${data.issuedAt}`, { width: width - qrSize - 14 });
  doc.end();
  return done;
}
