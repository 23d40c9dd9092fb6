/**
 * Downloads: the `Content-Disposition` of a file reply, and a download streamed from text chunks.
 *
 * @module
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { Logger } from '../logger.js';

/** `attachment` (or `inline`) with the file name in ASCII and in UTF-8 (RFC 6266). */
export function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * Sends `chunks` as a download, one chunk ahead of the client at most (each write waits for the
 * socket to drain). A client that goes away stops the chunks (their generator is returned, so no
 * more is read); if the chunks fail, the connection is destroyed, so the client sees a download
 * cut short, never a complete-looking one. Settles when the download ends either way.
 */
export async function sendTextStream(res: Response, chunks: AsyncIterable<string>, file: { contentType: string; filename: string }, log: Logger): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', contentDisposition(file.filename));
  res.setHeader('Cache-Control', 'no-store');
  try {
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), res);
  } catch (err) {
    log.warn({ err, file: file.filename }, 'download cut short');
  }
}
