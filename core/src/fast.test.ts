// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * Differential tests of the opt-in fast path (libsodium ristretto255 verifier + libsodium prover)
 * against the pure-noble reference: same accept/reject, same error code, same failed check and
 * message, byte-identical prover output, identical record reports; the libsodium decoder and
 * equation evaluator against noble on valid, edge-case and random inputs.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { disableFastVerification, getAccelerator, initFastVerification } from './accel.js';
import { base64urlEncode } from './base64url.js';
import { ballotSigningBytes, encryptBallot, encryptBallotReference, verifyBallot, verifyBallotReference, type BallotContext } from './ballot.js';
import { batchWeights, verifyEquations, type Equation } from './batch.js';
import { canonicalJson } from './codec.js';
import { credentialFromSecret, generateCredentialSecret, signMessage } from './credential.js';
import { BallotLedgerError } from './errors.js';
import { workerRunner } from './cli/verify-cli.js';
import { acceptsBallot, acceptsPoints } from './fast/backend.js';
import { add, base, counters, equationsHold, mul, SodiumPoints, validate, type EvalStrategy, type SodiumPoint } from './fast/sodium-verify.js';
import { decodePoint, encodePoint, encodeScalar, G, IDENTITY, mod, ORDER, Point } from './group.js';
import { deterministicRng } from './rng.js';
import type { Ballot } from './schemas.js';
import { choiceContest, createManifest } from './manifest.js';
import { mixedManifest, smallManifest } from './testing/fixtures.js';
import { randomChoices, simulateElection } from './testing/simulate-election.js';
import { aggregateBallots } from './tally.js';
import { verifyElectionRecord } from './verify-record.js';
import { RFC9496_INVALID_ENCODINGS } from './testing/rfc9496-vectors.js';

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
    ...Object.values(RFC9496_INVALID_ENCODINGS).flat(),
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

