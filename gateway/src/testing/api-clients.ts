/**
 * Clients of the gateway's HTTP API that behave like the web app: a voter (link → CAPTCHA →
 * identity check → encrypt in "the browser" → cast), a key holder (challenge login, every
 * transaction signed with its own key), an admin. Used by the integration and crash tests and by
 * the load benchmark. They speak HTTP through supertest (an app) or to a running base URL.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ceremonyParams,
  computeDecryptionShare,
  encryptBallot,
  holderSecretShare,
  receiveShares,
  round1,
  round2,
  type Ballot,
  type BallotContext,
  type CeremonyResult,
  type HolderState,
  type Round1Message,
  type Round2Message,
} from '@ballotledger/core';
import { identityProfile, type NetworkProfile } from '@ballotledger/test-network';
import { p256 } from '@noble/curves/nist.js';
import type { Express } from 'express';
import supertest from 'supertest';
import { solveCaptchaQuestion } from './captcha.js';

export interface ApiResponse {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A cookie-keeping HTTP session with the CSRF header set after sign-in. */
export class ApiSession {
  readonly agent: supertest.Agent;
  csrf = '';

  constructor(target: Express | string) {
    this.agent = supertest.agent(target);
  }

  async get(path: string): Promise<ApiResponse> {
    return this.agent.get(path);
  }

  async post(path: string, body: unknown = {}): Promise<ApiResponse> {
    return this.agent.post(path).set('x-csrf-token', this.csrf).send(body as object);
  }

  async put(path: string, body: unknown): Promise<ApiResponse> {
    return this.agent.put(path).set('x-csrf-token', this.csrf).send(body as object);
  }

  async upload(path: string, bytes: Buffer): Promise<ApiResponse> {
    return this.agent.post(path).set('x-csrf-token', this.csrf).set('content-type', 'application/octet-stream').send(bytes);
  }
}

