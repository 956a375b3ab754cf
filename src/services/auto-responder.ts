/**
 * The auto responder, called by intake (services/ingest-events) in its transaction for each conversation
 * whose new events include a customer message: replies once per period, never to an opted-out contact,
 * never once an agent answered, inside or outside office hours by the division's schedule. The reply is
 * an inbox action ('message'); the inbox reports it back as a bot message (Chatwoot's echo is recognised
 * as nilai's), so it never counts as the first response.
 */
import { renderAutoReply } from '../domain/automation/render-auto-reply.js';
import { responderFor, type AutoResponderSettings } from '../domain/automation/settings.js';
import type { ConversationState } from '../domain/conversations/fold.js';
import { hasAgentMessage } from '../domain/conversations/fold.js';
import { pickLanguage } from '../domain/render/survey-steps.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { Jobs } from '../jobs/queue.js';
import type { Db } from '../store/db.js';
import { actedSince } from '../store/inbox-actions.js';
import type { TimePolicies } from '../store/time-policies.js';
import { getAutoResponder } from './automation-settings.js';
import { enqueueInboxAction } from './inbox-actions.js';

export interface AutoReplyInput {
  workspaceId: string;
  conversationId: string;
  state: ConversationState;
  contact: { optedOut: boolean; locale: string | null | undefined };
  /** Whether the new events hold a customer message. */
  customerWrote: boolean;
  surveySettings: SurveySettings;
  policies: TimePolicies;
  now: Date;
  /** The workspace's auto responder settings (read once per intake batch); read here when not given. */
  responder?: () => Promise<AutoResponderSettings>;
}

export async function maybeAutoReply(trx: Db, jobs: Jobs, i: AutoReplyInput): Promise<string | null> {
  if (!i.customerWrote || i.state.status !== 'open' || i.contact.optedOut || hasAgentMessage(i.state)) return null;
  const settings = i.responder ? await i.responder() : (await getAutoResponder(trx, i.workspaceId)).settings;
  const responder = responderFor(settings, i.state.divisionId);
  if (!responder.enabled) return null;
  if (await actedSince(trx, i.conversationId, 'auto_responder', new Date(i.now.getTime() - settings.periodMinutes * 60_000))) return null;
  const language = pickLanguage(i.surveySettings, i.contact.locale);
  const sla = i.policies.slaFor(i.state.divisionId);
  const reply = renderAutoReply(responder, { language, customerName: i.state.contact.name ?? null, schedule: i.policies.scheduleFor(i.state.divisionId), firstResponseMinutes: sla?.firstResponseMinutes ?? null, nowMs: i.now.getTime() });
  return enqueueInboxAction(trx, jobs, {
    workspaceId: i.workspaceId, conversationId: i.conversationId, kind: 'message', payload: { text: reply.text }, source: 'auto_responder',
    reason: reply.insideHours ? 'Auto responder: a customer wrote and no agent has answered yet (inside office hours).' : 'Auto responder: a customer wrote outside office hours.',
  });
}
