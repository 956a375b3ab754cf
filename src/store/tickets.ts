/** Settings → Ticket, and the log of every ticket nilai submitted. */
import type { Db } from './db.js';

export interface TicketSettingsRow {
  enabled: boolean;
  titleTemplate: string;
  buttonLabel: { id?: string; en?: string };
  webhookUrl: string | null;
  secretEncrypted: string | null;
  updatedAt: string | null;
}

export async function getTicketSettings(db: Db, workspaceId: string): Promise<TicketSettingsRow | null> {
  const r = await db.selectFrom('ticket_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? { enabled: r.enabled, titleTemplate: r.title_template, buttonLabel: r.button_label, webhookUrl: r.webhook_url, secretEncrypted: r.secret_encrypted, updatedAt: r.updated_at.toISOString() } : null;
}

export async function saveTicketSettings(db: Db, workspaceId: string, s: Omit<TicketSettingsRow, 'updatedAt'>): Promise<void> {
  const values = { enabled: s.enabled, title_template: s.titleTemplate, button_label: JSON.stringify(s.buttonLabel), webhook_url: s.webhookUrl, secret_encrypted: s.secretEncrypted, updated_at: new Date() };
  await db.insertInto('ticket_settings').values({ workspace_id: workspaceId, ...values }).onConflict((oc) => oc.column('workspace_id').doUpdateSet(values)).execute();
}

export async function insertTicket(db: Db, t: { workspaceId: string; conversationId: string; responseId: string | null; source: 'manual' | 'alert'; userId: string | null; title: string; payload: unknown }): Promise<string> {
  const r = await db.insertInto('tickets')
    .values({ workspace_id: t.workspaceId, conversation_id: t.conversationId, response_id: t.responseId, source: t.source, created_by_user_id: t.userId, title: t.title, payload: JSON.stringify(t.payload) })
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function loadTicket(db: Db, id: string) {
  return db.selectFrom('tickets as t')
    .leftJoin('ticket_settings as s', 's.workspace_id', 't.workspace_id')
    .select(['t.id', 't.status', 't.payload', 't.attempts', 's.webhook_url', 's.secret_encrypted', 's.enabled'])
    .where('t.id', '=', id).executeTakeFirst();
}

export async function finishTicket(db: Db, id: string, r: { status: 'pending' | 'delivered' | 'failed'; error: string | null }): Promise<void> {
  await db.updateTable('tickets')
    .set((eb) => ({ status: r.status, last_error: r.error, attempts: eb('attempts', '+', 1), finished_at: r.status === 'pending' ? null : new Date() }))
    .where('id', '=', id).execute();
}

export async function listConversationTickets(db: Db, conversationId: string) {
  const rows = await db.selectFrom('tickets as t').leftJoin('users as u', 'u.id', 't.created_by_user_id')
    .select(['t.id', 't.title', 't.source', 't.status', 't.attempts', 't.last_error', 't.created_at', 't.finished_at', 't.response_id', 'u.name as created_by'])
    .where('t.conversation_id', '=', conversationId).orderBy('t.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, source: r.source, status: r.status, attempts: r.attempts, error: r.last_error, responseId: r.response_id, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null,
  }));
}

/** What a ticket tells about its conversation: dimensions, the contact whole, and the response (given, or the latest). */
export async function ticketContext(db: Db, workspaceId: string, conversationId: string, responseId: string | null) {
  const c = await db.selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('channels as ch', 'ch.id', 'c.channel_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .leftJoin('divisions as d', 'd.id', 'c.division_id')
    .select(['c.id', 'c.external_id', 'c.status', 'c.tags', 'c.resolved_at', 'c.agent_id', 'ch.name as channel_name', 'u.name as agent_name', 'd.name as division_name',
      'ct.external_id as contact_id', 'ct.name as contact_name', 'ct.phone as contact_phone', 'ct.email as contact_email', 'ct.attributes as contact_attributes'])
    .where('c.workspace_id', '=', workspaceId).where('c.id', '=', conversationId).executeTakeFirst();
  if (!c) return null;
  let rq = db.selectFrom('responses').select(['id', 'survey_type', 'score', 'scale_min', 'scale_max', 'follow_up_text', 'answered_at'])
    .where('workspace_id', '=', workspaceId).where('conversation_id', '=', conversationId);
  rq = responseId ? rq.where('id', '=', responseId) : rq.orderBy('answered_at', 'desc').limit(1);
  const r = await rq.executeTakeFirst();
  return { conversation: c, response: r ?? null };
}

/** The internal id of a conversation by its inbox id (with its agent, for the agents-see-their-own rule). */
export async function conversationByExternalId(db: Db, workspaceId: string, externalId: string) {
  return db.selectFrom('conversations').select(['id', 'agent_id']).where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
}

export async function isResponseOf(db: Db, responseId: string, conversationId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('responses').select('id').where('id', '=', responseId).where('conversation_id', '=', conversationId).executeTakeFirst());
}
