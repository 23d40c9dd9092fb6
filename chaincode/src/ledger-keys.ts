/**
 * Every ledger key the chaincode writes, in one place. Keys are plain strings with `/`
 * separators (election ids, holder indexes, credentials, trackers and pseudonyms cannot contain
 * `/`), so a prefix is a range: `[prefix, prefix + '\uffff')`.
 *
 * Public state: elections, the ceremony transcript, registered credentials, receipts (one per
 * cast ballot, keyed by tracker), spoiled (Benaloh-challenged) ballots with their reveal, keyed by
 * tracker, tally shards, decryption shares, results.
 * `ballots` collection (commissions + Observer): the ballot bytes keyed by tracker, and one
 * "credential used" marker per credential.
 * `turnout` collection (commissions): one flag per voter pseudonym.
 */
export const COLLECTION_BALLOTS = 'ballots';
export const COLLECTION_TURNOUT = 'turnout';

/** The end of a prefix range. */
export function rangeEnd(prefix: string): string {
  return `${prefix}\uffff`;
}

export const keys = {
  election: (eid: string): string => `election/${eid}`,
  electionsPrefix: (): string => 'election/',
  round1: (eid: string, holder: number): string => `ceremony/${eid}/round1/${pad(holder)}`,
  round1Prefix: (eid: string): string => `ceremony/${eid}/round1/`,
  round2: (eid: string, holder: number): string => `ceremony/${eid}/round2/${pad(holder)}`,
  round2Prefix: (eid: string): string => `ceremony/${eid}/round2/`,
  review: (eid: string, holder: number): string => `ceremony/${eid}/review/${pad(holder)}`,
  reviewPrefix: (eid: string): string => `ceremony/${eid}/review/`,
  complaint: (eid: string, complainer: number, accused: number): string =>
    `ceremony/${eid}/complaint/${pad(complainer)}/${pad(accused)}`,
  complaintPrefix: (eid: string): string => `ceremony/${eid}/complaint/`,
  credential: (eid: string, credential: string): string => `credential/${eid}/${credential}`,
  credentialPrefix: (eid: string): string => `credential/${eid}/`,
  credentialBatch: (eid: string, batch: number): string => `credbatch/${eid}/${pad(batch, 6)}`,
  credentialBatchPrefix: (eid: string): string => `credbatch/${eid}/`,
  receipt: (eid: string, tracker: string): string => `receipt/${eid}/${tracker}`,
  receiptPrefix: (eid: string, trackerPrefix = ''): string => `receipt/${eid}/${trackerPrefix}`,
  spoiled: (eid: string, tracker: string): string => `spoiled/${eid}/${tracker}`,
  spoiledPrefix: (eid: string): string => `spoiled/${eid}/`,
  tallyShard: (eid: string, prefix: string): string => `tally/${eid}/shard/${prefix}`,
  tallyShardPrefix: (eid: string): string => `tally/${eid}/shard/`,
  tally: (eid: string): string => `tally/${eid}/combined`,
  decryptionShare: (eid: string, holder: number): string => `decryption/${eid}/${pad(holder)}`,
  decryptionSharePrefix: (eid: string): string => `decryption/${eid}/`,
  result: (eid: string): string => `result/${eid}`,
  // private: ballots collection
  ballot: (eid: string, tracker: string): string => `ballot/${eid}/${tracker}`,
  ballotPrefix: (eid: string, trackerPrefix = ''): string => `ballot/${eid}/${trackerPrefix}`,
  credentialUsed: (eid: string, credential: string): string => `voted/${eid}/${credential}`,
  // private: turnout collection
  turnout: (eid: string, pseudonym: string): string => `turnout/${eid}/${pseudonym}`,
  turnoutPrefix: (eid: string): string => `turnout/${eid}/`,
} as const;

function pad(n: number, width = 3): string {
  return String(n).padStart(width, '0');
}
