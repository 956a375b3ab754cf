/** Report schedules (email or Slack, daily or weekly) and their runs: one row per schedule and period. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface ScheduleRow {
  id: string;
  name: string;
  kind: 'email' | 'slack';
  frequency: 'daily' | 'weekly';
  divisionId: string | null;
  recipients: string[];
  slackWebhookEncrypted: string | null;
  enabled: boolean;
  updatedAt: string;
}
export type ScheduleFields = Omit<ScheduleRow, 'id' | 'updatedAt'>;

const columns = ['id', 'name', 'kind', 'frequency', 'division_id', 'recipients', 'slack_webhook_encrypted', 'enabled', 'updated_at'] as const;
const toRow = (r: { id: string; name: string; kind: 'email' | 'slack'; frequency: 'daily' | 'weekly'; division_id: string | null; recipients: string[]; slack_webhook_encrypted: string | null; enabled: boolean; updated_at: Date }): ScheduleRow => ({
  id: r.id, name: r.name, kind: r.kind, frequency: r.frequency, divisionId: r.division_id, recipients: r.recipients,
  slackWebhookEncrypted: r.slack_webhook_encrypted, enabled: r.enabled, updatedAt: r.updated_at.toISOString(),
});

export async function listSchedules(db: Db, workspaceId: string): Promise<ScheduleRow[]> {
  return (await db.selectFrom('report_schedules').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at').execute()).map(toRow);
}

export async function getSchedule(db: Db, workspaceId: string, id: string): Promise<ScheduleRow | null> {
  const r = await db.selectFrom('report_schedules').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function saveSchedule(db: Db, workspaceId: string, id: string | null, f: ScheduleFields): Promise<ScheduleRow | null> {
  const values = { name: f.name.trim(), kind: f.kind, frequency: f.frequency, division_id: f.divisionId, recipients: f.recipients, slack_webhook_encrypted: f.slackWebhookEncrypted, enabled: f.enabled };
  const r = id === null
    ? await db.insertInto('report_schedules').values({ workspace_id: workspaceId, ...values }).returning(columns).executeTakeFirst()
    : await db.updateTable('report_schedules').set({ ...values, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).returning(columns).executeTakeFirst();
  return r ? toRow(r) : null;
}

export async function deleteSchedule(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return (await db.deleteFrom('report_schedules').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()).numDeletedRows > 0n;
}

/** Every enabled schedule of every workspace, with the workspace's time zone (what the scheduler walks). */
export async function enabledSchedules(db: Db) {
  return db.selectFrom('report_schedules as s').innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .select(['s.id', 's.workspace_id', 's.frequency', 'w.time_zone']).where('s.enabled', '=', true).execute();
}

/** The run of a schedule for a period, if this call created it (null when another process or an earlier tick did). */
export async function claimRun(db: Db, s: { id: string; workspace_id: string }, period: { from: string; to: string }): Promise<string | null> {
  const r = await db.insertInto('report_runs').values({ workspace_id: s.workspace_id, schedule_id: s.id, period_from: period.from, period_to: period.to })
    .onConflict((oc) => oc.columns(['schedule_id', 'period_from']).doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export async function loadRun(db: Db, runId: string) {
  return db.selectFrom('report_runs as r').innerJoin('report_schedules as s', 's.id', 'r.schedule_id')
    .select(['r.id', 'r.status', 'r.workspace_id', 'r.schedule_id', sql<string>`r.period_from::text`.as('period_from'), sql<string>`r.period_to::text`.as('period_to')])
    .where('r.id', '=', runId).executeTakeFirst();
}

export async function finishRun(db: Db, id: string, status: 'sent' | 'failed', detail: string | null): Promise<void> {
  await db.updateTable('report_runs').set({ status, detail, finished_at: new Date() }).where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function listRuns(db: Db, workspaceId: string, scheduleId: string) {
  const rows = await db.selectFrom('report_runs').select(['id', 'status', 'detail', 'created_at', 'finished_at', sql<string>`period_from::text`.as('period_from'), sql<string>`period_to::text`.as('period_to')])
    .where('workspace_id', '=', workspaceId).where('schedule_id', '=', scheduleId).orderBy('period_from', 'desc').limit(50).execute();
  return rows.map((r) => ({ id: r.id, periodFrom: r.period_from, periodTo: r.period_to, status: r.status, detail: r.detail, createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null }));
}

/** Low answers of a period (CSAT ≤ 2, NPS ≤ 6, CES in its lower half; the caller keeps CES's "hard"), worst first. */
export async function lowAnswers(db: Db, workspaceId: string, q: { from: string; to: string; timeZone: string; divisionId: string | null }, limit = 200) {
  let query = db.selectFrom('responses as r').innerJoin('conversations as c', 'c.id', 'r.conversation_id')
    .leftJoin('users as u', 'u.id', 'r.agent_id').leftJoin('channels as ch', 'ch.id', 'r.channel_id')
    .select(['r.survey_type', 'r.score', 'r.scale_min', 'r.scale_max', 'r.follow_up_text', 'u.name as agent', 'ch.name as channel', 'c.external_id as conversation_id'])
    .where('r.workspace_id', '=', workspaceId)
    .where(sql<boolean>`(r.answered_at at time zone ${q.timeZone})::date between ${q.from}::date and ${q.to}::date`)
    .where(sql<boolean>`(r.survey_type = 'csat' and r.score <= 2) or (r.survey_type = 'nps' and r.score <= 6) or (r.survey_type = 'ces' and r.score * 2 <= r.scale_max)`);
  if (q.divisionId) query = query.where('r.division_id', '=', q.divisionId);
  return query.orderBy(sql`r.score::float / r.scale_max`).orderBy('r.answered_at').limit(limit).execute();
}

export async function supervisorEmail(db: Db, workspaceId: string, divisionId: string): Promise<{ division: string; email: string | null } | null> {
  const r = await db.selectFrom('divisions as d').leftJoin('users as u', 'u.id', 'd.supervisor_id').select(['d.name', 'u.email']).where('d.workspace_id', '=', workspaceId).where('d.id', '=', divisionId).executeTakeFirst();
  return r ? { division: r.name, email: r.email } : null;
}
