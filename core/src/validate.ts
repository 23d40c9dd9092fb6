// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module validate
 * Schema checks that throw a {@link BallotLedgerError} naming the first bad path.
 */
import type { z } from 'zod';
import { BallotLedgerError, type ErrorCode } from './errors.js';

/** Parses `value` with `schema` or throws `code` at `check.<path>`. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: ErrorCode, check: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  throw new BallotLedgerError(code, `${check}.schema${path}`, issue.message);
}
