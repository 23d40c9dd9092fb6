/** Turns core's errors (code + failed check) into the chaincode's `[Code]` errors. */
import { isBallotLedgerError, type ErrorCode } from '@ballotledger/core';
import { ChaincodeError, type ChaincodeErrorCode } from './errors.js';

const CODE_MAP: Partial<Record<ErrorCode, ChaincodeErrorCode>> = {
  InvalidSignature: 'InvalidSignature',
  InvalidProof: 'InvalidProof',
  UnknownCredential: 'UnknownCredential',
  InvalidCeremony: 'InvalidCeremonyMessage',
  InvalidComplaint: 'InvalidCeremonyMessage',
  InvalidShare: 'InvalidShare',
  InvalidDecryption: 'InvalidShare',
  InsufficientShares: 'InsufficientShares',
};

/** Runs `fn`; a core error becomes a ChaincodeError with the failed check in its message. */
export function asChaincodeError<T>(fn: () => T, fallback: ChaincodeErrorCode = 'InvalidBallot'): T {
  try {
    return fn();
  } catch (e) {
    if (isBallotLedgerError(e)) throw new ChaincodeError(CODE_MAP[e.code] ?? fallback, `${e.check}: ${e.message}`);
    throw e;
  }
}
