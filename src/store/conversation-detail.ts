/** What the conversation page shows beyond the conversation row: its timings, SLA outcomes and answers. */
import type { Db } from './db.js';

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

/** Timings (seconds, wall and in office hours) and SLA outcomes stored when the conversation was folded. */
export async function conversationTimings(db: Db, conversationId: string) {
  const r = await db.selectFrom('conversations')
    .select(['frt_ms', 'frt_business_ms', 'art_ms', 'art_business_ms', 'resolution_ms', 'resolution_business_ms', 'sla_first_response_met', 'sla_resolution_met'])
    .where('id', '=', conversationId).executeTakeFirstOrThrow();
  return {
    timings: {
      firstResponse: { wallSeconds: seconds(r.frt_ms), businessSeconds: seconds(r.frt_business_ms) },
      averageResponse: { wallSeconds: seconds(r.art_ms), businessSeconds: seconds(r.art_business_ms) },
      resolution: { wallSeconds: seconds(r.resolution_ms), businessSeconds: seconds(r.resolution_business_ms) },
    },
    sla: { firstResponseMet: r.sla_first_response_met, resolutionMet: r.sla_resolution_met },
  };
}

/** The survey answers of one conversation, oldest first. */
export async function conversationResponses(db: Db, conversationId: string) {
  const rows = await db.selectFrom('responses')
    .select(['id', 'invitation_id', 'survey_type', 'score', 'scale_min', 'scale_max', 'follow_up_question', 'follow_up_text', 'language', 'answered_at'])
    .where('conversation_id', '=', conversationId).orderBy('answered_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, invitationId: r.invitation_id, surveyType: r.survey_type, score: r.score, scale: { min: r.scale_min, max: r.scale_max },
    followUpQuestion: r.follow_up_question, followUpText: r.follow_up_text, language: r.language, answeredAt: r.answered_at.toISOString(),
  }));
}
