import { expect } from 'chai';
import { memoryLogger } from './testing/harness.js';
import { sanitizeUrl } from './logger.js';

describe('logger', () => {
  it('redacts tokens, link secrets, phones, names, birth dates, passwords, session ids, ballots and CAPTCHA answers', () => {
    const lines: string[] = [];
    const log = memoryLogger(lines);
    log.info(
      {
        req: {
          method: 'POST',
          url: sanitizeUrl('/v/SECRETLINKTOKEN123456789?token=QSECRET&lang=ko'),
          headers: { cookie: 'bl_voter=SESSIONSECRET', authorization: 'Bearer JWTSECRET', 'x-csrf-token': 'CSRFSECRET' },
          body: { token: 'TOKENSECRET', name: '홍길동', birthDate: '1990-03-07', phone: '010-1234-5678', password: 'PWSECRET', captchaAnswer: '493027', ballot: { c: 'CIPHERTEXT' } },
        },
        voter: { name: '김영희', email: 'kim@example.kr' },
        sessionId: 'SIDSECRET',
        code: '654321',
      },
      'request',
    );
    const out = lines.join('\n');
    for (const secret of ['SECRETLINKTOKEN', 'QSECRET', 'SESSIONSECRET', 'JWTSECRET', 'CSRFSECRET', 'TOKENSECRET', '홍길동', '1990-03-07', '010-1234-5678', 'PWSECRET', '493027', 'CIPHERTEXT', '김영희', 'kim@example.kr', 'SIDSECRET', '654321']) {
      expect(out, secret).not.to.include(secret);
    }
    expect(out).to.include('[Redacted]');
    expect(out).to.include('lang=ko');
    const entry = JSON.parse(lines[0] ?? '{}') as { req: { body: { token: string }; headers: { cookie: string } } };
    expect(entry.req.body.token).to.equal('[Redacted]');
    expect(entry.req.headers.cookie).to.equal('[Redacted]');
  });

  it('drops the roll search text from logged URLs and keeps the paging', () => {
    expect(sanitizeUrl('/api/admin/elections/e1/voters?q=%ED%99%8D%EA%B8%B8%EB%8F%99&page=2&pageSize=50')).to.equal('/api/admin/elections/e1/voters?q=[Redacted]&page=2&pageSize=50');
  });

  it('keeps error names and messages', () => {
    const lines: string[] = [];
    memoryLogger(lines).error({ err: new TypeError('boom') }, 'failed');
    expect(lines[0]).to.include('TypeError').and.include('boom');
  });
});
