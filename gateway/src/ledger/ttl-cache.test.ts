import { expect } from 'chai';
import { cachedFor } from './ttl-cache.js';

describe('cachedFor (read-through cache of ledger queries)', () => {
  it('reads once per key per period, shares the answer in between, reads again after it', async () => {
    let t = 0;
    const reads: string[] = [];
    const get = cachedFor(5000, async (k) => (reads.push(k), `${k}@${t}`), () => t);
    expect(await Promise.all([get('a'), get('a'), get('b')])).to.deep.equal(['a@0', 'a@0', 'b@0']);
    t = 4999;
    expect(await get('a')).to.equal('a@0');
    t = 5000;
    expect(await get('a')).to.equal('a@5000');
    expect(reads).to.deep.equal(['a', 'b', 'a']);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const get = cachedFor(5000, async () => {
      if (fail) throw new Error('peer unavailable');
      return 7;
    });
    await get('a').then(() => expect.fail('should fail'), (e: Error) => expect(e.message).to.equal('peer unavailable'));
    fail = false;
    expect(await get('a')).to.equal(7);
  });
});
