/** Test helpers: an app on an in-memory store (or the one given) with low limits and fast password hashing. */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Express } from 'express';
import supertest from 'supertest';
import { createApp, type AppDeps } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { hashPassword } from '../security/passwords.js';
import type { Services } from '../services.js';
import type { StaffRole } from '../storage/staff.js';
import { Store } from '../storage/store.js';
import type { VoterInput } from '../storage/voters.js';

export interface Harness {
  readonly app: Express;
  readonly store: Store;
  readonly config: Config;
  readonly svc: Services;
  readonly logs: string[];
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    BL_DATA_DIR: '/tmp/ballotledger-gateway-test',
    BL_WEB_DIST: '/nonexistent',
    BL_PII_KEY: randomBytes(32).toString('base64'),
    BL_SCRYPT_COST: '1024',
    BL_LOG_LEVEL: 'info',
    ...env,
  });
}

export function memoryLogger(lines: string[], level = 'info'): Logger {
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      cb();
    },
  });
  return createLogger({ level, destination: stream });
}

export function makeHarness(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): Harness {
  const config = testConfig(env);
  const store = deps.store ?? new Store({ path: ':memory:', piiKey: config.piiKey ?? randomBytes(32) });
  const logs: string[] = [];
  const app = createApp({ config, logger: memoryLogger(logs), ...deps, store });
  return { app, store, config, svc: app.locals['services'] as Services, logs };
}

export async function addStaff(h: Harness, username: string, role: StaffRole, password = 'correct horse battery'): Promise<void> {
  h.store.staff.create({ username, role, passwordHash: await hashPassword(password, 1024) });
}

/** Signs in; returns the agent (cookies kept) and the CSRF token. */
export async function signIn(h: Harness, username: string, password = 'correct horse battery'): Promise<{ agent: supertest.Agent; csrf: string }> {
  const agent = supertest.agent(h.app);
  const r = await agent.post('/api/staff/login').send({ username, password }).expect(200);
  return { agent, csrf: (r.body as { csrfToken: string }).csrfToken };
}

export const VOTERS: VoterInput[] = [
  { voterId: 'v1', name: '홍길동', birthDate: '1990-03-07', phone: '010-1234-5678', email: null, group: '1반' },
  { voterId: 'v2', name: '김영희', birthDate: '1985-12-25', phone: '010-2222-3333', email: 'kim@example.kr', group: '2반' },
  { voterId: 'v3', name: 'Lee Min', birthDate: '2001-01-31', phone: null, email: 'lee@example.kr', group: null },
];

export function seedRoll(h: Harness, electionId = 'e1', voters: readonly VoterInput[] = VOTERS): void {
  h.store.voters.replaceRoll(electionId, voters, 'seed');
}
