// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * Differential tests of the opt-in fast path (WebAssembly verification kernel + libsodium
 * prover) against the pure-noble reference: same accept/reject, same error code, same failed
 * check and message, byte-identical prover output, identical record reports.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { KERNEL_SOURCE_SHA256, KERNEL_WASM_BASE64, KERNEL_WASM_SHA256 } from './fast/kernel-wasm.js';
import { disableFastVerification, getAccelerator, initFastVerification } from './accel.js';
import { base64urlEncode } from './base64url.js';
import { ballotSigningBytes, encryptBallot, encryptBallotReference, verifyBallot, verifyBallotReference, type BallotContext } from './ballot.js';
import { canonicalJson } from './codec.js';
import { credentialFromSecret, generateCredentialSecret, signMessage } from './credential.js';
import { BallotLedgerError } from './errors.js';
import { Kernel } from './fast/kernel.js';
import { encodePoint, encodeScalar, G, ORDER, Point } from './group.js';
import { msm } from './msm.js';
import { deterministicRng } from './rng.js';
import type { Ballot } from './schemas.js';
import { mixedManifest, smallManifest } from './testing/fixtures.js';
import { randomChoices, simulateElection } from './testing/simulate-election.js';
import { verifyElectionRecord } from './verify-record.js';

type Verdict = { ok: true } | { ok: false; code: string; check: string; message: string };

function verdict(f: () => unknown): Verdict {
  try {
    f();
    return { ok: true };
  } catch (e) {
    if (!(e instanceof BallotLedgerError)) throw e;
    return { ok: false, code: e.code, check: e.check, message: e.message };
  }
}

const P = 2n ** 255n - 19n;
function le(x: bigint): Uint8Array {
  const o = new Uint8Array(32);
  for (let i = 0; i < 32; i++, x >>= 8n) o[i] = Number(x & 0xffn);
  return o;
}

/** RFC 9496 §A.2 non-canonical / invalid encodings and other edge cases. */
const EDGE_ENCODINGS: Uint8Array[] = [
  new Uint8Array(32),
  Uint8Array.from({ length: 32 }, () => 0xff),
  Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff)),
  le(P),
  le(P - 1n),
  le(P - 2n),
  le(P + 1n),
  le(P + 2n),
  le(2n ** 255n - 1n),
  le(2n ** 255n + 2n),
  le(1n),
  le(2n),
  ...[
    '00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0100000000000000000000000000000000000000000000000000000000000000',
    '01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20',
    'c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562',
    'c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78',
    '47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24',
    'f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72',
    '87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309',
    '26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371',
    '4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f',
    'de6a7b00deadbeef00000000000000000000000000000000000000000000000b',
    'f6bbe38ee9e3d6f47c0c0ab52b2e4543a57bdd4b7bed8d1f7ac5e1a4bb6a9c6d',
    '6a5a6d5ac0f8e1a3c2f8f5f1e7d1d0e4a5c9b4e6f8d0a2b3c4d5e6f708192a3b',
  ].map((h) => Uint8Array.from(h.match(/../g)!.map((x) => parseInt(x, 16)))),
  ...[1n, 2n, 3n, 4n, 5n, 16n, ORDER - 1n].map((s) => G.multiply(s).toBytes()),
];

function nobleDecode(b: Uint8Array): { ok: boolean; identity: boolean } {
  try {
    const p = Point.fromBytes(b);
    return { ok: true, identity: p.is0() };
  } catch {
    return { ok: false, identity: false };
  }
}

