import { expect } from 'chai';
import supertest from 'supertest';
import { AttemptLimiter, addressKey } from './attempts.js';
import { issueLink } from './links.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newToken, safeEqual, TOKEN_PATTERN } from './tokens.js';
import { solveCaptchaQuestion } from '../testing/captcha.js';
import { addStaff, makeHarness, seedRoll, signIn, type Harness } from '../testing/harness.js';

const cookieOf = (r: supertest.Response, name: string): string | undefined =>
  ([] as string[]).concat((r.headers['set-cookie'] as unknown as string[] | undefined) ?? []).filter((c) => c.startsWith(`${name}=`)).pop();

describe('tokens', () => {
  it('have at least 128 bits of entropy, are base64url, and are stored as SHA-256 only', () => {
    const t = newToken();
    expect(Buffer.from(t, 'base64url').length * 8).to.be.at.least(128);
    expect(t).to.match(TOKEN_PATTERN);
    expect(() => newToken(8)).to.throw(RangeError);
    expect(hashToken(t)).to.match(/^[0-9a-f]{64}$/);
    expect(safeEqual(t, t)).to.equal(true);
    expect(safeEqual(t, t + 'x')).to.equal(false);
    const seen = new Set(Array.from({ length: 1000 }, () => newToken()));
    expect(seen.size).to.equal(1000);
  });

  it('link tables hold the hash, never the token', () => {
    const h = makeHarness();
    seedRoll(h);
    const link = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v1');
    const rows = h.store.db.all('SELECT * FROM link_tokens');
    expect(JSON.stringify(rows)).not.to.include(link.token);
    expect(rows[0]?.['token_hash']).to.equal(hashToken(link.token));
  });
});

