/**
 * Creates a staff account in the gateway store (bootstrap the first admin):
 *   npm run staff:create -w gateway -- <username> <admin|orgadmin|keyholder|auditor> [orgId]
 * The password is read from the first line of standard input (at least 12 characters).
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../config.js';
import { hashPassword } from '../security/passwords.js';
import { devPiiKey } from '../storage/pii.js';
import { STAFF_ROLES, type StaffRole } from '../storage/staff.js';
import { openStore } from '../storage/store.js';

async function main(): Promise<void> {
  const [username, role, orgId] = process.argv.slice(2);
  if (username === undefined || !STAFF_ROLES.includes(role as StaffRole)) {
    process.stderr.write(`usage: create-staff <username> <${STAFF_ROLES.join('|')}> [orgId]  (password on stdin)\n`);
    process.exit(64);
  }
  const rl = createInterface({ input: process.stdin });
  const password = await new Promise<string>((resolve) => rl.once('line', (l) => resolve(l)));
  rl.close();
  const config = loadConfig();
  const store = openStore(config.dataDir, config.piiKey ?? devPiiKey(config.dataDir));
  try {
    const user = store.staff.create({ username, role: role as StaffRole, passwordHash: await hashPassword(password, config.scryptCost), ...(orgId === undefined ? {} : { orgId }) });
    process.stdout.write(`created ${user.role} ${user.username} (${user.id})\n`);
  } finally {
    store.close();
  }
}

void main();
