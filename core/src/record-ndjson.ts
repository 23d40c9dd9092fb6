// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module record-ndjson
 * Reading the streamed form of the election record, `record.ndjson` (docs/protocol.md §8): line 1
 * the header, then one ballot per line. From text chunks (a Node file stream, a browser
 * `File.stream()` through a `TextDecoderStream`), a line at a time, so a record of any size is
 * verified without being held whole.
 */
import { UnreadableBallot } from './ballot-scan.js';

/**
 * The most counted ballots of a record the gateway sends in its JSON form (~4 KB a ballot, built
 * in memory); larger records only in the streamed form, which has no limit.
 */
export const MAX_JSON_RECORD_BALLOTS = 100_000;

/** The streamed form: its header (not yet checked) and its ballots, read as they are consumed. */
export interface StreamedRecord {
  readonly header: Record<string, unknown>;
  readonly ballots: AsyncIterable<unknown>;
}

/** Splits text chunks into lines at '\n' (the last line needs none). */
export async function* textLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
      yield rest + chunk.slice(start, nl);
      rest = '';
      start = nl + 1;
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') yield rest;
}

const BLANK = /^\s*$/;

/**
 * The ballot lines after the header, parsed. Blank lines at the end are ignored; a blank line
 * before a ballot line, or a line that is not JSON, is an {@link UnreadableBallot}.
 */
async function* ballotLines(lines: AsyncIterable<string>): AsyncGenerator<unknown> {
  let line = 1;
  let blanks = 0;
  for await (const text of lines) {
    line += 1;
    if (BLANK.test(text)) {
      blanks += 1;
      continue;
    }
    for (; blanks > 0; blanks--) yield new UnreadableBallot(`line ${line - blanks} is blank`);
    let ballot: unknown;
    try {
      ballot = JSON.parse(text);
    } catch (e) {
      ballot = new UnreadableBallot(`line ${line} is not JSON: ${(e as Error).message}`);
    }
    yield ballot;
  }
}

function isStreamedHeader(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'ballotCount' in value && !('ballots' in value);
}

/**
 * Reads line 1 of a record's text. If it is a streamed header (a JSON object with `ballotCount`
 * and no `ballots`), returns it with the ballots that follow; otherwise closes `chunks` and
 * returns null: the text is the JSON form (or not a record), to be parsed whole.
 */
export async function readStreamedRecord(chunks: AsyncIterable<string>): Promise<StreamedRecord | null> {
  const lines = textLines(chunks);
  const first = await lines.next();
  let header: unknown = null;
  try {
    header = first.done === true ? null : JSON.parse(first.value);
  } catch {
    // not JSON on its own: the JSON form spread over several lines, or not a record
  }
  if (!isStreamedHeader(header)) {
    await lines.return(undefined);
    return null;
  }
  return { header, ballots: ballotLines(lines) };
}
