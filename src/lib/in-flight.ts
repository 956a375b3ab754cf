/**
 * Concurrent asks for the same read share the one in flight: on hot paths many requests at once ask
 * the same row (a webhook's channel, an API token, a workspace's configuration version), and one round
 * trip answers them all. A caller can so get a row read up to one round trip before it asked (never a
 * cached one: the read is forgotten as soon as it answers). Per `scope` (a database handle), so a
 * transaction never shares another's read.
 */
const flights = new WeakMap<object, Map<string, Promise<unknown>>>();

export function sharedInFlight<T>(scope: object, key: string, read: () => Promise<T>): Promise<T> {
  let scoped = flights.get(scope);
  if (!scoped) flights.set(scope, (scoped = new Map()));
  const running = scoped.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = read().finally(() => scoped.delete(key));
  scoped.set(key, p);
  return p;
}
