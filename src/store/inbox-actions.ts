/** Actions nilai takes through a conversation's inbox (post a message, resolve, assign) and their outcomes. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export type InboxActionKind = 'message' | 'resolve' | 'assign';
export type InboxActionStatus = 'queued' | 'done' | 'failed';

/** `message`: the text to post; `resolve`: an optional closing message posted first; `assign`: whom to give it to. */
export type InboxActionPayload =
  | { text: string }
  | { closingMessage?: string }
  | { assigneeUserId?: string | null; chatwootAgentId?: number | null; chatwootTeamId?: number | null };

export interface NewInboxAction {
  workspaceId: string;
  /** nilai's conversation id (conversations.id, not the inbox's external id). */
  conversationId: string;
  kind: InboxActionKind;
  payload: InboxActionPayload;
  /** What decided it: auto_responder, auto_resolve, allocation, idle_rule… */
  source: string;
  /** Why, in words shown on the conversation page. */
  reason: string;
}

/** Inserts the action for the conversation's channel; returns its id. */
export async function insertInboxAction(db: Db, a: NewInboxAction): Promise<string> {
  const r = await db.insertInto('inbox_actions')
    .columns(['workspace_id', 'conversation_id', 'channel_id', 'kind', 'payload', 'source', 'reason'])
    .expression((eb) => eb.selectFrom('conversations')
      .select([sql.lit(a.workspaceId).as('workspace_id'), 'id', 'channel_id', sql.lit(a.kind).as('kind'), sql`${JSON.stringify(a.payload)}::jsonb`.as('payload'), sql`${a.source}::text`.as('source'), sql`${a.reason}::text`.as('reason')])
      .where('id', '=', a.conversationId).where('workspace_id', '=', a.workspaceId))
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** An action with what executing it needs: the conversation as the inbox knows it, and its channel. */
export async function loadInboxAction(db: Db, id: string) {
  return db.selectFrom('inbox_actions as a').innerJoin('conversations as c', 'c.id', 'a.conversation_id')
    .select(['a.id', 'a.workspace_id', 'a.conversation_id', 'a.channel_id', 'a.kind', 'a.payload', 'a.source', 'a.reason', 'a.status', 'a.attempts', 'a.provider_message_id', 'a.created_at', 'c.external_id'])
    .where('a.id', '=', id).executeTakeFirst();
}
export type LoadedInboxAction = NonNullable<Awaited<ReturnType<typeof loadInboxAction>>>;

/** Records the message id Chatwoot gave a posted message (in its own commit, before anything else can fail). */
export async function setActionProviderMessage(db: Db, id: string, providerMessageId: string): Promise<void> {
  await db.updateTable('inbox_actions').set({ provider_message_id: providerMessageId }).where('id', '=', id).execute();
}

export async function finishInboxAction(db: Db, id: string, outcome: { status: InboxActionStatus; error: string | null }): Promise<void> {
  await db.updateTable('inbox_actions')
    .set({ status: outcome.status, last_error: outcome.error, attempts: sql`attempts + 1`, ...(outcome.status !== 'queued' && { done_at: new Date() }) })
    .where('id', '=', id).execute();
}

export interface InboxActionView {
  id: string;
  kind: InboxActionKind;
  source: string;
  reason: string;
  payload: unknown;
  status: InboxActionStatus;
  attempts: number;
  error: string | null;
  createdAt: string;
  doneAt: string | null;
}

export async function listConversationActions(db: Db, conversationId: string): Promise<InboxActionView[]> {
  const rows = await db.selectFrom('inbox_actions').select(['id', 'kind', 'source', 'reason', 'payload', 'status', 'attempts', 'last_error', 'created_at', 'done_at'])
    .where('conversation_id', '=', conversationId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, source: r.source, reason: r.reason, payload: r.payload, status: r.status, attempts: r.attempts, error: r.last_error, createdAt: r.created_at.toISOString(), doneAt: r.done_at?.toISOString() ?? null }));
}

/** Whether `source` acted on the conversation since `since` (auto responder: once per period). */
export async function actedSince(db: Db, conversationId: string, source: string, since: Date): Promise<boolean> {
  const r = await db.selectFrom('inbox_actions').select('id').where('conversation_id', '=', conversationId).where('source', '=', source).where('created_at', '>=', since).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Provider ids among `ids` of messages posted by inbox actions on a channel (Chatwoot echoes them back). */
export async function actionMessageIds(db: Db, channelId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('inbox_actions').select('provider_message_id').where('channel_id', '=', channelId).where('provider_message_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.provider_message_id!));
}


/** Open conversations of a workspace idle (no message of any kind) for at least `minutes` wall time, not yet asked to resolve. */
export async function idleOpenConversations(db: Db, workspaceId: string, minutes: number, limit = 200) {
  return db.selectFrom('conversations').select(['id', 'division_id', 'opened_at', 'last_customer_message_at', 'last_agent_message_at'])
    .where('workspace_id', '=', workspaceId).where('status', '=', 'open').where('auto_resolve_requested_at', 'is', null)
    .where(sql<boolean>`coalesce(last_customer_message_at, opened_at) <= now() - make_interval(mins => ${minutes})`)
    // Locked (skipping conversations intake holds): the messages read are the latest, and a customer message
    // cannot commit between this check and the request.
    .orderBy('updated_at').limit(limit).forUpdate().skipLocked().execute();
}

/** Marks the conversation as asked to resolve (once: false when another sweep got there first). */
export async function markAutoResolveRequested(db: Db, conversationId: string): Promise<boolean> {
  const r = await db.updateTable('conversations').set({ auto_resolve_requested_at: new Date() })
    .where('id', '=', conversationId).where('status', '=', 'open').where('auto_resolve_requested_at', 'is', null).executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
