/**
 * Blackout periods: around public elections a commission can declare periods in which no
 * election may be scheduled. Creating, updating or extending an election whose voting window
 * overlaps one is refused with `[Blackout]`.
 */
import type { Context } from 'fabric-contract-api';
import { z } from 'zod';
import { ChaincodeError } from './errors.js';
import { parseJson } from './input.js';
import { requireRole } from './network-roles.js';
import { exists, readPrefix, writeState } from './state-io.js';

const IsoTime = z.iso.datetime({ offset: false });

export const BlackoutSchema = z.strictObject({
  v: z.literal(1),
  blackoutId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  from: IsoTime,
  to: IsoTime,
  reason: z.string().min(1).max(200),
});
export type Blackout = z.infer<typeof BlackoutSchema> & { readonly declaredBy: string };

const PREFIX = 'blackout/';

export async function declareBlackout(ctx: Context, blackoutJson: string): Promise<Blackout> {
  const caller = requireRole(ctx, 'admin');
  const parsed = BlackoutSchema.safeParse(parseJson(blackoutJson, 'blackout'));
  if (!parsed.success) throw new ChaincodeError('BadRequest', `blackout: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (Date.parse(parsed.data.to) <= Date.parse(parsed.data.from)) throw new ChaincodeError('BadRequest', 'blackout must end after it starts');
  const key = PREFIX + parsed.data.blackoutId;
  if (await exists(ctx, key)) throw new ChaincodeError('BadRequest', `blackout ${parsed.data.blackoutId} exists`);
  const blackout: Blackout = { ...parsed.data, declaredBy: caller.mspId };
  await writeState(ctx, key, blackout);
  return blackout;
}

export async function listBlackouts(ctx: Context): Promise<Blackout[]> {
  return (await readPrefix<Blackout>(ctx, PREFIX)).map((kv) => kv.value);
}

/** Refuses a voting window that overlaps a declared blackout period. */
export async function checkBlackout(ctx: Context, schedule: { opensAt: string; closesAt: string }): Promise<void> {
  const opens = Date.parse(schedule.opensAt);
  const closes = Date.parse(schedule.closesAt);
  for (const b of await listBlackouts(ctx)) {
    if (opens < Date.parse(b.to) && Date.parse(b.from) < closes) {
      throw new ChaincodeError('Blackout', `the voting window overlaps the blackout period ${b.blackoutId} (${b.from} – ${b.to}: ${b.reason})`);
    }
  }
}
