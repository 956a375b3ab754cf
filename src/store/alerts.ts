import type { Db } from './db.js';

export interface AlertRuleRecord {
  id: string;
  name: string;
  surveyType: 'csat' | 'ces' | 'nps';
  maxScore: number;
  notifySupervisor: boolean;
  ticketWebhookUrl: string | null;
  /** The Slack incoming webhook, as shown (host and last characters), or null. */
  slackWebhook: string | null;
  enabled: boolean;
  /** Submit a ticket through Settings → Ticket when the rule fires. */
  createTicket: boolean;
  updatedAt: string;
}

const columns = ['id', 'name', 'survey_type', 'max_score', 'notify_supervisor', 'ticket_webhook_url', 'slack_webhook_encrypted', 'enabled', 'updated_at', 'create_ticket'] as const;
type Row = { id: string; name: string; survey_type: 'csat' | 'ces' | 'nps'; max_score: number; notify_supervisor: boolean; ticket_webhook_url: string | null; slack_webhook_encrypted: string | null; enabled: boolean; updated_at: Date; create_ticket: boolean };

/** Rules as stored; `slackWebhookEncrypted` is turned into a hint by the service (it holds the key). */
export type AlertRuleRow = Omit<AlertRuleRecord, 'slackWebhook'> & { slackWebhookEncrypted: string | null };
const toRule = (r: Row): AlertRuleRow => ({
  id: r.id, name: r.name, surveyType: r.survey_type, maxScore: r.max_score, notifySupervisor: r.notify_supervisor,
  ticketWebhookUrl: r.ticket_webhook_url, slackWebhookEncrypted: r.slack_webhook_encrypted, enabled: r.enabled, createTicket: r.create_ticket, updatedAt: r.updated_at.toISOString(),
});

export type AlertRuleFields = Omit<AlertRuleRow, 'id' | 'updatedAt'>;

export async function listAlertRules(db: Db, workspaceId: string): Promise<AlertRuleRow[]> {
  return (await db.selectFrom('alert_rules').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at').execute()).map(toRule);
}

export async function getAlertRule(db: Db, workspaceId: string, id: string): Promise<AlertRuleRow | null> {
  const r = await db.selectFrom('alert_rules').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toRule(r) : null;
}

export async function saveAlertRule(db: Db, workspaceId: string, id: string | null, f: AlertRuleFields): Promise<AlertRuleRow | null> {
  const values = { name: f.name.trim(), survey_type: f.surveyType, max_score: f.maxScore, notify_supervisor: f.notifySupervisor, ticket_webhook_url: f.ticketWebhookUrl, slack_webhook_encrypted: f.slackWebhookEncrypted, enabled: f.enabled, create_ticket: f.createTicket };
  const r = id === null
    ? await db.insertInto('alert_rules').values({ workspace_id: workspaceId, ...values }).returning(columns).executeTakeFirst()
    : await db.updateTable('alert_rules').set({ ...values, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).returning(columns).executeTakeFirst();
  return r ? toRule(r) : null;
}

export async function deleteAlertRule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.deleteFrom('alert_rules').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** Records one pending delivery per matching rule (idempotent per rule and response); returns their ids. */
export async function createAlertDeliveries(db: Db, workspaceId: string, responseId: string, ruleIds: string[]): Promise<string[]> {
  if (!ruleIds.length) return [];
  const rows = await db.insertInto('alert_deliveries').values(ruleIds.map((rule_id) => ({ workspace_id: workspaceId, rule_id, response_id: responseId })))
    .onConflict((oc) => oc.columns(['rule_id', 'response_id']).doNothing()).returning('id').execute();
  return rows.map((r) => r.id);
}

/** Everything an alert needs: the rule, the answer, its conversation and the division supervisor's email. */
export async function loadAlert(db: Db, deliveryId: string) {
  return db
    .selectFrom('alert_deliveries as ad')
    .innerJoin('alert_rules as ar', 'ar.id', 'ad.rule_id')
    .innerJoin('responses as r', 'r.id', 'ad.response_id')
    // Widget and link answers have no conversation; anonymous ones no contact.
    .leftJoin('conversations as c', 'c.id', 'r.conversation_id')
    .leftJoin('contacts as ct', 'ct.id', 'r.contact_id')
    .innerJoin('workspaces as w', 'w.id', 'ad.workspace_id')
    .leftJoin('channels as ch', 'ch.id', 'r.channel_id')
    .leftJoin('users as ag', 'ag.id', 'r.agent_id')
    .leftJoin('divisions as d', 'd.id', 'r.division_id')
    .leftJoin('users as sup', 'sup.id', 'd.supervisor_id')
    .select([
      'ad.id', 'ad.status', 'ad.done', 'ar.name as rule_name', 'ar.slack_webhook_encrypted', 'w.time_zone', 'ar.notify_supervisor', 'ar.ticket_webhook_url', 'w.name as workspace_name', 'w.contact_masking',
      'r.id as response_id', 'r.survey_type', 'r.score', 'r.scale_min', 'r.scale_max', 'r.follow_up_text', 'r.answered_at',
      'c.external_id as conversation_id', 'r.tags', 'r.source', 'r.page_url', 'ct.external_id as contact_id', 'ct.name as contact_name', 'ct.email as contact_email', 'ct.phone as contact_phone',
      'ch.name as channel_name', 'ag.name as agent_name', 'd.name as division_name', 'sup.email as supervisor_email', 'sup.name as supervisor_name',
    ])
    .where('ad.id', '=', deliveryId)
    .executeTakeFirst();
}

/** Notes a step of an alert as done, so a retry of the delivery skips it. */
export async function markAlertStepDone(db: Db, id: string, step: 'email' | 'ticket' | 'slack'): Promise<void> {
  await db.updateTable('alert_deliveries').set((eb) => ({ done: eb.fn<string[]>('array_append', [eb.ref('done'), eb.val(step)]) })).where('id', '=', id).execute();
}

export async function finishAlertDelivery(db: Db, id: string, status: 'sent' | 'failed', detail: string | null): Promise<void> {
  await db.updateTable('alert_deliveries').set({ status, detail }).where('id', '=', id).execute();
}
