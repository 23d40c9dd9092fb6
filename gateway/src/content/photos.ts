/**
 * Candidate photos: accepted only as PNG, JPEG or WebP by magic bytes (never by the declared
 * type or file name), within a size limit, and identified by SHA-256 (which goes into the
 * on-ledger manifest so anyone can check the photo shown is the one registered).
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';

export type PhotoType = 'image/png' | 'image/jpeg' | 'image/webp';

export function sniffImage(data: Buffer): PhotoType | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export interface CheckedPhoto {
  readonly sha256: string;
  readonly contentType: PhotoType;
  readonly bytes: number;
  readonly data: Buffer;
}

export function checkPhoto(data: Buffer, maxBytes: number): CheckedPhoto {
  if (data.length === 0) throw new ApiError('BadRequest', 'The photo is empty');
  if (data.length > maxBytes) throw new ApiError('PayloadTooLarge', `Photos may be at most ${maxBytes} bytes`);
  const contentType = sniffImage(data);
  if (contentType === undefined) throw new ApiError('UnsupportedMediaType', 'Photos must be PNG, JPEG or WebP');
  return { sha256: createHash('sha256').update(data).digest('hex'), contentType, bytes: data.length, data };
}
