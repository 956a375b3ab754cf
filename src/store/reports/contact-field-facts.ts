/**
 * Response facts grouped by a contact field's value. Not from the rollups: contact fields are the
 * contacts' current values, defined by each workspace, so this reads the facts (responses joined to
 * their contacts) for the period. One query, bounded by the report's period and the responses index.
 */
import { sql } from 'kysely';
import type { ResponseFact } from '../../domain/reports/summary.js';
import type { Db } from '../db.js';
import type { ReportFilters } from './summary-facts.js';

export interface ContactFieldFilters extends ReportFilters {
  contactField?: { key: string; value: string };
}

export async function contactFieldFacts(db: Db, workspaceId: string, timeZone: string, f: ContactFieldFilters, groupKey: string): Promise<ResponseFact[]> {
  const start = sql`(${f.from}::date::timestamp at time zone ${timeZone})`;
  const end = sql`((${f.to}::date + 1)::timestamp at time zone ${timeZone})`;
  const rows = await sql<{ key: string | null; survey_type: string; scale_max: number; score: number; n: string }>`
    select ct.attributes ->> ${groupKey} as key, r.survey_type, r.scale_max, r.score, count(*) as n
    from responses r join contacts ct on ct.id = r.contact_id
    where r.workspace_id = ${workspaceId}::uuid and r.answered_at >= ${start} and r.answered_at < ${end}
      ${f.type ? sql`and r.survey_type = ${f.type}` : sql``}
      ${f.channelId ? sql`and r.channel_id = ${f.channelId}::uuid` : sql``}
      ${f.agentId ? sql`and r.agent_id = ${f.agentId}::uuid` : sql``}
      ${f.divisionId ? sql`and r.division_id = ${f.divisionId}::uuid` : sql``}
      ${f.tag ? sql`and ${f.tag} = any(r.tags)` : sql``}
      ${f.settingsVersion !== undefined ? sql`and r.settings_version = ${f.settingsVersion}` : sql``}
      ${f.resolvedBy ? sql`and exists (select 1 from conversations c where c.id = r.conversation_id and c.auto_resolved = ${f.resolvedBy === 'auto'})` : sql``}
      ${f.contactField ? sql`and ct.attributes ->> ${f.contactField.key} = ${f.contactField.value}` : sql``}
    group by 1, 2, 3, 4`.execute(db);
  return rows.rows.map((r) => ({ key: r.key ?? '', surveyType: r.survey_type, scaleMax: r.scale_max, score: r.score, n: Number(r.n) }));
}
