/**
 * The roll as election staff browse it: a page of voters in voter-id order, optionally those
 * whose voter id or name contains a search text (compared as {@link searchable}, through the
 * {@link RollNameIndex}). Contact data is masked to what staff need to recognise a row, birth
 * dates are left out, and each row says which of its fields may still change (the rules of
 * {@link editVoter}).
 *
 * @module
 */
import { ApiError } from '../errors.js';
import { maskRecipient } from '../notify/sms.js';
import type { Store } from '../storage/store.js';
import type { Voter } from '../storage/voters.js';
import { editable, type Editable } from './import.js';
import { searchable, type RollNameIndex } from './name-index.js';

export interface RollQuery {
  readonly q: string;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
}

export interface RollRow {
  readonly voterId: string;
  readonly name: string;
  readonly group: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly editable: Editable;
}

export interface RollPage {
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly voters: readonly RollRow[];
}

/** Ledger look-ups of who has voted, run this many at a time. */
const VOTED_BATCH = 20;

async function votedOf(voters: readonly Voter[], electionId: string, hasVoted: (electionId: string, voterId: string) => Promise<boolean>): Promise<boolean[]> {
  const voted: boolean[] = [];
  for (let i = 0; i < voters.length; i += VOTED_BATCH) {
    voted.push(...(await Promise.all(voters.slice(i, i + VOTED_BATCH).map((v) => hasVoted(electionId, v.voterId)))));
  }
  return voted;
}

export interface RollSources {
  readonly store: Store;
  readonly names: RollNameIndex;
  readonly hasVoted: (electionId: string, voterId: string) => Promise<boolean>;
}

export async function listRoll(electionId: string, query: RollQuery, sources: RollSources): Promise<RollPage> {
  const { store, hasVoted } = sources;
  const roll = store.voters.roll(electionId);
  if (roll === undefined) throw new ApiError('NotFound', 'No roll has been imported for this election');
  const offset = (query.page - 1) * query.pageSize;
  const q = searchable(query.q);
  let total: number;
  let voters: Voter[];
  if (q === '') {
    total = store.voters.count(electionId);
    voters = store.voters.page(electionId, offset, query.pageSize);
  } else {
    const found = (await sources.names.entries(electionId)).filter((v) => v.id.includes(q) || v.name.includes(q));
    total = found.length;
    voters = found.slice(offset, offset + query.pageSize).flatMap((v) => store.voters.get(electionId, v.voterId) ?? []);
  }
  const voted = await votedOf(voters, electionId, hasVoted);
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    voters: voters.map((v, i) => ({
      voterId: v.voterId,
      name: v.name,
      group: v.group,
      phone: v.phone === null ? null : maskRecipient(v.phone),
      email: v.email === null ? null : maskRecipient(v.email),
      editable: editable(roll, voted[i] ?? true),
    })),
  };
}
