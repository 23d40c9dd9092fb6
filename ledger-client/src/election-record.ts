/**
 * Assembles the election record (core's `ElectionRecord`, docs/protocol.md §8) from the ledger,
 * for the verifier: everything comes from chaincode queries on the connected peer; ballots need a
 * member of the `ballots` collection (a commission or the Observer). Spoiled (Benaloh-challenged)
 * ballots are public state (`SpoilBallot`), so any commission's gateway exports the same record.
 * Two forms from one header: the streamed form (`record.ndjson`, any size: the ballots go out a
 * page at a time and are never all held) and the JSON form (one object, for small records).
 */
import { canonicalJson, manifestHash, type Anchor, type Ballot, type ElectionRecord, type ElectionRecordHeader } from '@ballotledger/core';
import type { BallotLedger } from './ballot-ledger.js';
import { LedgerError } from './ledger-error.js';
import { allPages, pages } from './pages.js';

/** The ledger reads the record needs. */
export type RecordLedger = Pick<
  BallotLedger,
  'getElection' | 'getResult' | 'getTally' | 'getCeremony' | 'credentialsPage' | 'spoiledPage' | 'ballotsPage' | 'getDecryptionShares' | 'transactionStatus'
>;

const ANCHORED = ['FreezeRoll', 'FinalizeCeremony', 'CloseElection', 'PublishResult'];

/**
 * Everything of the record but the ballots, with `ballotCount`: the number of ballots the
 * published aggregate counts, which is what the ledger's ballots must number (a verifier counts
 * them: tally.count). Throws WrongState before the result is published.
 */
export async function electionRecordHeader(ledger: RecordLedger, electionId: string): Promise<ElectionRecordHeader> {
  const election = await ledger.getElection(electionId);
  const published = await ledger.getResult(electionId);
  const { tally } = await ledger.getTally(electionId);
  if (election.ceremony === null || published === null || tally === null) {
    throw new LedgerError({ code: 'WrongState', message: `election ${electionId} has no published result yet` });
  }
  const transcript = await ledger.getCeremony(electionId);
  const credentials = await allPages((after) => ledger.credentialsPage(electionId, after), (c) => c);
  const spoiled = await allPages((after) => ledger.spoiledPage(electionId, after), (s) => s.tracker);
  const anchors: Anchor[] = [];
  for (const entry of election.history.filter((h) => ANCHORED.includes(h.action))) {
    const status = await ledger.transactionStatus(entry.txId);
    anchors.push({ v: 1, item: entry.action, blockNumber: status.blockNumber, txId: entry.txId, hash: null });
  }
  anchors.push({ v: 1, item: 'ballots', blockNumber: null, txId: null, hash: `${tally.ballotCount} ballots; private-data hash of each = its tracker` });
  return {
    v: 1,
    manifest: election.manifest,
    manifestHash: manifestHash(election.manifest),
    ceremony: { v: 1, round1: transcript.round1, round2: transcript.round2, complaints: transcript.complaints, result: election.ceremony },
    credentials: [...credentials].sort(),
    spoiledBallots: spoiled.map((s) => s.spoiled),
    tally,
    decryptionShares: await ledger.getDecryptionShares(electionId),
    result: published.result,
    anchors,
    ballotCount: tally.ballotCount,
  };
}

function ballotPages(ledger: RecordLedger, electionId: string): AsyncGenerator<{ tracker: string; ballot: string }[]> {
  return pages((after) => ledger.ballotsPage(electionId, after), (b) => b.tracker);
}

/**
 * The streamed form, `record.ndjson`, as text: the header line first, then one chunk of ballot
 * lines per `GetBallots` page, each page read only when the previous chunk has been taken. Every
 * line is canonical JSON (the header is encoded here, each ballot is the canonical JSON the ledger
 * holds), so the same ledger always gives the same bytes (the certificate prints their SHA-256).
 * If the ledger fails, the generator throws after the chunks already yielded: the text is then cut short.
 */
export async function* electionRecordNdjson(ledger: RecordLedger, electionId: string): AsyncGenerator<string> {
  yield `${canonicalJson(await electionRecordHeader(ledger, electionId))}\n`;
  for await (const items of ballotPages(ledger, electionId)) yield items.map((b) => `${b.ballot}\n`).join('');
}

/** The JSON form: the header's fields and every ballot, parsed, in one object. */
export async function exportElectionRecord(ledger: RecordLedger, electionId: string): Promise<ElectionRecord> {
  const { ballotCount: _, ...header } = await electionRecordHeader(ledger, electionId);
  const ballots: Ballot[] = [];
  for await (const items of ballotPages(ledger, electionId)) for (const b of items) ballots.push(JSON.parse(b.ballot) as Ballot);
  return { ...header, ballots };
}
