import { expect } from 'chai';
import { countPrefix, readPrefix } from './state-io.js';
import { identities, newChannelLedger } from './testing/contract-harness.js';

describe('state-io above the peers\' totalQueryLimit', () => {
  const ledger = newChannelLedger({ totalQueryLimit: 50 });
  before(async () => {
    await ledger.submit({ identity: identities.gateway }, async (ctx) => {
      for (let i = 0; i < 120; i++) await ctx.stub.putState(`receipt/e/${i.toString(16).padStart(4, '0')}`, Buffer.from(`{"n":${i}}`));
      await ctx.stub.putState('receipt/f/0000', Buffer.from('{}'));
    });
  });

  it('reads every value under a prefix, resuming after each cut-off read', async () => {
    const values = await ledger.evaluate({ identity: identities.gateway }, (ctx) => readPrefix<{ n: number }>(ctx, 'receipt/e/'));
    expect(values.map((kv) => kv.value.n)).to.deep.equal(Array.from({ length: 120 }, (_, i) => i));
  });

  it('counts every key under a prefix a page at a time', async () => {
    expect(await ledger.evaluate({ identity: identities.gateway }, (ctx) => countPrefix(ctx, 'receipt/e/'))).to.equal(120);
  });
});