describe('fast path: WebAssembly kernel and libsodium prover agree with the reference', function () {
  this.timeout(600000);
  let kernel: Kernel;
  before(async () => {
    await initFastVerification();
    kernel = await Kernel.load();
  });
  after(() => disableFastVerification());

  it('the embedded kernel is the one built from core/wasm/ristretto-verify.c (rebuild: core/wasm/build.sh)', () => {
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(new URL('../wasm/ristretto-verify.c', import.meta.url)))).to.equal(KERNEL_SOURCE_SHA256);
    expect(sha(Buffer.from(KERNEL_WASM_BASE64, 'base64'))).to.equal(KERNEL_WASM_SHA256);
  });

  it('the browser entry point loads no WebAssembly: only accel.ts reaches fast/, and only by dynamic import()', () => {
    const dist = new URL('./', import.meta.url);
    for (const f of readdirSync(dist).filter((x) => x.endsWith('.js') && !x.endsWith('.test.js'))) {
      const text = readFileSync(new URL(f, dist), 'utf8');
      expect(text, f).to.not.match(/^import[^;]*['"](\.\/fast\/|libsodium)/m);
      if (f !== 'accel.js') expect(text, f).to.not.match(/fast\/backend/);
    }
    expect(readFileSync(new URL('accel.js', dist), 'utf8')).to.match(/import\('\.\/fast\/backend\.js'\)/);
  });

  function kernelDecode(b: Uint8Array): { ok: boolean; identity: boolean; slot: number } {
    kernel.reset(1);
    const r = kernel.decode(b);
    return { ok: r !== -1, identity: r === -2, slot: r === -2 ? kernel.lastSlot() : r };
  }

  it('decodes exactly the encodings noble decodes (edge cases, RFC 9496 invalid encodings, random bytes)', () => {
    const check = (b: Uint8Array): void => {
      const n = nobleDecode(b);
      const k = kernelDecode(b);
      expect({ ok: k.ok, identity: k.identity }, Buffer.from(b).toString('hex')).to.deep.equal(n);
      if (k.ok) expect(Buffer.from(kernel.encode(k.slot)).toString('hex')).to.equal(Buffer.from(b).toString('hex'));
    };
    EDGE_ENCODINGS.forEach(check);
    // random bytes, biased towards the plausible (even, top bit clear) and towards valid points
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 3 }), (b, mode) => {
        const x = Uint8Array.from(b);
        if (mode >= 1) x[31]! &= 0x7f;
        if (mode >= 2) x[0]! &= 0xfe;
        check(mode === 3 ? G.multiply((BigInt('0x' + Buffer.from(x).toString('hex')) % (ORDER - 1n)) + 1n).toBytes() : x);
      }),
      { numRuns: 2500, seed: 20260101 },
    );
  });

  it('computes the same multi-scalar multiplications as noble (Straus and Pippenger sizes, edge scalars)', () => {
    const edge = [0n, 1n, 2n, ORDER - 1n, ORDER >> 1n, (ORDER >> 1n) + 1n, 2n ** 128n - 1n, 2n ** 128n, 2n ** 252n, ORDER, ORDER + 5n, -3n];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.integer({ min: 0, max: edge.length - 1 }), { maxLength: 20 }),
        (n, raw, edges) => {
          const scalars = Array.from({ length: n }, (_, i) => raw[i % raw.length]! >> BigInt((i * 37) % 200));
          edges.forEach((e, j) => (scalars[(j * 7) % n] = edge[e]!));
          const points = scalars.map((_, i) => G.multiply(BigInt(i + 2) * 0x9e3779b97f4a7c15n));
          if (n > 3) points[1] = points[0]!; // repeated point
          kernel.reset(1);
          const slots = points.map((p) => kernel.decode(p.toBytes()));
          const got = kernel.encode(kernel.msmSlot(slots.map((s, i) => [s, scalars[i]!] as const)));
          expect(Buffer.from(got).toString('hex')).to.equal(Buffer.from(msm(points, scalars).toBytes()).toString('hex'));
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });

  describe('ballots: valid and mutated, fast verdict = reference verdict', () => {
    const manifest = mixedManifest('e-fast');
    let ctx: BallotContext;
    let ballots: { ballot: Ballot; secret: string }[];
    before(() => {
      disableFastVerification();
      const sim = simulateElection({ manifest, ballots: 2, spoiled: 0, rng: deterministicRng('fast-ballots') });
      ctx = sim.context;
      const rng = deterministicRng('fast-ballots-2');
      ballots = Array.from({ length: 4 }, () => {
        const secret = generateCredentialSecret(rng);
        return { ballot: encryptBallotReference(ctx, randomChoices(manifest, rng), secret, rng).ballot, secret };
      });
      return initFastVerification();
    });

    function leaves(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
      if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leaves(x, [...path, Array.isArray(v) ? Number(k) : k], out);
      else out.push(path);
      return out;
    }
    function setAt(obj: unknown, path: (string | number)[], value: unknown): void {
      let o = obj as Record<string | number, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      o[path[path.length - 1]!] = value;
    }
    function getAt(obj: unknown, path: (string | number)[]): unknown {
      return path.reduce((o, k) => (o as Record<string | number, unknown>)[k], obj);
    }
    function resign(b: Ballot, secret: string): Ballot {
      const key = credentialFromSecret(manifest.electionId, secret);
      return { ...b, signature: signMessage(key, ballotSigningBytes(b), deterministicRng('resign')) };
    }

    function compare(b: unknown): boolean {
      const ref = verdict(() => verifyBallotReference(b, ctx));
      const accepts = getAccelerator()!.acceptsBallot(b, ctx, 'ballot');
      const fast = verdict(() => verifyBallot(b, ctx));
      expect(fast).to.deep.equal(ref);
      // the kernel itself (before any fallback) accepts exactly the ballots the reference accepts
      expect(accepts).to.equal(ref.ok);
      return ref.ok;
    }

    it('accepts the valid ballots', () => {
      for (const { ballot } of ballots) expect(compare(ballot)).to.equal(true);
    });

    it('random mutations of every field (fast-check), with and without re-signing', () => {
      const replacements = [
        () => encodePoint(G.multiply(12345n)),
        () => base64urlEncode(new Uint8Array(32)),
        () => base64urlEncode(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff))),
        () => base64urlEncode(le(P + 2n)),
        () => base64urlEncode(EDGE_ENCODINGS[14]!),
        () => encodeScalar(0n),
        () => encodeScalar(ORDER - 1n),
        () => base64urlEncode(le(ORDER)),
        () => 'not base64!',
        () => 7,
        () => null,
      ];
      let rejected = 0;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: ballots.length - 1 }), fc.nat(), fc.integer({ min: -1, max: replacements.length - 1 }), fc.boolean(), (bi, li, ri, doResign) => {
          const { ballot, secret } = ballots[bi]!;
          const b = structuredClone(ballot) as Ballot;
          const paths = leaves(b).filter((p) => p[0] !== 'signature' || !doResign);
          const path = paths[li % paths.length]!;
          if (ri < 0) {
            // swap with the same field of another ballot (a valid point or scalar in the wrong place)
            const other = getAt(ballots[(bi + 1) % ballots.length]!.ballot, path);
            if (other !== undefined) setAt(b, path, other);
          } else setAt(b, path, replacements[ri]!());
          const m = doResign ? resign(b, secret) : b;
          if (!compare(m)) rejected++;
        }),
        { numRuns: 300, seed: 42 },
      );
      expect(rejected).to.be.greaterThan(200);
    });
  });

  it('prover: encryptBallot on libsodium is byte-identical to the noble reference (same randomness)', () => {
    const manifest = mixedManifest('e-fast-prover');
    disableFastVerification();
    const sim = simulateElection({ manifest, ballots: 1, spoiled: 0, rng: deterministicRng('fast-prover') });
    return initFastVerification().then(() =>
      fc.assert(
        fc.property(fc.string({ minLength: 1, maxLength: 12 }), (seed) => {
          const choices = randomChoices(manifest, deterministicRng(`choices/${seed}`));
          const secret = generateCredentialSecret(deterministicRng(`secret/${seed}`));
          const fast = encryptBallot(sim.context, choices, secret, deterministicRng(`enc/${seed}`));
          const ref = encryptBallotReference(sim.context, choices, secret, deterministicRng(`enc/${seed}`));
          expect(canonicalJson(fast)).to.equal(canonicalJson(ref));
        }),
        { numRuns: 15, seed: 3 },
      ),
    );
  });

  it('records: > 256 ballots with invalid ballots in several batches give identical reports', async () => {
    const sim = simulateElection({ manifest: smallManifest('e-fast-record', 2, 3), ballots: 300, spoiled: 1, rng: deterministicRng('fast-record') });
    const good = sim.record;
    const cases: ((r: typeof good) => void)[] = [
      () => undefined,
      (r) => {
        r.ballots[3]!.contests[0]!.selections[1]!.proof[0]!.z = encodeScalar(5n);
        r.ballots[290]!.signature.s = encodeScalar(9n);
        r.ballots[299]!.contests[1]!.selections[0]!.a = base64urlEncode(new Uint8Array(32));
        r.ballots[257]!.contests[0]!.selections[0]!.b = encodePoint(G.multiply(99n));
        (r.ballots[260] as unknown as Record<string, unknown>).extra = 1;
      },
    ];
    for (const mutate of cases) {
      const r = structuredClone(good);
      mutate(r);
      disableFastVerification();
      const ref = await verifyElectionRecord(r, { chunkSize: 512 });
      await initFastVerification();
      const fast = await verifyElectionRecord(r, { chunkSize: 512 });
      expect(fast).to.deep.equal(ref);
    }
  });
});
