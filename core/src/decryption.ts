// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module decryption
 * Threshold decryption of the aggregate. Holder ℓ posts M_ℓ = s_ℓ·A for every aggregate
 * ciphertext (A, B) with a Chaum–Pedersen proof that log_G(S_ℓ) = log_A(M_ℓ). Any t valid shares
 * from distinct qualified holders combine with Lagrange coefficients: s·A = Σ λ_ℓ·M_ℓ, then
 * m·G = B − s·A and m is recovered by baby-step giant-step.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { verifyEquations, type Equation } from './batch.js';
import { dleqEquations, proveDleq } from './chaum-pedersen.js';
import { canonicalBytes } from './codec.js';
import { BallotLedgerError, type ErrorCode } from './errors.js';
import { decodePoint, decodeScalar, encodePoint, IDENTITY, mulSecret, type Point } from './group.js';
import { discreteLog } from './discrete-log.js';
import { lagrangeAtZero } from './polynomial.js';
import { defaultRng, type Rng } from './rng.js';
import { DecryptionShareSchema, type CeremonyResult, type DecryptionShare, type HolderState, type Manifest, type TallyResult } from './schemas.js';
import { decodeTally } from './tally.js';
import { DST } from './transcript.js';
import { parseWith } from './validate.js';

function proofContext(result: CeremonyResult, holder: number, contestId: string, option: number): Uint8Array {
  return canonicalBytes({ electionId: result.electionId, electionBaseHash: result.electionBaseHash, holder, contestId, option });
}

/** Holder ℓ's partial decryption of the aggregate, with a DLEQ proof per ciphertext. */
export function computeDecryptionShare(manifest: Manifest, tally: unknown, state: HolderState, result: CeremonyResult, rng: Rng = defaultRng): DecryptionShare {
  if (state.secretShare === null) throw new BallotLedgerError('InvalidArgument', 'state.secretShare', 'the ceremony is not complete for this holder');
  const s = decodeScalar(state.secretShare, 'state.secretShare');
  const { sums } = decodeTally(tally, manifest);
  const Sl = verificationShare(result, state.holder, 'state.holder');
  return {
    v: 1,
    electionId: manifest.electionId,
    holder: state.holder,
    contests: manifest.contests.map((c, ci) => ({
      contestId: c.contestId,
      selections: sums[ci]!.map((ct, oi) => {
        const M = mulSecret(ct.a, s);
        return { M: encodePoint(M), proof: proveDleq(DST.decryptionProof, s, { A: ct.a, X: Sl, Y: M }, proofContext(result, state.holder, c.contestId, oi), rng) };
      }),
    })),
  };
}

/** Holder's verification share S_ℓ from the ceremony result; `check` names the holder field being checked. */
function verificationShare(result: CeremonyResult, holder: number, check: string): Point {
  const i = result.verificationShares.findIndex((x) => x.holder === holder);
  if (i < 0 || !result.qualified.includes(holder)) throw new BallotLedgerError('InvalidDecryption', check, `holder ${holder} is not qualified`);
  return decodePoint(result.verificationShares[i]!.share, `ceremony.result.verificationShares[${i}].share`);
}

/**
 * Verifies a decryption share against the aggregate and the holder's verification share S_ℓ.
 * Deterministic (batched with weights derived from the share's hash). Returns the decoded M_ℓ.
 */
