import { LRUCache } from 'lru-cache';

/**
 * Answers that almost never change but are asked for on hot paths (an API key on every request,
 * a workspace's settings and field definitions on every contact write), remembered per key for 5
 * seconds. Whoever changes the underlying rows deletes the key, so this server process sees the
 * change at once; other processes of the same deployment see it within the 5 seconds.
 */
export function shortCache<V extends object>() {
  return new LRUCache<string, V>({ max: 10_000, ttl: 5_000 });
}

/** The cached value for `key`, or what `load` finds (remembered when found). */
export async function remembered<V extends object>(
  cache: LRUCache<string, V>,
  key: string,
  load: () => Promise<V | undefined>,
): Promise<V | undefined> {
  const hit = cache.get(key);
  if (hit) return hit;
  const value = await load();
  if (value !== undefined) cache.set(key, value);
  return value;
}
