// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module verify-record
 * The election-record verifier: recomputes everything from the record alone and returns a
 * numbered list of checks, each passed, failed (with the reason and the failing sub-check) or
 * skipped (when a check it depends on failed). Ballot verification — the expensive part — runs
 * in chunks through {@link verifyBallotChunk}, which a caller may farm out to worker threads.
 * Deterministic: no randomness, no clock.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { ballotEquations, ballotTracker, prepareBallotContext, throwFailedEquation, verifySpoiledBallot, type BallotContext } from './ballot.js';
import { verifyEquations, type Equation } from './batch.js';
import { canonicalBytes } from './codec.js';
import { combineDecryptionShares, verifyDecryptionShare } from './decryption.js';
import { decodeCiphertext, type Ciphertext } from './elgamal.js';
import { BallotLedgerError, type ErrorCode } from './errors.js';
import { verifyCeremony } from './key-ceremony.js';
import { manifestHash, parseManifest } from './manifest.js';
import { ElectionRecordSchema, type Anchor, type Ballot, type CeremonyResult, type ElectionRecord, type EncryptedTally, type Manifest, type TallyResult } from './schemas.js';
import { decodeTally, encodeTally, sumSelections } from './tally.js';
import { parseWith } from './validate.js';
import { getAccelerator } from './accel.js';
import { checkPublicCredentials } from './credential.js';

/** Outcome of one numbered check. */
export interface RecordCheck {
  readonly id: number;
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
  readonly code?: ErrorCode;
  /** The failing sub-check (e.g. `ballots[12].contests[0].selections[1].proof`). */
  readonly failedCheck?: string;
}

/** Full verification report. */
export interface RecordReport {
  readonly ok: boolean;
  readonly checks: RecordCheck[];
  /** Ledger anchors from the record, passed through unchecked (they need the ledger). */
  readonly anchors: Anchor[];
  readonly result: TallyResult | null;
  readonly ballotCount: number;
}

/** The fixed list of checks, in order (numbers are stable across versions of this verifier). */
export const RECORD_CHECKS = [
  ['record.schema', 'record is a well-formed version-1 election record'],
  ['manifest.valid', 'manifest is consistent (ids, ranges, totals, threshold)'],
  ['manifest.hash', 'manifest hash matches the manifest'],
  ['ceremony.messages', 'every key-ceremony proof of knowledge, share message and complaint verifies'],
  ['ceremony.result', 'qualified holders, joint key, verification shares and base hash match the transcript'],
  ['credentials.list', 'registered credentials are valid, sorted and unique'],
  ['ballots.valid', 'every ballot: schema, bindings, signature and all proofs'],
  ['ballots.registered', 'every ballot is signed by a registered credential'],
  ['ballots.uniqueCredential', 'at most one counted ballot per credential'],
  ['ballots.uniqueBallotId', 'ballot ids are unique'],
  ['ballots.uniqueCiphertext', 'no ciphertext appears in two ballots'],
  ['spoiled.valid', 'every spoiled ballot verifies and its reveal re-encrypts to it'],
  ['spoiled.notCast', 'no spoiled ballot is counted'],
  ['tally.count', 'aggregate ballot count equals the number of counted ballots'],
  ['tally.sum', 'aggregate equals the homomorphic sum of the counted ballots'],
  ['decryption.shares', 'every decryption share and its proofs verify'],
  ['decryption.quorum', 'at least t valid shares from distinct qualified holders'],
  ['result.counts', 'published counts equal the counts decrypted from the shares'],
] as const;

export type RecordCheckName = (typeof RECORD_CHECKS)[number][0];

/** A chunk of ballots to verify (what a worker thread receives). */
export interface BallotChunkTask {
  readonly manifest: Manifest;
  readonly jointKey: string;
  readonly electionBaseHash: string;
  readonly ballots: readonly unknown[];
  /** Index of the first ballot of the chunk in the record. */
  readonly offset: number;
}

/** What verifying a chunk returns. */
export interface BallotChunkResult {
  readonly offset: number;
  readonly failures: { index: number; code: ErrorCode; check: string; message: string }[];
  /** Sum of the selections of the chunk's decodable ballots. */
  readonly partialSum: EncryptedTally;
  readonly decodedCount: number;
  /**
   * Tracker of each ballot of the chunk (ballotTracker: the verifier hashes the canonical bytes
   * anyway, as the batch seed), or null where it was not computed; saves the main thread a pass.
   */
  readonly trackers: (string | null)[];
}

