/**
 * The service desk at one commission: organizations apply (application, documents, submit), the
 * commission's staff review what is routed to them (request changes, approve, reject — each
 * decision recorded on the ledger), and an approval opens the organization's admin account: a
 * Fabric identity for its transactions (role=orgadmin, org=<id>), a staff account whose password
 * the person sets through an invitation link, and a second factor by SMS code.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { canonicalBytes, type OrganizationType } from '@ballotledger/core';
import type { Application } from '@ballotledger/chaincode';
import type { BallotLedger } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';
import { CaUnreachableError } from '../ledger/ca-services.js';
import { onLedger } from '../ledger/ledger-errors.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notify/notifier.js';
import { maskRecipient } from '../notify/sms.js';
import { hashToken, newToken, safeEqual } from '../security/tokens.js';
import type { ApplicationContact, ApplicationDetails, LocalApplication, PlannedElection } from '../storage/applications.js';
import type { Store } from '../storage/store.js';

export const REGIONS = ['national', 'seoul', 'busan', 'other'] as const;
export type Region = (typeof REGIONS)[number];

/** The commissions and the regions they are competent for. */
export const COMMISSIONS: readonly { mspId: string; name: { ko: string; en: string }; regions: readonly Region[] }[] = [
  { mspId: 'CentralMSP', name: { ko: '중앙선거관리위원회', en: 'National Election Commission' }, regions: ['national', 'other'] },
  { mspId: 'SeoulMSP', name: { ko: '서울특별시선거관리위원회', en: 'Seoul Election Commission' }, regions: ['seoul'] },
  { mspId: 'BusanMSP', name: { ko: '부산광역시선거관리위원회', en: 'Busan Election Commission' }, regions: ['busan'] },
];

export function competentCommission(region: Region): (typeof COMMISSIONS)[number] {
  return COMMISSIONS.find((c) => c.regions.includes(region)) ?? COMMISSIONS[0]!;
}

export interface ApplicationInput {
  readonly organizationId: string;
  readonly organizationName: string;
  readonly organizationType: OrganizationType;
  readonly region: Region;
  readonly contact: ApplicationContact;
  readonly planned: PlannedElection;
}

/** An application as the applicant and the reviewing commission see it (both may see the contact person). */
export interface ApplicationView {
  readonly ref: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly organizationType: string;
  readonly region: string;
  readonly contact: ApplicationContact;
  readonly planned: PlannedElection;
  readonly status: LocalApplication['status'];
  readonly decisionReason: string | null;
  readonly routedTo: string;
  readonly documents: { sha256: string; filename: string; contentType: string; size: number }[];
  readonly history: { action: string; reason: string | null; at: string; by: string }[];
}

export const MAX_DOCUMENTS = 10;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
/** The password hash of an account whose admin has not accepted the invitation yet. */
const INVITED_PREFIX = 'invited:';
const orgAdminUsername = (a: LocalApplication): string => `${a.organizationId}-admin`;

/** PDF, PNG or JPEG, recognised by their first bytes (never by the name or the declared type). */
export function documentType(bytes: Buffer): 'application/pdf' | 'image/png' | 'image/jpeg' | undefined {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export interface ServiceDeskDeps {
  readonly store: Store;
  readonly notifier: Notifier;
  readonly log: Logger;
  readonly publicBaseUrl: string;
  /** All documents of one application together, in bytes. */
  readonly maxApplicationBytes: number;
  /** This gateway's commission. */
  readonly ownMspId: string;
  /** The gateway identity (records applications), the commission's admin identity (decisions). */
  readonly gatewayLedger: BallotLedger;
  readonly adminLedger: BallotLedger;
  /** Registers the organization admins' Fabric identity at this commission's CA. */
  readonly organizationLedger: (organizationId: string) => Promise<BallotLedger>;
}

/** What staff are told when the admin account could not be opened (no internal detail). */
function whyNotOpened(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof CaUnreachableError) return 'the commission\'s certificate authority did not answer';
  return 'a service did not answer';
}

export class ServiceDesk {
  readonly #d: ServiceDeskDeps;

  constructor(deps: ServiceDeskDeps) {
    this.#d = deps;
  }