export function verifyDecryptionShare(manifest: Manifest, tally: unknown, value: unknown, result: CeremonyResult, check = 'decryptionShare'): Point[][] {
  const share = parseWith(DecryptionShareSchema, value, 'InvalidDecryption', check);
  if (share.electionId !== manifest.electionId) throw new BallotLedgerError('InvalidDecryption', `${check}.electionId`, 'wrong election');
  const Sl = verificationShare(result, share.holder, `${check}.holder`);
  const { sums } = decodeTally(tally, manifest);
  if (share.contests.length !== manifest.contests.length) throw new BallotLedgerError('InvalidDecryption', `${check}.contests`, 'wrong number of contests');
  const eqs: Equation[] = [];
  const Ms = share.contests.map((c, ci) => {
    const mc = manifest.contests[ci]!;
    if (c.contestId !== mc.contestId || c.selections.length !== mc.options.length) throw new BallotLedgerError('InvalidDecryption', `${check}.contests[${ci}]`, 'does not match the manifest');
    return c.selections.map((sel, oi) => {
      const sc = `${check}.contests[${ci}].selections[${oi}]`;
      const A = sums[ci]![oi]!.a;
      const M = decodePoint(sel.M, `${sc}.M`, true);
      if (A.is0()) {
        if (!M.is0()) throw new BallotLedgerError('InvalidDecryption', `${sc}.M`, 'share of an empty sum must be the identity');
        return M;
      }
      eqs.push(...dleqEquations(DST.decryptionProof, sel.proof, { A, X: Sl, Y: M }, proofContext(result, share.holder, c.contestId, oi), `${sc}.proof`));
      return M;
    });
  });
  const failed = verifyEquations(eqs, null, sha256(canonicalBytes(share)));
  if (failed !== null) throw new BallotLedgerError('InvalidProof', failed, 'decryption share proof does not verify');
  return Ms;
}

/** Largest possible count per option: ballots × option maximum. */
function bound(manifest: Manifest, ballotCount: number, ci: number, oi: number): number {
  return ballotCount * manifest.contests[ci]!.options[oi]!.maxValue;
}

/** A decryption share skipped by {@link combineDecryptionShares}. */
export interface RejectedShare {
  readonly index: number;
  readonly code: ErrorCode;
  readonly check: string;
  readonly reason: string;
}

/**
 * Combines decryption shares into the result. Invalid shares and shares from unqualified or
 * repeated holders are skipped (and listed); any t valid shares suffice, fewer give
 * InsufficientShares.
 */
export function combineDecryptionShares(
  manifest: Manifest,
  tally: unknown,
  shares: readonly unknown[],
  result: CeremonyResult,
): { result: TallyResult; usedHolders: number[]; rejected: RejectedShare[] } {
  const t = manifest.keyCeremony.threshold;
  const { tally: agg, sums } = decodeTally(tally, manifest);
  const valid = new Map<number, Point[][]>();
  const rejected: RejectedShare[] = [];
  shares.forEach((s, k) => {
    try {
      const holder = (s as DecryptionShare).holder;
      if (valid.has(holder)) throw new BallotLedgerError('InvalidDecryption', `shares[${k}]`, `second share from holder ${holder}`);
      valid.set(holder, verifyDecryptionShare(manifest, tally, s, result, `shares[${k}]`));
    } catch (e) {
      const err = e instanceof BallotLedgerError ? e : new BallotLedgerError('InvalidDecryption', `shares[${k}]`, String(e));
      rejected.push({ index: k, code: err.code, check: err.check, reason: err.message });
    }
  });
  if (valid.size < t) throw new BallotLedgerError('InsufficientShares', 'decryption.quorum', `${valid.size} valid decryption shares, at least ${t} needed`);
  const used = [...valid.keys()].sort((x, y) => x - y).slice(0, t);
  const lambdas = used.map((l) => lagrangeAtZero(l, used));
  const contests = manifest.contests.map((c, ci) => ({
    contestId: c.contestId,
    counts: sums[ci]!.map((ct, oi) => {
      let sA = IDENTITY;
      used.forEach((l, k) => (sA = sA.add(valid.get(l)![ci]![oi]!.multiplyUnsafe(lambdas[k]!))));
      return discreteLog(ct.b.subtract(sA), bound(manifest, agg.ballotCount, ci, oi), `decryption.contests[${ci}].selections[${oi}]`);
    }),
  }));
  return { result: { v: 1, electionId: manifest.electionId, ballotCount: agg.ballotCount, contests }, usedHolders: used, rejected };
}