/** Ballots batched into one multi-scalar multiplication. */
export const BALLOTS_PER_BATCH = 256;

/** Ballots per chunk (one batch: small chunks keep two workers evenly loaded to the end). */
export const DEFAULT_CHUNK_SIZE = 256;

/**
 * Verifies a chunk of ballots: batches of {@link BALLOTS_PER_BATCH} are checked with one MSM
 * whose weights hash every ballot of the batch; a failing batch is re-checked ballot by ballot.
 */
export function verifyBallotChunk(task: BallotChunkTask): BallotChunkResult {
  const accel = getAccelerator();
  return accel !== null ? accel.verifyBallotChunk(task) : verifyBallotChunkReference(task);
}

/** Failures, decoded ciphertexts and trackers collected while verifying a chunk. */
export interface ChunkAccumulator {
  readonly failures: BallotChunkResult['failures'];
  readonly decoded: Ciphertext[][][];
  /** Indexed by position in the chunk. */
  readonly trackers: (string | null)[];
}

/** The reference (pure-noble) chunk verifier. */
export function verifyBallotChunkReference(task: BallotChunkTask): BallotChunkResult {
  const ctx: BallotContext = { manifest: task.manifest, jointKey: task.jointKey, electionBaseHash: task.electionBaseHash };
  const acc: ChunkAccumulator = { failures: [], decoded: [], trackers: new Array<string | null>(task.ballots.length).fill(null) };
  for (let start = 0; start < task.ballots.length; start += BALLOTS_PER_BATCH) verifyBatchReference(task, ctx, start, acc);
  return {
    offset: task.offset,
    failures: acc.failures,
    partialSum: encodeTally(task.manifest, sumSelections(task.manifest, acc.decoded), acc.decoded.length),
    decodedCount: acc.decoded.length,
    trackers: acc.trackers,
  };
}

/**
 * Reference verification of the batch of ballots [start, start + BALLOTS_PER_BATCH) of a chunk
 * (the accelerated verifier uses the same batch boundaries and falls back to this per batch).
 */
export function verifyBatchReference(task: BallotChunkTask, ctx: BallotContext, start: number, acc: ChunkAccumulator): void {
  const K = prepareBallotContext(ctx).K;
  const { failures, decoded } = acc;
  const fail = (index: number, e: unknown): void => {
    const err = e instanceof BallotLedgerError ? e : new BallotLedgerError('InvalidBallot', `ballots[${index}]`, String(e));
    failures.push({ index, code: err.code, check: err.check, message: err.message });
  };
  {
    const group: { index: number; eqs: Equation[]; seed: Uint8Array }[] = [];
    for (let k = start; k < Math.min(start + BALLOTS_PER_BATCH, task.ballots.length); k++) {
      const index = task.offset + k;
      try {
        const be = ballotEquations(task.ballots[k], ctx, `ballots[${index}]`);
        group.push({ index, eqs: be.equations, seed: be.seed });
        acc.trackers[k] = bytesToHex(be.seed); // seed = SHA-256 of the canonical ballot bytes = tracker
        decoded.push(be.selections.map((c) => c.map((s) => ({ a: s.a, b: s.b }))));
      } catch (e) {
        fail(index, e);
        try {
          decoded.push((task.ballots[k] as Ballot).contests.map((c, ci) => c.selections.map((s, oi) => decodeCiphertext(s, `ballots[${index}].contests[${ci}].selections[${oi}]`))));
        } catch {
          // undecodable: not part of the sum; the record fails ballots.valid anyway
        }
      }
    }
    const all = group.flatMap((g) => g.eqs);
    const seed = sha256(concatBytes(...group.map((g) => g.seed)));
    if (verifyEquations(all, K, seed) !== null) {
      for (const g of group) {
        const failed = verifyEquations(g.eqs, K, g.seed);
        if (failed !== null) {
          try {
            throwFailedEquation(failed);
          } catch (e) {
            fail(g.index, e);
          }
        }
      }
    }
  }
}

/** Runs ballot chunks; the default runs them in this thread. */
export type ChunkRunner = (tasks: BallotChunkTask[], onDone: (ballots: number) => void) => Promise<BallotChunkResult[]>;

const inProcess: ChunkRunner = async (tasks, onDone) => {
  const out: BallotChunkResult[] = [];
  for (const t of tasks) {
    out.push(verifyBallotChunk(t));
    onDone(t.ballots.length);
    await Promise.resolve();
  }
  return out;
};

