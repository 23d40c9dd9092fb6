// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module accel
 * Opt-in acceleration for Node consumers (chaincode, gateway, CLI verifier, benchmarks):
 *
 *   import { initFastVerification } from '@ballotledger/core';
 *   await initFastVerification();   // once, at start-up (or lazily before the first ballot)
 *
 * It loads, through a dynamic import() so that a browser bundle that never calls it never
 * fetches it, libsodium-wrappers-sumo (libsodium compiled to WebAssembly) and uses its audited
 * ristretto255 operations (crypto_scalarmult_ristretto255[_base], crypto_core_ristretto255_add,
 * crypto_core_ristretto255_is_valid_point) for ballot verification and for the prover's
 * constant-time multiplications. No curve arithmetic of our own is involved. libsodium compiles
 * WebAssembly, which the web app's CSP (no 'wasm-unsafe-eval') forbids: the browser keeps the
 * pure @noble/curves reference, which stays the default everywhere.
 *
 * Verdicts do not change: the accelerated verifier only ever *accepts*; any ballot (or batch)
 * it does not accept is handed to the reference code, which decides and names the failed check.
 * Accepting means that every point is a valid encoding and that the reference's batch equation
 * (same weights, same points) holds, established by exact algebra (fast/sodium-verify.ts).
 */
import type { BallotContext } from './ballot.js';
import type { ProverOps } from './prover-ops.js';
import type { Ballot, EncryptedTally, Manifest } from './schemas.js';
import type { BallotChunkResult, BallotChunkTask } from './verify-record.js';

/** What an accelerator provides (internal; see fast/backend.ts). */
export interface Accelerator {
  readonly description: string;
  /** True only if the ballot is valid; never throws. */
  acceptsBallot(value: unknown, ctx: BallotContext, check: string): boolean;
  /** Same result as the reference chunk verifier (falls back to it batch by batch). */
  verifyBallotChunk(task: BallotChunkTask): BallotChunkResult;
  /** True only if every text is a point decodePoint accepts (valid, not the identity); never throws. */
  acceptsPoints(texts: readonly string[]): boolean;
  /**
   * The per-option sums of these ballots' selections (ballots already shape-checked against the
   * manifest), or null if any selection is not a point decodeCiphertext accepts; never throws.
   */
  sumBallots(manifest: Manifest, ballots: readonly Ballot[]): EncryptedTally | null;
  /** Constant-time prover operations for the key with these bytes, or null (reference prover). */
  readonly proverOps: ((KBytes: Uint8Array) => ProverOps<unknown>) | null;
}

/** Options of {@link initFastVerification}. */
export interface FastVerificationOptions {
  /** Also use libsodium for the prover (encryptBallot). Default true. */
  readonly prover?: boolean;
}

let current: Accelerator | null = null;
let loading: Promise<Accelerator> | null = null;

/** The active accelerator, or null (reference code only). */
export function getAccelerator(): Accelerator | null {
  return current;
}

/**
 * Enables the libsodium fast paths (Node only; idempotent; safe to call concurrently).
 * Rejects, leaving the reference path active, if libsodium cannot load or fails its self-test.
 * Returns a one-line description of what is active.
 */
export async function initFastVerification(options: FastVerificationOptions = {}): Promise<string> {
  if (current !== null) return current.description;
  loading ??= import('./fast/backend.js').then((m) => m.createAccelerator({ prover: options.prover ?? true }));
  try {
    current = await loading;
  } finally {
    loading = null;
  }
  return current.description;
}

/** Back to the pure-noble reference everywhere (tests, or to compare both paths). */
export function disableFastVerification(): void {
  current = null;
}

/** Whether {@link initFastVerification} is in effect. */
export function fastVerificationEnabled(): boolean {
  return current !== null;
}
