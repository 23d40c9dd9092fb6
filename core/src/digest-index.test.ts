// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { DigestIndex } from './digest-index.js';

describe('DigestIndex', () => {
  it('returns the index a text was first recorded with, across many growths of the table', () => {
    const index = new DigestIndex(16);
    for (let i = 0; i < 20000; i++) expect(index.firstIndex(`text-${i}`, i)).to.equal(undefined);
    for (let i = 0; i < 20000; i += 997) expect(index.firstIndex(`text-${i}`, 50000 + i)).to.equal(i);
    expect(index.firstIndex('text-19999', 0)).to.equal(19999);
    expect(index.firstIndex('text-20000', 7)).to.equal(undefined);
    expect(index.firstIndex('text-20000', 8)).to.equal(7);
  });
});