/** Options of {@link verifyElectionRecord}. */
export interface VerifyRecordOptions {
  /** Called with (ballots verified so far, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Runs ballot chunks (e.g. on worker threads). */
  readonly runChunks?: ChunkRunner;
  /** Ballots per chunk (default {@link DEFAULT_CHUNK_SIZE}). */
  readonly chunkSize?: number;
}

class Report {
  readonly checks: RecordCheck[] = [];
  status(name: RecordCheckName, ok: boolean, detail: string, err?: BallotLedgerError): void {
    const id = RECORD_CHECKS.findIndex(([n]) => n === name) + 1;
    this.checks.push({ id, name, status: ok ? 'pass' : 'fail', detail, ...(err === undefined ? {} : { code: err.code, failedCheck: err.check }) });
  }
  run(name: RecordCheckName, f: () => string): boolean {
    try {
      this.status(name, true, f());
      return true;
    } catch (e) {
      const err = e instanceof BallotLedgerError ? e : new BallotLedgerError('InvalidRecord', name, String(e));
      this.status(name, false, err.message, err);
      return false;
    }
  }
  skip(name: RecordCheckName, why: string): void {
    const id = RECORD_CHECKS.findIndex(([n]) => n === name) + 1;
    this.checks.push({ id, name, status: 'skip', detail: why });
  }
  has(name: RecordCheckName): boolean {
    return this.checks.some((c) => c.name === name && c.status === 'pass');
  }
}

function failIf(cond: boolean, code: ErrorCode, check: string, message: string): void {
  if (cond) throw new BallotLedgerError(code, check, message);
}

/**
 * Verifies a whole election record. Never throws: every problem with the record is a failed check
 * in the report, and so is a failure of the verifier itself — if `runChunks` rejects (a worker
 * thread died), `ballots.valid` fails with code VerifierFailure at `ballots.chunks`, `tally.sum` is
 * skipped and `result.counts` fails (the aggregate is unverified). `report.ok` is true only if
 * every check passed.
 */
