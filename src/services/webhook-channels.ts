/**
 * The channels provider webhooks are verified against (channel, workspace, decrypted credentials), kept in
 * memory per process and per database pool, so a webhook costs no read before it joins its group commit.
 *
 * Kept honest by the write, not by notifications: every webhook is stored only if its channel's
 * row_version (raised by a trigger on every update, migration 0043) is still the one it was verified
 * with and the channel is not archived (store/inbound-webhooks storeWebhooks). A secret rotated or a
 * channel archived through any process therefore refuses the next webhook every process stores: that
 * webhook comes back `stale`, the route reads the channel again and verifies it again. And a cached
 * channel only ever lets a webhook through: every refusal (401, 404) is decided on a fresh read, so a
 * secret just changed to the one a provider now sends is accepted at once. No LISTEN connection (which
 * PgBouncer in transaction mode would not carry) and no notification lost while one reconnects.
 */
import type { ChannelContext } from '../channels/types.js';
import type { Keys } from '../lib/keys.js';
import { getChannelForWebhook } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { channelCache, readCredentials } from './channels.js';

export interface WebhookChannel {
  ctx: ChannelContext;
  /** channels.row_version of the row `ctx` was built from. */
  version: number;
  /** From the cache (verify on a fresh read before refusing), or read just now. */
  cached: boolean;
}

interface Entry { ctx: ChannelContext; version: number }

const caches = new WeakMap<Db, Map<string, Entry>>();
/** Channels kept per pool; the oldest read goes first. */
const MAX_CHANNELS = 10_000;

/** The channel `id` for a webhook: the cached one unless `fresh`, else read now (and kept). Null: no such channel. */
export async function webhookChannel(db: Db, keys: Keys, id: string, publicUrl: string, fresh = false): Promise<WebhookChannel | null> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = fresh ? undefined : cache.get(id);
  if (hit) return { ...hit, cached: true };
  const row = await getChannelForWebhook(db, id);
  if (!row) {
    cache.delete(id);
    return null;
  }
  const entry: Entry = { ctx: { channel: row.channel, credentials: readCredentials(keys, row.channel), publicUrl, cache: channelCache(db, id) }, version: row.version };
  // Reads that overlap may answer out of order: never replace a newer row by an older one.
  const known = cache.get(id);
  if (!known || known.version <= entry.version) {
    cache.delete(id);
    cache.set(id, entry);
    if (cache.size > MAX_CHANNELS) cache.delete(cache.keys().next().value!);
  }
  return { ...entry, cached: false };
}
