/**
 * Per channel: provider facts nilai looked up or was told once (a key and a text value), and the
 * state of its incoming webhooks (last accepted, last refused with why).
 */
import type { Db } from './db.js';

export async function getCached(db: Db, channelId: string, key: string): Promise<string | null> {
  const r = await db.selectFrom('channel_cache').select('value').where('channel_id', '=', channelId).where('key', '=', key).executeTakeFirst();
  return r?.value ?? null;
}

export async function setCached(db: Db, channelId: string, entries: Record<string, string>): Promise<void> {
  const values = Object.entries(entries).map(([key, value]) => ({ channel_id: channelId, key, value, updated_at: new Date() }));
  if (!values.length) return;
  await db.insertInto('channel_cache').values(values)
    .onConflict((oc) => oc.columns(['channel_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at') })))
    .execute();
}

export interface WebhookStatus {
  lastReceivedAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
}

/**
 * Written at most once a minute per channel (as API tokens' last use), unless a refusal came since: a busy
 * channel's webhooks do not each rewrite this one row, and "accepted after the last refusal" stays true.
 */
export async function noteWebhookReceived(db: Db, channelId: string, at = new Date()): Promise<void> {
  // The row changes at most once a minute (below), so a process asks at most every 10 s per channel
  // instead of once per webhook; a refusal noted by this process lets the next acceptance through.
  const last = receivedNoted.get(channelId);
  if (last !== undefined && at.getTime() - last < 10_000 && at.getTime() >= last) return;
  if (receivedNoted.size >= 10_000) receivedNoted.clear();
  receivedNoted.set(channelId, at.getTime());
  await db.insertInto('channel_webhook_status').values({ channel_id: channelId, last_received_at: at })
    .onConflict((oc) => oc.column('channel_id').doUpdateSet({ last_received_at: at }).where((eb) => eb.or([
      eb('channel_webhook_status.last_received_at', 'is', null),
      eb('channel_webhook_status.last_received_at', '<', new Date(at.getTime() - 60_000)),
      eb('channel_webhook_status.last_error_at', '>=', eb.ref('channel_webhook_status.last_received_at')),
    ])))
    .execute();
}

const receivedNoted = new Map<string, number>();

/** A refused webhook, kept until the next refusal. */
export async function noteWebhookRefused(db: Db, channelId: string, code: string, message: string, at = new Date()): Promise<void> {
  receivedNoted.delete(channelId);
  const set = { last_error_code: code, last_error: message.slice(0, 1000), last_error_at: at };
  await db.insertInto('channel_webhook_status').values({ channel_id: channelId, ...set })
    .onConflict((oc) => oc.column('channel_id').doUpdateSet(set))
    .execute();
}

export async function webhookStatuses(db: Db, channelIds: readonly string[]): Promise<Map<string, WebhookStatus>> {
  if (!channelIds.length) return new Map();
  const rows = await db.selectFrom('channel_webhook_status').selectAll().where('channel_id', 'in', [...channelIds]).execute();
  return new Map(rows.map((r) => [r.channel_id, {
    lastReceivedAt: r.last_received_at?.toISOString() ?? null,
    lastError: r.last_error_at ? { code: r.last_error_code ?? 'refused', message: r.last_error ?? '', at: r.last_error_at.toISOString() } : null,
  }]));
}
