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
  'SpoiledBallot',
  'InvalidBallot',
  'InvalidProof',
  'InvalidSignature',
  'UnknownCredential',
  'InvalidCeremonyMessage',
  'CeremonyIncomplete',
  'RollMismatch',
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

export function isChaincodeErrorCode(code: string): code is ChaincodeErrorCode {
  return (CHAINCODE_ERROR_CODES as readonly string[]).includes(code);
}

/** A refusal read back from a message: the known `[Code]` (peers put their own text before it) and the text after it. */
export interface ChaincodeRefusal {
  readonly code: ChaincodeErrorCode;
  readonly message: string;
}

/** Finds the first known `[Code]` in a message, e.g. one relayed by a peer or the Fabric gateway. */
export function parseChaincodeRefusal(message: string): ChaincodeRefusal | undefined {
  for (const match of message.matchAll(/\[([A-Za-z]+)\]/g)) {
    const code = match[1] ?? '';
    if (isChaincodeErrorCode(code)) {
      return { code, message: message.slice(match.index + match[0].length).trim() };
    }
  }
  return undefined;
}
