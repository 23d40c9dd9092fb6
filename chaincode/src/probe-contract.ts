// A minimal probe of the `ballot` chaincode: proves the network end to end (ccaas servers, the
// MAJORITY endorsement policy, both private data collections). The real contract comes later
// in its own file; this one stays small and namespaced as `probe`.
import { createHash } from 'node:crypto';
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

export const PROBE_CONTRACT = 'probe';
export const PROBE_VERSION = '0.1.0';
export const TURNOUT = 'turnout';
export const BALLOTS = 'ballots';

function requireKey(key: string): void {
  if (typeof key !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(key)) {
    throw new Error('[BadInput] key must be 1-128 characters of A-Z a-z 0-9 . _ : -');
  }
}

function transientValue(ctx: Context): Uint8Array {
  const v = ctx.stub.getTransient().get('value');
  if (!v || v.length === 0) throw new Error('[BadInput] transient field "value" is required');
  return v;
}

@Info({ title: 'BallotProbe', description: 'Network probe: private data in turnout and ballots' })
export class ProbeContract extends Contract {
  constructor() {
    super(PROBE_CONTRACT);
  }

  @Transaction(false)
  @Returns('string')
  public async Info(ctx: Context): Promise<string> {
    void ctx;
    return JSON.stringify({ name: 'ballot', contract: PROBE_CONTRACT, version: PROBE_VERSION });
  }

  /** Writes transient `value` to the turnout collection under `key`; returns SHA-256(value). */
  @Transaction()
  @Returns('string')
  public async PutTurnout(ctx: Context, key: string): Promise<string> {
    return this.put(ctx, TURNOUT, key);
  }

  @Transaction(false)
  @Returns('string')
  public async ReadTurnout(ctx: Context, key: string): Promise<string> {
    return this.read(ctx, TURNOUT, key);
  }

  /** Writes transient `value` to the ballots collection under `key`; returns SHA-256(value). */
  @Transaction()
  @Returns('string')
  public async PutBallot(ctx: Context, key: string): Promise<string> {
    return this.put(ctx, BALLOTS, key);
  }

  @Transaction(false)
  @Returns('string')
  public async ReadBallot(ctx: Context, key: string): Promise<string> {
    return this.read(ctx, BALLOTS, key);
  }

  /** Hex SHA-256 of a private value as stored on the public ledger; works on non-member peers. */
  @Transaction(false)
  @Returns('string')
  public async PrivateDataHash(ctx: Context, collection: string, key: string): Promise<string> {
    if (collection !== TURNOUT && collection !== BALLOTS) throw new Error(`[BadInput] unknown collection ${collection}`);
    requireKey(key);
    const h = await ctx.stub.getPrivateDataHash(collection, key);
    if (!h || h.length === 0) throw new Error(`[NotFound] ${collection}/${key}`);
    return Buffer.from(h).toString('hex');
  }

  private async put(ctx: Context, collection: string, key: string): Promise<string> {
    requireKey(key);
    const value = transientValue(ctx);
    await ctx.stub.putPrivateData(collection, key, value);
    return createHash('sha256').update(value).digest('hex');
  }

  private async read(ctx: Context, collection: string, key: string): Promise<string> {
    requireKey(key);
    const v = await ctx.stub.getPrivateData(collection, key);
    if (!v || v.length === 0) throw new Error(`[NotFound] ${collection}/${key}`);
    return Buffer.from(v).toString('utf8');
  }
}
