import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tail, waitFor, WaitAborted } from './proc.js';

describe('waitFor (how the scripts wait for nodes, chaincode servers and the gateway)', () => {
  it('tries a probe that throws again until it answers', async () => {
    let calls = 0;
    const v = await waitFor('a flaky probe', async () => {
      calls += 1;
      if (calls < 3) throw new Error('connection refused');
      return 'up';
    }, 5_000, 10);
    expect([v, calls]).to.deep.equal(['up', 3]);
  });

  it('stops at once when the probe throws WaitAborted (the process it waits for exited)', async () => {
    const t0 = Date.now();
    let calls = 0;
    const err = await waitFor('a dead process', async () => {
      calls += 1;
      throw new WaitAborted('the gateway exited');
    }, 5_000, 10).then(() => null, (e: unknown) => e);
    expect(err).to.be.instanceOf(WaitAborted).and.have.property('message', 'the gateway exited');
    expect(calls).to.equal(1);
    expect(Date.now() - t0).to.be.below(1_000);
  });

  it('times out naming what it waited for and the last error', async () => {
    const err = await waitFor('the peer', () => Promise.reject(new Error('HTTP 503')), 50, 10).then(() => null, (e: Error) => e);
    expect(err?.message).to.match(/^timed out after 50 ms waiting for the peer: HTTP 503$/);
  });
});

describe('tail', () => {
  it('gives the last lines of a log, and nothing for a missing file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bl-tail-')), 'x.log');
    writeFileSync(file, 'a\nb\nc\n');
    expect(tail(file, 2)).to.equal('b\nc');
    expect(tail(`${file}.missing`, 2)).to.equal('');
  });
});
