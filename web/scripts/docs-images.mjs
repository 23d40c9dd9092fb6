// Makes the small PNGs of docs/user-guide.md from the browser tests' screenshots
// (web/test-artifacts, written by `npm test -w web`): scaled down and cropped, with Chromium.
// Usage: node web/scripts/docs-images.mjs
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ART = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const OUT = fileURLToPath(new URL('../../docs/images/', import.meta.url));

// [artifact, output name, width, max height]
const IMAGES = [
  ['voter-ko-01-captcha', 'voter-1-captcha', 280, 520],
  ['voter-ko-02-identity', 'voter-2-identity', 280, 600],
  ['voter-ko-04-info', 'voter-3-info', 280, 720],
  ['voter-ko-05-contest-choice1', 'voter-4-choice', 280, 760],
  ['voter-ko-06-contest-choice2', 'voter-5-multi', 280, 760],
  ['voter-ko-08-contest-score', 'voter-6-score', 280, 760],
  ['voter-en-07-contest-yesno', 'voter-7-yesno-en', 280, 600],
  ['voter-ko-10-review', 'voter-8-review', 280, 900],
  ['voter-ko-11-receipt', 'voter-9-receipt', 280, 820],
  ['voter-ko-13-audit-done', 'voter-10-audit', 280, 850],
  ['voter-ko-14-not-recorded-network-once', 'voter-11-not-recorded', 280, 520],
  ['voter-ko-15-already-voted', 'voter-12-already-voted', 280, 560],
  ['admin-ko-01-elections', 'admin-1-elections', 720, 420],
  ['admin-ko-02-wizard-contests', 'admin-2-wizard-contests', 720, 900],
  ['admin-ko-03-wizard-messages', 'admin-3-wizard-messages', 720, 700],
  ['admin-ko-04-wizard-preview', 'admin-4-wizard-preview', 720, 760],
  ['admin-ko-05-roll-report', 'admin-5-roll-report', 720, 760],
  ['admin-ko-06-turnout-1280', 'admin-6-turnout', 720, 980],
  ['admin-en-06-turnout-390', 'admin-7-turnout-phone-en', 280, 900],
  ['admin-ko-08-messages-1280', 'admin-8-delivery-status', 720, 1000],
  ['admin-en-10-contact-fix-390', 'admin-9-contact-fix-phone-en', 280, 1000],
  ['admin-en-04-wizard-preview-390', 'admin-10-wizard-preview-phone-en', 280, 1100],
  ['admin-en-05-roll-report-390', 'admin-11-roll-report-phone-en', 280, 1100],
  ['admin-en-11-results-390', 'admin-12-results-phone-en', 280, 1400],
  ['keyholder-ko-01-backup-1280', 'keyholder-1-backup', 720, 900],
  ['keyholder-ko-02-sign-1280', 'keyholder-2-sign', 720, 1100],
  ['keyholder-ko-04-review', 'keyholder-3-review', 720, 1100],
  ['keyholder-ko-05-complaint', 'keyholder-4-complaint', 720, 1100],
  ['keyholder-ko-06-refused-proposal', 'keyholder-5-refused', 720, 1100],
  ['keyholder-ko-04-decrypt', 'keyholder-6-decrypt', 720, 1100],
  ['auditor-ko-01-peers-agree', 'auditor-0-peers-agree', 720, 760],
  ['auditor-ko-01-peers-hash', 'auditor-1-peers-mismatch', 720, 640],
  ['auditor-ko-01-peers-chain', 'auditor-4-chain-fault', 720, 760],
  ['auditor-ko-03-verify-mutated', 'auditor-2-verify', 720, 1000],
  ['auditor-en-04-spoiled-ok', 'auditor-3-spoiled-en', 280, 800],
  ['public-en-results', 'public-1-results-en', 280, 1000],
  ['desk-ko-01-apply-form', 'desk-1-apply-form', 280, 1500],
  ['desk-ko-02-wrong-commission', 'desk-2-wrong-commission', 280, 200],
  ['desk-ko-03-documents-refused', 'desk-3-documents', 280, 1400],
  ['desk-ko-04-submitted', 'desk-4-submitted', 280, 1100],
  ['desk-ko-07-changes-requested', 'desk-5-changes-requested', 280, 1100],
  ['desk-ko-05-review-queue', 'desk-6-review-queue', 720, 300],
  ['desk-ko-06-review-detail', 'desk-7-review-detail', 720, 900],
  ['desk-en-12-blackouts', 'desk-8-blackouts-en', 720, 700],
  ['desk-ko-09-invitation', 'desk-9-invitation', 280, 600],
  ['desk-ko-10-sms-code', 'desk-10-sms-code', 280, 420],
  ['desk-ko-11-blackout-refused', 'desk-11-blackout-refused', 720, 640],
  ['desk-ko-14-fees', 'desk-12-fees', 280, 1600],
  ['desk-ko-15-fee-statement', 'desk-13-fee-statement', 720, 520],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
const page = await browser.newPage({ deviceScaleFactor: 1, viewport: { width: 1000, height: 1000 } });
for (const [src, out, width, maxH] of IMAGES) {
  const file = `${ART}${src}.png`;
  if (!existsSync(file)) {
    console.log(`missing ${src} (run npm test -w web first)`);
    continue;
  }
  const b64 = readFileSync(file).toString('base64');
  await page.setContent(`<html><body style="margin:0"><img id="i" style="width:${width}px;display:block" src="data:image/png;base64,${b64}"></body></html>`);
  const box = await page.locator('#i').boundingBox();
  await page.setViewportSize({ width, height: Math.ceil(Math.min(box.height, maxH)) });
  await page.screenshot({ path: `${OUT}${out}.png`, clip: { x: 0, y: 0, width, height: Math.min(box.height, maxH) } });
  console.log(out);
}
await browser.close();
