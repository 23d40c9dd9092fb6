// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module schnorr
 * Schnorr proof of knowledge of x with X = x·G (key-ceremony coefficients, communication keys).
 *   h = w·G;  c = H_schnorr(context, X, h);  u = w + c·x.   Verify: u·G = h + c·X.
 * The proof carries h (expanded form) so that verification batches.
 */
import { base64urlEncode } from './base64url.js';
import { evaluateEquation, type Equation } from './batch.js';
import { BallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, G, mod, mulSecret, randomScalar, rawBytes32, type Point } from './group.js';
import { defaultRng, type Rng } from './rng.js';
import type { SchnorrProof } from './schemas.js';
import { DST, Transcript } from './transcript.js';

function challenge(context: Uint8Array, X: Uint8Array, h: Uint8Array): bigint {
  return new Transcript(DST.schnorr).bytes('context', context).bytes('X', X).bytes('h', h).challenge();
}

/** Proves knowledge of `x` for X = x·G, bound to `context`. */
export function proveSchnorr(x: bigint, X: Point, context: Uint8Array, rng: Rng = defaultRng): SchnorrProof {
  const w = randomScalar(rng);
  const h = mulSecret(G, w).toBytes();
  const c = challenge(context, X.toBytes(), h);
  return { h: base64urlEncode(h), u: encodeScalar(mod(w + c * x)) };
}

/** The verification equation u·G − h − c·X = O (for batching). Throws on malformed encodings. */
export function schnorrEquation(proof: SchnorrProof, X: Point, XBytes: Uint8Array, context: Uint8Array, check: string): Equation {
  const h = decodePoint(proof.h, `${check}.h`);
  const u = decodeScalar(proof.u, `${check}.u`);
  const c = challenge(context, XBytes, rawBytes32(proof.h, `${check}.h`));
  return { g: u, k: 0n, terms: [[h, -1n], [X, -c]], check };
}

/** Verifies a Schnorr proof of knowledge, throwing InvalidProof at `check` on failure. */
export function verifySchnorr(proof: SchnorrProof, X: Point, context: Uint8Array, check = 'schnorr'): void {
  const eq = schnorrEquation(proof, X, X.toBytes(), context, check);
  if (!evaluateEquation(eq, null)) throw new BallotLedgerError('InvalidProof', check, 'Schnorr proof of knowledge does not verify');
}
