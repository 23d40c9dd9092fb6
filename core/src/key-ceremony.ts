// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module key-ceremony
 * Threshold key ceremony, t of n (Pedersen/Feldman DKG as in ElectionGuard), as pure functions
 * by round so that the browser (generation), the gateway (relay) and the chaincode (checks
 * only, deterministic) can each run their part. The joint secret never exists anywhere.
 *
 * Round 1 (holder i): polynomial P_i of degree t−1, Feldman commitments K_ij = a_ij·G with a
 *   Schnorr proof of knowledge each, and a communication key E_i with a proof of knowledge.
 * Round 2 (holder i): for every other holder ℓ, P_i(ℓ) encrypted with ECIES to E_ℓ, the
 *   associated data binding (electionId, sender, recipient).
 * Receive (holder ℓ): decrypt each share and check P_i(ℓ)·G = Σ_j K_ij·ℓ^j; on failure publish a
 *   complaint revealing the ECIES shared point with a DLEQ proof, so anyone can decrypt that
 *   one share and see who lied.
 * Finalize (anyone): the qualified set Q, joint key K = Σ_{i∈Q} K_i0, verification shares
 *   S_ℓ = Σ_{i∈Q} Σ_j K_ij·ℓ^j, and the election base hash.
 * Holder ℓ's secret share is s_ℓ = Σ_{i∈Q} P_i(ℓ), checked against S_ℓ.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { proveDleq, verifyDleq } from './chaum-pedersen.js';
import { canonicalBytes } from './codec.js';
import { eciesDecrypt, eciesDecryptWithSharedPoint, eciesEncrypt } from './ecies.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodePoint, encodeScalar, G, IDENTITY, mod, mulSecret, randomScalar, scalarFromBytes, scalarToBytes, type Point } from './group.js';
import { manifestHash } from './manifest.js';
import { commitPolynomial, evaluateCommitments, evaluatePolynomial, randomPolynomial } from './polynomial.js';
import { defaultRng, type Rng } from './rng.js';
import {
  CeremonyTranscriptSchema,
  ComplaintSchema,
  HolderStateSchema,
  Round1MessageSchema,
  Round2MessageSchema,
  type CeremonyResult,
  type CeremonyTranscript,
  type Complaint,
  type HolderState,
  type Manifest,
  type Round1Message,
  type Round2Message,
} from './schemas.js';
import { proveSchnorr, verifySchnorr } from './schnorr.js';
import { DST, Transcript } from './transcript.js';
import { parseWith } from './validate.js';

/** Public parameters every ceremony function is bound to. */
export interface CeremonyParams {
  readonly electionId: string;
  readonly manifestHash: string;
  readonly threshold: number;
  readonly holders: number;
}

/** Parameters of the ceremony for a manifest. */
export function ceremonyParams(manifest: Manifest): CeremonyParams {
  return { electionId: manifest.electionId, manifestHash: manifestHash(manifest), threshold: manifest.keyCeremony.threshold, holders: manifest.keyCeremony.holders };
}

function fail(check: string, message: string): never {
  throw new BallotLedgerError('InvalidCeremony', check, message);
}

function context(p: CeremonyParams, fields: Record<string, string | number>): Uint8Array {
  return canonicalBytes({ electionId: p.electionId, manifestHash: p.manifestHash, threshold: p.threshold, holders: p.holders, ...fields });
}

function shareAad(p: CeremonyParams, sender: number, recipient: number): Uint8Array {
  return canonicalBytes({ v: 1, electionId: p.electionId, manifestHash: p.manifestHash, sender, recipient });
}
const SHARE_INFO = canonicalBytes('key-ceremony-share');

// ---- round 1 ------------------------------------------------------------------------------

