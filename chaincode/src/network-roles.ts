/**
 * Who is who on the `elections` channel. The chaincode checks every caller against these
 * organizations and the `role` attribute its org's CA put into the caller's certificate.
 */
import type { Context } from 'fabric-contract-api';
import { ChaincodeError } from './errors.js';

/** The election commissions: each runs a CA, a peer, an orderer and may manage elections. */
export const COMMISSION_MSPS: readonly string[] = ['CentralMSP', 'SeoulMSP', 'BusanMSP'];
/** The independent observer organization: reads everything public and the ballot collection. */
export const OBSERVER_MSP = 'ObserverMSP';

export type Role = 'admin' | 'orgadmin' | 'gateway' | 'keyholder' | 'auditor';

export interface Caller {
  readonly mspId: string;
  /** The enrollment id (certificate CN) given by the org's CA. */
  readonly name: string;
  readonly role: string | null;
  /** For `orgadmin`: the client organization the admin belongs to. */
  readonly organizationId: string | null;
}

export function callerOf(ctx: Context): Caller {
  const identity = ctx.clientIdentity;
  return {
    mspId: identity.getMSPID(),
    name: commonNameOf(identity.getID()),
    role: identity.getAttributeValue('role'),
    organizationId: identity.getAttributeValue('org'),
  };
}

export function isCommission(mspId: string): boolean {
  return COMMISSION_MSPS.includes(mspId);
}

/** Requires one of `roles`; commission-only roles must also come from a commission's CA. */
export function requireRole(ctx: Context, ...roles: Role[]): Caller {
  const caller = callerOf(ctx);
  if (caller.role === null || !(roles as string[]).includes(caller.role)) {
    throw new ChaincodeError('Forbidden', `this transaction needs role ${roles.join(' or ')}`);
  }
  if ((caller.role === 'admin' || caller.role === 'gateway' || caller.role === 'orgadmin') && !isCommission(caller.mspId)) {
    throw new ChaincodeError('Forbidden', `role ${caller.role} is only valid for a commission`);
  }
  return caller;
}

export function requireCommission(ctx: Context): Caller {
  const caller = callerOf(ctx);
  if (!isCommission(caller.mspId)) throw new ChaincodeError('Forbidden', 'only a commission may do this');
  return caller;
}

/** `x509::/C=KR/.../CN=keyholder1::/CN=ca...` → `keyholder1`. */
export function commonNameOf(id: string): string {
  const subject = id.split('::')[1] ?? '';
  const match = /(?:^|\/|,)\s*CN=([^/,]+)/.exec(subject);
  return match?.[1]?.trim() ?? '';
}
