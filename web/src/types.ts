// Wire shapes of the gateway routes (docs/api.md), as the web app uses them.
import type { CeremonyResult, Complaint, ElectionRecord, EncryptedTally, Manifest, Round1Message, Round2Message, TallyResult } from '@ballotledger/core';

export type ElectionState = 'draft' | 'frozen' | 'open' | 'paused' | 'closed' | 'tallied' | 'purged';

export interface Schedule {
  opensAt: string;
  closesAt: string;
}

export interface Receipt {
  electionId: string;
  tracker: string;
  shortTracker: string;
  txId: string;
  blockNumber: number | null;
  at: string;
  channel: string;
}

export interface OptionInfo {
  optionId: string;
  number: number | null;
  name: string;
  party: string | null;
  photoUrl: string | null;
  profileHtml: string | null;
}
export interface ContestInfo {
  contestId: string;
  description: string | null;
  options: OptionInfo[];
}
export interface ElectionInfo {
  descriptionHtml: string | null;
  contests: ContestInfo[];
}

export interface Result {
  result: TallyResult;
  usedHolders: number[];
  publishedAt: string;
  txId: string;
}

export interface VoterSession {
  stage: 'link' | 'captcha' | 'verified';
  electionId: string;
  csrfToken: string;
  expiresAt: string;
  identityMethods: { method: string; label: { ko: string; en: string } }[];
}

export type LinkAnswer = { status: 'ok'; session: VoterSession } | { status: 'already-voted'; electionId: string };

export type Captcha =
  | { id: string; form: 'image'; image: string; width: number; height: number; length: number; expiresAt: string }
  | { id: string; form: 'text'; question: { ko: string; en: string }; length: number; expiresAt: string };

export interface IdentityChallenge {
  challengeId: string;
  method: string;
  fields: ('name' | 'birthDate' | 'code')[];
  expiresAt: string;
  sentTo?: string;
}

export interface VoterElection {
  electionId: string;
  title: string;
  state: ElectionState;
  schedule: Schedule;
  manifest: Manifest;
  jointKey: string | null;
  electionBaseHash: string | null;
  info: ElectionInfo;
  channels: string[];
  receipt: Receipt | null;
}

export interface PublicElection {
  electionId: string;
  title: string;
  state: ElectionState;
  schedule: Schedule;
  info: ElectionInfo;
  manifest: Manifest;
  turnout: { voted: number; eligible: number };
  result: Result | null;
  anchors: { resultTxId: string | null; resultBlock: number | null };
  /** Not in the contract yet (needed to check a spoiled ballot without the audit file's context). */
  jointKey?: string | null;
  electionBaseHash?: string | null;
}

export interface StaffSession {
  user: { id: string; username: string; role: 'admin' | 'orgadmin' | 'keyholder' | 'auditor'; orgId: string | null; displayName: string | null };
  csrfToken: string;
  expiresAt: string;
}

export interface AdminElectionSummary {
  electionId: string;
  title: string;
  state: ElectionState;
  schedule: Schedule;
  organizationId: string;
  turnout: { voted: number; eligible: number };
}

export type ContestType = 'yesno' | 'choice' | 'score' | 'scale';

export interface CandidateInput {
  optionId: string;
  number: number | null;
  name: string;
  party: string | null;
  photoSha256: string | null;
  profileMarkdown: string | null;
}
export interface ContestInput {
  contestId: string;
  label: string;
  description: string | null;
  type: ContestType;
  abstain: boolean;
  min?: number;
  max?: number;
  maxScore?: number;
  maxTotal?: number;
  lo?: number;
  hi?: number;
  candidates: CandidateInput[];
}
export type Channel = 'web' | 'mobile' | 'kiosk';
export type ResultsVisibility = 'public' | 'voters' | 'organization';
export interface KeyHolderInput {
  index: number;
  mspId: string;
  enrollmentId: string;
  name: string;
}
export interface ElectionInput {
  electionId: string;
  title: string;
  descriptionMarkdown: string | null;
  organizationId: string;
  schedule: Schedule;
  contests: ContestInput[];
  keyHolders: KeyHolderInput[];
  threshold: number;
  identityMethod: string;
  channels: Channel[];
  resultsVisibility: ResultsVisibility;
  templates: { invitation: string; reminder: string };
}

export interface Turnout {
  eligible: number;
  voted: number;
  byGroup: { group: string; eligible: number; voted: number }[];
  byChannel: { channel: string; voted: number }[];
  series: { at: string; voted: number }[];
  updatedAt: string;
}

