/**
 * Who may read an election's results (the public view, the certificate, the record): everyone
 * once the result is published and the election's `resultsVisibility` is `public`; auditors and
 * the staff who manage the election always.
 *
 * @module
 */
import { ApiError } from '../errors.js';
import type { StaffPrincipal } from '../security/roles.js';

export interface ResultsVisibility {
  readonly resultsVisibility: string;
  readonly state: string;
}

export function resultsArePublic(e: ResultsVisibility): boolean {
  return e.resultsVisibility === 'public' && (e.state === 'tallied' || e.state === 'purged');
}

/** Throws Forbidden unless the results are public or `staff` is an auditor or manages the election. */
export function assertResultsReadable(e: ResultsVisibility, staff: StaffPrincipal | undefined, manages: (staff: StaffPrincipal) => boolean, what: string): void {
  if (resultsArePublic(e) || staff?.role === 'auditor' || (staff !== undefined && manages(staff))) return;
  throw new ApiError('Forbidden', `The ${what} of this election is not public (yet).`);
}