/** Round 1 for holder `holder` (1..n): the public message and the secret state to keep. */
export function round1(p: CeremonyParams, holder: number, rng: Rng = defaultRng): { message: Round1Message; state: HolderState } {
  if (!Number.isInteger(holder) || holder < 1 || holder > p.holders) throw new BallotLedgerError('InvalidArgument', 'round1.holder', 'holder index out of range');
  const coefficients = randomPolynomial(p.threshold, rng);
  const commitments = commitPolynomial(coefficients);
  const proofs = coefficients.map((a, j) => proveSchnorr(a, commitments[j]!, context(p, { purpose: 'coefficient', holder, index: j }), rng));
  const e = randomScalar(rng);
  const E = mulSecret(G, e);
  const message: Round1Message = {
    v: 1,
    electionId: p.electionId,
    holder,
    commitments: commitments.map(encodePoint),
    proofs,
    commKey: encodePoint(E),
    commKeyProof: proveSchnorr(e, E, context(p, { purpose: 'communication-key', holder }), rng),
  };
  const state: HolderState = {
    v: 1,
    electionId: p.electionId,
    holder,
    threshold: p.threshold,
    holders: p.holders,
    coefficients: coefficients.map(encodeScalar),
    commSecret: encodeScalar(e),
    secretShare: null,
  };
  return { message, state };
}

/** Checks a round-1 message: schema, indices, t non-identity commitments, every proof. */
export function checkRound1(value: unknown, p: CeremonyParams, check = 'round1'): Round1Message {
  const m = parseWith(Round1MessageSchema, value, 'InvalidCeremony', check);
  if (m.electionId !== p.electionId) fail(`${check}.electionId`, 'wrong election');
  if (m.holder > p.holders) fail(`${check}.holder`, 'holder index out of range');
  if (m.commitments.length !== p.threshold || m.proofs.length !== p.threshold) fail(`${check}.commitments`, `expected ${p.threshold} commitments and proofs`);
  m.commitments.forEach((c, j) => {
    const K = decodePoint(c, `${check}.commitments[${j}]`);
    verifySchnorr(m.proofs[j]!, K, context(p, { purpose: 'coefficient', holder: m.holder, index: j }), `${check}.proofs[${j}]`);
  });
  const E = decodePoint(m.commKey, `${check}.commKey`);
  verifySchnorr(m.commKeyProof, E, context(p, { purpose: 'communication-key', holder: m.holder }), `${check}.commKeyProof`);
  return m;
}

function byHolder(round1Messages: readonly Round1Message[]): Map<number, Round1Message> {
  const map = new Map<number, Round1Message>();
  for (const m of round1Messages) {
    if (map.has(m.holder)) fail('round1.unique', `two round-1 messages from holder ${m.holder}`);
    map.set(m.holder, m);
  }
  return map;
}

// ---- round 2 ------------------------------------------------------------------------------

/** Round 2: P_i(ℓ) for every other holder ℓ, ECIES-encrypted to E_ℓ. `round1Messages` must be checked. */
export function round2(state: HolderState, round1Messages: readonly Round1Message[], p: CeremonyParams, rng: Rng = defaultRng): Round2Message {
  const coefficients = state.coefficients.map((c, j) => decodeScalar(c, `state.coefficients[${j}]`));
  const shares = [...byHolder(round1Messages).values()]
    .filter((m) => m.holder !== state.holder)
    .sort((x, y) => x.holder - y.holder)
    .map((m) => {
      const E = decodePoint(m.commKey, 'round1.commKey');
      const share = evaluatePolynomial(coefficients, m.holder);
      const ct = eciesEncrypt(E, scalarToBytes(share), shareAad(p, state.holder, m.holder), SHARE_INFO, rng);
      return { recipient: m.holder, ephemeral: encodePoint(ct.ephemeral), ciphertext: base64urlEncode(ct.ciphertext) };
    });
  return { v: 1, electionId: p.electionId, sender: state.holder, shares };
}

/** Checks a round-2 message: schema, exactly one share for every other holder, valid points. */
export function checkRound2(value: unknown, p: CeremonyParams, check = 'round2'): Round2Message {
  const m = parseWith(Round2MessageSchema, value, 'InvalidCeremony', check);
  if (m.electionId !== p.electionId) fail(`${check}.electionId`, 'wrong election');
  if (m.sender > p.holders) fail(`${check}.sender`, 'holder index out of range');
  const seen = new Set<number>();
  m.shares.forEach((s, k) => {
    const sc = `${check}.shares[${k}]`;
    if (s.recipient === m.sender || s.recipient > p.holders || seen.has(s.recipient)) fail(`${sc}.recipient`, 'bad or repeated recipient');
    seen.add(s.recipient);
    decodePoint(s.ephemeral, `${sc}.ephemeral`);
    if (base64urlDecode(s.ciphertext, undefined, `${sc}.ciphertext`).length !== 48) fail(`${sc}.ciphertext`, 'expected 32-byte share + 16-byte tag');
  });
  if (seen.size !== p.holders - 1) fail(`${check}.shares`, `expected a share for each of the other ${p.holders - 1} holders`);
  return m;
}

