/**
 * The statements of a batch of survey sends (services/dispatch): the due invitations locked with what
 * their sends need (conversation, contact) in one statement, their claims in one, the channels in one,
 * and the sends' results, sent-message rows and reminder plans one statement each.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';
import type { InvitationStatus } from './types.js';

export interface DueInvitation {
  id: string;
  workspace_id: string;
  conversation_id: string | null;
  contact_id: string | null;
  channel_id: string;
  survey_types: string[];
  settings_version: number;
  language: string;
  status: InvitationStatus;
  expires_at: Date;
  attempts: number;
  division_id: string | null;
  source: string;
  broadcast_id: string | null;
  conversation: { external_id: string; status: string; last_customer_message_at: Date | null } | null;
  contact: { external_id: string; name: string | null; phone: string | null; email: string | null; handle: string | null } | null;
}

/** Locks the invitations (in id order, so two batches never deadlock) and reads their conversations and contacts. */
export async function lockInvitationsForSend(trx: Db, ids: string[]): Promise<DueInvitation[]> {
  if (!ids.length) return [];
  const r = await sql<DueInvitation & { conv_external_id: string | null; conv_status: string | null; conv_last: Date | null; k_external_id: string | null; k_name: string | null; k_phone: string | null; k_email: string | null; k_handle: string | null }>`
    select i.id, i.workspace_id, i.conversation_id, i.contact_id, i.channel_id, i.survey_types, i.settings_version, i.language, i.status,
      i.expires_at, i.attempts, i.division_id, i.source, i.broadcast_id,
      c.external_id as conv_external_id, c.status as conv_status, c.last_customer_message_at as conv_last,
      k.external_id as k_external_id, k.name as k_name, k.phone as k_phone, k.email as k_email, k.handle as k_handle
    from invitations i
    left join conversations c on c.id = i.conversation_id
    left join contacts k on k.id = i.contact_id
    where i.id = any(${ids}::uuid[])
    order by i.id
    for update of i`.execute(trx);
  return r.rows.map(({ conv_external_id, conv_status, conv_last, k_external_id, k_name, k_phone, k_email, k_handle, ...inv }) => ({
    ...inv,
    conversation: conv_external_id === null ? null : { external_id: conv_external_id, status: conv_status!, last_customer_message_at: conv_last },
    contact: k_external_id === null ? null : { external_id: k_external_id, name: k_name, phone: k_phone, email: k_email, handle: k_handle },
  }));
}

/** A claim's outcome: `sending` and `failed` (nothing to send it with) count an attempt; a reason given replaces the stored one. */
export interface ClaimChange {
  id: string;
  status: 'sending' | 'expired' | 'cancelled' | 'failed';
  reason?: string;
}

export async function applyClaims(trx: Db, changes: ClaimChange[]): Promise<void> {
  if (!changes.length) return;
  await sql`
    update invitations i set
      status = v.status,
      status_reason = case when v.reason is null then i.status_reason else v.reason end,
      attempts = case when v.status in ('sending', 'failed') then i.attempts + 1 else i.attempts end,
      updated_at = now()
    from unnest(${changes.map((c) => c.id)}::uuid[], ${changes.map((c) => c.status)}::text[], ${changes.map((c) => c.reason ?? null)}::text[]) as v(id, status, reason)
    where i.id = v.id`.execute(trx);
}

/** A send's result as stored: sent / delivered (with the chat address) or failed with its reason. */
export interface SendRecord {
  id: string;
  status: 'sent' | 'delivered' | 'failed';
  reason: string | null;
  at: Date;
  address?: string;
}

/** Records results of invitations still `sending` (Meta's status report may have recorded one already). */
export async function recordSendResults(db: Db, rows: SendRecord[]): Promise<void> {
  if (!rows.length) return;
  const sent = (r: SendRecord) => r.status !== 'failed';
  await sql`
    update invitations i set
      status = v.status,
      status_reason = v.reason,
      sent_at = coalesce(v.sent_at, i.sent_at),
      delivered_at = coalesce(v.delivered_at, i.delivered_at),
      chat_address = coalesce(v.address, i.chat_address),
      updated_at = now()
    from unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.reason)}::text[],
      ${rows.map((r) => (sent(r) ? r.at : null))}::timestamptz[], ${rows.map((r) => (r.status === 'delivered' ? r.at : null))}::timestamptz[],
      ${rows.map((r) => (sent(r) ? r.address ?? null : null))}::text[]
    ) as v(id, status, reason, sent_at, delivered_at, address)
    where i.id = v.id and i.status = 'sending'`.execute(db);
}

export interface SentMessage {
  workspaceId: string;
  channelId: string;
  invitationId: string;
  address: string;
  providerMessageId: string;
}

/** The chat messages sent (delivery reports find the invitation by the message id), keyed `invitation:<id>`. */
export async function recordSentMessages(db: Db, rows: SentMessage[]): Promise<void> {
  if (!rows.length) return;
  await sql`
    insert into outbound_messages (workspace_id, channel_id, invitation_id, dedup_key, address, message, status, provider_message_id, sent_at)
    select w, ch, inv, 'invitation:' || inv::text, a, '{}', 'sent', p, now()
    from unnest(${rows.map((r) => r.workspaceId)}::uuid[], ${rows.map((r) => r.channelId)}::uuid[], ${rows.map((r) => r.invitationId)}::uuid[],
      ${rows.map((r) => r.address)}::text[], ${rows.map((r) => r.providerMessageId)}::text[]) as v(w, ch, inv, a, p)
    on conflict (channel_id, dedup_key) do update set provider_message_id = excluded.provider_message_id`.execute(db);
}

/** Each survey's one reminder: due at a time, or skipped with the reason (only while none is planned). */
export async function planInvitationReminders(db: Db, plans: { invitationId: string; plan: { dueAt: Date } | { skip: string } }[]): Promise<void> {
  if (!plans.length) return;
  await sql`
    update invitations i set
      reminder_status = case when v.due_at is null then 'skipped' else 'due' end,
      reminder_due_at = coalesce(v.due_at, i.reminder_due_at),
      reminder_reason = v.skip
    from unnest(${plans.map((p) => p.invitationId)}::uuid[], ${plans.map((p) => ('dueAt' in p.plan ? p.plan.dueAt : null))}::timestamptz[],
      ${plans.map((p) => ('skip' in p.plan ? p.plan.skip : null))}::text[]) as v(id, due_at, skip)
    where i.id = v.id and i.reminder_status is null`.execute(db);
}