  /** Starts an application; the applicant keeps the returned access token to follow it. */
  async apply(input: ApplicationInput): Promise<{ ref: string; accessToken: string }> {
    const competent = competentCommission(input.region);
    if (competent.mspId !== this.#d.ownMspId) {
      throw new ApiError('Conflict', `Organizations of this region apply at the ${competent.name.en} (${competent.name.ko}).`, { details: { competent: competent.mspId } });
    }
    // The id must be free on the ledger now, not only when the commission approves.
    if ((await onLedger(() => this.#d.gatewayLedger.getOrganization(input.organizationId))) !== null) {
      throw new ApiError('Conflict', `The organization id ${input.organizationId} belongs to an approved organization; choose another.`, { details: { field: 'organizationId' } });
    }
    const ref = `APP-${new Date().getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
    const accessToken = newToken();
    this.#d.store.applications.create({ ref, accessHash: hashToken(accessToken), ...input });
    this.#d.log.info({ ref, organizationId: input.organizationId }, 'application started');
    return { ref, accessToken };
  }

  /** The application, if `accessToken` is the applicant's (compared in constant time). */
  forApplicant(ref: string, accessToken: string): LocalApplication {
    const a = this.#d.store.applications.get(ref);
    if (!a || !safeEqual(hashToken(accessToken), a.accessHash)) throw new ApiError('NotFound', 'No application with this reference and access code.');
    return a;
  }

  /** The applicant corrects the details (before submitting, or when the commission asked for changes). */
  edit(ref: string, accessToken: string, details: ApplicationDetails): void {
    const a = this.forApplicant(ref, accessToken);
    if (a.status !== 'draft' && a.status !== 'changes-requested') throw new ApiError('WrongState', `The application is ${a.status}; its details can no longer change.`);
    this.#d.store.applications.updateDetails(ref, details);
    this.#d.log.info({ ref }, 'application details corrected');
  }

  addDocument(ref: string, accessToken: string, filename: string, bytes: Buffer): { sha256: string; size: number; contentType: string } {
    const a = this.forApplicant(ref, accessToken);
    if (a.status !== 'draft' && a.status !== 'changes-requested') throw new ApiError('WrongState', `The application is ${a.status}; documents can no longer change.`);
    const contentType = documentType(bytes);
    if (!contentType) throw new ApiError('UnsupportedMediaType', 'Documents must be PDF, PNG or JPEG files.');
    const documents = this.#d.store.applications.documents(ref);
    if (documents.length >= MAX_DOCUMENTS) throw new ApiError('BadRequest', `At most ${MAX_DOCUMENTS} documents.`);
    const total = documents.reduce((n, d) => n + d.size, 0) + bytes.length;
    if (total > this.#d.maxApplicationBytes) {
      throw new ApiError('PayloadTooLarge', `The documents of one application may total at most ${Math.floor(this.#d.maxApplicationBytes / 1024 / 1024)} MB.`, { details: { maxBytes: this.#d.maxApplicationBytes } });
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.#d.store.applications.addDocument(ref, { sha256, filename: filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120) || 'document', contentType, size: bytes.length }, bytes);
    return { sha256, size: bytes.length, contentType };
  }

  /** Records the application (and the hash of its documents) on the ledger for the commission's review. */
  async submit(ref: string, accessToken: string): Promise<ApplicationView> {
    const a = this.forApplicant(ref, accessToken);
    if (a.status !== 'draft' && a.status !== 'changes-requested') throw new ApiError('WrongState', `The application is already ${a.status}.`);
    const documents = this.#d.store.applications.documents(ref);
    if (documents.length === 0) throw new ApiError('BadRequest', 'Attach at least one document (e.g. the official letter) before submitting.');
    await onLedger(() =>
      this.#d.gatewayLedger.submitApplication({
        v: 1,
        ref,
        organizationId: a.organizationId,
        organizationName: a.organizationName,
        organizationType: a.organizationType as OrganizationType,
        routedTo: this.#d.ownMspId,
        documentsHash: createHash('sha256').update(canonicalBytes(documents.map((d) => d.sha256).sort())).digest('hex'),
        expectedVoters: a.planned.expectedVoters,
      }),
    );
    this.#d.store.applications.setStatus(ref, 'submitted', null);
    return this.view(ref);
  }

  async view(ref: string): Promise<ApplicationView> {
    const a = this.#d.store.applications.get(ref);
    if (!a) throw new ApiError('NotFound', `Application ${ref} was not made at this commission.`);
    const onChain: Application | undefined = a.status === 'draft' ? undefined : await onLedger(() => this.#d.gatewayLedger.getApplication(ref));
    return {
      ref,
      organizationId: a.organizationId,
      organizationName: a.organizationName,
      organizationType: a.organizationType,
      region: a.region,
      contact: a.contact,
      planned: a.planned,
      status: a.status,
      decisionReason: a.decisionReason,
      routedTo: this.#d.ownMspId,
      documents: this.#d.store.applications.documents(ref).map((d) => ({ sha256: d.sha256, filename: d.filename, contentType: d.contentType, size: d.size })),
      history: (onChain?.history ?? []).map((h) => ({ action: h.action, reason: h.reason, at: h.at, by: h.by })),
    };
  }

  /** The review queue: applications routed to this commission. */
  queue(): LocalApplication[] {
    return this.#d.store.applications.list().filter((a) => a.status !== 'draft');
  }

  async decide(ref: string, decision: 'approve' | 'reject' | 'request-changes', reason: string, staffId: string): Promise<ApplicationView> {
    const a = this.#d.store.applications.get(ref);
    if (!a) throw new ApiError('NotFound', `Application ${ref} was not made at this commission.`);
    await onLedger(() => this.#d.adminLedger.decideApplication(ref, decision, reason, `staff:${staffId}`));
    const status = decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'changes-requested';
    this.#d.store.applications.setStatus(ref, status, reason);
    this.#d.log.info({ ref, decision, by: staffId }, 'application decided');
    if (decision === 'approve') await this.#openAccountOrExplain(a);
    else {
      const message = decision === 'reject' ? `[BallotLedger] 신청 ${ref}이(가) 반려되었습니다. 사유: ${reason}` : `[BallotLedger] 신청 ${ref}에 보완이 필요합니다: ${reason}`;
      await this.#d.notifier.send({ electionId: null, voterId: null, kind: 'notice', channel: 'email', to: a.contact.email, subject: `신청 ${ref}`, body: message });
    }
    return this.view(ref);
  }

  /**
   * Opens the approved organization's admin account where it is missing (the approval's account
   * opening failed: CA down, mail provider down) and sends a new invitation link; earlier links
   * stop working. Refused once the admin has set a password.
   */
  async resendInvitation(ref: string, staffId: string): Promise<{ sentTo: string }> {
    const a = this.#d.store.applications.get(ref);
    if (!a) throw new ApiError('NotFound', `Application ${ref} was not made at this commission.`);
    if (a.status !== 'approved') throw new ApiError('WrongState', `Application ${ref} is not approved: there is no organization admin to invite.`);
    const user = this.#d.store.staff.byUsername(orgAdminUsername(a));
    if (user && !user.passwordHash.startsWith(INVITED_PREFIX)) throw new ApiError('WrongState', `${user.username} has already set a password; an invitation is only for an account that has none.`);
    await this.#openAccountOrExplain(a);
    this.#d.log.info({ ref, by: staffId, accountExisted: user !== undefined }, 'organization admin invitation sent again');
    return { sentTo: maskRecipient(a.contact.email) };
  }

  async #openAccountOrExplain(a: LocalApplication): Promise<void> {
    try {
      await this.#openAccount(a);
    } catch (err) {
      this.#d.log.error({ ref: a.ref, err: (err as Error).message }, 'organization admin account not opened');
      throw new ApiError('Unavailable', `Application ${a.ref} is approved, but its admin account could not be opened yet (${whyNotOpened(err)}). Send the invitation again to retry.`, {
        details: { ref: a.ref, approved: true },
      });
    }
  }

  /**
   * Fabric identity + staff account (no password yet, SMS second factor) + a fresh invitation
   * link. Each step finds what an earlier, interrupted run made, so it can run again.
   */
  async #openAccount(a: LocalApplication): Promise<void> {
    await this.#d.organizationLedger(a.organizationId);
    const username = orgAdminUsername(a);
    const user =
      this.#d.store.staff.byUsername(username) ??
      this.#d.store.staff.create({ username, role: 'orgadmin', orgId: a.organizationId, displayName: a.contact.name, passwordHash: `${INVITED_PREFIX}${randomBytes(16).toString('hex')}` });
    this.#d.store.staff.setContact(user.id, { phone: a.contact.phone, email: a.contact.email }, 'sms');
    this.#d.store.staff.revokeInvitations(user.id);
    await this.#invite(a, username, user.id);
  }

  async #invite(a: LocalApplication, username: string, userId: string): Promise<void> {
    const token = newToken();
    this.#d.store.staff.addInvitation(hashToken(token), userId, Date.now() + INVITATION_TTL_MS);
    const link = `${this.#d.publicBaseUrl}/staff/invitation#${token}`;
    await this.#d.notifier.send({
      electionId: null,
      voterId: null,
      kind: 'notice',
      channel: 'email',
      to: a.contact.email,
      subject: `[BallotLedger] ${a.organizationName} 관리자 계정`,
      body: `${a.organizationName}의 온라인투표 이용 신청(${a.ref})이 승인되었습니다.\n아이디: ${username}\n아래 링크에서 7일 안에 비밀번호를 정하세요. 로그인할 때마다 휴대전화로 확인 코드가 전송됩니다.\n${link}`,
    });
  }
}
