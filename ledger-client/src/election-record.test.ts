import { expect } from 'chai';
import { ballotTracker, canonicalJson, deterministicRng, readStreamedRecord, simulateElection, splitElectionRecord, verifyElectionRecord, verifyElectionRecordStream, type ElectionRecord } from '@ballotledger/core';
import { smallManifest } from '@ballotledger/core/testing/fixtures';
import type { Election, Page } from '@ballotledger/chaincode';
import { electionRecordNdjson, exportElectionRecord, type RecordLedger } from './election-record.js';
import { LedgerError } from './ledger-error.js';
import { keyPageOf } from './testing/key-pages.js';

/** The record reads of a ledger holding a simulated, published election; pages of 3 ballots. */
class RecordFake implements RecordLedger {
  readonly ballotPagesRead: string[] = [];
  /** Fails the ballot page after this key, as a peer going away mid-export. */
  failAfter: string | null = null;
  published = true;
  readonly #record: ElectionRecord;

  constructor(record: ElectionRecord) {
    this.#record = record;
  }

  async getElection(): Promise<Election> {
    const history = ['FreezeRoll', 'FinalizeCeremony', 'OpenElection', 'CloseElection', 'PublishResult'].map((action, i) => ({ action, at: '2026-03-01T00:00:00.000Z', txId: `tx-${i}`, by: 'CentralMSP/electionadmin' }));
    return { manifest: this.#record.manifest, ceremony: this.#record.ceremony.result, history } as unknown as Election;
  }

  async getResult(): ReturnType<RecordLedger['getResult']> {
    return this.published ? { result: this.#record.result, usedHolders: this.#record.decryptionShares.map((s) => s.holder), publishedAt: '2026-03-05T00:00:00.000Z', txId: 'tx-4' } : null;
  }

  async getTally(): ReturnType<RecordLedger['getTally']> {
    return { shards: [], tally: this.published ? this.#record.tally : null };
  }

  async getCeremony(): ReturnType<RecordLedger['getCeremony']> {
    const { round1, round2, complaints } = this.#record.ceremony;
    return { round1, round2, complaints, reviews: [], result: this.#record.ceremony.result } as unknown as Awaited<ReturnType<RecordLedger['getCeremony']>>;
  }

  async credentialsPage(_e: string, after = ''): Promise<Page<string>> {
    return keyPageOf(this.#record.credentials, (c) => c, after, 3);
  }

  async spoiledPage(electionId: string, after = ''): ReturnType<RecordLedger['spoiledPage']> {
    const entries = this.#record.spoiledBallots.map((spoiled) => ({ electionId, tracker: ballotTracker(spoiled.ballot), txId: 'tx-spoil', at: '2026-03-02T00:00:00.000Z', spoiled }));
    return keyPageOf(entries, (s) => s.tracker, after, 3);
  }

  async ballotsPage(_e: string, after = ''): Promise<Page<{ tracker: string; ballot: string }>> {
    this.ballotPagesRead.push(after);
    if (this.failAfter !== null && after === this.failAfter) throw new LedgerError({ code: 'NotRecorded', message: 'peer unavailable' });
    return keyPageOf(this.#record.ballots.map((b) => ({ tracker: ballotTracker(b), ballot: canonicalJson(b) })), (b) => b.tracker, after, 3);
  }

  async getDecryptionShares(): ReturnType<RecordLedger['getDecryptionShares']> {
    return this.#record.decryptionShares;
  }

  async transactionStatus(txId: string): ReturnType<RecordLedger['transactionStatus']> {
    return { code: 'VALID', blockNumber: Number(txId.slice(3)) + 10 };
  }
}

async function text(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function* once(s: string): AsyncGenerator<string> {
  yield s;
}

describe('election record export', function () {
  this.timeout(60000);
  const sim = simulateElection({ manifest: smallManifest('e-export'), ballots: 7, spoiled: 2, rng: deterministicRng('export') });

  it('streams record.ndjson: the header, then a chunk of ballot lines per ledger page, and it verifies like the JSON form', async () => {
    const ledger = new RecordFake(sim.record);
    const chunks = await text(electionRecordNdjson(ledger, 'e-export'));
    expect(chunks).to.have.length(1 + 3);
    expect(chunks.slice(1).map((c) => c.split('\n').length - 1)).to.deep.equal([3, 3, 1]);
    const streamed = await readStreamedRecord(once(chunks.join('')));
    expect(streamed!.header).to.include({ ballotCount: 7 });
    const report = await verifyElectionRecordStream(streamed!.header, streamed!.ballots);
    expect(report.ok, JSON.stringify(report.checks.filter((c) => c.status !== 'pass'))).to.equal(true);
    const json = await exportElectionRecord(new RecordFake(sim.record), 'e-export');
    expect(await verifyElectionRecord(json)).to.deep.equal(report);
  });

  it('builds both forms from one header: the JSON form is the header with the ballots, in tracker order', async () => {
    const ledger = new RecordFake(sim.record);
    const [headerLine, ...ballotChunks] = await text(electionRecordNdjson(ledger, 'e-export'));
    const json = await exportElectionRecord(ledger, 'e-export');
    const { header, ballots } = splitElectionRecord(json);
    expect(header).to.deep.equal(JSON.parse(headerLine!));
    expect(ballots.map((b) => `${canonicalJson(b)}\n`).join('')).to.equal(ballotChunks.join(''));
    expect(ballots.map((b) => ballotTracker(b as ElectionRecord['ballots'][number]))).to.deep.equal(sim.record.ballots.map(ballotTracker).sort());
    expect(json.anchors.map((a) => `${a.item}@${a.blockNumber}`)).to.deep.equal(['FreezeRoll@10', 'FinalizeCeremony@11', 'CloseElection@13', 'PublishResult@14', 'ballots@null']);
  });

  it('reads a ballot page only when the previous chunk has been taken', async () => {
    const ledger = new RecordFake(sim.record);
    const lines = electionRecordNdjson(ledger, 'e-export');
    await lines.next();
    expect(ledger.ballotPagesRead).to.have.length(0);
    await lines.next();
    expect(ledger.ballotPagesRead).to.have.length(1);
    await lines.return(undefined);
    expect(ledger.ballotPagesRead).to.have.length(1);
  });

  it('throws the ledger\'s error after the chunks already sent when a page fails', async () => {
    const ledger = new RecordFake(sim.record);
    const chunks = await text(electionRecordNdjson(ledger, 'e-export'));
    const second = chunks[2]!.trimEnd().split('\n');
    ledger.failAfter = ballotTracker(JSON.parse(second[second.length - 1]!) as ElectionRecord['ballots'][number]);
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const c of electionRecordNdjson(ledger, 'e-export')) got.push(c);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(LedgerError).that.includes({ code: 'NotRecorded' });
    expect(got).to.deep.equal(chunks.slice(0, 3));
  });

  it('refuses an election without a published result (WrongState), before anything is streamed', async () => {
    const ledger = new RecordFake(sim.record);
    ledger.published = false;
    const lines = electionRecordNdjson(ledger, 'e-export');
    let error: unknown;
    try {
      await lines.next();
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(LedgerError).that.includes({ code: 'WrongState' });
    expect(ledger.ballotPagesRead).to.have.length(0);
  });
});
