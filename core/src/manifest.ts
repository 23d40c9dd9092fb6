// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module manifest
 * The election manifest: contests of options, each option with an allowed range, each contest
 * with an allowed total and an optional abstain option. Ballot types (찬반 yes/no, 선택 choice,
 * 점수 score, 척도 scale) are presets over this one model. {@link contestConstraints} turns a
 * contest into the explicit allowed sets that the proofs are stated over.
 *
 * Abstain: the abstain option has weight W = Σ_{other options} maxValue + 1 and value 0/1. The
 * contest proof shows Σ_{others} v_i + W·v_abstain ∈ [minTotal, maxTotal] ∪ {W}; since every
 * sum of the others is < W, the only way to reach W is abstain alone, and abstain plus any
 * choice gives a sum > W that is not allowed. Other options also allow 0 when minValue > 0 so
 * an abstaining ballot stays encodable (e.g. a 1..5 scale).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { base64urlEncode } from './base64url.js';
import { canonicalBytes } from './codec.js';
import { BallotLedgerError } from './errors.js';
import { ManifestSchema, type Contest, type ContestOption, type Manifest } from './schemas.js';
import { DST } from './transcript.js';
import { parseWith } from './validate.js';

/** Maximum number of branches of one disjunctive proof (bounds proof size and verify time). */
export const MAX_ALLOWED_VALUES = 256;

/** Explicit proof statement parameters of one contest. */
export interface ContestConstraints {
  /** Allowed values per option (ascending), stated in each range proof. */
  readonly optionValues: readonly (readonly number[])[];
  /** Weight of each option in the contest sum (1, or W for abstain). */
  readonly weights: readonly number[];
  /** Allowed weighted sums (ascending), or null if every reachable sum is allowed (no sum proof). */
  readonly allowedSums: readonly number[] | null;
  /** Index of the abstain option or -1. */
  readonly abstainIndex: number;
}

function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}

/** Derives the explicit allowed sets of a contest (see the module comment). */
export function contestConstraints(contest: Contest): ContestConstraints {
  const abstainIndex = contest.abstainOptionId === null ? -1 : contest.options.findIndex((o) => o.optionId === contest.abstainOptionId);
  const others = contest.options.filter((_, i) => i !== abstainIndex);
  const W = others.reduce((s, o) => s + o.maxValue, 0) + 1;
  const optionValues = contest.options.map((o, i) => {
    if (i === abstainIndex) return [0, 1];
    const vals = range(o.minValue, o.maxValue);
    return abstainIndex >= 0 && o.minValue > 0 ? [0, ...vals] : vals;
  });
  const weights = contest.options.map((_, i) => (i === abstainIndex ? W : 1));
  const sums = range(contest.minTotal, contest.maxTotal);
  if (abstainIndex >= 0) sums.push(W);
  // Reachable weighted sums given the per-option sets; skip the proof if all are allowed.
  const reachMin = optionValues.reduce((s, vals, i) => s + weights[i]! * vals[0]!, 0);
  const reachMax = optionValues.reduce((s, vals, i) => s + weights[i]! * vals[vals.length - 1]!, 0);
  const allowedSet = new Set(sums);
  let all = true;
  for (let v = reachMin; v <= reachMax && all; v++) if (!allowedSet.has(v)) all = false;
  return { optionValues, weights, allowedSums: all ? null : sums, abstainIndex };
}

function invalid(check: string, message: string): never {
  throw new BallotLedgerError('InvalidManifest', check, message);
}

/** Schema check plus semantic checks (unique ids, ranges, totals, abstain, threshold). */
export function parseManifest(value: unknown): Manifest {
  const m = parseWith(ManifestSchema, value, 'InvalidManifest', 'manifest');
  const { threshold, holders } = m.keyCeremony;
  if (threshold > holders) invalid('manifest.keyCeremony', `threshold ${threshold} exceeds holders ${holders}`);
  const contestIds = new Set<string>();
  m.contests.forEach((c, ci) => {
    const check = `manifest.contests[${ci}]`;
    if (contestIds.has(c.contestId)) invalid(`${check}.contestId`, `duplicate contestId ${c.contestId}`);
    contestIds.add(c.contestId);
    const optionIds = new Set<string>();
    c.options.forEach((o, oi) => {
      if (optionIds.has(o.optionId)) invalid(`${check}.options[${oi}]`, `duplicate optionId ${o.optionId}`);
      optionIds.add(o.optionId);
      if (o.minValue > o.maxValue) invalid(`${check}.options[${oi}]`, 'minValue > maxValue');
      if (o.maxValue - o.minValue + 2 > MAX_ALLOWED_VALUES) invalid(`${check}.options[${oi}]`, 'range too large');
    });
    if (c.minTotal > c.maxTotal) invalid(check, 'minTotal > maxTotal');
    if (c.abstainOptionId !== null) {
      const a = c.options.find((o) => o.optionId === c.abstainOptionId);
      if (a === undefined) invalid(`${check}.abstainOptionId`, 'abstain option not found');
      if (a.minValue !== 0 || a.maxValue !== 1) invalid(`${check}.abstainOptionId`, 'abstain option must have range 0..1');
      if (c.options.length < 2) invalid(check, 'abstain needs at least one other option');
    }
    const k = contestConstraints(c);
    if (k.allowedSums !== null && k.allowedSums.length > MAX_ALLOWED_VALUES) invalid(check, 'too many allowed totals');
    const reachMax = k.optionValues.reduce((s, vals, i) => s + k.weights[i]! * vals[vals.length - 1]!, 0);
    const reachMin = k.optionValues.reduce((s, vals, i) => s + k.weights[i]! * vals[0]!, 0);
    if (k.allowedSums !== null && !k.allowedSums.some((v) => v >= reachMin && v <= reachMax)) invalid(check, 'no ballot can satisfy the totals');
  });
  return m;
}

