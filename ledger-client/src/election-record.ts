/**
 * Assembles the election record (core's `ElectionRecord`) from the ledger, for the verifier:
 * everything comes from chaincode queries on the connected peer; ballots need a member of the
 * `ballots` collection (a commission or the Observer). Spoiled (Benaloh-challenged) ballots are
 * public state (`SpoilBallot`), so any commission's gateway exports the same record.
 */
import { manifestHash, type Anchor, type ElectionRecord } from '@ballotledger/core';
import type { BallotLedger } from './ballot-ledger.js';
import { LedgerError } from './ledger-error.js';

export async function exportElectionRecord(ledger: BallotLedger, electionId: string): Promise<ElectionRecord> {
  const election = await ledger.getElection(electionId);
  const published = await ledger.getResult(electionId);
  const { tally } = await ledger.getTally(electionId);
  if (election.ceremony === null || published === null || tally === null) {
    throw new LedgerError({ code: 'WrongState', message: `election ${electionId} has no published result yet` });
  }
  const transcript = await ledger.getCeremony(electionId);
  const credentials = await ledger.all((after) => ledger.credentialsPage(electionId, after), (c) => c);
  const ballots = await ledger.allBallots(electionId);
  const anchors: Anchor[] = [];
  for (const entry of election.history.filter((h) => ['FreezeRoll', 'FinalizeCeremony', 'CloseElection', 'PublishResult'].includes(h.action))) {
    const status = await ledger.transactionStatus(entry.txId);
    anchors.push({ v: 1, item: entry.action, blockNumber: status.blockNumber, txId: entry.txId, hash: null });
  }
  anchors.push({ v: 1, item: 'ballots', blockNumber: null, txId: null, hash: `${ballots.length} ballots; private-data hash of each = its tracker` });
  return {
    v: 1,
    manifest: election.manifest,
    manifestHash: manifestHash(election.manifest),
    ceremony: { v: 1, round1: transcript.round1, round2: transcript.round2, complaints: transcript.complaints, result: election.ceremony },
    credentials: [...credentials].sort(),
    ballots,
    spoiledBallots: await ledger.allSpoiled(electionId),
    tally,
    decryptionShares: await ledger.getDecryptionShares(electionId),
    result: published.result,
    anchors,
  };
}
