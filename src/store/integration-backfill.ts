/**
 * Backfill: a `response.created` delivery for each answer of a period that the integration has no
 * delivery for yet (the subject key, `<invitation id>:<survey type>`, as services/integrations/emit),
 * oldest first, at most `limit`. Run inside a transaction that holds the integration's row (lockIntegration),
 * so two backfills at once cannot both queue the same answer.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

export async function lockIntegration(trx: Db, workspaceId: string, id: string): Promise<{ enabled: boolean } | null> {
  return (await trx.selectFrom('integrations').select('enabled').where('workspace_id', '=', workspaceId).where('id', '=', id).forUpdate().executeTakeFirst()) ?? null;
}

export async function queueBackfill(trx: Db, workspaceId: string, integrationId: string, period: { start: Date; end: Date }, limit: number): Promise<{ ids: string[]; more: boolean }> {
  const subject = sql<string>`r.invitation_id::text || ':' || r.survey_type`;
  const answers = await trx.selectFrom('responses as r').select(['r.invitation_id', 'r.survey_type', subject.as('subject')])
    .where('r.workspace_id', '=', workspaceId).where('r.answered_at', '>=', period.start).where('r.answered_at', '<', period.end)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('integration_deliveries as d').select('d.id')
      .where('d.integration_id', '=', integrationId).whereRef('d.subject_key', '=', subject))))
    .orderBy('r.answered_at').orderBy('r.id').limit(limit + 1).execute();
  const batch = answers.slice(0, limit);
  if (!batch.length) return { ids: [], more: false };
  const rows = await trx.insertInto('integration_deliveries')
    .values(batch.map((a) => ({
      workspace_id: workspaceId, integration_id: integrationId, event_type: 'response.created', subject_key: a.subject,
      payload: JSON.stringify({ invitationId: a.invitation_id, surveyType: a.survey_type }),
    })))
    .returning('id').execute();
  return { ids: rows.map((r) => r.id), more: answers.length > limit };
}
