/**
 * Read-through cache for ledger queries that many requests repeat (public pages poll them): one
 * query per key per `ttlMs`, shared by the requests in between; a failed query is not kept.
 *
 * @module
 */
export function cachedFor<T>(ttlMs: number, read: (key: string) => Promise<T>, now: () => number = Date.now): (key: string) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = read(key);
    entries.set(key, { at: now(), value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    return value;
  };
}