export async function verifyElectionRecord(value: unknown, options: VerifyRecordOptions = {}): Promise<RecordReport> {
  const r = new Report();
  let rec: ElectionRecord | null = null;
  r.run('record.schema', () => {
    rec = parseWith(ElectionRecordSchema, value, 'InvalidRecord', 'record');
    return `${rec.ballots.length} ballots, ${rec.spoiledBallots.length} spoiled, ${rec.decryptionShares.length} decryption shares`;
  });
  if (rec === null) {
    for (const [name] of RECORD_CHECKS.slice(1)) r.skip(name, 'record.schema failed');
    return { ok: false, checks: r.checks, anchors: [], result: null, ballotCount: 0 };
  }
  const record: ElectionRecord = rec;
  const manifest = record.manifest;
  const manifestOk = r.run('manifest.valid', () => {
    parseManifest(manifest);
    return `${manifest.contests.length} contests, threshold ${manifest.keyCeremony.threshold} of ${manifest.keyCeremony.holders}`;
  });
  r.run('manifest.hash', () => {
    failIf(manifestHash(manifest) !== record.manifestHash, 'InvalidManifest', 'manifest.hash', 'manifest hash does not match the manifest');
    return record.manifestHash;
  });
  let ceremony: CeremonyResult | null = null;
  if (manifestOk) {
    try {
      ceremony = verifyCeremony(record.ceremony, manifest);
      r.status('ceremony.messages', true, `${record.ceremony.round1.length} round-1, ${record.ceremony.round2.length} round-2 messages, ${record.ceremony.complaints.length} complaints`);
      r.status('ceremony.result', true, `qualified ${ceremony.qualified.join(',')}`);
    } catch (e) {
      const err = e instanceof BallotLedgerError ? e : new BallotLedgerError('InvalidCeremony', 'ceremony', String(e));
      const isResult = err.check.startsWith('ceremony.result') || err.check === 'ceremony.qualified' || err.check === 'ceremony.jointKey';
      if (isResult) {
        r.status('ceremony.messages', true, 'all messages verify');
        r.status('ceremony.result', false, err.message, err);
      } else {
        r.status('ceremony.messages', false, err.message, err);
        r.skip('ceremony.result', 'ceremony.messages failed');
      }
    }
  } else {
    r.skip('ceremony.messages', 'manifest.valid failed');
    r.skip('ceremony.result', 'manifest.valid failed');
  }
  const total = record.ballots.length;
  // The ballot chunks start now (on worker threads if runChunks farms them out); the checks that
  // do not need their results run on this thread meanwhile. Checks are reported by id, so the
  // order in which they run does not show in the report.
  let pending: Promise<{ results: BallotChunkResult[] } | { error: unknown }> | null = null;
  if (ceremony !== null) {
    const c: CeremonyResult = ceremony;
    const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const tasks: BallotChunkTask[] = [];
    for (let o = 0; o < total; o += size) tasks.push({ manifest, jointKey: c.jointKey, electionBaseHash: c.electionBaseHash, ballots: record.ballots.slice(o, o + size), offset: o });
    let done = 0;
    options.onProgress?.(0, total);
    pending = (options.runChunks ?? inProcess)(tasks, (n) => {
      done += n;
      options.onProgress?.(done, total);
    }).then(
      (results) => ({ results }),
      (error: unknown) => ({ error }),
    );
  }
  const registered = new Set(record.credentials);
  r.run('credentials.list', () => {
    checkPublicCredentials(record.credentials);
    record.credentials.forEach((c, i) => {
      failIf(i > 0 && !(record.credentials[i - 1]! < c), 'InvalidRecord', `credentials[${i}]`, 'credentials are not sorted and unique');
    });
    return `${record.credentials.length} registered credentials`;
  });
  r.run('ballots.registered', () => {
    const bad = record.ballots.findIndex((b) => !registered.has(b.credential));
    failIf(bad >= 0, 'UnknownCredential', `ballots[${bad}].credential`, 'ballot credential is not registered');
    return 'all ballot credentials are registered';
  });
  const uniq = (name: RecordCheckName, key: (b: Ballot) => string[], what: string): void => {
    r.run(name, () => {
      const seen = new Map<string, number>();
      record.ballots.forEach((b, i) => {
        for (const k of key(b)) {
          const j = seen.get(k);
          failIf(j !== undefined, 'DuplicateBallot', `ballots[${i}]`, `same ${what} as ballots[${j}]`);
          seen.set(k, i);
        }
      });
      return `${record.ballots.length} distinct`;
    });
  };
  uniq('ballots.uniqueCredential', (b) => [b.credential], 'credential');
  uniq('ballots.uniqueBallotId', (b) => [b.ballotId], 'ballot id');
  uniq('ballots.uniqueCiphertext', (b) => b.contests.flatMap((c) => c.selections.map((s) => `${s.a}.${s.b}`)), 'ciphertext');
  if (ceremony !== null) {
    const c: CeremonyResult = ceremony;
    r.run('spoiled.valid', () => {
      const ctx: BallotContext = { manifest, jointKey: c.jointKey, electionBaseHash: c.electionBaseHash };
      record.spoiledBallots.forEach((s, i) => verifySpoiledBallot(s.ballot, s.reveal, ctx, `spoiledBallots[${i}]`));
      return `${record.spoiledBallots.length} spoiled ballots re-encrypted`;
    });
  } else r.skip('spoiled.valid', 'the ceremony did not verify');
  r.run('tally.count', () => {
    failIf(record.tally.ballotCount !== total, 'InvalidTally', 'tally.ballotCount', `aggregate counts ${record.tally.ballotCount} ballots, record has ${total}`);
    failIf(record.result.ballotCount !== total, 'InvalidTally', 'result.ballotCount', `result counts ${record.result.ballotCount} ballots, record has ${total}`);
    return `${total} ballots`;
  });
  let combined: ReturnType<typeof combineDecryptionShares> | null = null;
  if (ceremony !== null && manifestOk) {
    const c: CeremonyResult = ceremony;
    r.run('decryption.shares', () => {
      const holders = new Set<number>();
      record.decryptionShares.forEach((sh, i) => {
        failIf(holders.has(sh.holder), 'InvalidDecryption', `decryptionShares[${i}].holder`, `second share from holder ${sh.holder}`);
        holders.add(sh.holder);
        verifyDecryptionShare(manifest, record.tally, sh, c, `decryptionShares[${i}]`);
      });
      return `${record.decryptionShares.length} shares verified`;
    });
    r.run('decryption.quorum', () => {
      combined = combineDecryptionShares(manifest, record.tally, record.decryptionShares, c);
      return `holders ${combined.usedHolders.join(',')} used`;
    });
  } else {
    r.skip('decryption.shares', 'the ceremony did not verify');
    r.skip('decryption.quorum', 'the ceremony did not verify');
  }
  // The ballot results.
  let sums: Ciphertext[][] | null = null;
  const trackers: (string | null)[] = [];
  const out = pending === null ? null : await pending;
  if (out === null) r.skip('ballots.valid', 'the ceremony did not verify, so the joint key is unknown');
  else if ('error' in out) {
    const reason = out.error instanceof Error ? out.error.message : String(out.error);
    const err = new BallotLedgerError('VerifierFailure', 'ballots.chunks', `ballot verification did not complete, so the ballots are not verified: ${reason}`);
    r.status('ballots.valid', false, err.message, err);
  } else {
    const results = out.results;
    const failures = results.flatMap((x) => x.failures).sort((x, y) => x.index - y.index);
    if (failures.length === 0) r.status('ballots.valid', true, `${total} ballots verified`);
    else {
      const f = failures[0]!;
      const more = failures.length > 1 ? ` (+${failures.length - 1} more: ${failures.slice(1, 6).map((x) => x.check).join(', ')})` : '';
      r.status('ballots.valid', false, `${failures.length} invalid ballot(s); first: ${f.message}${more}`, new BallotLedgerError(f.code, f.check, f.message));
    }
    let acc: Ciphertext[][] | null = null;
    for (const x of results) {
      const part = decodeTally(x.partialSum, manifest).sums;
      acc = acc === null ? part : acc.map((cs, ci) => cs.map((ct, oi) => ({ a: ct.a.add(part[ci]![oi]!.a), b: ct.b.add(part[ci]![oi]!.b) })));
      x.trackers.forEach((t, k) => (trackers[x.offset + k] = t));
    }
    sums = acc ?? sumSelections(manifest, []);
  }
  r.run('spoiled.notCast', () => {
    const cast = new Set(record.ballots.map((b, i) => trackers[i] ?? ballotTracker(b)));
    const castIds = new Set(record.ballots.map((b) => b.ballotId));
    const castCts = new Set(record.ballots.flatMap((b) => b.contests.flatMap((c) => c.selections.map((s) => s.a))));
    record.spoiledBallots.forEach((s, i) => {
      failIf(cast.has(ballotTracker(s.ballot)) || castIds.has(s.ballot.ballotId), 'DuplicateBallot', `spoiledBallots[${i}]`, 'a spoiled ballot is among the counted ballots');
      failIf(s.ballot.contests.some((c) => c.selections.some((x) => castCts.has(x.a))), 'DuplicateBallot', `spoiledBallots[${i}]`, 'a spoiled ciphertext is among the counted ballots');
    });
    return 'none counted';
  });
  let tallyOk = false;
  if (sums !== null && manifestOk) {
    const s: Ciphertext[][] = sums;
    tallyOk = r.run('tally.sum', () => {
      const published = decodeTally(record.tally, manifest).sums;
      published.forEach((cs, ci) =>
        cs.forEach((ct, oi) => failIf(!ct.a.equals(s[ci]![oi]!.a) || !ct.b.equals(s[ci]![oi]!.b), 'InvalidTally', `tally.contests[${ci}].selections[${oi}]`, 'aggregate differs from the sum of the ballots')),
      );
      return 'aggregate recomputed';
    });
  } else r.skip('tally.sum', 'ballots could not be summed');
  let result: TallyResult | null = null;
  if (combined !== null) {
    const cmb: ReturnType<typeof combineDecryptionShares> = combined;
    result = cmb.result;
    r.run('result.counts', () => {
      failIf(!tallyOk, 'InvalidTally', 'tally.sum', 'the aggregate is not verified to be the sum of the ballots (tally.sum)');
      failIf(canonicalBytes(cmb.result).join() !== canonicalBytes(record.result).join(), 'InvalidTally', 'result.counts', `published ${JSON.stringify(record.result.contests)} but shares decrypt to ${JSON.stringify(cmb.result.contests)}`);
      return cmb.result.contests.map((x) => `${x.contestId}: ${x.counts.join('/')}`).join('; ');
    });
  } else r.skip('result.counts', ceremony !== null && manifestOk ? 'no decryption' : 'the ceremony did not verify');
  const checks = [...r.checks].sort((a, b) => a.id - b.id);
  return { ok: checks.every((c) => c.status === 'pass'), checks, anchors: record.anchors, result, ballotCount: total };
}
