/** The chat outbox: messages nilai decided to send, keyed so a retried job never sends one twice. */
import type { ChatMessage } from '../domain/chat/prompts.js';
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface OutboundMessage {
  id: string;
  channelId: string;
  invitationId: string | null;
  address: string;
  message: ChatMessage;
  status: 'pending' | 'sending' | 'sent' | 'failed';
}

/** Queues a message under its key; returns false when the key was used before (already decided). */
export async function queueMessage(db: Db, m: { workspaceId: string; channelId: string; invitationId: string | null; dedupKey: string; address: string; message: ChatMessage }): Promise<boolean> {
  const r = await db.insertInto('outbound_messages')
    .values({ workspace_id: m.workspaceId, channel_id: m.channelId, invitation_id: m.invitationId, dedup_key: m.dedupKey, address: m.address, message: JSON.stringify(m.message), status: 'pending' })
    .onConflict((oc) => oc.columns(['channel_id', 'dedup_key']).doNothing())
    .returning('id').executeTakeFirst();
  return r !== undefined;
}

/** Records a message that was sent outside the outbox (the survey's first message). */
export async function recordSentMessage(db: Db, m: { workspaceId: string; channelId: string; invitationId: string; dedupKey: string; address: string; providerMessageId: string }): Promise<void> {
  await db.insertInto('outbound_messages')
    .values({ workspace_id: m.workspaceId, channel_id: m.channelId, invitation_id: m.invitationId, dedup_key: m.dedupKey, address: m.address, message: '{}', status: 'sent', provider_message_id: m.providerMessageId, sent_at: new Date() })
    .onConflict((oc) => oc.columns(['channel_id', 'dedup_key']).doUpdateSet({ provider_message_id: m.providerMessageId }))
    .execute();
}

/** Whether a message was queued under this key (sent, pending or failed). */
export async function messageDecided(db: Db, channelId: string, dedupKey: string): Promise<boolean> {
  const r = await db.selectFrom('outbound_messages').select('id').where('channel_id', '=', channelId).where('dedup_key', '=', dedupKey).executeTakeFirst();
  return r !== undefined;
}

/**
 * Claims the message under `key` for sending: `sending` with the time, committed before the provider call.
 * A pending message is claimed; one another worker claimed is `busy` until its claim is older than
 * `leaseMs` (that worker died mid-send: taken over); a sent or failed one, or none, is null.
 */
export async function claimMessage(db: Db, channelId: string, dedupKey: string, leaseMs: number): Promise<OutboundMessage | 'busy' | null> {
  const r = await db.updateTable('outbound_messages').set({ status: 'sending', claimed_at: sql<Date>`now()` })
    .where('channel_id', '=', channelId).where('dedup_key', '=', dedupKey)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', sql<Date>`now() - make_interval(secs => ${leaseMs / 1000})`)])]))
    .returning(['id', 'channel_id', 'invitation_id', 'address', 'message', 'status']).executeTakeFirst();
  if (r) return { id: r.id, channelId: r.channel_id, invitationId: r.invitation_id, address: r.address, message: r.message as ChatMessage, status: r.status };
  const other = await db.selectFrom('outbound_messages').select('status').where('channel_id', '=', channelId).where('dedup_key', '=', dedupKey).executeTakeFirst();
  return other?.status === 'sending' ? 'busy' : null;
}

/** Records the provider's answer to a claimed message; a temporary failure hands the claim back (`pending`). */
export async function markMessage(db: Db, id: string, outcome: { sent: true; providerMessageId?: string } | { sent: false; error: string } | { retry: true }): Promise<void> {
  await db.updateTable('outbound_messages')
    .set('retry' in outcome ? { status: 'pending', claimed_at: null } : outcome.sent ? { status: 'sent', provider_message_id: outcome.providerMessageId ?? null, sent_at: new Date() } : { status: 'failed', error: outcome.error })
    .where('id', '=', id).where('status', '=', 'sending').execute();
}

/** The invitation a provider message id belongs to (for delivery reports). */
export async function invitationOfProviderMessage(db: Db, channelId: string, providerMessageId: string): Promise<string | null> {
  const r = await db.selectFrom('outbound_messages').select('invitation_id').where('channel_id', '=', channelId).where('provider_message_id', '=', providerMessageId).executeTakeFirst();
  return r?.invitation_id ?? null;
}

/** Provider ids of the messages nilai posted on a channel among `ids` (Chatwoot echoes them back as webhooks). */
export async function ownMessageIds(db: Db, channelId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('outbound_messages').select('provider_message_id').where('channel_id', '=', channelId).where('provider_message_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.provider_message_id!));
}
