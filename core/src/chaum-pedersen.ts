// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module chaum-pedersen
 * Chaum–Pedersen proof of discrete-log equality (DLEQ): for public X = x·G and Y = x·A,
 *   t1 = w·G, t2 = w·A;  c = H_tag(context, A, X, Y, t1, t2);  z = w + c·x.
 * Verify: z·G = t1 + c·X and z·A = t2 + c·Y. Used for partial decryptions (X = S_ℓ, Y = M_ℓ)
 * and for key-ceremony complaints (X = E_ℓ, A = Y_ephemeral, Y = Z shared point).
 */
import { base64urlEncode } from './base64url.js';
import { evaluateEquation, type Equation } from './batch.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, G, mod, mulSecret, randomScalar, rawBytes32, type Point } from './group.js';
import { defaultRng, type Rng } from './rng.js';
import type { DleqProof } from './schemas.js';
import { Transcript, type DomainTag } from './transcript.js';

/** Public statement of a DLEQ proof: log_G(X) = log_A(Y). */
export interface DleqStatement {
  readonly A: Point;
  readonly X: Point;
  readonly Y: Point;
}

function challenge(tag: DomainTag, context: Uint8Array, s: DleqStatement, t1: Uint8Array, t2: Uint8Array): bigint {
  return new Transcript(tag)
    .bytes('context', context)
    .point('A', s.A)
    .point('X', s.X)
    .point('Y', s.Y)
    .bytes('t1', t1)
    .bytes('t2', t2)
    .challenge();
}

/** Proves log_G(X) = log_A(Y) = x. */
export function proveDleq(tag: DomainTag, x: bigint, s: DleqStatement, context: Uint8Array, rng: Rng = defaultRng): DleqProof {
  const w = randomScalar(rng);
  const t1 = mulSecret(G, w).toBytes();
  const t2 = mulSecret(s.A, w).toBytes();
  const c = challenge(tag, context, s, t1, t2);
  return { t1: base64urlEncode(t1), t2: base64urlEncode(t2), z: encodeScalar(mod(w + c * x)) };
}

/** The two verification equations (for batching). Throws on malformed encodings. */
export function dleqEquations(tag: DomainTag, proof: DleqProof, s: DleqStatement, context: Uint8Array, check: string): Equation[] {
  const t1 = decodePoint(proof.t1, `${check}.t1`);
  const t2 = decodePoint(proof.t2, `${check}.t2`);
  const z = decodeScalar(proof.z, `${check}.z`);
  const c = challenge(tag, context, s, rawBytes32(proof.t1, `${check}.t1`), rawBytes32(proof.t2, `${check}.t2`));
  return [
    { g: z, k: 0n, terms: [[t1, -1n], [s.X, -c]], check },
    { g: 0n, k: 0n, terms: [[s.A, z], [t2, -1n], [s.Y, -c]], check },
  ];
}

/** Verifies a DLEQ proof, throwing InvalidProof at `check`. */
export function verifyDleq(tag: DomainTag, proof: DleqProof, s: DleqStatement, context: Uint8Array, check = 'dleq'): void {
  for (const eq of dleqEquations(tag, proof, s, context, check)) {
    if (!evaluateEquation(eq, null)) throw new BallotLedgerError('InvalidProof', check, 'Chaum–Pedersen proof does not verify');
  }
}
