// The election record read from a byte stream (a file, a download) as text chunks, so that its
// streamed form (record.ndjson) is verified as it is read, whatever its size.
import { readStreamedRecord, type StreamedRecord } from '@ballotledger/core';

async function* textChunks(bytes: ReadableStream<BufferSource>): AsyncGenerator<string> {
  const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
  let done = false;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    done = true;
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
  }
}

/** The streamed form read from `bytes`, or null when it is not (reading `bytes` is then cancelled). */
export function readStreamedRecordFrom(bytes: ReadableStream<BufferSource>): Promise<StreamedRecord | null> {
  return readStreamedRecord(textChunks(bytes));
}
