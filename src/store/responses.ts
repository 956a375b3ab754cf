import { sql } from 'kysely';
import type { SurveyType } from '../domain/settings/schema.js';
import type { Db } from './db.js';
import type { SurveySource } from './types.js';

export interface NewResponse {
  workspaceId: string;
  invitationId: string;
  /** Null for a widget or link answer. */
  conversationId: string | null;
  source: SurveySource;
  /** The page a widget answer was given on. */
  pageUrl: string | null;
  surveyType: SurveyType;
  score: number;
  scale: { min: number; max: number };
  language: string;
  settingsVersion: number;
  followUpQuestion: string | null;
  /** The conversation's dimensions at answer time. */
  dims: { channelId: string; agentId: string | null; divisionId: string | null; tags: string[]; contactId: string | null };
}

/** Records a rating once per invitation and type; a repeated submit changes nothing. Returns the new id, or null. */
export async function insertResponse(db: Db, r: NewResponse): Promise<string | null> {
  const res = await db
    .insertInto('responses')
    .values({
      workspace_id: r.workspaceId,
      invitation_id: r.invitationId,
      conversation_id: r.conversationId,
      survey_type: r.surveyType,
      score: r.score,
      scale_min: r.scale.min,
      scale_max: r.scale.max,
      follow_up_question: r.followUpQuestion,
      language: r.language,
      settings_version: r.settingsVersion,
      channel_id: r.dims.channelId,
      agent_id: r.dims.agentId,
      division_id: r.dims.divisionId,
      tags: r.dims.tags,
      contact_id: r.dims.contactId,
      source: r.source,
      page_url: r.pageUrl,
    })
    .onConflict((oc) => oc.columns(['invitation_id', 'survey_type']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return res?.id ?? null;
}

/** Stores the follow-up answer (or its skip) once; later submits change nothing. */
export async function setFollowUp(db: Db, invitationId: string, surveyType: SurveyType, text: string | null): Promise<boolean> {
  const r = await db
    .updateTable('responses')
    .set({ follow_up_text: text, follow_up_skipped: text === null, follow_up_at: sql`now()` })
    .where('invitation_id', '=', invitationId)
    .where('survey_type', '=', surveyType)
    .where('follow_up_text', 'is', null)
    .where('follow_up_skipped', '=', false)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function answersOf(db: Db, invitationId: string) {
  return db.selectFrom('responses').select(['survey_type', 'score', 'follow_up_text', 'follow_up_skipped']).where('invitation_id', '=', invitationId).execute();
}
