// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module verify-record
 * The election-record verifier: recomputes everything from the record alone and returns a
 * numbered list of checks, each passed, failed (with the reason and the failing sub-check) or
 * skipped (when a check it depends on failed). The record comes as its header and a stream of
 * ballots ({@link verifyElectionRecordStream}: record.ndjson, any size) or whole in its JSON form
 * ({@link verifyElectionRecord}, which splits it and streams the ballots array). Ballot
 * verification — the expensive part — runs in chunks through {@link verifyBallotChunk}, which a
 * caller may farm out to worker threads. Deterministic: no randomness, no clock.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { ballotEquations, prepareBallotContext, throwFailedEquation, verifySpoiledBallot, type BallotContext } from './ballot.js';
import { verifyEquations, type Equation } from './batch.js';
import { canonicalBytes } from './codec.js';
import { combineDecryptionShares, verifyDecryptionShare } from './decryption.js';
import { decodeCiphertext, type Ciphertext } from './elgamal.js';
import { BallotLedgerError, type ErrorCode } from './errors.js';
import { verifyCeremony } from './key-ceremony.js';
import { manifestHash, parseManifest } from './manifest.js';
import { BallotScan, UnreadableBallot, type BallotFailure, type UniqueField } from './ballot-scan.js';
import { ElectionRecordHeaderSchema, type Anchor, type Ballot, type CeremonyResult, type ElectionRecordHeader, type EncryptedTally, type Manifest, type TallyResult } from './schemas.js';
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
  readonly failures: BallotFailure[];
  /** Sum of the selections of the chunk's decodable ballots. */
  readonly partialSum: EncryptedTally;
  readonly decodedCount: number;
  /** Ballots in the chunk. */
  readonly size: number;
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

/** Failures and decoded ciphertexts collected while verifying a chunk. */
export interface ChunkAccumulator {
  readonly failures: BallotChunkResult['failures'];
  readonly decoded: Ciphertext[][][];
}

