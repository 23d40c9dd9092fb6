// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module testing/simulate-election
 * Runs a complete election in memory — ceremony, credentials, ballots, spoiled ballots, sharded
 * tally, threshold decryption — and returns the election record. For tests, benchmarks,
 * published test vectors and other packages' fixtures; never for real elections.
 */
import { encryptBallot, spoilBallot, type BallotContext } from '../ballot.js';
import { credentialFromSecret, generateCredentialSecret, publicCredentialList } from '../credential.js';
import { combineDecryptionShares, computeDecryptionShare } from '../decryption.js';
import { ceremonyParams, finalizeCeremony, holderSecretShare, receiveShares, round1, round2 } from '../key-ceremony.js';
import { contestConstraints, manifestHash } from '../manifest.js';
import { defaultRng, type Rng } from '../rng.js';
import type { Ballot, ElectionRecord, HolderState, Manifest, SpoiledBallot } from '../schemas.js';
import { aggregateBallots, combineAggregates } from '../tally.js';

/** Options of {@link simulateElection}. */
export interface SimulationOptions {
  readonly manifest: Manifest;
  readonly ballots: number;
  /** Registered voters (≥ ballots); default ballots + 2. */
  readonly voters?: number;
  /** Holders whose shares decrypt (default: the first t qualified). */
  readonly decryptWith?: readonly number[];
  /** Aggregate shards (default 3). */
  readonly shards?: number;
  /** Benaloh-challenged ballots to include (default 1). */
  readonly spoiled?: number;
  readonly rng?: Rng;
}

/** A simulated election: the record plus the secrets a test may need. */
export interface SimulatedElection {
  readonly record: ElectionRecord;
  readonly states: HolderState[];
  readonly credentialSecrets: string[];
  readonly choices: number[][][];
  readonly context: BallotContext;
}

/** Picks a random valid choice vector for every contest (deterministic with a seeded RNG). */
export function randomChoices(manifest: Manifest, rng: Rng): number[][] {
  return manifest.contests.map((contest) => {
    const k = contestConstraints(contest);
    for (;;) {
      const values = k.optionValues.map((vals) => vals[rng(1)[0]! % vals.length]!);
      // Bias towards valid totals: for 0/1 options pick a random allowed total first.
      if (k.allowedSums !== null && k.optionValues.every((v) => v.length === 2 && v[1] === 1)) {
        const target = k.allowedSums[rng(1)[0]! % k.allowedSums.length]!;
        if (k.abstainIndex >= 0 && target === k.weights[k.abstainIndex]) return values.map((_, i) => (i === k.abstainIndex ? 1 : 0));
        const others = values.map((_, i) => i).filter((i) => i !== k.abstainIndex);
        const picked = new Set<number>();
        while (picked.size < target && picked.size < others.length) picked.add(others[rng(1)[0]! % others.length]!);
        return values.map((_, i) => (picked.has(i) ? 1 : 0));
      }
      const sum = values.reduce((s, v, i) => s + k.weights[i]! * v, 0);
      if (k.allowedSums === null || k.allowedSums.includes(sum)) return values;
    }
  });
}

/** Runs a whole election in memory. */
export function simulateElection(o: SimulationOptions): SimulatedElection {
  const rng = o.rng ?? defaultRng;
  const manifest = o.manifest;
  const p = ceremonyParams(manifest);
  const r1 = Array.from({ length: p.holders }, (_, i) => round1(p, i + 1, rng));
  const msgs1 = r1.map((r) => r.message);
  const msgs2 = r1.map((r) => round2(r.state, msgs1, p, rng));
  const received = r1.map((r) => receiveShares(r.state, msgs1, msgs2, p, rng));
  const complaints = received.flatMap((x) => x.complaints);
  const result = finalizeCeremony(msgs1, msgs2, complaints, p);
  const states = r1.map((r, i) => (result.qualified.includes(i + 1) ? holderSecretShare(r.state, received[i]!.shares, result) : r.state));
  const context: BallotContext = { manifest, jointKey: result.jointKey, electionBaseHash: result.electionBaseHash };
  const voters = o.voters ?? o.ballots + 2;
  const credentialSecrets = Array.from({ length: voters }, () => generateCredentialSecret(rng));
  const credentials = publicCredentialList(credentialSecrets.map((s) => credentialFromSecret(manifest.electionId, s).publicCredential));
  const ballots: Ballot[] = [];
  const choices: number[][][] = [];
  const spoiledBallots: SpoiledBallot[] = [];
  for (let i = 0; i < o.ballots; i++) {
    if (i < (o.spoiled ?? 1)) {
      const audit = encryptBallot(context, randomChoices(manifest, rng), credentialSecrets[i]!, rng);
      const s = spoilBallot(audit);
      spoiledBallots.push({ v: 1, ballot: s.ballot, reveal: s.reveal });
    }
    const c = randomChoices(manifest, rng);
    choices.push(c);
    ballots.push(encryptBallot(context, c, credentialSecrets[i]!, rng).ballot);
  }
  const shards = o.shards ?? 3;
  const per = Math.ceil(ballots.length / shards) || 1;
  const parts = Array.from({ length: shards }, (_, k) => aggregateBallots(manifest, ballots.slice(k * per, (k + 1) * per)));
  const tally = combineAggregates(manifest, parts);
  const decryptWith = o.decryptWith ?? result.qualified.slice(0, p.threshold);
  const decryptionShares = decryptWith.map((h) => computeDecryptionShare(manifest, tally, states[h - 1]!, result, rng));
  const combined = combineDecryptionShares(manifest, tally, decryptionShares, result);
  const record: ElectionRecord = {
    v: 1,
    manifest,
    manifestHash: manifestHash(manifest),
    ceremony: { v: 1, round1: msgs1, round2: msgs2, complaints, result },
    credentials,
    ballots,
    spoiledBallots,
    tally,
    decryptionShares,
    result: combined.result,
    anchors: [{ v: 1, item: 'result', blockNumber: 42, txId: 'simulated', hash: null }],
  };
  return { record, states, credentialSecrets, choices, context };
}
