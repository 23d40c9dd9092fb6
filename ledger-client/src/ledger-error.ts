/**
 * The ledger client's one error type. `code` is either the chaincode's own `[Code]` (a refusal:
 * nothing was written) or one of the client-side codes:
 * - `Conflict`: the transaction was ordered but invalidated (e.g. MVCC_READ_CONFLICT): nothing was
 *   recorded; a fresh transaction may succeed (or be refused, e.g. AlreadyVoted);
 * - `NotRecorded`: the transaction could not be endorsed or ordered (nodes down, timeouts):
 *   nothing was recorded, try again;
 * - `Unknown`: it was handed to the orderers but its outcome is not known yet (re-check by txId).
 */
import { parseChaincodeRefusal, type ChaincodeRefusal } from '@ballotledger/chaincode/errors';
import { CommitError, CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';

export const CLIENT_ERROR_CODES = ['Conflict', 'NotRecorded', 'Unknown'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export class LedgerError extends Error {
  /** A chaincode code such as `AlreadyVoted`, or a {@link ClientErrorCode}. */
  readonly code: string;
  readonly txId: string | undefined;
  /** Per-node messages from the Fabric gateway, for logs (no payloads). */
  readonly nodeMessages: readonly string[];

  constructor(properties: Readonly<{ code: string; message: string; txId?: string; nodeMessages?: readonly string[]; cause?: unknown }>) {
    super(properties.message, { cause: properties.cause });
    this.name = 'LedgerError';
    this.code = properties.code;
    this.txId = properties.txId;
    this.nodeMessages = properties.nodeMessages ?? [];
  }

  /** Whether nothing was recorded and trying again with a new transaction is safe. */
  get retryable(): boolean {
    return this.code === 'Conflict' || this.code === 'NotRecorded';
  }
}

function chaincodeRefusal(messages: readonly string[]): ChaincodeRefusal | undefined {
  for (const m of messages) {
    const refusal = parseChaincodeRefusal(m);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Maps any error from @hyperledger/fabric-gateway to a LedgerError. */
export function toLedgerError(err: unknown): LedgerError {
  if (err instanceof LedgerError) return err;
  if (err instanceof CommitError) {
    return new LedgerError({ code: 'Conflict', message: `transaction ${err.transactionId} was not recorded: ${err.message}`, txId: err.transactionId, cause: err });
  }
  if (err instanceof GatewayError) {
    const messages = [err.message, ...err.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`)];
    const txId = 'transactionId' in err && typeof err.transactionId === 'string' ? err.transactionId : undefined;
    if (err instanceof CommitStatusError) {
      return new LedgerError({ code: 'Unknown', message: `the outcome of ${err.transactionId} is not known yet`, txId, nodeMessages: messages, cause: err });
    }
    // A refusal by the chaincode (endorsement or evaluation): its own code, nothing was written.
    const refusal = chaincodeRefusal([...err.details.map((d) => d.message), err.message]);
    if (refusal) return new LedgerError({ code: refusal.code, message: refusal.message, txId, nodeMessages: messages, cause: err });
    if (!(err instanceof EndorseError) && /access permission/.test(messages.join(' '))) {
      return new LedgerError({ code: 'Forbidden', message: 'the peer refused access to this data', txId, nodeMessages: messages, cause: err });
    }
    return new LedgerError({ code: 'NotRecorded', message: 'not recorded, try again', txId, nodeMessages: messages, cause: err });
  }
  const refusal = err instanceof Error ? chaincodeRefusal([err.message]) : undefined;
  if (refusal) return new LedgerError({ code: refusal.code, message: refusal.message, cause: err });
  return new LedgerError({ code: 'NotRecorded', message: `not recorded, try again (${err instanceof Error ? err.message : String(err)})`, cause: err });
}
