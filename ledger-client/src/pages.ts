/** Reading a paged chaincode query (`GetCredentials`, `GetBallots`, `GetSpoiledBallots`) a page at a time. */
import type { Page } from '@ballotledger/chaincode';

/** Every page of a paged query, in order, fetched only as the previous one is consumed; `key` of a page's last item is the next `after`. */
export async function* pages<T>(page: (after: string) => Promise<Page<T>>, key: (item: T) => string): AsyncGenerator<T[]> {
  for (let after = ''; ; ) {
    const p = await page(after);
    if (p.items.length > 0) yield p.items;
    if (p.next === null || p.items.length === 0) return;
    after = key(p.items[p.items.length - 1]!);
  }
}

/** Every item of a paged query. */
export async function allPages<T>(page: (after: string) => Promise<Page<T>>, key: (item: T) => string): Promise<T[]> {
  const out: T[] = [];
  for await (const items of pages(page, key)) out.push(...items);
  return out;
}