function feldmanCheck(share: bigint, commitments: readonly string[], recipient: number, check: string): boolean {
  const Ks = commitments.map((c, j) => decodePoint(c, `${check}.commitments[${j}]`));
  return mulSecret(G, share).equals(evaluateCommitments(Ks, recipient));
}

function encryptedShareFor(round2: Round2Message, recipient: number): { ephemeral: Point; ciphertext: Uint8Array } {
  const s = round2.shares.find((x) => x.recipient === recipient);
  if (s === undefined) fail('round2.shares', `no share for holder ${recipient}`);
  return { ephemeral: decodePoint(s.ephemeral, 'round2.ephemeral'), ciphertext: base64urlDecode(s.ciphertext, undefined, 'round2.ciphertext') };
}

/**
 * Holder ℓ decrypts the share `senderRound2` addresses to it and checks it against the sender's
 * commitments, P_i(ℓ)·G = Σ_j K_ij·ℓ^j. Returns P_i(ℓ); throws InvalidShare at
 * `receive.shares[i].ciphertext` (does not decrypt) or `receive.shares[i].commitments`
 * (inconsistent with the commitments). `senderRound1` must be checked.
 */
export function openShare(state: HolderState, senderRound1: Round1Message, senderRound2: Round2Message, p: CeremonyParams): bigint {
  const check = `receive.shares[${senderRound2.sender}]`;
  const e = decodeScalar(state.commSecret, 'state.commSecret');
  const enc = encryptedShareFor(senderRound2, state.holder);
  let share: bigint;
  try {
    share = scalarFromBytes(eciesDecrypt(e, mulSecret(G, e), enc, shareAad(p, senderRound2.sender, state.holder), SHARE_INFO), 'share');
  } catch (err) {
    throw new BallotLedgerError('InvalidShare', `${check}.ciphertext`, 'the share does not decrypt', { cause: err });
  }
  if (!feldmanCheck(share, senderRound1.commitments, state.holder, check)) throw new BallotLedgerError('InvalidShare', `${check}.commitments`, 'the share does not match the sender\'s commitments');
  return share;
}

/**
 * Holder ℓ opens every share addressed to it ({@link openShare}). Returns the valid shares (by
 * sender) and a publicly verifiable complaint for each share that fails.
 */
export function receiveShares(
  state: HolderState,
  round1Messages: readonly Round1Message[],
  round2Messages: readonly Round2Message[],
  p: CeremonyParams,
  rng: Rng = defaultRng,
): { shares: Map<number, bigint>; complaints: Complaint[] } {
  const r1 = byHolder(round1Messages);
  if (!r1.has(state.holder)) fail('receive.self', 'own round-1 message missing');
  const shares = new Map<number, bigint>();
  const complaints: Complaint[] = [];
  shares.set(state.holder, evaluatePolynomial(state.coefficients.map((c) => decodeScalar(c)), state.holder));
  for (const m2 of round2Messages) {
    if (m2.sender === state.holder) continue;
    const sender = r1.get(m2.sender);
    if (sender === undefined) continue;
    try {
      shares.set(m2.sender, openShare(state, sender, m2, p));
    } catch {
      complaints.push(complain(state, m2, p, rng));
    }
  }
  return { shares, complaints };
}

/** A complaint by holder ℓ against the sender of `accusedRound2`: reveals Z = e_ℓ·Y with a DLEQ proof. */
export function complain(state: HolderState, accusedRound2: Round2Message, p: CeremonyParams, rng: Rng = defaultRng): Complaint {
  const e = decodeScalar(state.commSecret, 'state.commSecret');
  const E = mulSecret(G, e);
  const enc = encryptedShareFor(accusedRound2, state.holder);
  const Z = mulSecret(enc.ephemeral, e);
  const ctx = context(p, { purpose: 'complaint', complainer: state.holder, accused: accusedRound2.sender });
  return {
    v: 1,
    electionId: p.electionId,
    complainer: state.holder,
    accused: accusedRound2.sender,
    sharedPoint: encodePoint(Z),
    proof: proveDleq(DST.complaintProof, e, { A: enc.ephemeral, X: E, Y: Z }, ctx, rng),
  };
}

