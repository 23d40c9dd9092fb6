// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module ballot
 * Ballot encryption and verification. Per option: (a, b) = (r·G, v·G + r·K) with a
 * disjunctive proof that v is in the option's allowed set; per contest: a disjunctive proof
 * that the weighted sum is an allowed total (omitted when every reachable sum is allowed).
 * Every transcript binds the election base hash, election id, ballot id, the voter's public
 * credential, the contest id and (for options) the option index, so a ballot or a proof copied
 * into another voter's ballot fails (Cortier–Smyth replay). The ballot is signed with the
 * credential key over its canonical bytes without the signature.
 * Tracker = SHA-256 of the canonical ballot bytes. Benaloh challenge: {@link spoilBallot} /
 * {@link verifySpoiledBallot}.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { verifyEquations, type Equation } from './batch.js';
import { canonicalBytes } from './codec.js';
import { credentialScalar, signatureEquation, signMessageWith } from './credential.js';
import { disjunctiveEquations, proveDisjunctiveWith, type LinearTerms } from './disjunctive-proof.js';
import { nobleProverOps, type ProverOps } from './prover-ops.js';
import { encrypt } from './elgamal.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, mod, precomputeBase, randomScalar, rawBytes32, type Point, type PointDecoder } from './group.js';
import { getAccelerator } from './accel.js';
import { contestConstraints, type ContestConstraints } from './manifest.js';
import { defaultRng, type Rng } from './rng.js';
import { BallotSchema, SpoilRevealSchema, type Ballot, type ContestBallot, type Manifest, type SpoilReveal } from './schemas.js';
import { DST, Transcript } from './transcript.js';
import { parseWith } from './validate.js';

/** What ballot encryption and verification need to know about the election. */
export interface BallotContext {
  readonly manifest: Manifest;
  /** Joint election key K (base64url). */
  readonly jointKey: string;
  /** Election base hash (base64url, from the ceremony result). */
  readonly electionBaseHash: string;
  /** Registration check; omitted = any valid credential is accepted. */
  readonly isRegisteredCredential?: (publicCredential: string) => boolean;
}

/** The byte-level part of a prepared context: what transcripts and bindings need (no group decoding). */
export interface BallotContextBytes {
  readonly ctx: BallotContext;
  readonly KBytes: Uint8Array;
  readonly baseHash: Uint8Array;
  readonly constraints: readonly ContestConstraints[];
}

/** Decoded, precomputed form of a {@link BallotContext} (cached per context object). */
export interface PreparedBallotContext extends BallotContextBytes {
  readonly K: Point;
}

const prepared = new WeakMap<BallotContext, PreparedBallotContext>();
const preparedBytes = new WeakMap<BallotContext, BallotContextBytes>();

/**
 * The byte-level preparation of a context (key bytes, base hash, contest constraints), without
 * decoding the key or building its table. Used by the accelerated verifier.
 */
export function ballotContextBytes(ctx: BallotContext): BallotContextBytes {
  const full = prepared.get(ctx);
  if (full !== undefined) return full;
  let p = preparedBytes.get(ctx);
  if (p === undefined) {
    p = {
      ctx,
      KBytes: base64urlDecode(ctx.jointKey, 32, 'context.jointKey'),
      baseHash: base64urlDecode(ctx.electionBaseHash, 32, 'context.electionBaseHash'),
      constraints: ctx.manifest.contests.map(contestConstraints),
    };
    preparedBytes.set(ctx, p);
  }
  return p;
}

/** Decodes the key (with a fixed-base table) and derives every contest's constraints, once. */
export function prepareBallotContext(ctx: BallotContext): PreparedBallotContext {
  let p = prepared.get(ctx);
  if (p === undefined) {
    const K = precomputeBase(decodePoint(ctx.jointKey, 'context.jointKey'));
    p = {
      ctx,
      K,
      KBytes: base64urlDecode(ctx.jointKey, 32),
      baseHash: base64urlDecode(ctx.electionBaseHash, 32, 'context.electionBaseHash'),
      constraints: ctx.manifest.contests.map(contestConstraints),
    };
    prepared.set(ctx, p);
  }
  return p;
}