const STRATEGIES: EvalStrategy[] = ['grouped', 'hybrid', 'batch', 'exact'];
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('fast path: libsodium verifier and prover agree with the reference', function () {
  this.timeout(600000);
  before(() => initFastVerification());
  after(() => disableFastVerification());

  it('no C or WebAssembly of our own: no such files in core, no WebAssembly API use in core/src', () => {
    const walk = (dir: URL): string[] =>
      readdirSync(dir).flatMap((f) => {
        if (f === 'node_modules' || f === 'dist') return [];
        const u = new URL(f, dir);
        return statSync(u).isDirectory() ? walk(new URL(`${f}/`, dir)) : [u.pathname];
      });
    const files = walk(new URL('../', import.meta.url));
    expect(files.filter((f) => /\.(c|h|cc|cpp|wat|wasm)$/.test(f))).to.deep.equal([]);
    // (this file names the patterns, so it is the one file not scanned)
    for (const f of files.filter((x) => x.endsWith('.ts') && !x.endsWith('/src/fast.test.ts'))) expect(readFileSync(f, 'utf8'), f).to.not.match(/WebAssembly\.|\.wasm\b|WASM_BASE64/);
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

  /** The libsodium decoder plus libsodium validation: ok, and identity. */
  function sodiumDecode(b: Uint8Array, allowIdentity: boolean): { ok: boolean; identity: boolean } {
    const pts = new SodiumPoints();
    let p: SodiumPoint;
    try {
      p = pts.decoder(base64urlEncode(b), 'x', allowIdentity);
    } catch {
      return { ok: false, identity: b.every((x) => x === 0) };
    }
    return { ok: pts.allValid() && validate(p), identity: b.every((x) => x === 0) };
  }

  it('decodes exactly the encodings noble decodes (edge cases, RFC 9496 invalid encodings, random bytes), identity rule included', () => {
    const check = (b: Uint8Array): void => {
      const n = nobleDecode(b);
      for (const allowIdentity of [true, false]) {
        const expected = n.ok && (allowIdentity || !n.identity);
        expect(sodiumDecode(b, allowIdentity).ok, `${hex(b)} allowIdentity=${allowIdentity}`).to.equal(expected);
        let ref = true;
        try {
          decodePoint(base64urlEncode(b), 'x', allowIdentity);
        } catch {
          ref = false;
        }
        expect(ref).to.equal(expected);
      }
      expect(acceptsPoints([base64urlEncode(b)]), hex(b)).to.equal(n.ok && !n.identity);
    };
    EDGE_ENCODINGS.forEach(check);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 3 }), (b, mode) => {
        const x = Uint8Array.from(b);
        if (mode >= 1) x[31]! &= 0x7f;
        if (mode >= 2) x[0]! &= 0xfe;
        check(mode === 3 ? G.multiply((BigInt('0x' + hex(x)) % (ORDER - 1n)) + 1n).toBytes() : x);
      }),
      { numRuns: 2500, seed: 20260101 },
    );
    expect(acceptsPoints([encodePoint(G), 'not base64!'])).to.equal(false);
    expect(acceptsPoints([encodePoint(G), base64urlEncode(new Uint8Array(31))])).to.equal(false);
  });

  it('libsodium multiplications and additions give the elements noble gives (edge scalars, identity operands)', () => {
    const edge = [0n, 1n, 2n, ORDER - 1n, ORDER >> 1n, 2n ** 128n - 1n, 2n ** 252n, ORDER, ORDER + 5n, -3n];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.bigInt({ min: 0n, max: ORDER - 1n }), fc.integer({ min: -1, max: edge.length - 1 }), fc.boolean(), (s0, x, e, identity) => {
        const s = e < 0 ? s0 : edge[e]!;
        const P = identity ? IDENTITY : G.multiply(x === 0n ? 1n : x);
        const sp: SodiumPoint = { bytes: P.toBytes(), valid: false };
        expect(hex(mul(s, sp).bytes)).to.equal(hex(P.multiplyUnsafe(mod(s)).toBytes()));
        expect(hex(base(s).bytes)).to.equal(hex(G.multiplyUnsafe(mod(s)).toBytes()));
        const Q = G.multiply(mod(s) === 0n ? 3n : mod(s));
        expect(hex(add(sp, { bytes: Q.toBytes(), valid: false }).bytes)).to.equal(hex(P.add(Q).toBytes()));
        expect(hex(add(sp, { bytes: P.negate().toBytes(), valid: false }).bytes)).to.equal(hex(new Uint8Array(32)));
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('aggregation: libsodium sums equal the reference sums, and any selection the reference refuses makes it decline (the reference names it)', () => {
    const manifest = mixedManifest('e-agg');
    const { record } = simulateElection({ manifest, ballots: 6, spoiled: 0, rng: deterministicRng('fast-agg') });
    const ballots = record.ballots;
    const sumBallots = getAccelerator()!.sumBallots;
    disableFastVerification();
    const reference = aggregateBallots(manifest, ballots);
    expect(sumBallots(manifest, ballots)).to.deep.equal(reference);
    expect(sumBallots(manifest, ballots.slice(0, 1))).to.deep.equal(aggregateBallots(manifest, ballots.slice(0, 1)));
    expect(sumBallots(manifest, [])).to.deep.equal(aggregateBallots(manifest, []));
    // an identity in the second component is allowed (as decodeCiphertext allows it)
    const withIdentityB = structuredClone(ballots);
    withIdentityB[1]!.contests[0]!.selections[0]!.b = base64urlEncode(new Uint8Array(32));
    expect(sumBallots(manifest, withIdentityB)).to.deep.equal(aggregateBallots(manifest, withIdentityB));
    const refusals: [component: 'a' | 'b', bytes: Uint8Array][] = [
      ['a', new Uint8Array(32)], // identity
      ...EDGE_ENCODINGS.filter((b) => !nobleDecode(b).ok).flatMap((b): [component: 'a' | 'b', bytes: Uint8Array][] => [['a', b], ['b', b]]),
      ['a', new Uint8Array(31)], // wrong length
    ];
    for (const [component, bytes] of refusals) {
      const mutated = structuredClone(ballots);
      mutated[3]!.contests[1]!.selections[0]![component] = base64urlEncode(bytes);
      expect(sumBallots(manifest, mutated), hex(bytes)).to.equal(null);
      expect(() => aggregateBallots(manifest, mutated)).to.throw(BallotLedgerError, `ballots[3].contests[1].selections[0].${component}`);
    }
    return initFastVerification();
  });

  it('the equation evaluator accepts exactly the equation sets noble accepts (every strategy; valid, broken, edge-case and random sets)', () => {
    const edgeScalars = [0n, 1n, ORDER - 1n, 2n, ORDER >> 1n, 2n ** 128n];
    const kappa = 0x5eed5eed5eedn;
    const K = G.multiply(kappa);
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            logs: fc.array(fc.bigInt({ min: 0n, max: ORDER - 1n }), { minLength: 1, maxLength: 6 }),
            coefs: fc.array(fc.oneof(fc.bigInt({ min: 0n, max: ORDER - 1n }), fc.constantFrom(...edgeScalars), fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n })), { minLength: 6, maxLength: 6 }),
            shared: fc.boolean(),
            branch: fc.boolean(),
            sameCoef: fc.boolean(),
            g: fc.oneof(fc.bigInt({ min: 0n, max: ORDER - 1n }), fc.constantFrom(...edgeScalars)),
            withK: fc.boolean(),
            commit: fc.boolean(),
            k: fc.oneof(fc.bigInt({ min: 0n, max: ORDER - 1n }), fc.constantFrom(...edgeScalars)),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.integer({ min: -3, max: 40 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (specs, breakAt, seed) => {
          const sharedLogs = [12345n, ORDER - 2n];
          const shared = sharedLogs.map((x) => G.multiply(x));
          const nobleEqs: Equation[] = [];
          let prev: { points: Point[]; logs: bigint[] } | null = null;
          for (const sp of specs) {
            // Points by known logarithm (log 0 = the identity); some shared between equations,
            // and "branches": the same points as the previous equation with other coefficients.
            const own = sp.logs.map((x, t) => (sp.shared && t < 2 ? [shared[t]!, sharedLogs[t]!] : [x === 0n ? IDENTITY : G.multiply(x), x]) as [Point, bigint]);
            const cur: { points: Point[]; logs: bigint[] } = sp.branch && prev !== null ? prev : { points: own.map(([P]) => P), logs: own.map(([, x]) => x) };
            prev = cur;
            const terms: [Point, bigint][] = cur.points.map((P, t) => [P, sp.sameCoef ? sp.coefs[0]! : sp.coefs[t % sp.coefs.length]!]);
            const k = sp.withK ? sp.k : 0n;
            const log = mod(k * kappa + terms.reduce((acc, [, c], t) => acc + c * cur.logs[t]!, 0n));
            // g·G + k·K + Σ c·P − C = O with C = (g + log)·G, or g·G + k·K + Σ c·P = O with g = −log
            if (sp.commit && mod(sp.g + log) !== 0n) nobleEqs.push({ g: sp.g, k, terms: [[G.multiply(mod(sp.g + log)), -1n], ...terms], check: 'c' });
            else nobleEqs.push({ g: mod(-log), k, terms, check: 'g' });
          }
          // Break one equation (or none): change g, a coefficient, or k.
          if (breakAt >= 0 && breakAt < nobleEqs.length * 3) {
            const eq = nobleEqs[Math.floor(breakAt / 3)]!;
            const mutated: Equation = breakAt % 3 === 0 ? { ...eq, g: eq.g + 1n } : breakAt % 3 === 1 ? { ...eq, terms: eq.terms.map(([P, c], t) => [P, t === eq.terms.length - 1 ? c + 7n : c] as const) } : { ...eq, k: eq.k + 1n };
            nobleEqs[Math.floor(breakAt / 3)] = mutated;
          }
          const ref = verifyEquations(nobleEqs, K, seed) === null;
          const weights = batchWeights(seed, nobleEqs.length);
          for (const strategy of STRATEGIES) {
            const pts = new SodiumPoints();
            const byPoint = new Map<Point, SodiumPoint>();
            const conv = (P: Point): SodiumPoint => {
              let q = byPoint.get(P);
              if (q === undefined) byPoint.set(P, (q = pts.decoder(base64urlEncode(P.toBytes()), 'p', true)));
              return q;
            };
            const eqs = nobleEqs.map((eq) => ({ ...eq, terms: eq.terms.map(([P, c]) => [conv(P), c] as const) }));
            let fast: boolean;
            try {
              fast = equationsHold(eqs, weights, { bytes: K.toBytes(), valid: true }, { strategy }) && pts.allValid();
            } catch {
              fast = false;
            }
            expect(fast, strategy).to.equal(ref);
          }
          if (ref) accepted++;
          else rejected++;
        },
      ),
      { numRuns: 200, seed: 5 },
    );
    expect(accepted).to.be.greaterThan(30);
    expect(rejected).to.be.greaterThan(30);
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
      // the libsodium verifier itself (before any fallback) accepts exactly the ballots the
      // reference accepts, whatever the strategy
      expect(accepts).to.equal(ref.ok);
      for (const strategy of STRATEGIES) expect(acceptsBallot(b, ctx, 'ballot', { strategy }), strategy).to.equal(ref.ok);
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

  it('cost model: libsodium calls per 5-option 1-of-5 ballot for each strategy (the branches of a proof share one group)', () => {
    const candidates = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ optionId: x, label: x }));
    const manifest = createManifest({ electionId: 'e-fast-costs', title: 't', threshold: 2, holders: 3, contests: [choiceContest({ contestId: 'c', label: 'c', candidates, min: 1, max: 1 })] });
    disableFastVerification();
    const sim = simulateElection({ manifest, ballots: 1, spoiled: 0, rng: deterministicRng('fast-costs') });
    const ballot = encryptBallotReference(sim.context, [[0, 0, 1, 0, 0]], generateCredentialSecret(deterministicRng('c')), deterministicRng('c2')).ballot;
    expect(acceptsBallot(ballot, sim.context, 'ballot')).to.equal(true); // validates and caches K
    const calls = (strategy: EvalStrategy): number[] => {
      counters.mul = counters.base = counters.add = counters.valid = 0;
      expect(acceptsBallot(ballot, sim.context, 'ballot', { strategy })).to.equal(true);
      return [counters.mul, counters.base, counters.add, counters.valid];
    };
    expect(calls('grouped')).to.deep.equal([28, 8, 32, 0]);
    expect(calls('hybrid')).to.deep.equal([28, 13, 32, 0]);
    expect(calls('batch')).to.deep.equal([34, 1, 34, 0]);
    return initFastVerification();
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

  it('records: > 256 ballots with invalid ballots in several batches give identical reports (in-process and on 2 worker threads)', async () => {
    const sim = simulateElection({ manifest: smallManifest('e-fast-record', 2, 3), ballots: 300, spoiled: 1, rng: deterministicRng('fast-record') });
    const good = sim.record;
    const cases: [string, (r: typeof good) => void][] = [
      ['valid', () => undefined],
      [
        'invalid ballots in two batches',
        (r) => {
          r.ballots[3]!.contests[0]!.selections[1]!.proof[0]!.z = encodeScalar(5n);
          r.ballots[290]!.signature.s = encodeScalar(9n);
          r.ballots[299]!.contests[1]!.selections[0]!.a = base64urlEncode(new Uint8Array(32));
          r.ballots[257]!.contests[0]!.selections[0]!.b = encodePoint(G.multiply(99n));
          r.ballots[100]!.contests[0]!.sumProof![0]!.c = encodeScalar(0n);
        },
      ],
      ['unknown field (schema)', (r) => void ((r.ballots[260] as unknown as Record<string, unknown>).extra = 1)],
      ['non-canonical credential', (r) => (r.credentials[1] = base64urlEncode(Uint8Array.from({ length: 32 }, (_, i) => (i === 31 ? 0x7f : 0xff))))],
    ];
    for (const [name, mutate] of cases) {
      const r = structuredClone(good);
      mutate(r);
      disableFastVerification();
      const ref = await verifyElectionRecord(r, { chunkSize: 512 });
      await initFastVerification();
      const fast = await verifyElectionRecord(r, { chunkSize: 512 });
      expect(fast, name).to.deep.equal(ref);
      if (name !== 'unknown field (schema)') {
        const viaWorkers = await verifyElectionRecord(r, { chunkSize: 64, runChunks: workerRunner(2) });
        expect(viaWorkers, `${name}, workers`).to.deep.equal(ref);
      }
      const ballots = ref.checks.find((c) => c.name === 'ballots.valid')!;
      if (name === 'invalid ballots in two batches') expect([ballots.status, ballots.failedCheck]).to.deep.equal(['fail', 'ballots[3].contests[0].selections[1].proof']);
      if (name.endsWith('credential')) expect(ref.checks.find((c) => c.name === 'credentials.list')!.failedCheck).to.equal('credentials[1]');
      expect(ref.ok).to.equal(name === 'valid');
    }
  });
});
