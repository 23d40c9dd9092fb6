/** Parsing of transaction arguments and transient fields: bad input is a clear `[BadRequest]`. */
import type { Context } from 'fabric-contract-api';
import { ChaincodeError } from './errors.js';

/** A ballot tracker: SHA-256 of the canonical ballot bytes, in hex. */
export const TRACKER = /^[0-9a-f]{64}$/;

/** Largest JSON argument accepted (an election manifest or a credential batch). */
export const MAX_ARGUMENT_BYTES = 512 * 1024;

export function parseJson(text: string, what: string): unknown {
  if (typeof text !== 'string' || text.length === 0) throw new ChaincodeError('BadRequest', `${what} is missing`);
  if (text.length > MAX_ARGUMENT_BYTES) throw new ChaincodeError('BadRequest', `${what} is too large`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChaincodeError('BadRequest', `${what} is not valid JSON`);
  }
}

/** One transient field as bytes; missing or oversized fields are refused. */
export function transientBytes(ctx: Context, name: string, maxBytes: number): Uint8Array {
  const value = ctx.stub.getTransient().get(name);
  if (!value || value.length === 0) throw new ChaincodeError('BadRequest', `transient field ${name} is missing`);
  if (value.length > maxBytes) throw new ChaincodeError('BadRequest', `transient field ${name} is too large`);
  return Uint8Array.from(value);
}

export function transientText(ctx: Context, name: string, pattern: RegExp, maxBytes = 256): string {
  const text = Buffer.from(transientBytes(ctx, name, maxBytes)).toString('utf8');
  if (!pattern.test(text)) throw new ChaincodeError('BadRequest', `transient field ${name} is malformed`);
  return text;
}
