// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module roll
 * The roll commitment: public credentials are registered on the ledger in batches; each batch
 * is summarised by its size and the SHA-256 of its sorted credential list, and the roll by the
 * total count and the SHA-256 of the list of batch summaries. The admin states the commitment
 * when freezing the roll and the chaincode recomputes it from what it registered.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalBytes } from './codec.js';

/** Largest credential batch one `RegisterCredentials` transaction takes. */
export const MAX_CREDENTIAL_BATCH = 2000;

export interface CredentialBatchSummary {
  readonly batch: number;
  readonly count: number;
  /** Hex SHA-256 of the canonical sorted credential list of the batch. */
  readonly hash: string;
}

/** Summary of one batch of public credentials. */
export function credentialBatchSummary(batch: number, credentials: readonly string[]): CredentialBatchSummary {
  const sorted = [...credentials].sort();
  return { batch, count: sorted.length, hash: bytesToHex(sha256(canonicalBytes(sorted))) };
}

/** The roll commitment over batch summaries taken in batch order. */
export function rollCommitment(batches: readonly CredentialBatchSummary[]): { count: number; hash: string } {
  const ordered = [...batches].sort((x, y) => x.batch - y.batch).map((b) => ({ batch: b.batch, count: b.count, hash: b.hash }));
  return { count: ordered.reduce((sum, b) => sum + b.count, 0), hash: bytesToHex(sha256(canonicalBytes(ordered))) };
}

/**
 * Hex digits of the tally shards for an electorate: a shard's transaction reads about 7 ms of
 * ballots each and must stay well under the peers' 30 s execute timeout, so at most ~4,000
 * ballots per shard (docs/benchmarks.md): 16 shards up to 50,000 voters, 256 up to 1,000,000,
 * 4,096 above (the most there are).
 */
export function shardDigitsFor(voters: number): number {
  if (voters <= 50_000) return 1;
  if (voters <= 1_000_000) return 2;
  return 3;
}

/** Tally shards are the tracker prefixes of `digits` hex digits (16, 256 or 4096 shards). */
export function shardPrefixes(digits: number): string[] {
  return Array.from({ length: 16 ** digits }, (_, i) => i.toString(16).padStart(digits, '0'));
}
