/**
 * The gateway's one error type and the single table that maps every error code to an HTTP
 * status. Chaincode errors arrive as messages starting with `[Code]`; {@link ApiError.fromChaincode}
 * maps them here, once.
 *
 * @module
 */
import { CHAINCODE_ERROR_CODES, parseChaincodeRefusal, type ChaincodeErrorCode } from '@ballotledger/chaincode/errors';
import { z } from 'zod';

export { CHAINCODE_ERROR_CODES, type ChaincodeErrorCode };

/**
 * Code → HTTP status. This table is the only place a status is chosen for an error.
 * Gateway-only codes first, then the chaincode's.
 */
export const ERROR_STATUS = {
  // gateway
  ValidationFailed: 400,
  MalformedJson: 400,
  RollRejected: 400,
  CaptchaFailed: 400,
  Unauthorized: 401,
  IdentityCheckFailed: 401,
  CsrfFailed: 403,
  RouteNotFound: 404,
  Conflict: 409,
  PayloadTooLarge: 413,
  /** The record in one JSON document would be too large: download its streamed form (`record.ndjson`). */
  RecordTooLarge: 413,
  UnsupportedMediaType: 415,
  /** An edit would leave a voter without contact data the election needs. */
  ContactRequired: 422,
  RateLimited: 429,
  LockedOut: 429,
  Internal: 500,
  Unavailable: 503,
  /** Nothing was recorded on the ledger (nodes down, a conflicting transaction): safe to try again. */
  NotRecorded: 503,
  // chaincode (`[Code] message`)
  BadRequest: 400,
  Forbidden: 403,
  ElectionNotFound: 404,
  ElectionExists: 409,
  WrongState: 409,
  NotOpen: 409,
  AlreadyVoted: 409,
  DuplicateBallot: 409,
  SpoiledBallot: 409,
  InvalidBallot: 422,
  InvalidProof: 422,
  InvalidSignature: 422,
  UnknownCredential: 403,
  InvalidCeremonyMessage: 422,
  CeremonyIncomplete: 409,
  RollMismatch: 409,
  InvalidShare: 422,
  InsufficientShares: 409,
  TallyIncomplete: 409,
  RetentionNotReached: 409,
  Blackout: 409,
  OrganizationExists: 409,
  NotFound: 404,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** One invalid field of a request, as reported in `details.fields`. */
export interface FieldProblem {
  /** Where: `body.voters.3.phone`, `query.limit`, `params.electionId`. */
  readonly path: string;
  readonly message: string;
  /** zod's issue code, e.g. `invalid_type`, `too_big`. */
  readonly code: string;
}

export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
    readonly details?: unknown;
  };
}

/** The JSON schema of every error response (used by the OpenAPI document). */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error', description: 'Every error response has this shape.' });

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: Readonly<{ details?: unknown; headers?: Record<string, string>; cause?: unknown }> = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    return {
      error:
        this.details === undefined
          ? { code: this.code, message: this.message }
          : { code: this.code, message: this.message, details: this.details },
    };
  }

  /**
   * Maps a chaincode error message (`[Code] text`, possibly wrapped by the peer or the Fabric
   * gateway client) to an ApiError. Messages without a known code become `Internal`: the text
   * of an unknown failure is never shown to clients.
   */
  static fromChaincode(message: string): ApiError {
    const refusal = parseChaincodeRefusal(message);
    if (refusal === undefined) {
      return new ApiError('Internal', 'The ledger rejected the request for an unexpected reason.', {
        cause: new Error(message),
      });
    }
    return new ApiError(refusal.code, refusal.message.length > 0 ? refusal.message : refusal.code);
  }

  /** zod validation failure of one request part → `ValidationFailed` (400) with the field list. */
  static fromZod(part: 'params' | 'query' | 'body', error: z.ZodError): ApiError {
    const fields: FieldProblem[] = error.issues.map((issue) => ({
      path: [part, ...issue.path.map(String)].join('.'),
      message: issue.message,
      code: issue.code,
    }));
    const list = fields.map((f) => f.path).join(', ');
    return new ApiError('ValidationFailed', `Invalid request ${part}: ${list}`, { details: { fields } });
  }
}

