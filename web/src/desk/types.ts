// Wire shapes of the service-desk routes (gateway/src/routes/service-desk.ts, docs/api.md).
export const ORGANIZATION_TYPES = ['government', 'public-institution', 'school', 'party-primary', 'other'] as const;
export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];
export const REGIONS = ['national', 'seoul', 'busan', 'other'] as const;
export type Region = (typeof REGIONS)[number];
export const IDENTITY_METHODS = ['birthdate', 'sms-code', 'ipin', 'ars', 'carrier'] as const;
export type IdentityMethod = (typeof IDENTITY_METHODS)[number];

export interface Commission {
  mspId: string;
  name: { ko: string; en: string };
  regions: string[];
}

export interface ServiceInfo {
  own: string;
  commissions: Commission[];
  organizationTypes: string[];
  regions: string[];
}

export interface ApplicationInput {
  organizationId: string;
  organizationName: string;
  organizationType: OrganizationType;
  region: Region;
  contact: { name: string; phone: string; email: string };
  planned: { title: string; date: string; expectedVoters: number };
}

export type ApplicationStatus = 'draft' | 'submitted' | 'changes-requested' | 'approved' | 'rejected';

export interface ApplicationDocument {
  sha256: string;
  filename: string;
  contentType: string;
  size: number;
}

/** An application as the applicant (who can correct the details) and the reviewing commission see it. */
export interface ApplicationView {
  ref: string;
  organizationId: string;
  organizationName: string;
  organizationType: string;
  region: string;
  contact: { name: string; phone: string; email: string };
  planned: { title: string; date: string; expectedVoters: number };
  status: ApplicationStatus;
  decisionReason: string | null;
  routedTo: string;
  documents: ApplicationDocument[];
  history: { action: string; reason: string | null; at: string; by: string }[];
}

export interface QueueItem {
  ref: string;
  organizationName: string;
  organizationType: string;
  region: string;
  expectedVoters: number;
  plannedDate: string;
  status: ApplicationStatus;
  submittedAt: string;
  updatedAt: string;
}

export interface Blackout {
  blackoutId: string;
  from: string;
  to: string;
  reason: string;
  declaredBy: string;
}

export type Decision = 'approve' | 'reject' | 'request-changes';

export const TOKEN_HEADER = 'x-application-token';
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS = 10;
