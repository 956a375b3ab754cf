/**
 * The customer's side of an invitation, reached with the token from the survey link: what to show next
 * and recording answers (idempotently: a double submit records once).
 */
import { followUpQuestion } from '../domain/render/survey-steps.js';
import { scaleOf } from '../domain/settings/scale.js';
import type { Language, SurveySettings, SurveyType } from '../domain/settings/schema.js';
import { nextStep, type NextStep } from '../domain/survey-progress.js';
import { hashSecret } from '../lib/secret-token.js';
import type { Db } from '../store/db.js';
import { cancelPending, findInvitationByToken, findSurveyByToken, markOpened, setInvitationStatus, type AnswerRow, type SurveyInvitation } from '../store/invitations.js';
import { answersOf, insertResponse, setFollowUp } from '../store/responses.js';
import { optOutContact } from '../store/conversations.js';
import { createAlertDeliveries, listAlertRules } from '../store/alerts.js';
import { ruleMatches } from '../domain/alerts.js';
import type { Jobs } from '../jobs/queue.js';
import { invitationSettings } from './invitation-settings.js';
import { emitResponseEvent } from './webhook-events.js';
import { submitTicket } from './tickets.js';
import { emitIntegrationEvent } from './integrations/emit.js';

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export type SurveyState =
  | { problem: 'not_found' }
  | { problem: 'expired' | 'cancelled'; settings: SurveySettings; language: Language }
  | { problem: null; invitation: SurveyInvitation; settings: SurveySettings; language: Language; step: NextStep; answered: number };

export async function loadSurvey(db: Db, token: string, requestedLang?: string): Promise<SurveyState> {
  if (!TOKEN.test(token)) return { problem: 'not_found' };
  // One statement: the invitation and its answers (the settings version comes from memory).
  const found = await findSurveyByToken(db, token);
  if (!found) return { problem: 'not_found' };
  return surveyStateOf(db, found.invitation, requestedLang, found.answers);
}

/** Where the customer is in an invitation's survey (the hosted page and chat replies share this). */
export async function surveyStateOf(db: Db, inv: SurveyInvitation, requestedLang?: string, answerRows?: AnswerRow[]): Promise<SurveyState> {
  const settings = await invitationSettings(db, inv);
  const language = settings.languages.enabled.find((l) => l === requestedLang) ?? (inv.language as Language);
  if (inv.status === 'cancelled' || inv.status === 'failed') return { problem: 'cancelled', settings, language };
  const answers = (answerRows ?? (await answersOf(db, inv.id))).map((a) => ({ surveyType: a.survey_type, score: a.score, followUpDone: a.follow_up_text !== null || a.follow_up_skipped }));
  const step = nextStep(settings, inv.survey_types as SurveyType[], answers, language);
  // A finished survey stays readable (its thank-you page); an unfinished one ends with its link.
  if (step.kind !== 'done' && (inv.status === 'expired' || inv.expires_at.getTime() <= Date.now())) return { problem: 'expired', settings, language };
  if (!inv.opened_at) await markOpened(db, inv.id);
  return { problem: null, invitation: inv, settings, language, step, answered: answers.length };
}

export type AnswerResult = 'recorded' | 'invalid';
export type OpenSurvey = Extract<SurveyState, { problem: null }>;

/** Records a rating; a score that matches an alert rule queues the alert in the same transaction. */
export async function answerRating(deps: { db: Db; jobs: Jobs }, s: OpenSurvey, type: string, rawScore: string | undefined): Promise<AnswerResult> {
  return deps.db.transaction().execute((trx) => recordRating(trx, deps.jobs, s, type, rawScore));
}

