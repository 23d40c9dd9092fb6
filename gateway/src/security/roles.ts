/**
 * The API's role model and the authentication context a route handler sees.
 *
 * | role | who | how |
 * |---|---|---|
 * | `public` | anyone | nothing |
 * | `voter-session` | a voter who opened a personal link but has not finished the checks | voter cookie, any stage |
 * | `voter` | a voter after link + CAPTCHA + identity check | voter cookie, stage `verified` |
 * | `admin` | commission staff | staff cookie |
 * | `orgadmin` | an approved organization's admin | staff cookie |
 * | `keyholder` | a holder of a tally-key share | staff cookie |
 * | `auditor` | an observer | staff cookie |
 *
 * @module
 */
import type { SessionRecord } from '../storage/sessions.js';
import type { StaffRole, StaffUser } from '../storage/staff.js';

export const ROLES = ['public', 'voter-session', 'voter', 'admin', 'orgadmin', 'keyholder', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type VoterStage = 'link' | 'captcha' | 'verified';

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly user: Omit<StaffUser, 'passwordHash'>;
  readonly role: StaffRole;
  readonly session: SessionRecord;
}

export interface VoterPrincipal {
  readonly kind: 'voter';
  readonly electionId: string;
  readonly voterId: string;
  readonly stage: VoterStage;
  readonly session: SessionRecord;
}

export type Principal = StaffPrincipal | VoterPrincipal;

/** Who is calling. `principal` is the session that satisfied the route's roles (if any). */
export interface AuthContext {
  readonly staff: StaffPrincipal | undefined;
  readonly voter: VoterPrincipal | undefined;
  readonly principal: Principal | undefined;
}

/** The session (if any) that satisfies one of `roles`; staff roles are tried before voter ones. */
export function principalFor(roles: readonly Role[], staff: StaffPrincipal | undefined, voter: VoterPrincipal | undefined): Principal | undefined {
  if (staff !== undefined && roles.includes(staff.role)) return staff;
  if (voter !== undefined) {
    if (roles.includes('voter') && voter.stage === 'verified') return voter;
    if (roles.includes('voter-session')) return voter;
  }
  return undefined;
}
