import { randomUUID } from 'node:crypto';
import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

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
  /** `sms`: a 6-digit code to the phone on file is asked after the password. */
  readonly secondFactor: 'sms' | null;
}

/** Contact data of a staff member (sealed at rest), for the second factor and notices. */
export interface StaffContact {
  readonly phone: string | null;
  readonly email: string | null;
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
  second_factor: string | null;
  phone_enc: Uint8Array | null;
  email_enc: Uint8Array | null;
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
    secondFactor: r.second_factor === 'sms' ? 'sms' : null,
  };
}

const contactAad = (id: string, field: string): string => `staff:${id}:${field}`;

/** Commission staff, organization admins, key holders and auditors who sign in with a password. */
export class StaffRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
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

  /** Contact data and the second factor (an organization admin must confirm sign-ins by SMS). */
  setContact(id: string, contact: StaffContact, secondFactor: 'sms' | null): void {
    this.#db.run(
      'UPDATE staff_users SET phone_enc = ?, email_enc = ?, second_factor = ? WHERE id = ?',
      this.#pii.sealOptional(contact.phone, contactAad(id, 'phone')),
      this.#pii.sealOptional(contact.email, contactAad(id, 'email')),
      secondFactor,
      id,
    );
  }

  contact(id: string): StaffContact {
    const r = this.#db.get<StaffRow>('SELECT * FROM staff_users WHERE id = ?', id);
    return { phone: this.#pii.openOptional(r?.phone_enc, contactAad(id, 'phone')), email: this.#pii.openOptional(r?.email_enc, contactAad(id, 'email')) };
  }

  /** An invitation to set the password (single use, expiring); only the token's SHA-256 is kept. */
  addInvitation(tokenHash: string, userId: string, expiresAt: number): void {
    this.#db.run('INSERT INTO staff_invitations (token_hash, user_id, expires_at) VALUES (?, ?, ?)', tokenHash, userId, expiresAt);
  }

  /** Ends every unused invitation of a user (before a new one is sent). */
  revokeInvitations(userId: string, now = Date.now()): void {
    this.#db.run('UPDATE staff_invitations SET used_at = ? WHERE user_id = ? AND used_at IS NULL', now, userId);
  }

  /** Uses up a live invitation; returns its user, or undefined (unknown, used, expired). */
  takeInvitation(tokenHash: string, now = Date.now()): StaffUser | undefined {
    return this.#db.tx(() => {
      const r = this.#db.get<{ user_id: string; expires_at: number; used_at: number | null }>('SELECT * FROM staff_invitations WHERE token_hash = ?', tokenHash);
      if (r === undefined || r.used_at !== null || r.expires_at <= now) return undefined;
      this.#db.run('UPDATE staff_invitations SET used_at = ? WHERE token_hash = ?', now, tokenHash);
      return this.byId(r.user_id);
    });
  }

  setDisabled(id: string, disabled: boolean): void {
    this.#db.run('UPDATE staff_users SET disabled_at = ? WHERE id = ?', disabled ? Date.now() : null, id);
  }
}
