/**
 * Shared request/response schemas (zod), registered with ids so the OpenAPI document names them.
 *
 * @module
 */
import { z } from 'zod';
import { VOTER_ID } from '../roll/fields.js';

export const ElectionId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
  .meta({ id: 'ElectionId', description: 'Election id as on the ledger (letters, digits, _ and -; at most 64)' });

export const VoterId = z.string().regex(VOTER_ID).meta({ id: 'VoterId', description: 'Voter id from the roll' });

export const ElectionParams = z.object({ electionId: ElectionId });

export const Ok = z.object({ ok: z.literal(true) });

export const StaffUserOut = z
  .object({
    id: z.string(),
    username: z.string(),
    role: z.enum(['admin', 'orgadmin', 'keyholder', 'auditor']),
    orgId: z.string().nullable(),
    displayName: z.string().nullable(),
  })
  .meta({ id: 'StaffUser' });

export const StaffSessionOut = z
  .object({ user: StaffUserOut, csrfToken: z.string(), expiresAt: z.iso.datetime() })
  .meta({ id: 'StaffSession', description: 'Send csrfToken as the x-csrf-token header on every state-changing request' });

export const RollProblemOut = z
  .object({
    severity: z.enum(['error', 'warning']),
    row: z.number().int().nullable(),
    column: z.string().nullable(),
    key: z.string(),
    message: z.string(),
  })
  .meta({ id: 'RollProblem' });

export const RollReportOut = z
  .object({
    ok: z.boolean(),
    format: z.enum(['csv', 'xlsx']).nullable(),
    encoding: z.string().nullable(),
    sha256: z.string(),
    columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
    totals: z.object({
      rows: z.number().int(),
      valid: z.number().int(),
      invalid: z.number().int(),
      empty: z.number().int(),
      errors: z.number().int(),
      warnings: z.number().int(),
    }),
    problems: z.array(RollProblemOut),
    truncated: z.boolean(),
  })
  .meta({ id: 'RollReport' });

export const CostEstimateOut = z
  .object({
    lines: z.array(z.object({ item: z.string(), label: z.string(), quantity: z.number().int(), unitKrw: z.number(), amountKrw: z.number() })),
    totalKrw: z.number(),
    currency: z.literal('KRW'),
  })
  .meta({ id: 'CostEstimate' });
