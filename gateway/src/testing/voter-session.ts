/** A voter session through the real steps: personal link, CAPTCHA, identity check (birth date + name). */
import { issueLink } from '../security/links.js';
import { ApiSession } from './api-clients.js';
import { solveCaptchaQuestion } from './captcha.js';
import { VOTERS, type Harness } from './harness.js';

export async function verifiedVoterSession(h: Harness, electionId = 'e1', voterId = 'v1'): Promise<ApiSession> {
  const voter = VOTERS.find((v) => v.voterId === voterId)!;
  const link = issueLink(h.store.links, h.config.publicBaseUrl, electionId, voterId);
  const s = new ApiSession(h.app);
  const r = await s.post('/api/voter/link', { token: link.token });
  s.csrf = r.body.session.csrfToken as string;
  const c = await s.post('/api/voter/captcha', { form: 'text' });
  const solved = await s.post('/api/voter/captcha/answer', { challengeId: c.body.id, answer: solveCaptchaQuestion(c.body.question) });
  s.csrf = solved.body.csrfToken as string;
  const ch = await s.post('/api/voter/identity/start', { method: 'birthdate' });
  const v = await s.post('/api/voter/identity/verify', { method: 'birthdate', challengeId: ch.body.challengeId, response: { name: voter.name, birthDate: voter.birthDate } });
  s.csrf = v.body.csrfToken as string;
  if (v.body.stage !== 'verified') throw new Error(`the identity check failed: ${JSON.stringify(v.body)}`);
  return s;
}
