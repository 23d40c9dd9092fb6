/**
 * The chaincode's one error type. Its message always starts with `[Code]` so that clients (the
 * gateway maps codes to HTTP once) can branch on the code without parsing free text.
 */
export const CHAINCODE_ERROR_CODES = [
  'BadRequest',
  'Forbidden',
  'ElectionNotFound',
  'ElectionExists',
  'WrongState',
  'NotOpen',
  'AlreadyVoted',
  'DuplicateBallot',
  'InvalidBallot',
  'InvalidProof',
  'InvalidSignature',
  'UnknownCredential',
  'InvalidCeremonyMessage',
  'CeremonyIncomplete',
  'InvalidShare',
  'InsufficientShares',
  'TallyIncomplete',
  'RetentionNotReached',
  'Blackout',
  'OrganizationExists',
  'NotFound',
] as const;

export type ChaincodeErrorCode = (typeof CHAINCODE_ERROR_CODES)[number];

export class ChaincodeError extends Error {
  readonly code: ChaincodeErrorCode;

  constructor(code: ChaincodeErrorCode, message: string) {
    super(`[${code}] ${message}`);
    this.name = 'ChaincodeError';
    this.code = code;
  }
}

/** Reads the `[Code]` prefix back from a message, e.g. one relayed by a peer. */
export function errorCodeOf(message: string): ChaincodeErrorCode | undefined {
  const match = /\[([A-Za-z]+)\]/.exec(message);
  const code = match?.[1];
  return (CHAINCODE_ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as ChaincodeErrorCode) : undefined;
}
