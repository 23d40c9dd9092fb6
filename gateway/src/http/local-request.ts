/**
 * Whether a request was made on this machine: the peer is a loopback address and no proxy
 * forwarded it (a reverse proxy on the same host would otherwise make every client look local).
 *
 * @module
 */
import type { Request } from 'express';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/i;

export function isLocalRequest(req: Request): boolean {
  const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
  return !forwarded && LOOPBACK.test(req.socket.remoteAddress ?? '');
}
