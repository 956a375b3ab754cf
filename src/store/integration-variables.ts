/** An answer with everything an integration's template or column mapping can use (services/integrations/variables). */
import type { Db } from './db.js';

export async function loadAnswerFacts(db: Db, workspaceId: string, invitationId: string, surveyType: string) {
  return db.selectFrom('responses as r')
    .innerJoin('workspaces as w', 'w.id', 'r.workspace_id')
    .innerJoin('channels as ch', 'ch.id', 'r.channel_id')
    // Widget and link answers have no conversation, anonymous ones no contact; not every answer has an agent or division.
    .leftJoin('conversations as c', 'c.id', 'r.conversation_id')
    .leftJoin('contacts as k', 'k.id', 'r.contact_id')
    .leftJoin('users as u', 'u.id', 'r.agent_id')
    .leftJoin('divisions as dv', 'dv.id', 'r.division_id')
    .select([
      'r.id', 'r.invitation_id', 'r.survey_type', 'r.score', 'r.scale_min', 'r.scale_max', 'r.follow_up_question', 'r.follow_up_text', 'r.follow_up_skipped', 'r.follow_up_at',
      'r.language', 'r.settings_version', 'r.answered_at', 'r.source', 'r.page_url', 'r.tags',
      'w.name as workspace_name', 'w.time_zone',
      'ch.id as channel_id', 'ch.name as channel_name', 'ch.type as channel_type',
      'c.external_id as conversation_external_id', 'c.opened_at', 'c.resolved_at', 'c.frt_ms', 'c.frt_business_ms', 'c.art_ms', 'c.resolution_ms', 'c.resolution_business_ms',
      'c.sla_first_response_met', 'c.sla_resolution_met', 'c.reopen_count',
      'k.external_id as contact_external_id', 'k.name as contact_name', 'k.email as contact_email', 'k.phone as contact_phone', 'k.attributes as contact_attributes',
      'u.id as agent_id', 'u.name as agent_name', 'u.email as agent_email',
      'dv.id as division_id', 'dv.name as division_name',
    ])
    .where('r.workspace_id', '=', workspaceId).where('r.invitation_id', '=', invitationId).where('r.survey_type', '=', surveyType as 'csat')
    .executeTakeFirst();
}

export type AnswerFacts = NonNullable<Awaited<ReturnType<typeof loadAnswerFacts>>>;
