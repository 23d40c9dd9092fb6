// Trackers of the ballots this browser spoiled (Benaloh challenge), kept in localStorage so a
// later visit still knows them. The ledger refuses to cast a spoiled ballot, but a gateway that
// skipped SpoilBallot could cast it: if a ballot with one of these trackers is recorded as this
// voter's vote, the voter is told to report it.
import { enc, get } from '../api';

const storageKey = (electionId: string): string => `bl.spoiled.${electionId}`;

function spoiledHere(electionId: string): string[] {
  try {
    const value = JSON.parse(window.localStorage.getItem(storageKey(electionId)) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberSpoiled(electionId: string, tracker: string): void {
  try {
    window.localStorage.setItem(storageKey(electionId), JSON.stringify([...new Set([...spoiledHere(electionId), tracker])]));
  } catch {
    // storage disabled: there is nothing to compare with later
  }
}

/**
 * The tracker of a ballot this browser spoiled that is recorded as cast, or null. Compares with
 * the receipt when the gateway has one, otherwise looks each spoiled tracker up on the ledger.
 */
export async function castSpoiledTracker(electionId: string, receipt: { tracker: string } | null): Promise<string | null> {
  const mine = spoiledHere(electionId);
  if (receipt !== null) return mine.includes(receipt.tracker) ? receipt.tracker : null;
  for (const tracker of mine) {
    if ((await get<{ found: boolean }>(`/api/elections/${enc(electionId)}/trackers/${enc(tracker)}`)).found) return tracker;
  }
  return null;
}
