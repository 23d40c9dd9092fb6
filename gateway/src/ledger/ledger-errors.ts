/**
 * The one mapping from the ledger client's errors to API errors. Chaincode refusals keep their
 * code (and so their HTTP status from the ERROR_STATUS table); everything that means "nothing was
 * recorded" becomes `NotRecorded` (503), which a client may safely retry.
 *
 * @module
 */
import { isChaincodeErrorCode } from '@ballotledger/chaincode/errors';
import { LedgerError } from '@ballotledger/ledger-client';
import { ApiError } from '../errors.js';

export function apiErrorOf(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof LedgerError) {
    if (isChaincodeErrorCode(err.code)) return new ApiError(err.code, err.message);
    return new ApiError('NotRecorded', 'Not recorded. Nothing was written to the ledger; please try again.', { cause: err });
  }
  return new ApiError('Internal', 'The request failed unexpectedly.', { cause: err });
}

/** Runs a ledger call and rethrows its failure as an ApiError. */
export async function onLedger<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw apiErrorOf(err);
  }
}
