/**
 * Development conveniences for `npm start` (never in production): a first admin account with a
 * random password, and the key holders' identity files (certificate + key from the test network)
 * that a key holder loads into the key-holder console. Written under the data directory with
 * mode 0600; the start script prints where.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetworkProfile } from '@ballotledger/test-network';
import type { Config } from './config.js';
import { hashPassword } from './security/passwords.js';
import type { Store } from './storage/store.js';

export async function devBootstrap(config: Config, store: Store, profile: NetworkProfile | undefined): Promise<string | undefined> {
  if (config.env !== 'development') return undefined;
  const file = join(config.dataDir, 'dev-credentials.txt');
  const lines: string[] = [];
  if (store.staff.byUsername('admin') === undefined) {
    const password = randomBytes(12).toString('base64url');
    store.staff.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword(password, config.scryptCost), displayName: 'Development admin' });
    const auditor = randomBytes(12).toString('base64url');
    store.staff.create({ username: 'auditor', role: 'auditor', passwordHash: await hashPassword(auditor, config.scryptCost), displayName: 'Development auditor' });
    lines.push(`admin console:   user admin    password ${password}`, `auditor:         user auditor  password ${auditor}`);
  }
  if (profile) {
    const dir = join(config.dataDir, 'keyholders');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const org of profile.orgs) {
      for (const id of Object.values(org.identities).filter((i) => i.role === 'keyholder' && i.certPath && i.keyPath)) {
        const out = join(dir, `${org.name.toLowerCase()}-${id.name}.json`);
        const identity = { mspId: id.mspId, enrollmentId: id.name, certificate: readFileSync(id.certPath!, 'utf8'), privateKey: readFileSync(id.keyPath!, 'utf8') };
        writeFileSync(out, JSON.stringify(identity, null, 2), { mode: 0o600 });
      }
    }
    lines.push(`key-holder identity files (load one in the key-holder console): ${dir}/`);
  }
  // Append the new lines; a line that is already there (every start writes the key-holder one) once only.
  const existing = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  const fresh = lines.filter((l) => !existing.includes(l));
  if (fresh.length > 0) writeFileSync(file, `${fresh.join('\n')}\n`, { mode: 0o600, flag: 'a' });
  return file;
}
