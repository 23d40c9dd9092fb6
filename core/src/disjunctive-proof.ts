// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module disjunctive-proof
 * Disjunctive Chaum–Pedersen proof (CDS OR-composition) that an ElGamal ciphertext (α, β)
 * encrypts one value of an explicit allowed set M = [m_0, …, m_{k-1}]:
 *   ∃ r, j:  α = r·G  and  β − m_j·G = r·K.
 * Branch j has commitments (A_j, B_j), challenge c_j and response z_j with
 *   z_j·G = A_j + c_j·α,   z_j·K = B_j + c_j·(β − m_j·G),   Σ_j c_j = H(transcript).
 * The transcript holds the caller's context and statement, K, the allowed set and every
 * commitment (strong Fiat–Shamir). α and β may be linear combinations of ciphertext parts
 * (the weighted contest sum), given as terms, so nothing is summed before verification.
 * Proving uses fixed-base multiplications only: a simulated branch is
 *   A_j = t·G,  B_j = t·K − c_j(m − m_j)·G  with t = z_j − c_j·r.
 */
import { base64urlEncode } from './base64url.js';
import type { Equation } from './batch.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, mod, randomScalar, rawBytes32, type Point, type PointDecoder } from './group.js';
import { defaultRng, type Rng } from './rng.js';
import type { DisjunctiveProof } from './schemas.js';
import type { Transcript } from './transcript.js';
import { nobleProverOps, type ProverOps } from './prover-ops.js';

/** α or β as Σ coefficient·point. */
export type LinearTerms<P = Point> = ReadonlyArray<readonly [P, bigint]>;

/**
 * Proves that the ciphertext with nonce `r` encrypts `m` ∈ `allowed`. `t` must already hold the
 * context and statement; the allowed set and the commitments are absorbed here.
 */
export function proveDisjunctive(
  t: Transcript,
  key: Point,
  r: bigint,
  m: number,
  allowed: readonly number[],
  rng: Rng = defaultRng,
): DisjunctiveProof {
  return proveDisjunctiveWith(nobleProverOps(key), t, r, m, allowed, rng);
}

/** {@link proveDisjunctive} on any constant-time prover backend (byte-identical output). */
export function proveDisjunctiveWith<P>(
  ops: ProverOps<P>,
  t: Transcript,
  r: bigint,
  m: number,
  allowed: readonly number[],
  rng: Rng = defaultRng,
): DisjunctiveProof {
  const real = allowed.indexOf(m);
  if (real < 0) throw new BallotLedgerError('InvalidChoice', 'proof.value', `value ${m} is not in the allowed set`);
  t.ints('allowed', allowed);
  const cs: bigint[] = [];
  const zs: bigint[] = [];
  const As: Uint8Array[] = [];
  const Bs: Uint8Array[] = [];
  let w = 0n;
  for (let j = 0; j < allowed.length; j++) {
    if (j === real) {
      w = randomScalar(rng);
      As.push(ops.toBytes(ops.base(w)));
      Bs.push(ops.toBytes(ops.mulKey(w)));
      cs.push(0n);
      zs.push(0n);
    } else {
      const c = randomScalar(rng);
      const z = randomScalar(rng);
      const tt = mod(z - c * r);
      As.push(ops.toBytes(ops.base(tt)));
      Bs.push(ops.toBytes(ops.add(ops.mulKey(tt), ops.base(mod(-c * BigInt(m - allowed[j]!))))));
      cs.push(c);
      zs.push(z);
    }
    t.bytes('A', As[j]!).bytes('B', Bs[j]!);
  }
  const total = t.challenge();
  const cReal = mod(total - cs.reduce((s, c) => s + c, 0n));
  cs[real] = cReal;
  zs[real] = mod(w + cReal * r);
  return allowed.map((_, j) => ({
    A: base64urlEncode(As[j]!),
    B: base64urlEncode(Bs[j]!),
    c: encodeScalar(cs[j]!),
    z: encodeScalar(zs[j]!),
  }));
}

/**
 * Checks the challenge sum and returns the 2k group equations of the proof for batching.
 * Throws InvalidProof (wrong branch count, challenge sum) or InvalidPoint/InvalidScalar.
 */
export function disjunctiveEquations<P = Point>(
  t: Transcript,
  proof: DisjunctiveProof,
  alpha: LinearTerms<P>,
  beta: LinearTerms<P>,
  allowed: readonly number[],
  check: string,
  decode: PointDecoder<P> = decodePoint as unknown as PointDecoder<P>,
): Equation<P>[] {
  if (proof.length !== allowed.length) {
    throw new BallotLedgerError('InvalidProof', check, `expected ${allowed.length} branches, got ${proof.length}`);
  }
  t.ints('allowed', allowed);
  const eqs: Equation<P>[] = [];
  let sum = 0n;
  proof.forEach((br, j) => {
    const bc = `${check}.branch[${j}]`;
    const A = decode(br.A, `${bc}.A`);
    const B = decode(br.B, `${bc}.B`);
    const c = decodeScalar(br.c, `${bc}.c`);
    const z = decodeScalar(br.z, `${bc}.z`);
    t.bytes('A', rawBytes32(br.A, `${bc}.A`)).bytes('B', rawBytes32(br.B, `${bc}.B`));
    sum += c;
    eqs.push({ g: z, k: 0n, terms: [[A, -1n], ...alpha.map(([p, k]) => [p, -c * k] as const)], check });
    eqs.push({ g: c * BigInt(allowed[j]!), k: z, terms: [[B, -1n], ...beta.map(([p, k]) => [p, -c * k] as const)], check });
  });
  if (mod(sum) !== t.challenge()) throw new BallotLedgerError('InvalidProof', check, 'branch challenges do not sum to the Fiat–Shamir challenge');
  return eqs;
}
