// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module errors
 * The one error type of the core layer. Every check names itself, so a verifier, the chaincode
 * (`[Code] message`) and the gateway (HTTP mapping) can tell exactly what failed.
 */

/** Closed set of error codes. Add a code only together with a docs/protocol.md entry. */
export const ERROR_CODES = [
  'InvalidEncoding',
  'InvalidPoint',
  'InvalidScalar',
  'InvalidManifest',
  'InvalidBallot',
  'InvalidChoice',
  'InvalidProof',
  'InvalidSignature',
  'UnknownCredential',
  'DuplicateBallot',
  'InvalidCeremony',
  'InvalidShare',
  'InvalidComplaint',
  'InsufficientShares',
  'InvalidDecryption',
  'InvalidTally',
  'InvalidRecord',
  'InvalidArgument',
  'DecryptionFailed',
  /** The verifier itself could not finish a check (e.g. a worker thread died); says nothing about the input. */
  'VerifierFailure',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Error thrown by every core function; `check` names the failed check (e.g. `ballot.contest[0].option[2].rangeProof`). */
export class BallotLedgerError extends Error {
  readonly code: ErrorCode;
  readonly check: string;

  constructor(code: ErrorCode, check: string, message: string, options?: { cause?: unknown }) {
    super(`[${code}] ${check}: ${message}`, options);
    this.name = 'BallotLedgerError';
    this.code = code;
    this.check = check;
  }
}

/** Throws a {@link BallotLedgerError} unless `condition` holds. */
export function ensure(condition: boolean, code: ErrorCode, check: string, message: string): asserts condition {
  if (!condition) throw new BallotLedgerError(code, check, message);
}

/** True when `e` is a {@link BallotLedgerError} (optionally with the given code). */
export function isBallotLedgerError(e: unknown, code?: ErrorCode): e is BallotLedgerError {
  return e instanceof BallotLedgerError && (code === undefined || e.code === code);
}
