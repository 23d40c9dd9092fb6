/** Turns core's errors (code + failed check) into the chaincode's `[Code]` errors. */
import { isBallotLedgerError, type ErrorCode } from '@ballotledger/core';
import { ChaincodeError, type ChaincodeErrorCode } from './errors.js';

const BALLOT_CODES: Partial<Record<ErrorCode, ChaincodeErrorCode>> = {
  InvalidSignature: 'InvalidSignature',
  InvalidProof: 'InvalidProof',
  UnknownCredential: 'UnknownCredential',
};

/**
 * Runs `fn`; a core error becomes a ChaincodeError carrying the failed check. With `code`, every
 * core error gets that code (e.g. any defect in a ceremony message is InvalidCeremonyMessage);
 * without it, ballot errors keep their specific code and the rest are InvalidBallot.
 */
export function asChaincodeError<T>(fn: () => T, code?: ChaincodeErrorCode): T {
  try {
    return fn();
  } catch (e) {
    if (isBallotLedgerError(e)) throw new ChaincodeError(code ?? BALLOT_CODES[e.code] ?? 'InvalidBallot', `${e.check}: ${e.message}`);
    throw e;
  }
}