export interface AdminElection {
  electionId: string;
  title: string;
  state: ElectionState;
  schedule: Schedule;
  organizationId: string;
  managingMspId: string;
  manifest: Manifest;
  input: ElectionInput;
  info: ElectionInfo;
  roll: { imported: number; frozen: boolean; count: number | null; hash: string | null };
  ceremony: { holders: { index: number; name: string; round1: boolean; round2: boolean; reviewed: boolean; complaints: number }[]; finalized: boolean; jointKey: string | null };
  tally: { shards: number; shardsDone: number; combined: boolean; ballotCount: number | null; shares: number[]; threshold: number; published: boolean };
  turnout: Turnout;
  history: { action: string; at: string; txId: string; by: string }[];
}

export interface RollProblem {
  severity: 'error' | 'warning';
  row: number | null;
  column: string | null;
  key: string;
  message: string;
}
export interface RollReport {
  ok: boolean;
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  sha256: string;
  columns: { header: string; field: string | null }[];
  totals: { rows: number; valid: number; invalid: number; empty: number; errors: number; warnings: number };
  problems: RollProblem[];
  truncated: boolean;
}

export interface CostEstimate {
  lines: { item: string; label: string; quantity: number; unitKrw: number; amountKrw: number }[];
  totalKrw: number;
  currency: 'KRW';
}

export interface CampaignPlan {
  recipients: number;
  skippedVoted: number;
  skippedNoContact: number;
  byChannel: { sms: number; lms: number; email: number };
  tooLong: number;
  unsupportedCharacters: string[];
  estimate: CostEstimate;
}

/** One outgoing message as GET /api/admin/elections/:id/messages lists it (recipient masked by the gateway). */
export interface DeliveryMessage {
  id: string;
  voterId: string | null;
  kind: string;
  channel: string;
  recipient: string;
  status: string;
  costKrw: number;
  createdAt: string;
}

/** A voter's entry as PATCH /api/admin/elections/:id/voters/:voterId answers it. */
export interface VoterEntry {
  voterId: string;
  name: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  group: string | null;
}

/** GET /api/admin/elections/:id/roll. */
export interface RollInfo {
  electionId: string;
  voterCount: number;
  sourceSha256: string;
  importedAt: string;
  frozenAt: string | null;
  purgeAfter: string | null;
  purgedAt: string | null;
  groups: { group: string | null; count: number }[];
}

/** One voter as GET /api/admin/elections/:id/voters lists it (contact data masked, no birth date). */
export interface RollVoter {
  voterId: string;
  name: string;
  group: string | null;
  phone: string | null;
  email: string | null;
  editable: { contact: boolean; identity: boolean };
}

export interface RollPage {
  total: number;
  page: number;
  pageSize: number;
  voters: RollVoter[];
}

export type HolderStage = 'round1' | 'round2' | 'review' | 'waiting' | 'decrypt' | 'done';
export interface KeyholderElection {
  electionId: string;
  title: string;
  state: ElectionState;
  holder: number;
  threshold: number;
  holders: number;
  stage: HolderStage;
}
export interface KeyholderCeremony {
  manifest: Manifest;
  round1: Round1Message[];
  round2: Round2Message[];
  reviews: { holder: number; complaints: number }[] | unknown[];
  complaints: Complaint[];
  result: CeremonyResult | null;
  holder: number;
}
export interface KeyholderTally {
  state: ElectionState;
  tally: EncryptedTally | null;
  shares: number[];
}
export type TxName = 'PostCeremonyRound1' | 'PostCeremonyRound2' | 'PostCeremonyReview' | 'SubmitDecryptionShare';

export interface PeerInfo {
  org: string;
  mspId: string;
  address: string;
  healthy: boolean;
  height: number;
  currentBlockHash: string;
  previousBlockHash: string;
  /** Blocks 0 .. verifiedHeight-1 re-read by the gateway: data matches each header, links intact. */
  verifiedHeight: number;
  chainFault: { height: number; reason: string } | null;
  /** When that re-check started from the genesis block; the gateway re-does it every 30 minutes. */
  chainCheckStartedAt: string | null;
}
export interface PeersAnswer {
  checkedAt: string;
  agree: boolean;
  chainsChecking: boolean;
  peers: PeerInfo[];
  mismatches: { peer: string; height: number; reason: string }[];
}

export type { ElectionRecord };