export function expectStatus(r: ApiResponse, status: number, what: string): ApiResponse {
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

export async function staffSession(target: Express | string, username: string, password: string): Promise<ApiSession> {
  const s = new ApiSession(target);
  const r = expectStatus(await s.post('/api/staff/login', { username, password }), 200, 'staff login');
  s.csrf = r.body.csrfToken as string;
  return s;
}

/** A voter with a personal link `…/v/<token>#<credentialSecret>`. */
export class VoterClient {
  readonly session: ApiSession;
  readonly token: string;
  readonly secret: string;

  constructor(target: Express | string, link: string) {
    const m = /\/v\/([A-Za-z0-9_-]+)#([A-Za-z0-9_-]+)/.exec(link);
    if (!m) throw new Error(`not a voting link: ${link}`);
    this.session = new ApiSession(target);
    this.token = m[1]!;
    this.secret = m[2]!;
  }

  /** Link → CAPTCHA (its text form) → birth date + name. Returns the link answer status. */
  async signIn(name: string, birthDate: string): Promise<'ok' | 'already-voted'> {
    const s = this.session;
    const link = expectStatus(await s.post('/api/voter/link', { token: this.token }), 200, 'voter link');
    if (link.body.status === 'already-voted') return 'already-voted';
    s.csrf = link.body.session.csrfToken as string;
    const captcha = expectStatus(await s.post('/api/voter/captcha', { form: 'text' }), 200, 'captcha');
    const solved = expectStatus(await s.post('/api/voter/captcha/answer', { challengeId: captcha.body.id, answer: solveCaptchaQuestion(captcha.body.question) }), 200, 'captcha answer');
    s.csrf = solved.body.csrfToken as string;
    const challenge = expectStatus(await s.post('/api/voter/identity/start', { method: 'birthdate' }), 200, 'identity start');
    const verified = expectStatus(
      await s.post('/api/voter/identity/verify', { method: 'birthdate', challengeId: challenge.body.challengeId, response: { name, birthDate } }),
      200,
      'identity verify',
    );
    s.csrf = verified.body.csrfToken as string;
    return 'ok';
  }

  /** Encrypts `choices` with the credential from the link fragment, as the browser does. */
  async encrypt(choices: readonly (readonly number[])[]): Promise<{ ballot: Ballot; tracker: string; context: BallotContext }> {
    const e = expectStatus(await this.session.get('/api/voter/election'), 200, 'voter election').body;
    const context: BallotContext = { manifest: e.manifest, jointKey: e.jointKey, electionBaseHash: e.electionBaseHash };
    const { ballot, tracker } = encryptBallot(context, choices, this.secret);
    return { ballot, tracker, context };
  }

  cast(ballot: Ballot, channel = 'web'): Promise<ApiResponse> {
    return this.session.post('/api/voter/ballot', { ballot, channel });
  }
}

/** A key holder whose Fabric key stays on this side: every transaction is signed here. */
export class KeyholderClient {
  readonly session: ApiSession;
  readonly certificate: string;
  readonly #key: KeyObject;
  readonly #scalar: Uint8Array;
  state: HolderState | undefined;

  constructor(target: Express | string, certificate: string, privateKeyPem: string) {
    this.session = new ApiSession(target);
    this.certificate = certificate;
    this.#key = createPrivateKey(privateKeyPem);
    this.#scalar = Buffer.from(this.#key.export({ format: 'jwk' }).d!, 'base64url');
  }

  static fromProfile(target: Express | string, profile: NetworkProfile, org: string, identity: string): KeyholderClient {
    const id = identityProfile(profile, org, identity);
    return new KeyholderClient(target, readFileSync(id.certPath!, 'utf8'), readFileSync(id.keyPath!, 'utf8'));
  }

  async signIn(): Promise<void> {
    const { challenge } = expectStatus(await this.session.get('/api/keyholder/challenge'), 200, 'challenge').body as { challenge: string };
    const signature = sign('sha256', Buffer.from(challenge), this.#key).toString('base64');
    const r = expectStatus(await this.session.post('/api/keyholder/login', { challenge, certificate: this.certificate, signature }), 200, 'key holder login');
    this.session.csrf = r.body.csrfToken as string;
  }

  /** Fabric's signature over a message the relay sent: ECDSA P-256 over its SHA-256, low-S, DER. */
  #signMessage(messageB64: string): string {
    const digest = createHash('sha256').update(Buffer.from(messageB64, 'base64')).digest();
    return Buffer.from(p256.sign(digest, this.#scalar, { prehash: false, lowS: true, format: 'der' })).toString('base64');
  }

  /** Builds, signs (twice) and submits one transaction through the relay. */
  async transact(electionId: string, name: string, payload: unknown): Promise<ApiResponse> {
    const s = this.session;
    const proposed = await s.post('/api/keyholder/transactions', { electionId, name, payload });
    if (proposed.status !== 200) return proposed;
    const endorsed = await s.post(`/api/keyholder/transactions/${proposed.body.id as string}/endorse`, { signature: this.#signMessage(proposed.body.proposal as string) });
    if (endorsed.status !== 200) return endorsed;
    return s.post(`/api/keyholder/transactions/${proposed.body.id as string}/submit`, { signature: this.#signMessage(endorsed.body.transaction as string) });
  }

  async ceremony(electionId: string): Promise<{ holder: number; round1: Round1Message[]; round2: Round2Message[]; result: CeremonyResult | null; manifest: never }> {
    return expectStatus(await this.session.get(`/api/keyholder/elections/${electionId}/ceremony`), 200, 'ceremony').body;
  }

  async postRound1(electionId: string): Promise<void> {
    const c = await this.ceremony(electionId);
    const r = round1(ceremonyParams(c.manifest), c.holder);
    this.state = r.state;
    expectStatus(await this.transact(electionId, 'PostCeremonyRound1', r.message), 200, 'round 1');
  }

  async postRound2(electionId: string): Promise<void> {
    const c = await this.ceremony(electionId);
    expectStatus(await this.transact(electionId, 'PostCeremonyRound2', round2(this.state!, c.round1, ceremonyParams(c.manifest))), 200, 'round 2');
  }

  async review(electionId: string): Promise<Map<number, bigint>> {
    const c = await this.ceremony(electionId);
    const { shares, complaints } = receiveShares(this.state!, c.round1, c.round2, ceremonyParams(c.manifest));
    expectStatus(await this.transact(electionId, 'PostCeremonyReview', { v: 1, electionId, holder: c.holder, complaints }), 200, 'review');
    this.#shares = shares;
    return shares;
  }

  #shares: Map<number, bigint> | undefined;

  async decrypt(electionId: string): Promise<ApiResponse> {
    const c = await this.ceremony(electionId);
    const state = holderSecretShare(this.state!, this.#shares!, c.result!);
    const { tally } = expectStatus(await this.session.get(`/api/keyholder/elections/${electionId}/tally`), 200, 'tally').body;
    return this.transact(electionId, 'SubmitDecryptionShare', computeDecryptionShare(c.manifest, tally, state, c.result!));
  }
}
