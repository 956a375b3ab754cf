/** Verified provider webhooks waiting for (or done with) their job. */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';

/** Stores a webhook body once (a provider's retry of the same body is a duplicate); returns its id if new. */
export async function storeWebhook(db: Db, w: { workspaceId: string; channelId: string; rawBody: string; payload: unknown }): Promise<string | null> {
  const r = await db.insertInto('inbound_webhooks')
    .values({ workspace_id: w.workspaceId, channel_id: w.channelId, body_hash: createHash('sha256').update(w.rawBody).digest(), payload: JSON.stringify(w.payload) })
    .onConflict((oc) => oc.columns(['channel_id', 'body_hash']).doNothing())
    .returning('id').executeTakeFirst();
  return r?.id ?? null;
}

/** Stored webhooks by id (those already processed included, for the caller to skip). */
export async function getWebhooks(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('inbound_webhooks').select(['id', 'workspace_id', 'channel_id', 'payload', 'received_at', 'processed_at']).where('id', 'in', ids).execute();
}

export type StoredWebhook = Awaited<ReturnType<typeof getWebhooks>>[number];

export async function markWebhookProcessed(db: Db, id: string): Promise<void> {
  await db.updateTable('inbound_webhooks').set({ processed_at: new Date() }).where('id', '=', id).execute();
}

