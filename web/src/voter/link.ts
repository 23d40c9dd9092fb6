// The personal link `/v/<token>#<secret>`: read once at start-up, kept only in memory, and
// removed from the address bar (and so from history) before anything else runs.
import { base64urlDecode, CREDENTIAL_SECRET_BYTES } from '@ballotledger/core';

export interface CapturedLink {
  readonly token: string;
  readonly secret: string | null;
}

let captured: CapturedLink | null = null;

export function captureVoterLink(): void {
  const m = /^\/v\/([A-Za-z0-9_-]{10,200})\/?$/.exec(window.location.pathname);
  if (m === null) return;
  const hash = window.location.hash.slice(1);
  captured = { token: m[1]!, secret: hash.length > 0 ? hash : null };
  window.history.replaceState(null, '', '/v');
}

export function capturedLink(): CapturedLink | null {
  return captured;
}

/** For tests of the ballot preview and for "open another link": forget the captured link. */
export function forgetVoterLink(): void {
  captured = null;
}

export function secretLooksValid(secret: string | null): boolean {
  if (secret === null) return false;
  try {
    return base64urlDecode(secret).length >= CREDENTIAL_SECRET_BYTES;
  } catch {
    return false;
  }
}
