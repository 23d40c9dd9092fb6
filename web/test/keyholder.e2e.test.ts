// Key-holder console: identity file in memory, signed-challenge login, round 1 generated in the
// browser, the forced backup (sealed, downloaded, re-opened), and each Fabric step signed.
import { ceremonyParams, checkComplaint, checkRound1, openHolderState, sealHolderState, type Round1Message, type Round2Message } from '@ballotledger/core';
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { axe, cspViolations, DESKTOP, openPage, PHONE, shot, type Watched } from './support/browser.js';
import { MockGateway } from './support/mock-gateway.js';
import { useStage } from './support/stage.js';

const { browser, origin } = useStage();

function identityFile(): { file: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // A stand-in certificate: the console only checks that it carries the key's public point.
  const cert = `-----BEGIN CERTIFICATE-----\n${Buffer.concat([Buffer.from('3082', 'hex'), spki]).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const file = JSON.stringify({ mspId: 'SeoulMSP', enrollmentId: 'holder2', certificate: cert, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });
  return { file, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

describe('key-holder console (mocked gateway)', function () {
  this.timeout(180_000);

  for (const [lang, viewport] of [
    ['ko', DESKTOP],
    ['en', PHONE],
  ] as const) {
    it(`completes round 1 with a verified backup and signs each Fabric step (${lang})`, async () => {
      const ko = lang === 'ko';
      const a11y: string[] = [];
      const { file, publicPem } = identityFile();
      const w = await openPage(browser(), { viewport, lang });
      const gw = new MockGateway({ keyholderPublicKeyPem: publicPem });
      await gw.install(w.page);
      const page = w.page;
      await page.goto(`${origin()}/keyholder`);
      await page.getByLabel(ko ? '신원 파일' : 'Identity file').setInputFiles({ name: 'holder2.json', mimeType: 'application/json', buffer: Buffer.from(file) });
      await page.getByRole('button', { name: ko ? '서명하고 로그인' : 'Sign and sign in' }).click();
      await page.getByRole('button', { name: '2026 학생회 선거' }).click();
      await page.getByRole('button', { name: ko ? '키 조각 만들기' : 'Create my key share' }).click();
      await page.getByTestId('backup-step').waitFor();
      a11y.push(...(await axe(page)));
      await shot(page, `keyholder-${lang}-01-backup-${viewport.width}`);
      expect(await page.getByTestId('tx-signer').count()).to.equal(0); // no posting before the backup
      const pass = 'correct horse battery staple';
      await page.getByLabel(ko ? '백업 암호' : 'Backup passphrase', { exact: true }).fill(pass);
      await page.getByLabel(ko ? '백업 암호 확인' : 'Repeat the passphrase').fill(pass);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: ko ? '암호로 잠가 저장' : 'Lock and save' }).click();
      const saved = await (await download).path();
      const sealed = await readFile(saved, 'utf8');
      const state = await openHolderState(JSON.parse(sealed), pass);
      expect(state.holder).to.equal(2);
      expect(sealed).not.to.contain(state.coefficients[0]!);
      // verify my backup: re-open the file in the browser
      await page.getByLabel(ko ? '백업 파일' : 'Backup file').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(sealed) });
      await page.locator('form.panel').getByLabel(ko ? '백업 암호' : 'Backup passphrase').fill(pass);
      await page.getByRole('button', { name: ko ? '열기' : 'Open', exact: true }).click();
      await page.getByText(ko ? '백업을 확인했습니다.' : 'Backup checked.').waitFor({ timeout: 30_000 });
      const signer = page.getByTestId('tx-signer');
      await signer.getByText('PostCeremonyRound1').waitFor();
      a11y.push(...(await axe(page)));
      await shot(page, `keyholder-${lang}-02-sign-${viewport.width}`);
      await signer.getByRole('button', { name: ko ? '서명하고 올리기' : 'Sign and post' }).click();
      await signer.getByText(ko ? /원장에 기록되었습니다\(트랜잭션/ : /Recorded on the ledger \(transaction/).waitFor().catch(async (e) => {
        console.log(gw.errors, await signer.innerText());
        throw e;
      });
      expect(gw.posted).to.have.length(1);
      const msg = gw.posted[0]!.payload as Round1Message;
      checkRound1(msg, ceremonyParams(gw.fx.manifest));
      expect(msg.holder).to.equal(2);
      // the secret never left the browser: no coefficient or backup in any request
      const wire = JSON.stringify(gw.log.map((l) => l.body));
      for (const c of state.coefficients) expect(wire).not.to.contain(c);
      expect(wire).not.to.contain(state.commSecret);
      expect(wire).not.to.contain('PRIVATE KEY');
      await page.getByRole('button', { name: ko ? '다음 단계로' : 'Continue' }).click();
      await page.getByText(ko ? '다른 키 보관자들이 이 단계를 마칠 때까지' : 'Please wait until the other key holders').waitFor();
      await shot(page, `keyholder-${lang}-03-waiting-${viewport.width}`);
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(w.problems).to.deep.equal([]);
      await w.context.close();
    });
  }

  /**
   * Holder 2 signs in to the console at `stage` (review or decrypt) and opens the backup of its
   * state from the simulated ceremony, sealed as the console would have saved it. Resolves with
   * the ceremony messages the console was served.
   */
  async function openAsHolder2(options: ConstructorParameters<typeof MockGateway>[0] & { keyholderStage: 'review' | 'decrypt' }): Promise<{ w: Watched; gw: MockGateway; ceremony: { round1: Round1Message[]; round2: Round2Message[] } }> {
    const { file, publicPem } = identityFile();
    const w = await openPage(browser(), { viewport: DESKTOP });
    const gw = new MockGateway({ ...options, keyholderPublicKeyPem: publicPem });
    await gw.install(w.page);
    const page = w.page;
    const pass = 'correct horse battery staple';
    const sealed = JSON.stringify(await sealHolderState({ ...gw.fx.sim.states[1]!, secretShare: null }, pass, { N: 1 << 12, r: 8, p: 1 }));
    await page.goto(`${origin()}/keyholder`);
    await page.getByLabel('신원 파일').setInputFiles({ name: 'holder2.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.getByRole('button', { name: '서명하고 로그인' }).click();
    const served = page.waitForResponse((r) => r.url().endsWith('/ceremony'));
    await page.getByRole('button', { name: '2026 학생회 선거' }).click();
    const ceremony = (await (await served).json()) as { round1: Round1Message[]; round2: Round2Message[] };
    await page.getByRole('heading', { name: options.keyholderStage === 'review' ? '3단계: 받은 조각 검증' : '4단계: 복호화 지분 제출', level: 2 }).waitFor();
    await page.getByLabel('백업 파일').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(sealed) });
    await page.getByLabel('백업 암호').fill(pass);
    await page.getByRole('button', { name: '열기', exact: true }).click();
    return { w, gw, ceremony };
  }

  for (const stage of ['review', 'decrypt'] as const) {
    it(`restores the backup and posts the ${stage === 'review' ? 'review of the received shares' : 'decryption share'} computed in the browser`, async () => {
      const { w, gw } = await openAsHolder2({ keyholderStage: stage });
      const page = w.page;
      const signer = page.getByTestId('tx-signer');
      await signer.getByText(stage === 'review' ? 'PostCeremonyReview' : 'SubmitDecryptionShare').waitFor();
      if (stage === 'review') expect(await page.getByTestId('received-shares').locator('li.ok').count()).to.equal(2);
      const a11y = await axe(page);
      await shot(page, `keyholder-ko-04-${stage}`);
      await signer.getByRole('button', { name: '서명하고 올리기' }).click();
      await signer.getByText(/원장에 기록되었습니다\(트랜잭션/).waitFor();
      expect(gw.posted.map((x) => x.name)).to.deep.equal([stage === 'review' ? 'PostCeremonyReview' : 'SubmitDecryptionShare']);
      if (stage === 'review') expect(gw.posted[0]!.payload).to.deep.equal({ v: 1, electionId: gw.fx.manifest.electionId, holder: 2, complaints: [] });
      expect(JSON.stringify(gw.log.map((l) => l.body))).not.to.contain(gw.fx.sim.states[1]!.coefficients[0]!);
      expect(a11y, a11y.join('\n')).to.deep.equal([]);
      expect(await cspViolations(w)).to.deep.equal([]);
      expect(gw.errors).to.deep.equal([]);
      await w.context.close();
    });
  }

  it('review: a share that does not decrypt is shown, and the review posts a complaint against its sender (with the revealed point)', async () => {
    const { w, gw, ceremony } = await openAsHolder2({ keyholderStage: 'review', badShareFrom: 3 });
    const page = w.page;
    const signer = page.getByTestId('tx-signer');
    await signer.getByText('PostCeremonyReview').waitFor();
    expect(await page.getByTestId('received-shares').locator('li.ok').count()).to.equal(1);
    const a11y = await axe(page);
    await shot(page, 'keyholder-ko-05-complaint');
    await signer.getByRole('button', { name: '서명하고 올리기' }).click();
    await signer.getByText(/원장에 기록되었습니다\(트랜잭션/).waitFor();
    const review = gw.posted[0]!.payload as { holder: number; complaints: { complainer: number; accused: number }[] };
    expect(review.holder).to.equal(2);
    expect(review.complaints.map((c) => [c.complainer, c.accused])).to.deep.equal([[2, 3]]);
    // the complaint proves itself: anyone can check it against the messages the holder was served
    expect(checkComplaint(review.complaints[0], ceremony.round1, ceremony.round2, ceremonyParams(gw.fx.manifest)).upheld, 'the accused is disqualified').to.equal(true);
    expect(a11y, a11y.join('\n')).to.deep.equal([]);
    expect(await cspViolations(w)).to.deep.equal([]);
    await w.context.close();
  });

  for (const [tamper, reason] of [
    ['proposal', 'the proposal does not call PostCeremonyReview with the contents shown'],
    ['transaction', 'the transaction carries another invocation than the proposal'],
  ] as const) {
    it(`signs nothing a compromised gateway changed: ${tamper === 'proposal' ? 'a proposal without the complaint shown' : 'an endorsed transaction of another invocation'}`, async () => {
      const { w, gw } = await openAsHolder2({ keyholderStage: 'review', badShareFrom: 3, relayTamper: tamper });
      const page = w.page;
      const signer = page.getByTestId('tx-signer');
      await signer.getByText('PostCeremonyReview').waitFor();
      await signer.getByRole('button', { name: '서명하고 올리기' }).click();
      const alert = signer.getByRole('alert');
      await alert.getByText('서명하지 않았습니다').waitFor();
      expect(await alert.innerText()).to.contain(`(${reason})`);
      await shot(page, `keyholder-ko-06-refused-${tamper}`);
      // the proposal is signed only when it is the one shown; the transaction is never signed
      const signedSteps = gw.log.filter((l) => /\/api\/keyholder\/transactions\/[^/]+\/(endorse|submit)$/.test(l.path)).map((l) => l.path.split('/').at(-1));
      expect(signedSteps).to.deep.equal(tamper === 'proposal' ? [] : ['endorse']);
      expect(gw.posted).to.deep.equal([]);
      expect(await signer.getByRole('button', { name: '서명하고 올리기' }).isEnabled(), 'the holder can try again').to.equal(true);
      await w.context.close();
    });
  }

  it('refuses an identity file whose key does not match its certificate', async () => {
    const a = identityFile();
    const b = identityFile();
    const mixed = JSON.stringify({ ...JSON.parse(a.file), privateKey: JSON.parse(b.file).privateKey });
    const w = await openPage(browser(), { viewport: DESKTOP });
    await new MockGateway().install(w.page);
    await w.page.goto(`${origin()}/keyholder`);
    await w.page.getByLabel('신원 파일').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(mixed) });
    await w.page.getByText('개인키가 인증서와 맞지 않습니다.').waitFor();
    await w.context.close();
  });
});