/** Secret side of an encrypted ballot: every value and nonce (the Benaloh reveal). */
export type BallotSecrets = SpoilReveal;

/** Result of {@link encryptBallot}. */
export interface EncryptedBallot {
  readonly ballot: Ballot;
  readonly secrets: BallotSecrets;
  readonly tracker: string;
}

function baseTranscript(tag: typeof DST.rangeProof | typeof DST.contestProof, p: BallotContextBytes, b: Ballot, cred: Uint8Array, contestId: string): Transcript {
  return new Transcript(tag)
    .bytes('baseHash', p.baseHash)
    .text('electionId', b.electionId)
    .text('ballotId', b.ballotId)
    .bytes('credential', cred)
    .text('contestId', contestId)
    .bytes('K', p.KBytes);
}

/** Checks that `choices` (per contest, per option) satisfy the manifest; throws InvalidChoice. */
export function checkChoices(manifest: Manifest, choices: readonly (readonly number[])[]): void {
  if (choices.length !== manifest.contests.length) throw new BallotLedgerError('InvalidChoice', 'choices', 'one entry per contest expected');
  manifest.contests.forEach((contest, ci) => {
    const k = contestConstraints(contest);
    const values = choices[ci]!;
    const check = `choices[${ci}]`;
    if (values.length !== contest.options.length) throw new BallotLedgerError('InvalidChoice', check, 'one value per option expected');
    values.forEach((v, oi) => {
      if (!Number.isSafeInteger(v) || !k.optionValues[oi]!.includes(v)) throw new BallotLedgerError('InvalidChoice', `${check}[${oi}]`, `value ${v} not allowed`);
    });
    const sum = values.reduce((s, v, oi) => s + k.weights[oi]! * v, 0);
    const sums = k.allowedSums;
    if (sums !== null && !sums.includes(sum)) throw new BallotLedgerError('InvalidChoice', check, `total ${sum} not allowed`);
  });
}

/** The message a ballot signature covers: canonical bytes of the ballot without `signature`. */
export function ballotSigningBytes(ballot: Omit<Ballot, 'signature'> | Ballot): Uint8Array {
  const { signature: _ignored, ...rest } = ballot as Ballot;
  return canonicalBytes(rest);
}

/**
 * Encrypts `choices[contest][option]` for the voter holding `credentialSecret`. Returns the
 * signed ballot, its secrets (keep them only for a Benaloh challenge) and its tracker.
 */
export type BallotEncrypter = (
  ctx: BallotContext,
  choices: readonly (readonly number[])[],
  credentialSecret: string,
  rng?: Rng,
  ballotId?: string,
  onProgress?: EncryptionProgress,
) => EncryptedBallot;

/**
 * Called after each proof (every option's range proof, every contest's sum proof) and after the
 * signature, with the steps done and their total: a progress bar for slow devices.
 */
export type EncryptionProgress = (done: number, total: number) => void;

/** {@link BallotEncrypter} on libsodium after initFastVerification (Node), else the reference. */
export const encryptBallot: BallotEncrypter = (ctx, choices, credentialSecret, rng = defaultRng, ballotId, onProgress) => {
  const accel = getAccelerator();
  if (accel === null || accel.proverOps === null) return encryptBallotReference(ctx, choices, credentialSecret, rng, ballotId, onProgress);
  checkChoices(ctx.manifest, choices);
  const p = ballotContextBytes(ctx);
  return encryptBallotWith(accel.proverOps(p.KBytes), p, choices, credentialSecret, rng, ballotId, onProgress);
};

/** {@link BallotEncrypter} on @noble/curves only (the reference; what the browser runs). */
export const encryptBallotReference: BallotEncrypter = (ctx, choices, credentialSecret, rng = defaultRng, ballotId, onProgress) => {
  checkChoices(ctx.manifest, choices);
  const p = prepareBallotContext(ctx);
  return encryptBallotWith(nobleProverOps(p.K), p, choices, credentialSecret, rng, ballotId, onProgress);
};

