// SPDX-License-Identifier: AGPL-3.0-or-later
/** Command line of ballotledger-verify: options in any order, `--opt value` or `--opt=value`. */
import { parseArgs } from 'node:util';
import { BallotLedgerError } from '../errors.js';

export const VERIFY_USAGE = `usage: ballotledger-verify [--workers N] [--json] [--reference] <record.ndjson | record.json>
  record         the election record: streamed (record.ndjson, any size) or one JSON document
  --workers N    worker threads for large records (default: the number of cores; 0 or 1: this thread)
  --json         print the report as JSON
  --reference    verify with the pure-JS reference only (no libsodium fast path)
  --help, -h     print this text`;

/** What the command line asks for. */
export type VerifyArgs =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'verify';
      readonly file: string;
      /** null: the default (the number of cores). */
      readonly workers: number | null;
      readonly json: boolean;
      readonly reference: boolean;
    };

interface RawArgs {
  readonly values: { readonly workers?: string; readonly json?: boolean; readonly reference?: boolean; readonly help?: boolean };
  readonly positionals: string[];
}

function usageError(check: string, message: string): never {
  throw new BallotLedgerError('InvalidArgument', `cli.${check}`, message);
}

function parse(args: readonly string[]): RawArgs {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        workers: { type: 'string' },
        json: { type: 'boolean' },
        reference: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    usageError('options', (e as Error).message);
  }
}

/** Parses the arguments after the script name; throws InvalidArgument (at `cli.<what>`) for a bad command line. */
export function parseVerifyArgs(args: readonly string[]): VerifyArgs {
  const { values, positionals } = parse(args);
  if (values.help === true) return { kind: 'help' };
  if (positionals.length !== 1) usageError('file', positionals.length === 0 ? 'no record file given' : `expected one record file, got ${positionals.length}: ${positionals.join(' ')}`);
  let workers: number | null = null;
  if (values.workers !== undefined) {
    workers = /^\d{1,6}$/.test(values.workers) ? Number(values.workers) : null;
    if (workers === null) usageError('workers', `--workers expects a non-negative integer, got '${values.workers}'`);
  }
  return { kind: 'verify', file: positionals[0]!, workers, json: values.json === true, reference: values.reference === true };
}