/** The reference (pure-noble) chunk verifier. */
export function verifyBallotChunkReference(task: BallotChunkTask): BallotChunkResult {
  const ctx: BallotContext = { manifest: task.manifest, jointKey: task.jointKey, electionBaseHash: task.electionBaseHash };
  const acc: ChunkAccumulator = { failures: [], decoded: [] };
  for (let start = 0; start < task.ballots.length; start += BALLOTS_PER_BATCH) verifyBatchReference(task, ctx, start, acc);
  return {
    offset: task.offset,
    failures: acc.failures,
    partialSum: encodeTally(task.manifest, sumSelections(task.manifest, acc.decoded), acc.decoded.length),
    decodedCount: acc.decoded.length,
    size: task.ballots.length,
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

/**
 * Runs ballot chunks; the default runs them in this thread. A runner pulls a task from `tasks`
 * only when it has room for it (the ballots are read as fast as they are verified, never all
 * ahead), hands each result to `onResult` as it arrives (in any order), and resolves once every
 * task it pulled is done; it rejects if it cannot finish.
 */
export type ChunkRunner = (tasks: AsyncIterable<BallotChunkTask>, onResult: (result: BallotChunkResult) => void) => Promise<void>;

const inProcess: ChunkRunner = async (tasks, onResult) => {
  for await (const t of tasks) onResult(verifyBallotChunk(t));
};

/** Options of {@link verifyElectionRecordStream} and {@link verifyElectionRecord}. */
export interface VerifyRecordOptions {
  /** Called with (ballots verified so far, the ballot count the record announces). */
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
}

function failIf(cond: boolean, code: ErrorCode, check: string, message: string): void {
  if (cond) throw new BallotLedgerError(code, check, message);
}

/** What chunks of ballots are cut into (null: the ballots are only scanned, not verified). */
interface ChunkSpec {
  readonly manifest: Manifest;
  readonly jointKey: string;
  readonly electionBaseHash: string;
  readonly size: number;
}

/**
 * Reads the ballots one at a time into `scan` and cuts them into chunk tasks. A source that throws
 * ends the ballots (`scan.readFailure`). An unreadable ballot is scanned (it fails ballots.valid)
 * but goes into no chunk: the chunk before it ends there, the next starts after it.
 */
async function* ballotChunks(ballots: AsyncIterable<unknown> | Iterable<unknown>, scan: BallotScan, spec: ChunkSpec | null): AsyncGenerator<BallotChunkTask> {
  let chunk: unknown[] = [];
  let offset = 0;
  const task = (): BallotChunkTask => ({ manifest: spec!.manifest, jointKey: spec!.jointKey, electionBaseHash: spec!.electionBaseHash, ballots: chunk, offset });
  try {
    for await (const ballot of ballots) {
      const index = scan.count;
      scan.add(ballot);
      if (spec === null) continue;
      if (ballot instanceof UnreadableBallot) {
        if (chunk.length > 0) yield task();
        chunk = [];
        offset = index + 1;
        continue;
      }
      chunk.push(ballot);
      if (chunk.length === spec.size) {
        yield task();
        chunk = [];
        offset = index + 1;
      }
    }
  } catch (e) {
    scan.readFailure = e instanceof Error ? e.message : String(e);
  }
  if (chunk.length > 0) yield task();
}

async function drain(it: AsyncIterator<unknown>): Promise<void> {
  while (!(await it.next()).done);
}

/** The chunk results folded as they arrive: the sum of the ballots' selections and how many were verified. */
class ChunkSums {
  done = 0;
  sums: Ciphertext[][];
  readonly #manifest: Manifest;
  constructor(manifest: Manifest) {
    this.#manifest = manifest;
    this.sums = sumSelections(manifest, []);
  }
  add(x: BallotChunkResult): void {
    const part = decodeTally(x.partialSum, this.#manifest).sums;
    this.sums = this.sums.map((cs, ci) => cs.map((ct, oi) => ({ a: ct.a.add(part[ci]![oi]!.a), b: ct.b.add(part[ci]![oi]!.b) })));
    this.done += x.size;
  }
}

/**
 * Verifies an election record given as its header (the record without `ballots`, with
 * `ballotCount`: line 1 of record.ndjson) and its ballots, read one at a time: the ballots are
 * cut into chunks for `runChunks` as it asks for them, and only what the checks across ballots
 * need is kept of each (see ballot-scan.ts), so memory does not grow with the ballots' size. An
 * {@link UnreadableBallot} in `ballots` fails ballots.valid at its index; a ballot count other
 * than the header's fails tally.count. Never throws: every problem with the record is a failed
 * check in the report, and so is a failure of the verifier itself — if `runChunks` rejects (a
 * worker thread died) or `ballots` throws (a read error), `ballots.valid` fails with code
 * VerifierFailure at `ballots.chunks` or `ballots.read`, `tally.sum` is skipped and
 * `result.counts` fails (the aggregate is unverified). `report.ok` is true only if every check passed.
 */
export async function verifyElectionRecordStream(header: unknown, ballots: AsyncIterable<unknown> | Iterable<unknown>, options: VerifyRecordOptions = {}): Promise<RecordReport> {
  const r = new Report();
  let head: ElectionRecordHeader | null = null;
  r.run('record.schema', () => {
    head = parseWith(ElectionRecordHeaderSchema, header, 'InvalidRecord', 'record');
    return `${head.ballotCount} ballots, ${head.spoiledBallots.length} spoiled, ${head.decryptionShares.length} decryption shares`;
  });
  if (head === null) {
    for (const [name] of RECORD_CHECKS.slice(1)) r.skip(name, 'record.schema failed');
    return { ok: false, checks: r.checks, anchors: [], result: null, ballotCount: 0 };
  }
  const record: ElectionRecordHeader = head;
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
  // The ballots stream into the chunk runner (on worker threads if it farms them out) as it asks
  // for them; the checks that need only the header run on this thread meanwhile. Checks are
  // reported by id, so the order in which they run does not show in the report.
  const scan = new BallotScan(new Set(record.credentials), record.spoiledBallots);
  const c: CeremonyResult | null = ceremony;
  const stream = ballotChunks(ballots, scan, c === null ? null : { manifest, jointKey: c.jointKey, electionBaseHash: c.electionBaseHash, size: options.chunkSize ?? DEFAULT_CHUNK_SIZE });
  const sums = new ChunkSums(manifest);
  let pending: Promise<{ error: unknown } | null> | null = null;
  if (c !== null) {
    options.onProgress?.(0, record.ballotCount);
    // The runner gets no `return`: stopping early must not close the ballots, which are scanned to the end.
    const tasks: AsyncIterable<BallotChunkTask> = { [Symbol.asyncIterator]: () => ({ next: () => stream.next() }) };
    pending = (options.runChunks ?? inProcess)(tasks, (x) => {
      x.failures.forEach((f) => scan.failures.add(f));
      sums.add(x);
      options.onProgress?.(sums.done, record.ballotCount);
    }).then(
      () => null,
      (error: unknown) => ({ error }),
    );
  }
  r.run('credentials.list', () => {
    checkPublicCredentials(record.credentials);
    record.credentials.forEach((cred, i) => {
      failIf(i > 0 && !(record.credentials[i - 1]! < cred), 'InvalidRecord', `credentials[${i}]`, 'credentials are not sorted and unique');
    });
    return `${record.credentials.length} registered credentials`;
  });
  if (c !== null) {
    r.run('spoiled.valid', () => {
      const ctx: BallotContext = { manifest, jointKey: c.jointKey, electionBaseHash: c.electionBaseHash };
      record.spoiledBallots.forEach((s, i) => verifySpoiledBallot(s.ballot, s.reveal, ctx, `spoiledBallots[${i}]`));
      return `${record.spoiledBallots.length} spoiled ballots re-encrypted`;
    });
  } else r.skip('spoiled.valid', 'the ceremony did not verify');
  let combined: ReturnType<typeof combineDecryptionShares> | null = null;
  if (c !== null && manifestOk) {
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
  const runnerFailure = pending === null ? null : await pending;
  await drain(stream);
  const total = scan.count;
  r.run('ballots.registered', () => {
    const bad = scan.firstUnregistered;
    failIf(bad !== null, 'UnknownCredential', `ballots[${bad}].credential`, 'ballot credential is not registered');
    return 'all ballot credentials are registered';
  });
  const unique = (name: RecordCheckName, field: UniqueField, what: string): void => {
    r.run(name, () => {
      const dup = scan.repeats[field];
      failIf(dup !== null, 'DuplicateBallot', `ballots[${dup?.index}]`, `same ${what} as ballots[${dup?.earlier}]`);
      return `${total} distinct`;
    });
  };
  unique('ballots.uniqueCredential', 'credential', 'credential');
  unique('ballots.uniqueBallotId', 'ballotId', 'ballot id');
  unique('ballots.uniqueCiphertext', 'ciphertext', 'ciphertext');
  r.run('spoiled.notCast', () => {
    // A counted copy of a spoiled ballot has its ballot id (and its tracker), so ids and ciphertexts are compared.
    const counted = [...scan.spoiledCounted].sort(([x], [y]) => x - y)[0];
    failIf(counted !== undefined, 'DuplicateBallot', `spoiledBallots[${counted?.[0]}]`, counted?.[1] === 'ballot' ? 'a spoiled ballot is among the counted ballots' : 'a spoiled ciphertext is among the counted ballots');
    return 'none counted';
  });
  r.run('tally.count', () => {
    failIf(record.ballotCount !== total, 'InvalidRecord', 'ballotCount', `the record announces ${record.ballotCount} ballots but holds ${total}`);
    failIf(record.tally.ballotCount !== total, 'InvalidTally', 'tally.ballotCount', `aggregate counts ${record.tally.ballotCount} ballots, record has ${total}`);
    failIf(record.result.ballotCount !== total, 'InvalidTally', 'result.ballotCount', `result counts ${record.result.ballotCount} ballots, record has ${total}`);
    return `${total} ballots`;
  });
  // The ballot results.
  let verifiedSums: Ciphertext[][] | null = null;
  if (c === null) r.skip('ballots.valid', 'the ceremony did not verify, so the joint key is unknown');
  else if (runnerFailure !== null || scan.readFailure !== null) {
    const [where, what, reason] =
      runnerFailure !== null
        ? ['ballots.chunks', 'ballot verification did not complete', runnerFailure.error instanceof Error ? runnerFailure.error.message : String(runnerFailure.error)]
        : ['ballots.read', 'the ballots could not be read to the end', scan.readFailure];
    const err = new BallotLedgerError('VerifierFailure', where, `${what}, so the ballots are not verified: ${reason}`);
    r.status('ballots.valid', false, err.message, err);
  } else {
    const { total: failed, first } = scan.failures;
    if (failed === 0) r.status('ballots.valid', true, `${total} ballots verified`);
    else {
      const f = first[0]!;
      const more = failed > 1 ? ` (+${failed - 1} more: ${first.slice(1).map((x) => x.check).join(', ')})` : '';
      r.status('ballots.valid', false, `${failed} invalid ballot(s); first: ${f.message}${more}`, new BallotLedgerError(f.code, f.check, f.message));
    }
    verifiedSums = sums.sums;
  }
  let tallyOk = false;
  if (verifiedSums !== null && manifestOk) {
    const s: Ciphertext[][] = verifiedSums;
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
  } else r.skip('result.counts', c !== null && manifestOk ? 'no decryption' : 'the ceremony did not verify');
  const checks = [...r.checks].sort((a, b) => a.id - b.id);
  return { ok: checks.every((x) => x.status === 'pass'), checks, anchors: record.anchors, result, ballotCount: total };
}

/**
 * Splits a record in its JSON form into the streamed form's header (`ballots` replaced by
 * `ballotCount`) and its ballots. A value that is not an object with a `ballots` array (or that
 * already has a `ballotCount`) is returned as the header, with no ballots, and fails record.schema.
 */
export function splitElectionRecord(value: unknown): { header: unknown; ballots: readonly unknown[] } {
  const ballots = (value as { ballots?: unknown } | null)?.ballots;
  if (typeof value !== 'object' || value === null || !Array.isArray(ballots) || 'ballotCount' in value) return { header: value, ballots: [] };
  const { ballots: _, ...rest } = value as Record<string, unknown>;
  return { header: { ...rest, ballotCount: ballots.length }, ballots };
}

/** Verifies a whole election record in its JSON form: {@link verifyElectionRecordStream} on its two parts. */
export async function verifyElectionRecord(value: unknown, options: VerifyRecordOptions = {}): Promise<RecordReport> {
  const { header, ballots } = splitElectionRecord(value);
  return verifyElectionRecordStream(header, ballots, options);
}
