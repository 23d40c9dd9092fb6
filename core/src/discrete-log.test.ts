// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { discreteLog } from './discrete-log.js';
import { BallotLedgerError } from './errors.js';
import { G, IDENTITY, type Point } from './group.js';

function times(m: number): Point {
  return m === 0 ? IDENTITY : G.multiply(BigInt(m));
}

describe('discreteLog (baby-step giant-step) with bound 10^7', function () {
  this.timeout(60000);
  const bound = 10_000_000;

  it('recovers 0, 1, 9,999,999 and 10^7', () => {
    for (const m of [0, 1, 9_999_999, bound]) expect(discreteLog(times(m), bound), String(m)).to.equal(m);
  });

  it('refuses counts beyond the bound with DecryptionFailed', () => {
    for (const m of [bound + 1, 2 * bound]) {
      expect(() => discreteLog(times(m), bound, 'count')).to.throw(BallotLedgerError).that.includes({ code: 'DecryptionFailed', check: 'count' });
    }
    expect(discreteLog(times(bound + 1), bound + 1)).to.equal(bound + 1);
  });
});