/** Domain-separated SHA-256 of the canonical manifest bytes. */
export function manifestHashBytes(manifest: Manifest): Uint8Array {
  return sha256(concatBytes(utf8ToBytes(DST.manifestHash), canonicalBytes(manifest)));
}

/** base64url form of {@link manifestHashBytes} (as stored in the record). */
export function manifestHash(manifest: Manifest): string {
  return base64urlEncode(manifestHashBytes(manifest));
}

// ---- ballot-type presets ------------------------------------------------------------------

/** Option spec for presets. */
export interface OptionSpec {
  readonly optionId: string;
  readonly label: string;
}

function opts(specs: readonly OptionSpec[], lo: number, hi: number): ContestOption[] {
  return specs.map((s) => ({ optionId: s.optionId, label: s.label, minValue: lo, maxValue: hi }));
}

const ABSTAIN: OptionSpec = { optionId: 'abstain', label: 'Abstain / 기권' };

/** 찬반: yes/no agenda item, exactly one of yes/no (or abstain if allowed). */
export function yesNoContest(p: { contestId: string; label: string; abstain?: boolean; yesLabel?: string; noLabel?: string }): Contest {
  const base: OptionSpec[] = [
    { optionId: 'yes', label: p.yesLabel ?? 'Yes / 찬성' },
    { optionId: 'no', label: p.noLabel ?? 'No / 반대' },
  ];
  const options = opts(p.abstain === true ? [...base, ABSTAIN] : base, 0, 1);
  return { contestId: p.contestId, label: p.label, type: 'yesno', options, minTotal: 1, maxTotal: 1, abstainOptionId: p.abstain === true ? 'abstain' : null };
}

/** 선택: choose between min and max of the candidates (single seat: min = max = 1). */
export function choiceContest(p: {
  contestId: string;
  label: string;
  candidates: readonly OptionSpec[];
  min: number;
  max: number;
  abstain?: boolean;
}): Contest {
  const options = opts(p.abstain === true ? [...p.candidates, ABSTAIN] : p.candidates, 0, 1);
  return { contestId: p.contestId, label: p.label, type: 'choice', options, minTotal: p.min, maxTotal: p.max, abstainOptionId: p.abstain === true ? 'abstain' : null };
}

/** 점수: give each candidate 0..maxScore points (total unconstrained unless maxTotal is given). */
export function scoreContest(p: {
  contestId: string;
  label: string;
  candidates: readonly OptionSpec[];
  maxScore: number;
  maxTotal?: number;
  abstain?: boolean;
}): Contest {
  const options = opts(p.candidates, 0, p.maxScore);
  if (p.abstain === true) options.push({ ...ABSTAIN, minValue: 0, maxValue: 1 });
  const maxTotal = p.maxTotal ?? p.candidates.length * p.maxScore;
  return { contestId: p.contestId, label: p.label, type: 'score', options, minTotal: 0, maxTotal, abstainOptionId: p.abstain === true ? 'abstain' : null };
}

/** 척도: one rating lo..hi for an agenda item (tally counts the sum of ratings). */
export function scaleContest(p: { contestId: string; label: string; lo: number; hi: number; abstain?: boolean; ratingLabel?: string }): Contest {
  const options: ContestOption[] = [{ optionId: 'rating', label: p.ratingLabel ?? 'Rating / 평점', minValue: p.lo, maxValue: p.hi }];
  if (p.abstain === true) options.push({ ...ABSTAIN, minValue: 0, maxValue: 1 });
  return { contestId: p.contestId, label: p.label, type: 'scale', options, minTotal: p.lo, maxTotal: p.hi, abstainOptionId: p.abstain === true ? 'abstain' : null };
}

/** Builds and validates a manifest. */
export function createManifest(p: { electionId: string; title: string; threshold: number; holders: number; contests: Contest[] }): Manifest {
  return parseManifest({ v: 1, electionId: p.electionId, title: p.title, keyCeremony: { threshold: p.threshold, holders: p.holders }, contests: p.contests });
}
