/**
 * The variables an integration's templates (HTTP) and column mappings (Sheets) can use, built from an
 * answer at delivery time. Whole values (contact email and phone unmasked): they go to the workspace's
 * own CRM or sheet, configured by an admin. Times are ISO 8601 in the workspace's time zone.
 * The list is documented in docs/integrations.md (keep both in step).
 */
import { DateTime } from 'luxon';
import type { Db } from '../../store/db.js';
import { loadAnswerFacts, type AnswerFacts } from '../../store/integration-variables.js';
import type { IntegrationEvent } from '../../store/integrations.js';
import { conversationUrl } from '../send-alert.js';

export interface IntegrationVariables {
  event: IntegrationEvent | 'test';
  workspace: { name: string; time_zone: string };
  response: {
    id: string; type: string; score: number; scale_min: number; scale_max: number;
    comment: string | null; follow_up_question: string | null; follow_up_skipped: boolean; follow_up_at: string | null;
    language: string; settings_version: number; answered_at: string; answered_at_utc: string; answered_date: string;
    source: string; page_url: string | null; tags: string[];
  };
  agent: { id: string; name: string; email: string } | null;
  channel: { id: string; name: string; type: string };
  division: { id: string; name: string } | null;
  contact: { id: string; name: string | null; email: string | null; phone: string | null; attributes: Record<string, string | number> } | null;
  conversation: {
    id: string; link: string; opened_at: string | null; resolved_at: string | null; reopen_count: number;
    first_response_seconds: number | null; first_response_business_seconds: number | null; average_response_seconds: number | null;
    resolution_seconds: number | null; resolution_business_seconds: number | null; sla_first_response_met: boolean | null; sla_resolution_met: boolean | null;
  } | null;
  alert: { rules: { id: string; name: string; survey_type: string; max_score: number }[] } | null;
}

export interface AlertRuleRef {
  id: string;
  name: string;
  surveyType: string;
  maxScore: number;
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));

export function toVariables(f: AnswerFacts, ctx: { publicUrl: string; event: IntegrationVariables['event']; alertRules?: AlertRuleRef[] }): IntegrationVariables {
  const local = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: f.time_zone }).set({ millisecond: 0 }).toISO({ suppressMilliseconds: true })! : null);
  return {
    event: ctx.event,
    workspace: { name: f.workspace_name, time_zone: f.time_zone },
    response: {
      id: f.id, type: f.survey_type, score: f.score, scale_min: f.scale_min, scale_max: f.scale_max,
      comment: f.follow_up_text, follow_up_question: f.follow_up_question, follow_up_skipped: f.follow_up_skipped, follow_up_at: local(f.follow_up_at),
      language: f.language, settings_version: f.settings_version, answered_at: local(f.answered_at)!, answered_at_utc: f.answered_at.toISOString(),
      answered_date: DateTime.fromJSDate(f.answered_at, { zone: f.time_zone }).toISODate()!, source: f.source, page_url: f.page_url, tags: f.tags,
    },
    agent: f.agent_id ? { id: f.agent_id, name: f.agent_name!, email: f.agent_email! } : null,
    channel: { id: f.channel_id, name: f.channel_name, type: f.channel_type },
    division: f.division_id ? { id: f.division_id, name: f.division_name! } : null,
    contact: f.contact_external_id ? { id: f.contact_external_id, name: f.contact_name, email: f.contact_email, phone: f.contact_phone, attributes: f.contact_attributes ?? {} } : null,
    conversation: f.conversation_external_id ? {
      id: f.conversation_external_id, link: conversationUrl(ctx.publicUrl, f.conversation_external_id), opened_at: local(f.opened_at), resolved_at: local(f.resolved_at),
      reopen_count: f.reopen_count ?? 0, first_response_seconds: seconds(f.frt_ms), first_response_business_seconds: seconds(f.frt_business_ms),
      average_response_seconds: seconds(f.art_ms), resolution_seconds: seconds(f.resolution_ms), resolution_business_seconds: seconds(f.resolution_business_ms),
      sla_first_response_met: f.sla_first_response_met, sla_resolution_met: f.sla_resolution_met,
    } : null,
    alert: ctx.alertRules ? { rules: ctx.alertRules.map((r) => ({ id: r.id, name: r.name, survey_type: r.surveyType, max_score: r.maxScore })) } : null,
  };
}

/** The variables of one answer, or null when it is gone (its workspace or invitation deleted). */
export async function answerVariables(db: Db, workspaceId: string, subject: { invitationId: string; surveyType: string }, ctx: Parameters<typeof toVariables>[1]): Promise<IntegrationVariables | null> {
  const f = await loadAnswerFacts(db, workspaceId, subject.invitationId, subject.surveyType);
  return f ? toVariables(f, ctx) : null;
}

/** A made-up answer for the test button when the workspace has none yet. */
export function sampleVariables(publicUrl: string, workspace: { name: string; timeZone: string }): IntegrationVariables {
  const at = new Date();
  return toVariables({
    id: '00000000-0000-0000-0000-000000000000', invitation_id: '00000000-0000-0000-0000-000000000000', survey_type: 'csat', score: 4, scale_min: 1, scale_max: 5,
    follow_up_question: 'What could we do better?', follow_up_text: 'Quick and friendly, thank you!', follow_up_skipped: false, follow_up_at: at,
    language: 'en', settings_version: 1, answered_at: at, source: 'conversation', page_url: null, tags: ['sample'],
    workspace_name: workspace.name, time_zone: workspace.timeZone, channel_id: '00000000-0000-0000-0000-000000000000', channel_name: 'Sample channel', channel_type: 'web',
    conversation_external_id: 'sample-conversation', opened_at: new Date(at.getTime() - 3_600_000), resolved_at: at, frt_ms: 120_000, frt_business_ms: 120_000, art_ms: 300_000,
    resolution_ms: 3_600_000, resolution_business_ms: 3_600_000, sla_first_response_met: true, sla_resolution_met: true, reopen_count: 0,
    contact_external_id: 'sample-contact', contact_name: 'Sample Customer', contact_email: 'customer@example.com', contact_phone: '+6281234567890', contact_attributes: {},
    agent_id: '00000000-0000-0000-0000-000000000000', agent_name: 'Sample Agent', agent_email: 'agent@example.com', division_id: null, division_name: null,
  } as AnswerFacts, { publicUrl, event: 'test' });
}
