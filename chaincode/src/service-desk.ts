/**
 * The service desk on the ledger: client organizations (schools, public institutions, party
 * primaries, associations) apply at their competent commission; the commission's staff approve,
 * reject or request changes. Every decision is recorded — who, when, what — but never the
 * applicant's personal data or documents (only their SHA-256), which stay with the commission's
 * gateway. An approved organization may have its own admins (`orgadmin`, enrolled by that
 * commission's CA with attribute `org`), who run elections of that organization only.
 */
import { ORGANIZATION_TYPES, type OrganizationType } from '@ballotledger/core';
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { ChaincodeError } from './errors.js';
import { parseJson } from './input.js';
import { COMMISSION_MSPS, requireRole, type Caller } from './network-roles.js';
import { readPrefix, readState, txTime, writeState } from './state-io.js';


const Ref = z.string().regex(/^[A-Z0-9][A-Z0-9-]{5,39}$/);
const OrgId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const ApplicationSchema = z.strictObject({
  v: z.literal(1),
  ref: Ref,
  organizationId: OrgId,
  organizationName: z.string().trim().min(1).max(200),
  organizationType: z.enum(ORGANIZATION_TYPES),
  /** The competent commission (the one whose gateway received it). */
  routedTo: z.enum(COMMISSION_MSPS as [string, ...string[]]),
  /** SHA-256 of the canonical list of document hashes: the documents stay off the ledger. */
  documentsHash: Sha256Hex,
  expectedVoters: z.number().int().min(1).max(10_000_000),
});
export type ApplicationInput = z.infer<typeof ApplicationSchema>;

export const DecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'reject', 'request-changes']),
  reason: z.string().trim().min(1).max(1000),
  /**
   * The staff member who decided, as the commission's gateway knows them: a pseudonymous account
   * reference (`staff:<account id>`), never a name. The caller is the commission's shared identity.
   */
  staff: z.string().regex(/^staff:[A-Za-z0-9-]{1,64}$/),
});

export type ApplicationStatus = 'submitted' | 'changes-requested' | 'approved' | 'rejected';

export interface DecisionEntry {
  readonly action: string;
  readonly reason: string | null;
  readonly at: string;
  readonly txId: string;
  readonly by: string;
  /** The deciding staff member's account reference (decisions only; null for submissions). */
  readonly staff: string | null;
}

export interface Application extends ApplicationInput {
  readonly status: ApplicationStatus;
  readonly history: readonly DecisionEntry[];
}

export interface Organization {
  readonly organizationId: string;
  readonly name: string;
  readonly type: OrganizationType;
  readonly approvedBy: string;
  readonly approvedAt: string;
  readonly applicationRef: string;
  readonly status: 'active' | 'suspended';
}

const key = {
  application: (ref: string): string => `application/${ref}`,
  applications: 'application/',
  organization: (id: string): string => `organization/${id}`,
  organizations: 'organization/',
};

function entry(ctx: Context, action: string, reason: string | null, caller: Caller, staff: string | null = null): DecisionEntry {
  return { action, reason, at: txTime(ctx), txId: ctx.stub.getTxID(), by: `${caller.mspId}/${caller.name}`, staff };
}

function parse<T>(schema: z.ZodType<T>, json: string, what: string): T {
  const r = schema.safeParse(parseJson(json, what));
  if (!r.success) throw new ChaincodeError('BadRequest', `${what} ${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/** Recorded by the competent commission's gateway when an organization submits its application. */
export async function submitApplication(ctx: Context, applicationJson: string): Promise<Application> {
  const caller = requireRole(ctx, 'gateway');
  const input = parse(ApplicationSchema, applicationJson, 'application');
  if (input.routedTo !== caller.mspId) throw new ChaincodeError('Forbidden', 'a gateway records applications only for its own commission');
  const existing = await readState<Application>(ctx, key.application(input.ref));
  if (existing && existing.status !== 'changes-requested') throw new ChaincodeError('WrongState', `application ${input.ref} is ${existing.status}`);
  if (existing && (existing.routedTo !== input.routedTo || existing.organizationId !== input.organizationId)) {
    throw new ChaincodeError('BadRequest', 'a resubmission cannot change the commission or the organization id');
  }
  const organization = await readState<Organization>(ctx, key.organization(input.organizationId));
  if (organization) throw new ChaincodeError('OrganizationExists', `organization id ${input.organizationId} is taken`);
  const application: Application = {
    ...input,
    status: 'submitted',
    history: [...(existing?.history ?? []), entry(ctx, existing ? 'resubmitted' : 'submitted', null, caller)],
  };
  await writeState(ctx, key.application(input.ref), application);
  return application;
}

/** A decision by staff (`admin`) of the commission the application is routed to. */
export async function decideApplication(ctx: Context, ref: string, decisionJson: string): Promise<Application> {
  const caller = requireRole(ctx, 'admin');
  const { decision, reason, staff } = parse(DecisionSchema, decisionJson, 'decision');
  const application = await readState<Application>(ctx, key.application(ref));
  if (!application) throw new ChaincodeError('NotFound', `no application ${ref}`);
  if (application.routedTo !== caller.mspId) throw new ChaincodeError('Forbidden', `application ${ref} is routed to ${application.routedTo}`);
  if (application.status !== 'submitted') throw new ChaincodeError('WrongState', `application ${ref} is ${application.status}`);
  const status: ApplicationStatus = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes-requested';
  const decided: Application = { ...application, status, history: [...application.history, entry(ctx, decision, reason, caller, staff)] };
  await writeState(ctx, key.application(ref), decided);
  if (decision === 'approve') {
    if (await readState(ctx, key.organization(application.organizationId))) {
      throw new ChaincodeError('OrganizationExists', `organization id ${application.organizationId} is taken`);
    }
    const organization: Organization = {
      organizationId: application.organizationId,
      name: application.organizationName,
      type: application.organizationType,
      approvedBy: caller.mspId,
      approvedAt: txTime(ctx),
      applicationRef: ref,
      status: 'active',
    };
    await writeState(ctx, key.organization(application.organizationId), organization);
  }
  return decided;
}

export async function readApplication(ctx: Context, ref: string): Promise<Application> {
  const application = await readState<Application>(ctx, key.application(ref));
  if (!application) throw new ChaincodeError('NotFound', `no application ${ref}`);
  return application;
}

export async function listApplications(ctx: Context, routedTo: string): Promise<Application[]> {
  const all = (await readPrefix<Application>(ctx, key.applications)).map((kv) => kv.value);
  return routedTo ? all.filter((a) => a.routedTo === routedTo) : all;
}

export async function readOrganization(ctx: Context, organizationId: string): Promise<Organization | undefined> {
  return readState<Organization>(ctx, key.organization(organizationId));
}

export async function listOrganizations(ctx: Context): Promise<Organization[]> {
  return (await readPrefix<Organization>(ctx, key.organizations)).map((kv) => kv.value);
}

/**
 * The organization an election may belong to: a commission's own elections use its MSP id; any
 * other organization must be approved by the managing commission and active.
 */
export async function requireElectionOrganization(ctx: Context, organizationId: string, managingMspId: string): Promise<void> {
  if (organizationId === managingMspId) return;
  const organization = await readOrganization(ctx, organizationId);
  if (!organization || organization.status !== 'active') {
    throw new ChaincodeError('Forbidden', `organization ${organizationId} is not an approved client of any commission`);
  }
  if (organization.approvedBy !== managingMspId) {
    throw new ChaincodeError('Forbidden', `organization ${organizationId} was approved by ${organization.approvedBy}, not ${managingMspId}`);
  }
}
