// SPDX-License-Identifier: AGPL-3.0-or-later
import { expect } from 'chai';
import { encodePoint, G } from './group.js';
import { readStreamedRecord, textLines } from './record-ndjson.js';
import { deterministicRng } from './rng.js';
import type { ElectionRecord } from './schemas.js';
import { ndjsonRecord, smallManifest } from './testing/fixtures.js';
import { simulateElection } from './testing/simulate-election.js';
import { verifyElectionRecord, verifyElectionRecordStream, type RecordReport, type VerifyRecordOptions } from './verify-record.js';

/** `text` in chunks of `size` characters, as a file or a download delivers it. */
async function* chunks(text: string, size = 1000): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function verifyText(text: string, options: VerifyRecordOptions = {}): Promise<RecordReport> {
  const streamed = await readStreamedRecord(chunks(text, 777));
  if (streamed === null) throw new Error('not the streamed form');
  return verifyElectionRecordStream(streamed.header, streamed.ballots, options);
}

function check(report: RecordReport, name: string): RecordReport['checks'][number] {
  return report.checks.find((c) => c.name === name)!;
}

describe('record.ndjson: line splitting and form detection', () => {
  it('splits text chunks into lines wherever the chunks end; the last line needs no newline', async () => {
    expect(await collect(textLines(chunks('ab\ncd\n\nef', 1)))).to.deep.equal(['ab', 'cd', '', 'ef']);
    expect(await collect(textLines(chunks('ab\ncd\n', 3)))).to.deep.equal(['ab', 'cd']);
    expect(await collect(textLines(chunks('', 3)))).to.deep.equal([]);
  });

  it('takes a first line with ballotCount and no ballots as the streamed form, anything else as the JSON form', async () => {
    const streamed = await readStreamedRecord(chunks('{"v":1,"ballotCount":2}\n{"a":1}\n{"a":2}\n'));
    expect(streamed!.header).to.deep.equal({ v: 1, ballotCount: 2 });
    expect(await collect(streamed!.ballots)).to.deep.equal([{ a: 1 }, { a: 2 }]);
    for (const text of ['{"v":1,"ballots":[]}', '{\n  "v": 1,\n  "ballotCount": 0\n}', '{"v":1,"ballotCount":0,"ballots":[]}\n', '[{"ballotCount":1}]\n', 'not json', '']) {
      expect(await readStreamedRecord(chunks(text)), text).to.equal(null);
    }
  });

  it('closes the text when it is not the streamed form', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield '{"v":1,"ballots":[\n';
        yield ']}\n';
      } finally {
        closed = true;
      }
    }
    expect(await readStreamedRecord(source())).to.equal(null);
    expect(closed).to.equal(true);
  });
});

