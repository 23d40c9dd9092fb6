// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module codec
 * The one canonical codec for hashing, the ledger and the election record.
 *
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers are safe
 * integers only (no floats, NaN, Infinity or -0), strings as JSON.stringify writes them,
 * no `undefined`. Binary values are base64url strings without padding (see base64url.ts).
 * For integers and these strings the output coincides with RFC 8785 (JCS).
 */
import { BallotLedgerError } from './errors.js';

/** A value the canonical codec accepts. */
export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

// TextEncoder/TextDecoder exist in Node and browsers; typed locally because the library
// compiles without DOM or Node type definitions.
const platform = globalThis as unknown as {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(b: Uint8Array): string };
};
const encoder = new platform.TextEncoder();
const decoder = new platform.TextDecoder('utf-8', { fatal: true });

function fail(check: string, message: string): never {
  throw new BallotLedgerError('InvalidEncoding', check, message);
}

function write(value: unknown, path: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isSafeInteger(value)) fail(path, `not a safe integer: ${String(value)}`);
      if (Object.is(value, -0)) fail(path, 'negative zero');
      out.push(String(value));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        value.forEach((item: unknown, i: number) => {
          if (i > 0) out.push(',');
          write(item, `${path}[${i}]`, out);
        });
        out.push(']');
        return;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) fail(path, 'only plain objects are allowed');
      const keys = Object.keys(value).sort();
      out.push('{');
      let first = true;
      for (const key of keys) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) fail(`${path}.${key}`, 'undefined value');
        if (!first) out.push(',');
        first = false;
        out.push(JSON.stringify(key), ':');
        write(v, `${path}.${key}`, out);
      }
      out.push('}');
      return;
    }
    default:
      fail(path, `unsupported type ${typeof value}`);
  }
}

/** Canonical JSON text of `value`. Throws InvalidEncoding for floats, -0, undefined, non-plain objects. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '$', out);
  return out.join('');
}

/** Canonical UTF-8 bytes of `value` (what gets hashed and stored). */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value));
}

/**
 * Parses canonical JSON bytes or text. With `strict` (default) the input must be byte-for-byte
 * canonical: re-encoding the parsed value must reproduce it.
 */
export function parseCanonical(input: Uint8Array | string, strict = true, check = 'codec'): unknown {
  let text: string;
  try {
    text = typeof input === 'string' ? input : decoder.decode(input);
  } catch {
    fail(check, 'not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail(check, `not JSON: ${(e as Error).message}`);
  }
  const again = canonicalJson(value);
  if (strict && again !== text) fail(check, 'JSON is not in canonical form');
  return value;
}
