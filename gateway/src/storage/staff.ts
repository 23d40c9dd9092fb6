import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';

export const STAFF_ROLES = ['admin', 'orgadmin', 'keyholder', 'auditor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  readonly id: string;
  readonly username: string;
  readonly role: StaffRole;
  readonly orgId: string | null;
  readonly displayName: string | null;
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly disabled: boolean;
}

interface StaffRow {
  [k: string]: unknown;
  id: string;
  username: string;
  password_hash: string;
  role: StaffRole;
  org_id: string | null;
  display_name: string | null;
  created_at: number;
  disabled_at: number | null;
}

function toUser(r: StaffRow): StaffUser {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    orgId: r.org_id,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    disabled: r.disabled_at !== null,
  };
}

/** Commission staff, organization admins, key holders and auditors who sign in with a password. */
export class StaffRepo {
  readonly #db: Database;
  constructor(db: Database) {
    this.#db = db;
  }

  create(input: Readonly<{ username: string; passwordHash: string; role: StaffRole; orgId?: string; displayName?: string }>): StaffUser {
    const id = randomUUID();
    this.#db.run(
      'INSERT INTO staff_users (id, username, password_hash, role, org_id, display_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      input.username,
      input.passwordHash,
      input.role,
      input.orgId ?? null,
      input.displayName ?? null,
      Date.now(),
    );
    const user = this.byId(id);
    if (user === undefined) throw new Error('staff user vanished');
    return user;
  }

  byId(id: string): StaffUser | undefined {
    const r = this.#db.get<StaffRow>('SELECT * FROM staff_users WHERE id = ?', id);
    return r === undefined ? undefined : toUser(r);
  }

  byUsername(username: string): StaffUser | undefined {
    const r = this.#db.get<StaffRow>('SELECT * FROM staff_users WHERE username = ?', username);
    return r === undefined ? undefined : toUser(r);
  }

  setPasswordHash(id: string, passwordHash: string): void {
    this.#db.run('UPDATE staff_users SET password_hash = ? WHERE id = ?', passwordHash, id);
  }

  setDisabled(id: string, disabled: boolean): void {
    this.#db.run('UPDATE staff_users SET disabled_at = ? WHERE id = ?', disabled ? Date.now() : null, id);
  }
}