describe('record.ndjson: the streamed record verifies like the JSON form', function () {
  this.timeout(300000);
  const sim = simulateElection({ manifest: smallManifest('e-ndjson', 2, 3), ballots: 8, spoiled: 1, rng: deterministicRng('ndjson') });
  const base = sim.record;
  const lines = (r: ElectionRecord = base): string[] => ndjsonRecord(r).split('\n').slice(0, -1);

  const mutations: [string, (r: ElectionRecord) => void][] = [
    ['valid', () => undefined],
    ['altered selection', (r) => (r.ballots[2]!.contests[0]!.selections[1]!.b = encodePoint(G.multiply(777n)))],
    ['duplicated ballot', (r) => void r.ballots.push(structuredClone(r.ballots[0]!))],
    ['spoiled ballot also counted', (r) => void r.ballots.push(structuredClone(r.spoiledBallots[0]!.ballot))],
    ['unregistered credential', (r) => (r.credentials = r.credentials.filter((c) => c !== r.ballots[5]!.credential))],
    ['ballot of the wrong shape', (r) => ((r.ballots[4] as unknown as Record<string, unknown>).extra = 1)],
    ['wrong count', (r) => (r.result.contests[1]!.counts[0]! += 1)],
    ['wrong record version', (r) => ((r as unknown as { v: number }).v = 2)],
  ];
  for (const [name, mutate] of mutations) {
    it(`gives the JSON form's report: ${name}`, async () => {
      const r = structuredClone(base);
      mutate(r);
      const json = await verifyElectionRecord(r);
      expect(await verifyText(ndjsonRecord(r))).to.deep.equal(json);
      expect(json.ok).to.equal(name === 'valid');
    });
  }

  it('names the ballot of a wrong shape in ballots.valid (not record.schema)', async () => {
    const text = lines();
    text[5] = '[1,2,3]';
    const report = await verifyText(text.join('\n'));
    expect(check(report, 'record.schema').status).to.equal('pass');
    expect(check(report, 'ballots.valid')).to.include({ status: 'fail', code: 'InvalidBallot' });
    expect(check(report, 'ballots.valid').failedCheck).to.match(/^ballots\[4\]\.schema/);
  });

  it('a line that is not JSON fails ballots.valid naming its ballot; the others are still verified and counted', async () => {
    const text = lines();
    text[3] = text[3]!.slice(0, 100);
    const report = await verifyText(text.join('\n'));
    expect(report.ok).to.equal(false);
    expect(check(report, 'ballots.valid')).to.include({ status: 'fail', code: 'InvalidBallot', failedCheck: 'ballots[2]' });
    expect(check(report, 'ballots.valid').detail).to.match(/^1 invalid ballot\(s\); first: line 4 is not JSON/);
    expect(check(report, 'tally.count').status).to.equal('pass');
    expect(check(report, 'tally.sum').status).to.equal('fail');
    expect(report.ballotCount).to.equal(8);
  });

  it('a blank line between ballots is an unreadable ballot; blank lines at the end are allowed', async () => {
    const text = lines();
    expect((await verifyText(`${text.join('\n')}\n\n\n`)).ok).to.equal(true);
    text.splice(2, 0, '');
    const report = await verifyText(text.join('\n'));
    expect(check(report, 'ballots.valid')).to.include({ status: 'fail', failedCheck: 'ballots[1]' });
    expect(check(report, 'ballots.valid').detail).to.match(/line 3 is blank/);
    expect(check(report, 'tally.count')).to.include({ status: 'fail', failedCheck: 'ballotCount' });
  });

  it('fewer ballot lines than ballotCount (a truncated download) fail tally.count at ballotCount', async () => {
    const report = await verifyText(lines().slice(0, -3).join('\n'));
    expect(report.ok).to.equal(false);
    expect(check(report, 'tally.count')).to.include({ status: 'fail', code: 'InvalidRecord', failedCheck: 'ballotCount' });
    expect(check(report, 'tally.count').detail).to.equal('[InvalidRecord] ballotCount: the record announces 8 ballots but holds 5');
    expect(check(report, 'ballots.valid').status).to.equal('pass');
    expect(report.ballotCount).to.equal(5);
  });

  it('more ballot lines than ballotCount fail tally.count at ballotCount', async () => {
    const text = lines();
    const header = JSON.parse(text[0]!) as { ballotCount: number };
    header.ballotCount = 7;
    text[0] = JSON.stringify(header);
    const report = await verifyText(text.join('\n'));
    expect(check(report, 'tally.count')).to.include({ status: 'fail', failedCheck: 'ballotCount' });
    expect(check(report, 'tally.count').detail).to.match(/announces 7 ballots but holds 8/);
  });

  it('a read error is a VerifierFailure of ballots.valid at ballots.read, never a pass', async () => {
    const text = lines();
    const streamed = await readStreamedRecord(
      (async function* (): AsyncGenerator<string> {
        yield `${text.slice(0, 4).join('\n')}\n`;
        throw new Error('connection reset');
      })(),
    );
    const report = await verifyElectionRecordStream(streamed!.header, streamed!.ballots);
    expect(report.ok).to.equal(false);
    expect(check(report, 'ballots.valid')).to.include({ status: 'fail', code: 'VerifierFailure', failedCheck: 'ballots.read' });
    expect(check(report, 'ballots.valid').detail).to.match(/connection reset/);
    expect(check(report, 'tally.sum').status).to.equal('skip');
    expect(check(report, 'result.counts').status).to.equal('fail');
  });

  it('reports progress against the announced ballotCount, chunk by chunk', async () => {
    const seen: [number, number][] = [];
    await verifyText(lines().join('\n'), { chunkSize: 3, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).to.deep.equal([
      [0, 8],
      [3, 8],
      [6, 8],
      [8, 8],
    ]);
  });

  it('feeds the chunk runner lazily: the first result arrives before the ballots are read ahead', async () => {
    const big = simulateElection({ manifest: smallManifest('e-lazy', 2, 3), ballots: 40, spoiled: 0, rng: deterministicRng('lazy') }).record;
    let read = 0;
    const readAtFirstResult: number[] = [];
    async function* ballots(): AsyncGenerator<unknown> {
      for (const b of big.ballots) {
        read += 1;
        yield b;
      }
    }
    const { ballots: _, ...rest } = big;
    const report = await verifyElectionRecordStream({ ...rest, ballotCount: big.ballots.length }, ballots(), {
      chunkSize: 4,
      onProgress: (done) => {
        if (done > 0 && readAtFirstResult.length === 0) readAtFirstResult.push(read);
      },
    });
    expect(report.ok).to.equal(true);
    expect(readAtFirstResult).to.deep.equal([4]);
    expect(read).to.equal(40);
  });
});
