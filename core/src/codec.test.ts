// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import fc from 'fast-check';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { canonicalJson, parseCanonical } from './codec.js';
import { isBallotLedgerError } from './errors.js';

describe('canonical codec', () => {
  it('sorts keys, drops whitespace and keeps integers', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: -3, y: 0 } })).to.equal('{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":-3}}');
  });

  it('rejects floats, NaN, -0, unsafe integers, undefined and non-plain objects', () => {
    for (const bad of [1.5, Number.NaN, -0, 2 ** 53, { a: undefined }, new Date(0), 10n]) {
      expect(() => canonicalJson(bad), String(bad)).to.throw().that.satisfies((e: unknown) => isBallotLedgerError(e, 'InvalidEncoding'));
    }
  });

  it('parseCanonical accepts only canonical text', () => {
    expect(parseCanonical('{"a":1,"b":2}')).to.deep.equal({ a: 1, b: 2 });
    expect(() => parseCanonical('{"b":2,"a":1}')).to.throw(/canonical/);
    expect(() => parseCanonical('{"a": 1}')).to.throw(/canonical/);
    expect(() => parseCanonical('{"a":1.0}')).to.throw(/canonical/);
  });

  it('round-trips base64url and rejects padding, foreign characters and non-zero trailing bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        expect(base64urlDecode(base64urlEncode(b))).to.deep.equal(b);
      }),
    );
    expect(() => base64urlDecode('AA==')).to.throw();
    expect(() => base64urlDecode('A+')).to.throw();
    expect(() => base64urlDecode('AB')).to.throw(/trailing/);
    expect(() => base64urlDecode('AA', 2)).to.throw(/2 bytes/);
  });

  it('canonical form is stable under parse/serialise (property)', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(parseCanonical(text))).to.equal(text);
      }),
    );
  });
});