function encryptWith<P>(ops: ProverOps<P>, m: number, r: bigint, maxValue: number): { a: P; b: P } {
  const mG = maxValue <= 1024 && m >= 0 && m <= maxValue ? ops.smallBase(m, maxValue) : ops.base(mod(BigInt(m)));
  return { a: ops.base(r), b: ops.add(mG, ops.mulKey(r)) };
}

function encryptBallotWith<P>(
  ops: ProverOps<P>,
  p: BallotContextBytes,
  choices: readonly (readonly number[])[],
  credentialSecret: string,
  rng: Rng,
  ballotId?: string,
  onProgress?: EncryptionProgress,
): EncryptedBallot {
  const manifest = p.ctx.manifest;
  // range proofs, sum proofs, the signature
  const total = p.constraints.reduce((n, k) => n + k.weights.length + (k.allowedSums === null ? 0 : 1), 1);
  let done = 0;
  const step = (): void => onProgress?.(++done, total);
  const x = credentialScalar(manifest.electionId, credentialSecret);
  const credBytes = ops.toBytes(ops.base(x));
  const header = { v: 1 as const, electionId: manifest.electionId, ballotId: ballotId ?? `b${base64urlEncode(rng(16))}`, credential: base64urlEncode(credBytes) };
  const secrets: BallotSecrets = { v: 1, ballotId: header.ballotId, contests: [] };
  const contests: ContestBallot[] = manifest.contests.map((contest, ci) => {
    const k = p.constraints[ci]!;
    const values = choices[ci]!;
    const nonces = values.map(() => randomScalar(rng));
    const cts = values.map((v, oi) => encryptWith(ops, v, nonces[oi]!, contest.options[oi]!.maxValue));
    const ctBytes = cts.map((c) => [ops.toBytes(c.a), ops.toBytes(c.b)] as const);
    const selections = values.map((v, oi) => {
      const [aB, bB] = ctBytes[oi]!;
      const t = baseTranscript(DST.rangeProof, p, header as Ballot, credBytes, contest.contestId).int('option', oi).bytes('a', aB).bytes('b', bB);
      const proof = proveDisjunctiveWith(ops, t, nonces[oi]!, v, k.optionValues[oi]!, rng);
      step();
      return { a: base64urlEncode(aB), b: base64urlEncode(bB), proof };
    });
    let sumProof = null;
    if (k.allowedSums !== null) {
      const t = baseTranscript(DST.contestProof, p, header as Ballot, credBytes, contest.contestId).ints('weights', k.weights);
      ctBytes.forEach(([aB, bB]) => t.bytes('a', aB).bytes('b', bB));
      const R = mod(nonces.reduce((s, r, oi) => s + BigInt(k.weights[oi]!) * r, 0n));
      const V = values.reduce((s, v, oi) => s + k.weights[oi]! * v, 0);
      sumProof = proveDisjunctiveWith(ops, t, R, V, k.allowedSums, rng);
      step();
    }
    secrets.contests.push({ contestId: contest.contestId, selections: values.map((v, oi) => ({ value: v, nonce: encodeScalar(nonces[oi]!) })) });
    return { contestId: contest.contestId, selections, sumProof };
  });
  const unsigned = { ...header, contests };
  const signature = signMessageWith((s) => ops.toBytes(ops.base(s)), x, credBytes, ballotSigningBytes(unsigned), rng);
  step();
  const ballot: Ballot = { ...unsigned, signature };
  return { ballot, secrets, tracker: ballotTracker(ballot) };
}

/** Tracker: lowercase hex SHA-256 of the canonical ballot bytes. */
export function ballotTracker(ballot: Ballot): string {
  return bytesToHex(sha256(canonicalBytes(ballot)));
}

