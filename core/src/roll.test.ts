// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { shardDigitsFor, shardPrefixes } from './roll.js';

describe('roll', () => {
  it('sizes tally shards so that none holds more than a few thousand ballots', () => {
    expect([1, 1_000, 50_000, 50_001, 1_000_000, 1_000_001, 50_000_000].map(shardDigitsFor)).to.deep.equal([1, 1, 1, 2, 2, 3, 3]);
    for (const voters of [50_000, 1_000_000, 16_000_000]) expect(voters / 16 ** shardDigitsFor(voters)).to.be.at.most(4_000);
  });

  it('names the shards by their tracker prefixes', () => {
    expect(shardPrefixes(1)).to.have.length(16).and.include.members(['0', 'f']);
    expect(shardPrefixes(3)).to.have.length(4096).and.include.members(['000', 'fff']);
  });
});
