// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { canonicalJson } from './codec.js';
import { generateTestVectors } from './testing/vectors.js';
import { verifyElectionRecord } from './verify-record.js';

describe('published test vectors (core/test-vectors/vectors-v1.json)', function () {
  this.timeout(120000);
  const file = readFileSync(new URL('../test-vectors/vectors-v1.json', import.meta.url), 'utf8').trim();

  it('regenerate byte for byte from the seed', () => {
    expect(canonicalJson(generateTestVectors())).to.equal(file);
  });

  it('contain a record the verifier accepts', async () => {
    const v = JSON.parse(file) as { record: unknown };
    expect((await verifyElectionRecord(v.record)).ok).to.equal(true);
  });
});