/** `answerRating` inside the caller's transaction. */
export async function recordRating(trx: Db, jobs: Jobs, s: OpenSurvey, type: string, rawScore: string | number | undefined): Promise<AnswerResult> {
  const inv = s.invitation;
  const surveyType = (inv.survey_types as SurveyType[]).find((t) => t === type);
  // A score as a form sends it: digits only (Number would read '' as 0, '0x4' as 4 and '1e0' as 1).
  const score = typeof rawScore === 'number' ? rawScore : typeof rawScore === 'string' && /^\d{1,2}$/.test(rawScore) ? Number(rawScore) : NaN;
  if (!surveyType || !Number.isInteger(score)) return 'invalid';
  const scale = scaleOf(s.settings, surveyType);
  if (score < scale.min || score > scale.max) return 'invalid';
  const inserted = await insertResponse(trx, {
    workspaceId: inv.workspace_id,
    invitationId: inv.id,
    conversationId: inv.conversation_id,
    source: inv.source,
    pageUrl: inv.page_url,
    surveyType,
    score,
    scale,
    language: s.language,
    settingsVersion: inv.settings_version,
    followUpQuestion: followUpQuestion(s.settings, surveyType, score, s.language),
    // One survey, one agent: the answer counts for the agent, division and tags the conversation had when
    // the survey was created (at resolve), as its invitation does, even if it was reassigned since.
    dims: { channelId: inv.channel_id, agentId: inv.agent_id, divisionId: inv.division_id, tags: inv.tags, contactId: inv.contact_id },
  });
  if (!inserted) return 'recorded';
  if (inv.status !== 'answered') await setInvitationStatus(trx, inv.id, 'answered', { answeredAt: new Date() });
  const rules = (await listAlertRules(trx, inv.workspace_id)).filter((r) => ruleMatches(r, surveyType, score));
  for (const id of await createAlertDeliveries(trx, inv.workspace_id, inserted, rules.map((r) => r.id))) await jobs.enqueueAlert(trx, id);
  // One ticket per answer, however many rules ask for it.
  // A ticket is about a conversation; widget and link answers have none.
  if (inv.conversation_id && rules.some((r) => r.createTicket)) await submitTicket(trx, jobs, { workspaceId: inv.workspace_id, conversationId: inv.conversation_id, responseId: inserted, source: 'alert', userId: null });
  await emitResponseEvent(trx, jobs, inv.workspace_id, 'response.created', inv.id, surveyType);
  await emitIntegrationEvent(trx, jobs, inv.workspace_id, 'response.created', { invitationId: inv.id, surveyType });
  if (rules.length) await emitIntegrationEvent(trx, jobs, inv.workspace_id, 'alert', { invitationId: inv.id, surveyType, alertRules: rules.map((r) => ({ id: r.id, name: r.name, surveyType: r.surveyType, maxScore: r.maxScore })) });
  return 'recorded';
}

/** Records the follow-up text of a type, or that the customer skipped it (`text` null); `trx` is a transaction. */
export async function recordFollowUp(trx: Db, jobs: Jobs, s: OpenSurvey, type: string, text: string | null): Promise<AnswerResult> {
  const surveyType = (s.invitation.survey_types as SurveyType[]).find((t) => t === type);
  if (!surveyType) return 'invalid';
  if (await setFollowUp(trx, s.invitation.id, surveyType, text === null ? null : text.trim().slice(0, 2000))) {
    await emitResponseEvent(trx, jobs, s.invitation.workspace_id, 'response.follow_up', s.invitation.id, surveyType);
    await emitIntegrationEvent(trx, jobs, s.invitation.workspace_id, 'response.follow_up', { invitationId: s.invitation.id, surveyType });
  }
  return 'recorded';
}

export async function answerFollowUp(deps: { db: Db; jobs: Jobs }, s: OpenSurvey, type: string, text: string | null): Promise<AnswerResult> {
  return deps.db.transaction().execute((trx) => recordFollowUp(trx, deps.jobs, s, type, text));
}

/** The one-click unsubscribe of a survey email: opts the invitation's contact out of all surveys. */
export async function unsubscribeByToken(db: Db, token: string): Promise<{ language: Language; settings: SurveySettings } | null> {
  if (!TOKEN.test(token)) return null;
  const inv = await findInvitationByToken(db, hashSecret(token));
  if (!inv) return null;
  const contactId = inv.contact_id;
  // An anonymous (link) survey has no contact to opt out.
  if (contactId) {
    await db.transaction().execute(async (trx) => {
      await optOutContact(trx, contactId);
      await cancelPending(trx, { contactId }, 'opted_out');
    });
  }
  const settings = await invitationSettings(db, inv);
  return { language: inv.language as Language, settings };
}