describe('passwords', () => {
  it('hash with scrypt, verify, and refuse short passwords', async () => {
    const stored = await hashPassword('correct horse battery', 1024);
    expect(stored).to.match(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', stored)).to.equal(true);
    expect(await verifyPassword('wrong horse battery', stored)).to.equal(false);
    expect(await verifyPassword('x', 'garbage')).to.equal(false);
    await hashPassword('short', 1024).then(() => expect.fail(), (e: unknown) => expect(e).to.be.instanceOf(RangeError));
  });
});

describe('addressKey', () => {
  it('groups IPv6 by /56 and unwraps IPv4-mapped addresses', () => {
    expect(addressKey('::ffff:10.1.2.3')).to.equal('10.1.2.3');
    expect(addressKey('2001:db8:abcd:12ff::1')).to.equal(addressKey('2001:db8:abcd:1200:1:2:3:4'));
    expect(addressKey('2001:db8:abcd:12ff::1')).not.to.equal(addressKey('2001:db8:abcd:1300::1'));
  });
});

describe('staff sessions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = makeHarness();
    await addStaff(h, 'ann', 'admin');
    await addStaff(h, 'kim', 'auditor');
  });

  it('sets an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
    const r = await supertest(h.app).post('/api/staff/login').send({ username: 'ann', password: 'correct horse battery' }).expect(200);
    const c = cookieOf(r, 'bl_staff');
    expect(c).to.match(/HttpOnly/i);
    expect(c).to.match(/SameSite=Strict/i);
    expect(c).not.to.match(/Secure/i);
    expect(r.body.csrfToken).to.match(TOKEN_PATTERN);
    expect(r.body.user).to.deep.include({ username: 'ann', role: 'admin' });
    expect(JSON.stringify(r.body)).not.to.include('scrypt');
  });

  it('uses __Host- Secure cookies when configured', async () => {
    const s = makeHarness({ BL_COOKIE_SECURE: 'true' });
    await addStaff(s, 'ann', 'admin');
    const r = await supertest(s.app).post('/api/staff/login').send({ username: 'ann', password: 'correct horse battery' }).expect(200);
    expect(cookieOf(r, '__Host-bl_staff')).to.match(/Secure/);
  });

  it('refuses a state-changing request without, or with a wrong, CSRF token', async () => {
    const { agent, csrf } = await signIn(h, 'ann');
    const none = await agent.post('/api/admin/content/preview').send({ markdown: 'x' }).expect(403);
    expect(none.body.error.code).to.equal('CsrfFailed');
    await agent.post('/api/admin/content/preview').set('x-csrf-token', 'A'.repeat(43)).send({ markdown: 'x' }).expect(403);
    await agent.post('/api/admin/content/preview').set('x-csrf-token', csrf).send({ markdown: 'x' }).expect(200);
    await agent.get('/api/staff/session').expect(200); // reads need no token
  });

  it('prevents session fixation: a planted session id is never promoted by login', async () => {
    const planted = 'P'.repeat(43);
    const r = await supertest(h.app)
      .post('/api/staff/login')
      .set('Cookie', `bl_staff=${planted}`)
      .send({ username: 'ann', password: 'correct horse battery' })
      .expect(200);
    const issued = cookieOf(r, 'bl_staff')?.split(';')[0]?.split('=')[1];
    expect(issued).to.be.a('string').and.not.equal(planted);
    await supertest(h.app).get('/api/staff/session').set('Cookie', `bl_staff=${planted}`).expect(401);
    await supertest(h.app).get('/api/staff/session').set('Cookie', `bl_staff=${issued}`).expect(200);
    // signing in again rotates the id: the previous one stops working
    const again = await supertest(h.app).post('/api/staff/login').set('Cookie', `bl_staff=${issued}`).send({ username: 'ann', password: 'correct horse battery' }).expect(200);
    expect(cookieOf(again, 'bl_staff')?.split(';')[0]?.split('=')[1]).not.to.equal(issued);
    await supertest(h.app).get('/api/staff/session').set('Cookie', `bl_staff=${issued}`).expect(401);
  });

  it('enforces roles: 401 without a session, 403 with the wrong role', async () => {
    await supertest(h.app).get('/api/admin/roll-template.csv').expect(401);
    const { agent } = await signIn(h, 'kim');
    const r = await agent.get('/api/admin/roll-template.csv').expect(403);
    expect(r.body.error.code).to.equal('Forbidden');
  });

  it('logout deletes the session server side', async () => {
    const { agent, csrf } = await signIn(h, 'ann');
    await agent.post('/api/staff/logout').set('x-csrf-token', csrf).expect(200);
    await agent.get('/api/staff/session').expect(401);
  });

  it('logs a failed sign-in without the typed username', async () => {
    await supertest(h.app).post('/api/staff/login').send({ username: 'ann.typo-Secret', password: 'nope-nope-nope' }).expect(401);
    const line = h.logs.find((l) => l.includes('staff sign-in failed'));
    expect(line).to.be.a('string');
    expect(line!.toLowerCase()).not.to.include('ann.typo-secret');
    expect(JSON.parse(line!)).to.have.property('usernameHash').that.matches(/^[0-9a-f]{16}$/);
  });

  it('backs off a (username, address) after repeated failures without locking the account for others', async () => {
    const x = makeHarness({ BL_TRUST_PROXY: 'loopback', BL_LINK_MAX_FAILURES: '3' });
    await addStaff(x, 'ann', 'admin');
    const attacker = (pw: string): supertest.Test => supertest(x.app).post('/api/staff/login').set('X-Forwarded-For', '203.0.113.9').send({ username: 'ann', password: pw });
    for (let i = 0; i < 2; i++) expect((await attacker('nope').expect(401)).body.error.code).to.equal('Unauthorized');
    await attacker('nope').expect(401); // third failure locks this pair
    const locked = await attacker('correct horse battery').expect(429);
    expect(locked.body.error.code).to.equal('LockedOut');
    expect(Number(locked.headers['retry-after'])).to.be.greaterThan(0);
    // the real ann, elsewhere, still signs in
    await supertest(x.app).post('/api/staff/login').set('X-Forwarded-For', '198.51.100.7').send({ username: 'ann', password: 'correct horse battery' }).expect(200);
  });
});

describe('attempt limiter', () => {
  it('locks with exponential backoff on consecutive failures and resets on success', () => {
    const h = makeHarness({ BL_LINK_MAX_FAILURES: '3', BL_LOCKOUT_BASE_SECONDS: '60' });
    const key = AttemptLimiter.linkKey('abc');
    const t0 = 1_000_000;
    h.svc.attempts.recordFailure(key, 'consecutive', t0);
    h.svc.attempts.recordFailure(key, 'consecutive', t0);
    expect(h.svc.attempts.retryAfterMs(key, t0)).to.equal(0);
    h.svc.attempts.recordFailure(key, 'consecutive', t0);
    expect(h.svc.attempts.retryAfterMs(key, t0)).to.equal(60_000);
    h.svc.attempts.recordFailure(key, 'consecutive', t0 + 61_000);
    expect(h.svc.attempts.retryAfterMs(key, t0 + 61_000)).to.equal(120_000);
    h.svc.attempts.reset(key);
    expect(h.svc.attempts.retryAfterMs(key, t0 + 61_000)).to.equal(0);
  });
});

