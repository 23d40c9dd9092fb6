/**
 * Personal voting links: `<publicBaseUrl>/v/<token>`, a 256-bit token of which only the
 * SHA-256 is stored. Each call issues a new token; a voter may hold several live links (an
 * invitation and a reminder), all bound to the same voter and election.
 *
 * @module
 */
import type { LinkRecord, LinkRepo } from '../storage/links.js';
import { hashToken, newToken, TOKEN_PATTERN } from './tokens.js';

export interface IssuedLink {
  readonly token: string;
  readonly url: string;
}

export function issueLink(
  links: LinkRepo,
  publicBaseUrl: string,
  electionId: string,
  voterId: string,
  expiresAt: number | null = null,
): IssuedLink {
  const token = newToken();
  links.add(hashToken(token), electionId, voterId, expiresAt);
  return { token, url: `${publicBaseUrl}/v/${token}` };
}

/** The live link for a presented token, or undefined (malformed, unknown, revoked, expired). */
export function resolveLink(links: LinkRepo, token: string, now = Date.now()): LinkRecord | undefined {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  return links.find(hashToken(token), now);
}
