/**
 * Storing a roll (only a clean one) and the editing rules:
 * - before the roll is frozen, a new import replaces the roll whole, and any field may change;
 * - after it is frozen, only contact data (phone, e-mail) may change, and identity fields
 *   (voter id, name, birth date, group) never;
 * - nothing of a voter who has voted changes (the `hasVoted` callback asks the ledger);
 * - a contact field may be cleared (null or empty), as long as the voter keeps a mobile number
 *   or an e-mail address, and keeps the mobile number when every identity check the election
 *   offers reaches the voter at it (`phoneNeededBy`).
 * Every edit is logged by field name (not value).
 *
 * @module
 */
import { ApiError } from '../errors.js';
import type { Store } from '../storage/store.js';
import type { RollInfo, Voter } from '../storage/voters.js';
import { EMAIL, normalizeBirthDateCell, normalizeKoreanMobile } from './fields.js';
import { validateRoll, type RollLimits, type RollReport } from './validate.js';
import type { RollEncoding, RollFormat } from './read.js';

export interface ImportResult {
  readonly report: RollReport;
  /** Set when the roll was stored. */
  readonly roll?: RollInfo;
}

export async function importRoll(
  store: Store,
  electionId: string,
  data: Buffer,
  options: Readonly<{ format?: RollFormat | 'auto'; encoding?: RollEncoding; limits: RollLimits; dryRun?: boolean; phoneNeededBy?: readonly string[] }>,
): Promise<ImportResult> {
  const current = store.voters.roll(electionId);
  if (current?.frozenAt != null) throw new ApiError('WrongState', 'The roll is frozen; only contact data can be edited.');
  const { report, voters } = await validateRoll(data, options);
  if (!report.ok || options.dryRun === true) return { report };
  const roll = store.voters.replaceRoll(electionId, voters, report.sha256);
  return { report, roll };
}

export interface VoterPatch {
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly name?: string;
  readonly birthDate?: string;
  readonly group?: string | null;
}

export interface EditRules {
  /** Who edits, as recorded with the edit. */
  readonly actor: string;
  readonly hasVoted: (electionId: string, voterId: string) => Promise<boolean>;
  /** The identity checks that reach the voter at the roll's mobile number, when the election offers no other. */
  readonly phoneNeededBy: readonly string[];
}

/** Which of a voter's fields may change now. */
export interface Editable {
  readonly contact: boolean;
  readonly identity: boolean;
}

const IDENTITY_FIELDS = ['name', 'birthDate', 'group'] as const;

/** The editing rules of one voter, as {@link editVoter} applies them. */
export function editable(roll: RollInfo, voted: boolean): Editable {
  const open = roll.purgedAt === null && !voted;
  return { contact: open, identity: open && roll.frozenAt === null };
}

export async function editVoter(store: Store, electionId: string, voterId: string, patch: VoterPatch, rules: EditRules): Promise<Voter> {
  const roll = store.voters.roll(electionId);
  const voter = store.voters.get(electionId, voterId);
  if (roll === undefined || voter === undefined) throw new ApiError('NotFound', 'No such voter on this roll');
  if (roll.purgedAt !== null) throw new ApiError('WrongState', 'The roll has been purged');
  const identityChange = IDENTITY_FIELDS.filter((f) => patch[f] !== undefined);
  if (roll.frozenAt !== null && identityChange.length > 0) {
    throw new ApiError('WrongState', `The roll is frozen: ${identityChange.join(', ')} can no longer change (contact data only).`);
  }
  if (await rules.hasVoted(electionId, voterId)) throw new ApiError('AlreadyVoted', 'This voter has already voted; their entry can no longer change.');

  const next: { -readonly [K in keyof Omit<Voter, 'electionId' | 'voterId'>]?: Voter[K] } = {};
  const fields: { path: string; message: string; code: string }[] = [];
  if (patch.phone !== undefined) {
    if (patch.phone === null || patch.phone === '') next.phone = null;
    else {
      const r = normalizeKoreanMobile(patch.phone);
      if (r.ok) next.phone = r.value;
      else fields.push({ path: 'body.phone', message: 'Not a Korean mobile number; use 010-1234-5678', code: 'roll.phoneInvalid' });
    }
  }
  if (patch.email !== undefined) {
    if (patch.email === null || patch.email === '') next.email = null;
    else if (EMAIL.test(patch.email) && patch.email.length <= 254) next.email = patch.email.toLowerCase();
    else fields.push({ path: 'body.email', message: 'Not a valid e-mail address', code: 'roll.emailInvalid' });
  }
  if (patch.birthDate !== undefined) {
    const r = normalizeBirthDateCell(patch.birthDate);
    if (r.ok) next.birthDate = r.value;
    else fields.push({ path: 'body.birthDate', message: 'Date of birth must look like 1990-03-07', code: 'roll.birthDateInvalid' });
  }
  if (patch.name !== undefined) next.name = patch.name.normalize('NFC').trim();
  if (patch.group !== undefined) next.group = patch.group === '' ? null : patch.group;
  if (fields.length > 0) throw new ApiError('ValidationFailed', `Invalid request body: ${fields.map((f) => f.path).join(', ')}`, { details: { fields } });
  const phone = next.phone === undefined ? voter.phone : next.phone;
  const email = next.email === undefined ? voter.email : next.email;
  if (next.phone === null && voter.phone !== null && rules.phoneNeededBy.length > 0) {
    const message = `The mobile number cannot be removed: this election checks identity by ${rules.phoneNeededBy.join(', ')}, which reaches the voter at that number. Enter a corrected number instead.`;
    throw new ApiError('ContactRequired', message, { details: { fields: [{ path: 'body.phone', message, code: 'roll.phoneNeeded' }] } });
  }
  if (phone === null && email === null) {
    const cleared = patch.email === null || patch.email === '' ? 'body.email' : 'body.phone';
    const message = 'A voter needs a mobile number or an e-mail address; enter the other one before removing this one.';
    throw new ApiError('ContactRequired', message, { details: { fields: [{ path: cleared, message, code: 'roll.contactMissing' }] } });
  }
  return store.voters.update(electionId, voterId, next, rules.actor);
}
