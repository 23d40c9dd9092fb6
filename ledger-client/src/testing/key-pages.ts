/**
 * Paging as the chaincode's `keyPage` does it, over items in memory, for fakes of the ledger:
 * items in key order after the key `after`, at most `size`; `next` is the last key, null on the
 * last page.
 */
import type { Page } from '@ballotledger/chaincode';

export function keyPageOf<T>(items: readonly T[], key: (item: T) => string, after: string, size: number): Page<T> {
  const rest = [...items].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0)).filter((x) => after === '' || key(x) > after);
  const page = rest.slice(0, size);
  return { items: page, next: rest.length > size ? key(page[page.length - 1]!) : null };
}
