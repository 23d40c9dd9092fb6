import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import jsQRModule from 'jsqr';
import supertest from 'supertest';
import { ApiError } from '../errors.js';
import { addStaff, makeHarness, signIn } from '../testing/harness.js';
import { pdfImages } from '../testing/pdf-images.js';
import { pdfText } from '../testing/pdf-text.js';
import { renderCertificate, verificationPageUrl, type CertificateData } from './pdf.js';

export const SAMPLE: CertificateData = {
  electionId: 'snu-2026-council',
  title: '2026학년도 총학생회장 선거',
  organization: '서울대학교 총학생회',
  commission: 'Seoul',
  votingPeriod: { opens: '2026-11-30 09:00 KST', closes: '2026-12-02 18:00 KST' },
  turnout: { eligible: 12000, voted: 8123 },
  contests: [
    { title: '총학생회장 (1명 선출)', options: [{ number: '1', label: '김하늘 · 이바다', count: 4100 }, { number: '2', label: '박서준 · 최유리', count: 3500 }], abstain: 523 },
    { title: '회칙 개정안 찬반', options: [{ label: '찬성 / Yes', count: 6000 }, { label: '반대 / No', count: 2123 }] },
  ],
  quorum: { threshold: 3, total: 5, holders: ['Central', 'Seoul', 'Busan'] },
  anchors: {
    channel: 'elections',
    blockNumber: '1842',
    txId: 'a3f1c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
    resultHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    recordHash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
  verifyUrl: verificationPageUrl('https://vote.example.kr', 'snu-2026-council'),
  issuedAt: '2026-12-02 19:05 KST',
};

describe('results certificate', () => {
  it('links to the web app\'s record verifier (/audit/verify?e=<id>), a page the web app serves', () => {
    expect(SAMPLE.verifyUrl).to.equal('https://vote.example.kr/audit/verify?e=snu-2026-council');
    expect(verificationPageUrl('https://x', 'a/b c')).to.equal('https://x/audit/verify?e=a%2Fb%20c');
    const app = readFileSync(new URL('../../../web/src/auditor/AuditorApp.tsx', import.meta.url), 'utf8');
    expect(app).to.include("loc.path === '/audit/verify'");
    expect(app).to.include("loc.query.get('e')");
  });

  it('renders a PDF with the Korean text, counts, quorum, anchors and the verification link', async () => {
    const pdf = await renderCertificate(SAMPLE);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(pdf.subarray(-6).toString()).to.match(/%%EOF/);
    expect(pdf.length).to.be.greaterThan(10_000);
    const raw = pdf.toString('latin1');
    expect(raw).to.include('/Lang (ko-KR)');
    expect(raw).to.match(/Pretendard/);
    expect(raw).to.include(`/URI (${SAMPLE.verifyUrl})`);
    expect(raw).to.match(/\/Subtype \/Image/); // the QR code
    const text = pdfText(pdf);
    for (const s of [
      '개표 결과 증명서',
      '2026학년도 총학생회장 선거',
      '서울대학교 총학생회',
      '기호 1  김하늘 · 이바다',
      '4,100',
      '50.5%',
      '기권 / Abstain',
      '8,123',
      '5명 중 3명 이상 필요',
      SAMPLE.anchors.txId,
      SAMPLE.anchors.resultHash,
      SAMPLE.anchors.recordHash,
      '1842',
      SAMPLE.verifyUrl,
    ]) {
      expect(text, s).to.include(s);
    }
  });

  it('carries a QR code that decodes to the verification link', async () => {
    const jsQR = jsQRModule.default; // a CommonJS module whose export is also its `default`
    const qrCodes = async (data: CertificateData): Promise<(string | undefined)[]> =>
      pdfImages(await renderCertificate(data)).map((img) => jsQR(img.rgba, img.width, img.height)?.data);
    expect(await qrCodes(SAMPLE)).to.deep.equal([SAMPLE.verifyUrl]);
    const other = { ...SAMPLE, verifyUrl: verificationPageUrl('https://vote.example.kr', 'another-election') };
    expect(await qrCodes(other)).to.deep.equal([other.verifyUrl]);
  });

  it('is served at /api/elections/:id/certificate.pdf when results exist, 404 otherwise', async () => {
    const h = makeHarness({}, { hooks: { certificate: (id) => Promise.resolve(id === SAMPLE.electionId ? SAMPLE : undefined) } });
    const r = await supertest(h.app).get(`/api/elections/${SAMPLE.electionId}/certificate.pdf`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(r.headers['content-type']).to.equal('application/pdf');
    expect(r.headers['content-disposition']).to.match(/^inline; filename="certificate-snu-2026-council.pdf"/);
    expect(pdfText(r.body as Buffer)).to.include('개표 결과 증명서');
    await supertest(h.app).get('/api/elections/other/certificate.pdf').expect(404);
  });

  it('hands the signed-in staff member to the certificate hook, whose refusal is the answer', async () => {
    const viewers: (string | undefined)[] = [];
    const h = makeHarness({}, {
      hooks: {
        certificate: (_id, viewer) => {
          viewers.push(viewer?.role);
          return Promise.reject(new ApiError('Forbidden', 'The results certificate of this election is not public (yet).'));
        },
      },
    });
    await addStaff(h, 'aud', 'auditor');
    await supertest(h.app).get(`/api/elections/${SAMPLE.electionId}/certificate.pdf`).expect(403);
    await (await signIn(h, 'aud')).agent.get(`/api/elections/${SAMPLE.electionId}/certificate.pdf`).expect(403);
    expect(viewers).to.deep.equal([undefined, 'auditor']);
  });
});
