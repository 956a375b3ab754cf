/** Verified provider webhooks waiting for (or done with) their job. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from './db.js';

/** Stores a webhook body once (a provider's retry of the same body is a duplicate); returns its id if new. */
export async function storeWebhook(db: Db, w: { workspaceId: string; channelId: string; rawBody: string; payload: unknown; orderingKey: string }): Promise<string | null> {
  const r = await db.insertInto('inbound_webhooks')
    .values({ workspace_id: w.workspaceId, channel_id: w.channelId, body_hash: createHash('sha256').update(w.rawBody).digest(), payload: JSON.stringify(w.payload), ordering_key: w.orderingKey })
    .onConflict((oc) => oc.columns(['channel_id', 'body_hash']).doNothing())
    .returning('id').executeTakeFirst();
  return r?.id ?? null;
}

/** Stored webhooks by id (those already processed included, for the caller to skip). */
export async function getWebhooks(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('inbound_webhooks').select(COLUMNS).where('id', 'in', ids).execute();
}

const COLUMNS = ['id', 'workspace_id', 'channel_id', 'payload', 'received_at', 'processed_at', 'ordering_key'] as const;

/**
 * Holds the chat's lock until the transaction `trx` ends: one process at a time handles a chat's
 * webhooks. Transaction-level, so it is released even when the process dies (and works through a
 * transaction-mode pooler). Two-key form in nilai's class 7357003: apart from the single-key locks.
 */
export async function lockChat(trx: Db, channelId: string, orderingKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7357003, hashtext(${`${channelId}:${orderingKey}`}))`.execute(trx);
}

/**
 * The chat's webhooks not processed yet, up to the newest of `ids` (which are the chat's), in arrival
 * order: those whose jobs another process holds included. `ids` themselves are in it unless processed.
 */
export async function waitingWebhooksOfChat(db: Db, channelId: string, orderingKey: string, ids: string[]) {
  return db.selectFrom('inbound_webhooks').select(COLUMNS)
    .where('channel_id', '=', channelId)
    .where('processed_at', 'is', null)
    .where((eb) => eb.or([eb('ordering_key', '=', orderingKey), eb('id', 'in', ids)]))
    // Compared in the database: received_at has microseconds, a JavaScript Date only milliseconds.
    .where('received_at', '<=', (eb) => eb.selectFrom('inbound_webhooks').select((e) => e.fn.max('received_at').as('m')).where('id', 'in', ids))
    .orderBy('received_at').orderBy('id')
    .execute();
}

export type StoredWebhook = Awaited<ReturnType<typeof getWebhooks>>[number];

export async function markWebhookProcessed(db: Db, id: string): Promise<void> {
  await db.updateTable('inbound_webhooks').set({ processed_at: new Date() }).where('id', '=', id).execute();
}