/** Verdict on a complaint. */
export interface ComplaintVerdict {
  /** true: the accused sent a bad share (accused disqualified); false: the complaint is false (complainer disqualified). */
  readonly upheld: boolean;
  readonly reason: string;
}

/**
 * Checks a complaint publicly: verifies the DLEQ proof (else InvalidComplaint), decrypts the
 * accused's share with the revealed point and checks it against the accused's commitments.
 */
export function checkComplaint(
  value: unknown,
  round1Messages: readonly Round1Message[],
  round2Messages: readonly Round2Message[],
  p: CeremonyParams,
  check = 'complaint',
): ComplaintVerdict {
  const c = parseWith(ComplaintSchema, value, 'InvalidComplaint', check);
  if (c.electionId !== p.electionId) throw new BallotLedgerError('InvalidComplaint', `${check}.electionId`, 'wrong election');
  const r1 = byHolder(round1Messages);
  const complainer = r1.get(c.complainer);
  const accused = r1.get(c.accused);
  const m2 = round2Messages.find((m) => m.sender === c.accused);
  if (complainer === undefined || accused === undefined || m2 === undefined || c.complainer === c.accused) {
    throw new BallotLedgerError('InvalidComplaint', `${check}.parties`, 'unknown complainer or accused');
  }
  const E = decodePoint(complainer.commKey, `${check}.commKey`);
  const Z = decodePoint(c.sharedPoint, `${check}.sharedPoint`);
  const enc = encryptedShareFor(m2, c.complainer);
  try {
    verifyDleq(DST.complaintProof, c.proof, { A: enc.ephemeral, X: E, Y: Z }, context(p, { purpose: 'complaint', complainer: c.complainer, accused: c.accused }), `${check}.proof`);
  } catch (e) {
    throw new BallotLedgerError('InvalidComplaint', `${check}.proof`, (e as Error).message);
  }
  let share: bigint;
  try {
    share = scalarFromBytes(eciesDecryptWithSharedPoint(Z, E, enc, shareAad(p, c.accused, c.complainer), SHARE_INFO), 'share');
  } catch {
    return { upheld: true, reason: 'the share does not decrypt' };
  }
  return feldmanCheck(share, accused.commitments, c.complainer, check)
    ? { upheld: false, reason: 'the share matches the commitments: false complaint' }
    : { upheld: true, reason: 'the share does not match the commitments' };
}

// ---- finalize -----------------------------------------------------------------------------

/** Election base hash: binds the manifest, the parameters, the qualified set and every commitment. */
export function computeElectionBaseHash(p: CeremonyParams, qualified: readonly number[], jointKey: Point, round1Messages: readonly Round1Message[]): string {
  const r1 = byHolder(round1Messages);
  const t = new Transcript(DST.baseHash).text('electionId', p.electionId).bytes('manifestHash', base64urlDecode(p.manifestHash, 32)).int('threshold', p.threshold).int('holders', p.holders).ints('qualified', qualified).point('K', jointKey);
  for (const i of qualified) r1.get(i)!.commitments.forEach((c) => t.bytes('K_ij', base64urlDecode(c, 32)));
  return base64urlEncode(sha256(t.frame()));
}

/**
 * Deterministically computes the ceremony result from the public transcript: checks every
 * message and complaint, derives the qualified set, the joint key and the verification shares.
 * Throws InvalidCeremony if fewer than t holders qualify.
 */
