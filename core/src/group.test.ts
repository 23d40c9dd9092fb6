// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { isBallotLedgerError } from './errors.js';
import { decodePoint, decodeScalar, encodeScalar, G, IDENTITY, ORDER, pointFromBytes, scalarFromBytes, scalarToBytes } from './group.js';
import { base64urlEncode } from './base64url.js';
import { RFC9496_INVALID_ENCODINGS } from './testing/rfc9496-vectors.js';

/** RFC 9496 appendix A.1: encodings of 0·B … 15·B. */
const MULTIPLES = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919',
  '94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259',
  'da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57',
  'e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e',
  'f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403',
  '44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d',
  '903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c',
  '02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031',
  '20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f',
  'bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42',
  'e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460',
  'aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f',
  '46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e',
  'e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e',
];

describe('group (RFC 9496 ristretto255)', () => {
  it('encodes 0·B … 15·B as in RFC 9496 A.1 and decodes them back', () => {
    let P = IDENTITY;
    MULTIPLES.forEach((hex, i) => {
      expect(bytesToHex(P.toBytes()), `${i}·B`).to.equal(hex);
      expect(pointFromBytes(hexToBytes(hex), 'v', true).equals(P)).to.equal(true);
      P = P.add(G);
    });
  });

  for (const [kind, list] of Object.entries(RFC9496_INVALID_ENCODINGS)) {
    it(`rejects RFC 9496 A.2 invalid encodings: ${kind}`, () => {
      for (const hex of list) {
        expect(() => pointFromBytes(hexToBytes(hex), 'v', true), hex).to.throw().that.satisfies((e: unknown) => isBallotLedgerError(e, 'InvalidPoint'));
      }
    });
  }

  it('rejects the identity unless allowed, and wrong lengths', () => {
    expect(() => pointFromBytes(new Uint8Array(32), 'pk')).to.throw(/identity/);
    expect(pointFromBytes(new Uint8Array(32), 'sum', true).is0()).to.equal(true);
    expect(() => pointFromBytes(new Uint8Array(31), 'pk')).to.throw(/32 bytes/);
    expect(() => decodePoint('AAAA', 'pk')).to.throw().that.satisfies((e: unknown) => isBallotLedgerError(e, 'InvalidPoint'));
  });

  it('has order ℓ: ℓ·B = O', () => {
    expect(G.multiplyUnsafe(ORDER - 1n).add(G).is0()).to.equal(true);
  });

  it('decodes scalars strictly: < ℓ, 32 bytes, canonical base64url', () => {
    expect(scalarFromBytes(scalarToBytes(ORDER - 1n))).to.equal(ORDER - 1n);
    const l = new Uint8Array(32);
    let x = ORDER;
    for (let i = 0; i < 32; i++) {
      l[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    expect(() => scalarFromBytes(l)).to.throw().that.satisfies((e: unknown) => isBallotLedgerError(e, 'InvalidScalar'));
    expect(() => decodeScalar(base64urlEncode(new Uint8Array(33)))).to.throw().that.satisfies((e: unknown) => isBallotLedgerError(e, 'InvalidScalar'));
    expect(decodeScalar(encodeScalar(12345n))).to.equal(12345n);
  });
});