/** Short human form of a tracker: first 64 bits as four upper-case groups, e.g. `9F3A-01BC-77D2-E410`. */
export function shortTracker(tracker: string): string {
  return (tracker.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');
}

/** Schema check and structural binding of a ballot to the manifest (no cryptography). */
export function parseBallot(value: unknown, manifest: Manifest, check = 'ballot'): Ballot {
  const b = parseWith(BallotSchema, value, 'InvalidBallot', check);
  if (b.electionId !== manifest.electionId) throw new BallotLedgerError('InvalidBallot', `${check}.electionId`, 'ballot is for another election');
  if (b.contests.length !== manifest.contests.length) throw new BallotLedgerError('InvalidBallot', `${check}.contests`, 'wrong number of contests');
  b.contests.forEach((c, ci) => {
    const mc = manifest.contests[ci]!;
    const cc = `${check}.contests[${ci}]`;
    if (c.contestId !== mc.contestId) throw new BallotLedgerError('InvalidBallot', `${cc}.contestId`, `expected ${mc.contestId}`);
    if (c.selections.length !== mc.options.length) throw new BallotLedgerError('InvalidBallot', `${cc}.selections`, 'wrong number of selections');
    const needsSum = contestConstraints(mc).allowedSums !== null;
    if (needsSum !== (c.sumProof !== null)) throw new BallotLedgerError('InvalidBallot', `${cc}.sumProof`, needsSum ? 'missing contest sum proof' : 'unexpected contest sum proof');
  });
  return b;
}

/** Decoded ciphertexts of a ballot, per contest and option. */
export type DecodedSelections<P = Point> = ReadonlyArray<ReadonlyArray<{ readonly a: P; readonly b: P }>>;

/** Everything needed to batch-verify one ballot. */
export interface BallotEquations<P = Point> {
  readonly equations: Equation<P>[];
  /** Batch seed: SHA-256 of the canonical ballot bytes (= the tracker bytes). */
  readonly seed: Uint8Array;
  readonly selections: DecodedSelections<P>;
}

/**
 * Checks schema, bindings, registration and every Fiat–Shamir challenge, decodes every point,
 * and returns the group equations of all proofs and the signature (not yet checked).
 */
export function ballotEquations(value: unknown, ctx: BallotContext, check = 'ballot'): BallotEquations {
  return ballotEquationsWith(value, prepareBallotContext(ctx), check, decodePoint);
}

/**
 * {@link ballotEquations} with any point decoder (the one code path for the reference and the
 * accelerated verifier: same checks, same order, same names).
 */
export function ballotEquationsWith<P>(value: unknown, p: BallotContextBytes, check: string, decode: PointDecoder<P>): BallotEquations<P> {
  const ctx = p.ctx;
  const b = parseBallot(value, ctx.manifest, check);
  if (ctx.isRegisteredCredential !== undefined && !ctx.isRegisteredCredential(b.credential)) {
    throw new BallotLedgerError('UnknownCredential', `${check}.credential`, 'credential is not registered');
  }
  const X = decode(b.credential, `${check}.credential`);
  const credBytes = rawBytes32(b.credential, `${check}.credential`);
  const equations: Equation<P>[] = [];
  const selections = b.contests.map((c, ci) => {
    const k = p.constraints[ci]!;
    const cc = `${check}.contests[${ci}]`;
    const dec = c.selections.map((s, oi) => ({ a: decode(s.a, `${cc}.selections[${oi}].a`), b: decode(s.b, `${cc}.selections[${oi}].b`, true) }));
    c.selections.forEach((s, oi) => {
      const sc = `${cc}.selections[${oi}].proof`;
      const t = baseTranscript(DST.rangeProof, p, b, credBytes, c.contestId).int('option', oi).bytes('a', rawBytes32(s.a, sc)).bytes('b', rawBytes32(s.b, sc));
      const d = dec[oi]!;
      equations.push(...disjunctiveEquations<P>(t, s.proof, [[d.a, 1n]], [[d.b, 1n]], k.optionValues[oi]!, sc, decode));
    });
    if (c.sumProof !== null && k.allowedSums !== null) {
      const sc = `${cc}.sumProof`;
      const t = baseTranscript(DST.contestProof, p, b, credBytes, c.contestId).ints('weights', k.weights);
      c.selections.forEach((s) => t.bytes('a', rawBytes32(s.a, sc)).bytes('b', rawBytes32(s.b, sc)));
      const alpha: LinearTerms<P> = dec.map((d, oi) => [d.a, BigInt(k.weights[oi]!)] as const);
      const beta: LinearTerms<P> = dec.map((d, oi) => [d.b, BigInt(k.weights[oi]!)] as const);
      equations.push(...disjunctiveEquations<P>(t, c.sumProof, alpha, beta, k.allowedSums, sc, decode));
    }
    return dec;
  });
  equations.push(signatureEquation<P>(b.signature, X, credBytes, ballotSigningBytes(b), `${check}.signature`, decode));
  return { equations, seed: sha256(canonicalBytes(b)), selections };
}

function failedEquation(checkName: string): BallotLedgerError {
  const code = checkName.endsWith('.signature') ? 'InvalidSignature' : 'InvalidProof';
  return new BallotLedgerError(code, checkName, code === 'InvalidSignature' ? 'ballot signature does not verify' : 'proof equation does not hold');
}

/** Throws the error for a failed batch (exported for the record verifier). */
export function throwFailedEquation(checkName: string): never {
  throw failedEquation(checkName);
}

/**
 * Verifies a ballot completely: schema, canonical encodings, bindings to the manifest,
 * registration, every range and contest proof and the signature. Deterministic (no RNG, no
 * clock). Throws a {@link BallotLedgerError} naming the failed check; returns the ballot.
 *
 * With {@link initFastVerification} done (Node), a ballot the accelerated verifier accepts is
 * returned at once; everything else — every rejection — is decided by
 * {@link verifyBallotReference}, so the error code and check name are the reference's.
 */
export function verifyBallot(value: unknown, ctx: BallotContext, check = 'ballot'): Ballot {
  const accel = getAccelerator();
  if (accel !== null && accel.acceptsBallot(value, ctx, check)) return value as Ballot;
  return verifyBallotReference(value, ctx, check);
}

/** The pure-noble verifier (the reference; what {@link verifyBallot} does without acceleration). */
export function verifyBallotReference(value: unknown, ctx: BallotContext, check = 'ballot'): Ballot {
  const { equations, seed } = ballotEquations(value, ctx, check);
  const failed = verifyEquations(equations, prepareBallotContext(ctx).K, seed);
  if (failed !== null) throw failedEquation(failed);
  return value as Ballot;
}

/** Benaloh challenge: the ballot plus the reveal of every value and nonce. Never cast it afterwards. */
export function spoilBallot(encrypted: EncryptedBallot): { ballot: Ballot; reveal: SpoilReveal; tracker: string } {
  return { ballot: encrypted.ballot, reveal: encrypted.secrets, tracker: encrypted.tracker };
}

/**
 * Verifies a spoiled ballot: the ballot itself, then re-encrypts every revealed (value, nonce)
 * and compares. Returns the revealed choices so the voter can compare them with what they chose.
 */
export function verifySpoiledBallot(ballot: unknown, reveal: unknown, ctx: BallotContext, check = 'spoiled'): number[][] {
  const b = verifyBallot(ballot, ctx, `${check}.ballot`);
  const r = parseWith(SpoilRevealSchema, reveal, 'InvalidBallot', `${check}.reveal`);
  const p = prepareBallotContext(ctx);
  if (r.ballotId !== b.ballotId) throw new BallotLedgerError('InvalidBallot', `${check}.reveal.ballotId`, 'reveal is for another ballot');
  if (r.contests.length !== b.contests.length) throw new BallotLedgerError('InvalidBallot', `${check}.reveal.contests`, 'wrong number of contests');
  const choices = b.contests.map((c, ci) => {
    const rc = r.contests[ci]!;
    const cc = `${check}.reveal.contests[${ci}]`;
    if (rc.contestId !== c.contestId || rc.selections.length !== c.selections.length) throw new BallotLedgerError('InvalidBallot', cc, 'reveal does not match the ballot');
    return c.selections.map((s, oi) => {
      const { value, nonce } = rc.selections[oi]!;
      const ct = encrypt(p.K, BigInt(value), decodeScalar(nonce, `${cc}.selections[${oi}].nonce`));
      if (base64urlEncode(ct.a.toBytes()) !== s.a || base64urlEncode(ct.b.toBytes()) !== s.b) {
        throw new BallotLedgerError('InvalidBallot', `${cc}.selections[${oi}]`, 'revealed value and nonce do not re-encrypt to the ciphertext');
      }
      return value;
    });
  });
  checkChoices(ctx.manifest, choices);
  return choices;
}