export function finalizeCeremony(
  round1Messages: readonly unknown[],
  round2Messages: readonly unknown[],
  complaints: readonly unknown[],
  p: CeremonyParams,
): CeremonyResult {
  const r1: Round1Message[] = [];
  const bad = new Set<number>();
  round1Messages.forEach((m, k) => r1.push(checkRound1(m, p, `ceremony.round1[${k}]`)));
  const r1map = byHolder(r1);
  const r2: Round2Message[] = [];
  const senders = new Set<number>();
  round2Messages.forEach((m, k) => {
    const msg = checkRound2(m, p, `ceremony.round2[${k}]`);
    if (senders.has(msg.sender)) fail(`ceremony.round2[${k}]`, 'two round-2 messages from one holder');
    senders.add(msg.sender);
    r2.push(msg);
  });
  const seenComplaints = new Set<string>();
  complaints.forEach((c, k) => {
    const verdict = checkComplaint(c, r1, r2, p, `ceremony.complaints[${k}]`);
    const cc = c as Complaint;
    const key = `${cc.complainer}>${cc.accused}`;
    if (seenComplaints.has(key)) throw new BallotLedgerError('InvalidComplaint', `ceremony.complaints[${k}]`, 'duplicate complaint');
    seenComplaints.add(key);
    bad.add(verdict.upheld ? cc.accused : cc.complainer);
  });
  const qualified: number[] = [];
  for (let i = 1; i <= p.holders; i++) if (r1map.has(i) && senders.has(i) && !bad.has(i)) qualified.push(i);
  if (qualified.length < p.threshold) fail('ceremony.qualified', `only ${qualified.length} holders qualified, threshold is ${p.threshold}`);
  const commitments = new Map(qualified.map((i) => [i, r1map.get(i)!.commitments.map((c) => decodePoint(c))] as const));
  let K = IDENTITY;
  for (const i of qualified) K = K.add(commitments.get(i)![0]!);
  if (K.is0()) fail('ceremony.jointKey', 'joint key is the identity');
  const verificationShares = qualified.map((l) => {
    let S = IDENTITY;
    for (const i of qualified) S = S.add(evaluateCommitments(commitments.get(i)!, l));
    return { holder: l, share: encodePoint(S) };
  });
  return {
    v: 1,
    electionId: p.electionId,
    qualified,
    jointKey: encodePoint(K),
    verificationShares,
    electionBaseHash: computeElectionBaseHash(p, qualified, K, r1),
  };
}

/**
 * Holder ℓ's final secret share s_ℓ = Σ_{i∈Q} P_i(ℓ), checked against S_ℓ. Returns the updated
 * state (with `secretShare`). Throws InvalidShare if a share from a qualified holder is missing.
 */
export function holderSecretShare(state: HolderState, receivedShares: ReadonlyMap<number, bigint>, result: CeremonyResult): HolderState {
  if (!result.qualified.includes(state.holder)) throw new BallotLedgerError('InvalidShare', 'holder.qualified', 'this holder is not qualified');
  let s = 0n;
  for (const i of result.qualified) {
    const share = receivedShares.get(i);
    if (share === undefined) throw new BallotLedgerError('InvalidShare', `holder.shares[${i}]`, `no valid share from holder ${i}`);
    s = mod(s + share);
  }
  const S = result.verificationShares.find((v) => v.holder === state.holder);
  if (S === undefined || !mulSecret(G, s).equals(decodePoint(S.share))) throw new BallotLedgerError('InvalidShare', 'holder.verificationShare', 'secret share does not match the verification share');
  return { ...state, secretShare: encodeScalar(s) };
}

/** Parses a holder state (e.g. after opening a sealed backup). */
export function parseHolderState(value: unknown): HolderState {
  return parseWith(HolderStateSchema, value, 'InvalidArgument', 'holderState');
}

/** Verifies a complete ceremony transcript against the manifest: recomputes the result and compares. */
export function verifyCeremony(value: unknown, manifest: Manifest, check = 'ceremony'): CeremonyResult {
  const t: CeremonyTranscript = parseWith(CeremonyTranscriptSchema, value, 'InvalidCeremony', check);
  const p = ceremonyParams(manifest);
  const result = finalizeCeremony(t.round1, t.round2, t.complaints, p);
  if (canonicalBytes(result).join() !== canonicalBytes(t.result).join()) {
    const field = (['qualified', 'jointKey', 'verificationShares', 'electionBaseHash'] as const).find((f) => canonicalBytes(result[f]).join() !== canonicalBytes(t.result[f]).join()) ?? 'result';
    fail(`${check}.result.${field}`, 'published result differs from the one recomputed from the transcript');
  }
  return result;
}
