/**
 * A gateway built exactly as `main.ts` builds it, in-process, on a temporary data directory,
 * connected to the running test network as one commission. For integration tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkProfile } from '@ballotledger/test-network';
import { loadConfig } from '../config.js';
import { buildGateway, type Gateway } from '../gateway.js';
import { hashPassword } from '../security/passwords.js';
import type { StaffRole } from '../storage/staff.js';
import { Store } from '../storage/store.js';
import { memoryLogger } from './harness.js';

export interface RealGateway extends Gateway {
  readonly store: Store;
  readonly logs: string[];
  addStaff(username: string, role: StaffRole, orgId?: string, password?: string): Promise<void>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = 'correct horse battery';

export async function startRealGateway(profile: NetworkProfile, org = 'Central', env: Record<string, string> = {}): Promise<RealGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), `bl-gw-${org.toLowerCase()}-`));
  const config = loadConfig({
    NODE_ENV: 'test',
    BL_DATA_DIR: dataDir,
    BL_WEB_DIST: '/nonexistent',
    BL_PII_KEY: randomBytes(32).toString('base64'),
    BL_SCRYPT_COST: '1024',
    BL_DEV_ROUTES: 'true',
    BL_RATE_STAFF_AUTH: '500',
    BL_RATE_VOTER_AUTH: '5000',
    BL_FABRIC_PROFILE: join(profile.stateDir, 'network.json'),
    BL_FABRIC_ORG: org,
    ...env,
  });
  const store = new Store({ path: join(dataDir, 'gateway.db'), piiKey: config.piiKey! });
  const logs: string[] = [];
  const gateway = await buildGateway(config, memoryLogger(logs), store);
  await gateway.start();
  return {
    ...gateway,
    store,
    logs,
    addStaff: async (username, role, orgId, password = TEST_PASSWORD) => {
      store.staff.create({ username, role, passwordHash: await hashPassword(password, 1024), ...(orgId === undefined ? {} : { orgId }) });
    },
    stop: async () => {
      await gateway.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
