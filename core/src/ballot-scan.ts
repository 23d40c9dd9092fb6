// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module ballot-scan
 * What the record verifier remembers of the counted ballots as they stream past, for the checks
 * that compare ballots with each other or with the header (ballots.registered, the uniqueness
 * checks, spoiled.notCast): the count, the first offender of each check, and per ballot only its
 * credential and its id (in Maps: a ballot id is the voter's choice, so it is compared exactly)
 * and a {@link DigestIndex} entry for each of its ciphertexts — about 100 bytes and 20 per
 * ciphertext instead of the ballot's 4 KB. A JavaScript Map holds at most 2^24 entries, so beyond
 * 16.7 million ballots the scan stops (a VerifierFailure, never a verdict). Fields are read
 * defensively: a ballot without them (wrong shape) fails ballots.valid, not these checks.
 */
import { DigestIndex } from './digest-index.js';
import type { ErrorCode } from './errors.js';
import type { SpoiledBallot } from './schemas.js';

/** A ballot the reader could not turn into a value (e.g. a line of record.ndjson that is not JSON): fails ballots.valid. */
export class UnreadableBallot {
  constructor(readonly reason: string) {}
}

/** One failed ballot of ballots.valid. */
export interface BallotFailure {
  readonly index: number;
  readonly code: ErrorCode;
  readonly check: string;
  readonly message: string;
}

/** Failures kept for the report: how many, and the first few by ballot index. */
export class BallotFailures {
  static readonly KEPT = 6;
  total = 0;
  readonly first: BallotFailure[] = [];

  add(failure: BallotFailure): void {
    this.total += 1;
    this.first.push(failure);
    this.first.sort((x, y) => x.index - y.index);
    if (this.first.length > BallotFailures.KEPT) this.first.length = BallotFailures.KEPT;
  }
}

/** A ballot that repeats what an earlier ballot had. */
export interface Repeat {
  readonly index: number;
  readonly earlier: number;
}

export type UniqueField = 'credential' | 'ballotId' | 'ciphertext';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function items(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Records `index` for `key` unless `key` was seen before; returns the earlier index, or undefined. */
function firstIndex(seen: Map<string, number>, key: string, index: number): number | undefined {
  const earlier = seen.get(key);
  if (earlier === undefined) seen.set(key, index);
  return earlier;
}

function indexBy(spoiled: readonly SpoiledBallot[], keys: (s: SpoiledBallot) => string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  spoiled.forEach((s, i) => keys(s).forEach((k) => out.set(k, [...(out.get(k) ?? []), i])));
  return out;
}

export class BallotScan {
  count = 0;
  /** Why reading the ballots stopped early (the source threw), or null. */
  readFailure: string | null = null;
  firstUnregistered: number | null = null;
  readonly repeats: Record<UniqueField, Repeat | null> = { credential: null, ballotId: null, ciphertext: null };
  /** Per spoiled ballot that is counted: whether the whole ballot (its id) or one of its ciphertexts is. */
  readonly spoiledCounted = new Map<number, 'ballot' | 'ciphertext'>();
  readonly failures = new BallotFailures();
  readonly #registered: ReadonlySet<string>;
  readonly #credentials = new Map<string, number>();
  readonly #ballotIds = new Map<string, number>();
  readonly #ciphertexts = new DigestIndex();
  readonly #spoiledIds: Map<string, number[]>;
  readonly #spoiledCiphertexts: Map<string, number[]>;

  constructor(registered: ReadonlySet<string>, spoiled: readonly SpoiledBallot[]) {
    this.#registered = registered;
    this.#spoiledIds = indexBy(spoiled, (s) => [s.ballot.ballotId]);
    this.#spoiledCiphertexts = indexBy(spoiled, (s) => s.ballot.contests.flatMap((c) => c.selections.map((x) => x.a)));
  }

  /** Takes the next ballot; throws only past the Maps' 2^24 entries. */
  add(value: unknown): void {
    const index = this.count++;
    if (value instanceof UnreadableBallot) {
      this.failures.add({ index, code: 'InvalidBallot', check: `ballots[${index}]`, message: value.reason });
      return;
    }
    const credential = text(field(value, 'credential'));
    if (credential !== null) {
      if (this.firstUnregistered === null && !this.#registered.has(credential)) this.firstUnregistered = index;
      this.#repeat('credential', firstIndex(this.#credentials, credential, index), index);
    }
    const ballotId = text(field(value, 'ballotId'));
    if (ballotId !== null) {
      this.#repeat('ballotId', firstIndex(this.#ballotIds, ballotId, index), index);
      for (const s of this.#spoiledIds.get(ballotId) ?? []) this.spoiledCounted.set(s, 'ballot');
    }
    for (const contest of items(field(value, 'contests'))) {
      for (const selection of items(field(contest, 'selections'))) {
        const a = text(field(selection, 'a'));
        const b = text(field(selection, 'b'));
        if (a !== null && b !== null) this.#repeat('ciphertext', this.#ciphertexts.firstIndex(`${a}.${b}`, index), index);
        for (const s of a === null ? [] : (this.#spoiledCiphertexts.get(a) ?? [])) if (!this.spoiledCounted.has(s)) this.spoiledCounted.set(s, 'ciphertext');
      }
    }
  }

  #repeat(name: UniqueField, earlier: number | undefined, index: number): void {
    if (earlier !== undefined && this.repeats[name] === null) this.repeats[name] = { index, earlier };
  }
}
