/**
 * The election record's streamed form (`record.ndjson`, docs/protocol.md §8) as a download, for
 * the admin, auditor and public record routes.
 *
 * @module
 */
import type { FileReply, RouteContext } from '../http/route.js';
import { sendTextStream } from '../http/download.js';
import type { LedgerServices } from '../ledger/ledger-services.js';

export const NDJSON = 'application/x-ndjson';

export const RECORD_NDJSON_DESCRIPTION =
  'record.ndjson: line 1 the record without `ballots`, with `ballotCount`; then one ballot per line. Streamed from the ledger a page at a time; if the ledger fails midway the connection is dropped, so the download is incomplete (the verifier then reports tally.count).';

/** Streams the record of `electionId`; a refusal (e.g. WrongState before the result) is an ordinary error response. */
export async function sendRecordNdjson(ledger: LedgerServices, electionId: string, ctx: Pick<RouteContext<unknown, unknown, unknown>, 'res' | 'log'>): Promise<FileReply> {
  const chunks = await ledger.elections.recordNdjson(electionId);
  await sendTextStream(ctx.res, chunks, { contentType: NDJSON, filename: `record-${electionId}.ndjson` }, ctx.log);
  return { data: '' };
}