describe('voter link → CAPTCHA → identity', () => {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness({ BL_LINK_MAX_FAILURES: '3', BL_TRUST_PROXY: 'loopback', BL_DEV_ROUTES: 'true' });
    seedRoll(h);
  });

  async function throughCaptcha(token: string, ip = '192.0.2.1'): Promise<{ agent: supertest.Agent; csrf: string }> {
    const agent = supertest.agent(h.app);
    const link = await agent.post('/api/voter/link').set('X-Forwarded-For', ip).send({ token }).expect(200);
    expect(link.body.status).to.equal('ok');
    let csrf = link.body.session.csrfToken as string;
    const picture = await agent.post('/api/voter/captcha').set('x-csrf-token', csrf).set('X-Forwarded-For', ip).expect(200);
    expect(picture.body).to.include({ form: 'image', length: 6 }).and.not.have.property('question');
    expect(picture.body.image).to.match(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(String(picture.body.image).split(',')[1] ?? '', 'base64').toString();
    expect(svg).not.to.match(/<text/); // digits are drawn as paths, not text
    const c = await agent.post('/api/voter/captcha').set('x-csrf-token', csrf).set('X-Forwarded-For', ip).send({ form: 'text' }).expect(200);
    expect(c.body).to.include({ form: 'text' }).and.not.have.property('image');
    const a = await agent
      .post('/api/voter/captcha/answer')
      .set('x-csrf-token', csrf)
      .set('X-Forwarded-For', ip)
      .send({ challengeId: c.body.id, answer: solveCaptchaQuestion(c.body.question) })
      .expect(200);
    expect(a.body.stage).to.equal('captcha');
    csrf = a.body.csrfToken;
    return { agent, csrf };
  }

  async function birthdate(agent: supertest.Agent, csrf: string, name: string, birthDate: string, ip = '192.0.2.1'): Promise<supertest.Response> {
    const s = await agent.post('/api/voter/identity/start').set('x-csrf-token', csrf).set('X-Forwarded-For', ip).send({ method: 'birthdate' });
    if (s.status !== 200) return s;
    return agent
      .post('/api/voter/identity/verify')
      .set('x-csrf-token', csrf)
      .set('X-Forwarded-For', ip)
      .send({ method: 'birthdate', challengeId: s.body.challengeId, response: { name, birthDate } });
  }

  it('walks a voter to a verified session, rotating the session id at each promotion', async () => {
    const { token } = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v1');
    const { agent, csrf } = await throughCaptcha(token);
    const r = await birthdate(agent, csrf, '홍 길동', '1990.03.07');
    expect(r.status).to.equal(200);
    expect(r.body.stage).to.equal('verified');
    expect(cookieOf(r, 'bl_voter')).to.match(/HttpOnly/);
    const s = await agent.get('/api/voter/session').expect(200);
    expect(s.body.stage).to.equal('verified');
    expect(h.store.identity.summary('e1')).to.deep.equal([{ method: 'birthdate', outcome: 'success', count: 1 }]);
    expect(h.logs.join('\n')).not.to.include(token);
  });

  it('refuses unknown, malformed and revoked links with 401', async () => {
    await supertest(h.app).post('/api/voter/link').send({ token: newToken() }).expect(401);
    await supertest(h.app).post('/api/voter/link').send({ token: '../../etc' }).expect(401);
    const { token } = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v2');
    h.store.links.revokeForVoter('e1', 'v2');
    await supertest(h.app).post('/api/voter/link').send({ token }).expect(401);
  });

  it('answers "already voted" (and no session) for a voter who has voted', async () => {
    const v = makeHarness({}, { hooks: { hasVoted: (_e, id) => Promise.resolve(id === 'v1') } });
    seedRoll(v);
    const { token } = issueLink(v.store.links, v.config.publicBaseUrl, 'e1', 'v1');
    const r = await supertest(v.app).post('/api/voter/link').send({ token }).expect(200);
    expect(r.body).to.deep.equal({ status: 'already-voted', electionId: 'e1' });
    expect(cookieOf(r, 'bl_voter')).to.equal(undefined);
  });

  it('CAPTCHA challenges are single use and bound to the session', async () => {
    const { token } = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v1');
    const agent = supertest.agent(h.app);
    const link = await agent.post('/api/voter/link').send({ token }).expect(200);
    const csrf = link.body.session.csrfToken as string;
    const c = await agent.post('/api/voter/captcha').set('x-csrf-token', csrf).send({ form: 'text' }).expect(200);
    const wrong = await agent.post('/api/voter/captcha/answer').set('x-csrf-token', csrf).send({ challengeId: c.body.id, answer: '000000x' }).expect(400);
    expect(wrong.body.error.code).to.equal('CaptchaFailed');
    // the right answer no longer works: the challenge was used up
    await agent.post('/api/voter/captcha/answer').set('x-csrf-token', csrf).send({ challengeId: c.body.id, answer: solveCaptchaQuestion(c.body.question) }).expect(400);
    // a challenge made for another session cannot be answered here
    const other = supertest.agent(h.app);
    const l2 = await other.post('/api/voter/link').send({ token: issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v2').token }).expect(200);
    const c2 = await other.post('/api/voter/captcha').set('x-csrf-token', l2.body.session.csrfToken).send({ form: 'text' }).expect(200);
    await agent.post('/api/voter/captcha/answer').set('x-csrf-token', csrf).send({ challengeId: c2.body.id, answer: solveCaptchaQuestion(c2.body.question) }).expect(400);
  });

  it('the CAPTCHA has one answer, six random digits, that expires', () => {
    const now = 1_000_000;
    const answers = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const c = h.svc.captcha.create('s', 'text', now);
      if (c.form !== 'text') throw new Error('text form expected');
      const answer = solveCaptchaQuestion(c.question);
      expect(answer).to.match(/^[0-9]{6}$/);
      expect(c.question.ko).to.match(/^다음 6개의 숫자를 차례대로 숫자로 입력하세요: ([영일이삼사오육칠팔구], ){5}[영일이삼사오육칠팔구]\.$/);
      answers.add(answer);
      expect(h.svc.captcha.verify(c.id, answer.split('').join(', '), 's', now + 1), 'typed with separators').to.equal(true);
    }
    expect(answers.size).to.be.greaterThan(15); // not a small answer space
    const late = h.svc.captcha.create('s', 'text', now);
    if (late.form !== 'text') throw new Error('text form expected');
    expect(h.svc.captcha.verify(late.id, solveCaptchaQuestion(late.question), 's', now + h.config.captchaTtlMs)).to.equal(false);
    expect(h.svc.captcha.create('s', 'image', now)).to.not.have.property('question');
  });

  it('voter steps need the CSRF token and the right stage', async () => {
    const { token } = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v1');
    const agent = supertest.agent(h.app);
    const link = await agent.post('/api/voter/link').send({ token }).expect(200);
    await agent.post('/api/voter/captcha').expect(403);
    const r = await agent.post('/api/voter/identity/start').set('x-csrf-token', link.body.session.csrfToken).send({ method: 'birthdate' }).expect(409);
    expect(r.body.error.code).to.equal('WrongState');
  });

  it('locks a link after N failed identity checks on it, without affecting another link', async () => {
    const victim = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v2').token;
    const attacked = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v1').token;
    const { agent, csrf } = await throughCaptcha(attacked, '203.0.113.5');
    for (let i = 1; i <= 2; i++) {
      const r = await birthdate(agent, csrf, '홍길동', '1999-01-01', '203.0.113.5');
      expect(r.status).to.equal(401);
      expect(r.body.error.details.remainingAttempts).to.equal(3 - i);
    }
    const third = await birthdate(agent, csrf, '홍길동', '1999-01-02', '203.0.113.5');
    expect(third.status).to.equal(429);
    expect(third.body.error.code).to.equal('LockedOut');
    // even the right answer is refused while locked, and opening the link again is refused too
    expect((await birthdate(agent, csrf, '홍길동', '1990-03-07', '203.0.113.5')).status).to.equal(429);
    await supertest(h.app).post('/api/voter/link').set('X-Forwarded-For', '198.51.100.1').send({ token: attacked }).expect(429);
    expect(h.logs.some((l) => l.includes('voting link locked'))).to.equal(true);
    // the other voter's link is unaffected, even from the attacker's address
    const other = await throughCaptcha(victim, '203.0.113.5');
    expect((await birthdate(other.agent, other.csrf, '김영희', '1985-12-25', '203.0.113.5')).status).to.equal(200);
    const locks = h.store.identity.summary('e1');
    expect(locks.find((x) => x.outcome === 'failure')?.count).to.equal(3);
  });

  it('throttles an address guessing links, but never a voter with a valid link behind it (carrier NAT)', async () => {
    const x = makeHarness({ BL_IP_MAX_FAILURES: '5', BL_LINK_MAX_FAILURES: '3', BL_TRUST_PROXY: 'loopback' });
    seedRoll(x);
    const nat = '203.0.113.77';
    for (let i = 0; i < 5; i++) await supertest(x.app).post('/api/voter/link').set('X-Forwarded-For', nat).send({ token: newToken() }).expect(401);
    const guessing = await supertest(x.app).post('/api/voter/link').set('X-Forwarded-For', nat).send({ token: newToken() }).expect(429);
    expect(guessing.body.error.code).to.equal('LockedOut');
    // a voter behind the same NAT goes through link, CAPTCHA and identity check
    const agent = supertest.agent(x.app);
    const link = await agent.post('/api/voter/link').set('X-Forwarded-For', nat).send({ token: issueLink(x.store.links, x.config.publicBaseUrl, 'e1', 'v1').token }).expect(200);
    let csrf = link.body.session.csrfToken as string;
    const c = await agent.post('/api/voter/captcha').set('x-csrf-token', csrf).set('X-Forwarded-For', nat).send({ form: 'text' }).expect(200);
    const a = await agent.post('/api/voter/captcha/answer').set('x-csrf-token', csrf).set('X-Forwarded-For', nat).send({ challengeId: c.body.id, answer: solveCaptchaQuestion(c.body.question) }).expect(200);
    csrf = a.body.csrfToken;
    const s = await agent.post('/api/voter/identity/start').set('x-csrf-token', csrf).set('X-Forwarded-For', nat).send({ method: 'birthdate' }).expect(200);
    await agent.post('/api/voter/identity/verify').set('x-csrf-token', csrf).set('X-Forwarded-For', nat).send({ method: 'birthdate', challengeId: s.body.challengeId, response: { name: '홍길동', birthDate: '1990-03-07' } }).expect(200);
    // and the address is still throttled for unknown links
    await supertest(x.app).post('/api/voter/link').set('X-Forwarded-For', nat).send({ token: newToken() }).expect(429);
  });

  it('counts wrong CAPTCHA answers against the link, not the address', async () => {
    const x = makeHarness({ BL_IP_MAX_FAILURES: '3', BL_TRUST_PROXY: 'loopback' });
    seedRoll(x);
    const nat = '203.0.113.78';
    const open = async (voterId: string): Promise<{ agent: supertest.Agent; csrf: string }> => {
      const agent = supertest.agent(x.app);
      const l = await agent.post('/api/voter/link').set('X-Forwarded-For', nat).send({ token: issueLink(x.store.links, x.config.publicBaseUrl, 'e1', voterId).token }).expect(200);
      return { agent, csrf: l.body.session.csrfToken as string };
    };
    const wrong = async (v: { agent: supertest.Agent; csrf: string }): Promise<supertest.Response> => {
      const c = await v.agent.post('/api/voter/captcha').set('x-csrf-token', v.csrf).set('X-Forwarded-For', nat).expect(200);
      return v.agent.post('/api/voter/captcha/answer').set('x-csrf-token', v.csrf).set('X-Forwarded-For', nat).send({ challengeId: c.body.id, answer: '000000x' });
    };
    const bot = await open('v1');
    for (let i = 0; i < 3; i++) expect((await wrong(bot)).status).to.equal(400);
    expect((await wrong(bot)).body.error.code).to.equal('LockedOut');
    const voter = await open('v2');
    const c = await voter.agent.post('/api/voter/captcha').set('x-csrf-token', voter.csrf).set('X-Forwarded-For', nat).send({ form: 'text' }).expect(200);
    await voter.agent.post('/api/voter/captcha/answer').set('x-csrf-token', voter.csrf).set('X-Forwarded-For', nat).send({ challengeId: c.body.id, answer: solveCaptchaQuestion(c.body.question) }).expect(200);
  });

  it('verifies with a 6-digit SMS code sent through the dev outbox', async () => {
    const { token } = issueLink(h.store.links, h.config.publicBaseUrl, 'e1', 'v2');
    const { agent, csrf } = await throughCaptcha(token);
    const s = await agent.post('/api/voter/identity/start').set('x-csrf-token', csrf).send({ method: 'sms-code' }).expect(200);
    expect(s.body.sentTo).to.equal('010-****-3333');
    const outbox = await supertest(h.app).get('/api/dev/outbox').query({ electionId: 'e1', kind: 'sms-code' }).expect(200);
    expect(outbox.body).to.have.length(1);
    expect(outbox.body[0].channel).to.equal('sms');
    const code = /(\d{6})/.exec(outbox.body[0].body as string)?.[1] ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    await agent.post('/api/voter/identity/verify').set('x-csrf-token', csrf).send({ method: 'sms-code', challengeId: s.body.challengeId, response: { code: wrong } }).expect(401);
    const ok = await agent.post('/api/voter/identity/verify').set('x-csrf-token', csrf).send({ method: 'sms-code', challengeId: s.body.challengeId, response: { code } }).expect(200);
    expect(ok.body.stage).to.equal('verified');
    // the code is single use
    expect(h.store.identity.challenge(s.body.challengeId)?.consumedAt).to.be.a('number');
  });
});
