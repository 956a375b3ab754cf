/**
 * The website widget's public side: opening (is there a survey for this visitor on this page? then a
 * ticket) and answering with that ticket. Answers join the same invitations and responses as every
 * other survey (source `widget`, the widget channel, the page URL), so reports, alerts and webhooks
 * count them without knowing about the widget.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { normalOrigin, widgetRules, type WidgetRules } from '../domain/channels/config.js';
import { AppError, invalid, notFound, type ErrorDetail } from '../domain/errors.js';
import { pickLanguage, renderSurvey, surveyTypesForChannel, type RenderedSurvey } from '../domain/render/survey-steps.js';
import type { Language, SurveyType } from '../domain/settings/schema.js';
import { identityMessage, type VisitorIdentity } from '../domain/widget/identity.js';
import { cleanPageUrl, pageAllowed } from '../domain/widget/page-rules.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { hashSecret } from '../lib/secret-token.js';
import { issueTicket, readTicket } from '../lib/widget-ticket.js';
import { getChannelForSending } from '../store/channels.js';
import { upsertContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { getInvitation, insertInvitation } from '../store/invitations.js';
import { getCurrentSettings, getSettingsVersion } from '../store/survey-settings.js';
import { lastVisitorAnswer, markVisitorAnswered, useTicket } from '../store/widget.js';
import { readCredentials } from './channels.js';
import { recordFollowUp, recordRating, type OpenSurvey } from './survey-session.js';

/** How long a ticket lives after the widget shows (on top of the channel's delay). */
const TICKET_MINUTES = 30;

/** A live widget channel by its public key (the channel id), or null. */
export async function widgetChannel(db: Db, key: string) {
  const c = /^[0-9a-f-]{36}$/i.test(key) ? await getChannelForSending(db, key) : null;
  return c && c.type === 'widget' && !c.archived ? c : null;
}

/** Whether a browser origin may use this widget channel (CORS and the origin check of every call). */
export const originAllowed = (channel: { config: { allowedOrigins?: string[] } }, origin: string | undefined, selfOrigin?: string) =>
  !!origin && (origin === selfOrigin || (channel.config.allowedOrigins ?? []).some((o) => normalOrigin(o) === origin));

/** True when the signature is the identity secret's HMAC of the visitor's id and attributes. */
export function identityValid(secret: string, v: VisitorIdentity): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(identityMessage(v.id, v.attributes)).digest('hex'));
  const given = Buffer.from(v.signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The page URL as stored; it must be a page of the site that calls (its Origin). */
function pageOf(raw: string, origin: string | undefined): string {
  const page = cleanPageUrl(raw);
  if (!page || new URL(page).origin !== origin) throw invalid([{ path: 'body.pageUrl', message: 'Must be the http(s) URL of the page the widget is on.' }]);
  return page;
}

export type OpenResult =
  | { show: false; reason: 'page_not_included' | 'recently_answered' | 'no_survey' }
  | { show: true; ticket: string; rules: Required<WidgetRules>; survey: RenderedSurvey };

export async function openWidget(db: Db, keys: Keys, input: { key: string; origin: string | undefined; selfOrigin: string; pageUrl: string; lang?: string; visitor?: VisitorIdentity }): Promise<OpenResult> {
  const channel = await widgetChannel(db, input.key);
  if (!channel || !originAllowed(channel, input.origin, input.selfOrigin)) throw notFound('Widget');
  const page = pageOf(input.pageUrl, input.origin);
  const rules = widgetRules(channel.config.rules);
  if (!pageAllowed(rules.urlPatterns, page)) return { show: false, reason: 'page_not_included' };
  if (input.visitor) {
    const secret = readCredentials(keys, channel).signingSecret;
    if (!secret || !identityValid(secret, input.visitor)) throw new AppError('forbidden', 'The visitor identity is not signed with this widget\'s identity secret.', [{ path: 'body.visitor.signature', message: 'does not match the visitor id and attributes' }]);
    const last = await lastVisitorAnswer(db, channel.id, input.visitor.id);
    if (last && last.getTime() + rules.recontactDays * 86_400_000 > Date.now()) return { show: false, reason: 'recently_answered' };
  }
  const { settings, version } = await getCurrentSettings(db, channel.workspaceId);
  const types = surveyTypesForChannel(settings, channel.id);
  if (!types.length) return { show: false, reason: 'no_survey' };
  const language = pickLanguage(settings, input.lang);
  const { ticket } = issueTicket(keys, {
    channelId: channel.id, settingsVersion: version, language, surveyTypes: types,
    userId: input.visitor?.id ?? null, attributes: input.visitor?.attributes ?? null,
    expiresAt: Math.floor(Date.now() / 1000) + rules.delaySeconds + TICKET_MINUTES * 60,
  });
  return { show: true, ticket, rules, survey: renderSurvey(settings, types, language) };
}

export interface WidgetAnswer {
  surveyType: string;
  score: number;
  followUp?: string;
}

/** Records a widget answer (ratings with their follow-ups) once per ticket. */
export async function answerWidget(deps: { db: Db; keys: Keys; jobs: Jobs }, input: { key: string; origin: string | undefined; selfOrigin: string; ticket: string; pageUrl: string; answers: WidgetAnswer[] }): Promise<{ invitationId: string }> {
  const channel = await widgetChannel(deps.db, input.key);
  if (!channel || !originAllowed(channel, input.origin, input.selfOrigin)) throw notFound('Widget');
  const claims = readTicket(deps.keys, input.ticket);
  if (claims === 'invalid' || (typeof claims === 'object' && claims.channelId !== channel.id)) throw invalid([{ path: 'body.ticket', message: 'is not a ticket of this widget' }]);
  if (claims === 'expired') throw new AppError('gone', 'The widget was open too long; reload the page to answer.', [{ path: 'body.ticket', message: 'expired' }]);
  const page = pageOf(input.pageUrl, input.origin);
  const types = claims.surveyTypes as SurveyType[];
  const issues: ErrorDetail[] = [];
  input.answers.forEach((a, i) => {
    if (!types.includes(a.surveyType as SurveyType)) issues.push({ path: `body.answers.${i}.surveyType`, message: `must be one of ${types.join(', ')}` });
    if (input.answers.findIndex((b) => b.surveyType === a.surveyType) !== i) issues.push({ path: `body.answers.${i}.surveyType`, message: 'is answered twice' });
  });
  if (issues.length) throw invalid(issues);
  const { settings } = (await getSettingsVersion(deps.db, channel.workspaceId, claims.settingsVersion))!;
  return deps.db.transaction().execute(async (trx) => {
    if (!(await useTicket(trx, claims.id, channel.id, new Date(claims.expiresAt * 1000)))) throw new AppError('conflict', 'This widget ticket has already been answered.', [{ path: 'body.ticket', message: 'already used' }]);
    const contactId = claims.userId
      ? (await upsertContact(trx, channel.workspaceId, { id: claims.userId, name: claims.attributes?.name, email: claims.attributes?.email })).id
      : null;
    const id = randomUUID();
    const now = new Date();
    await insertInvitation(trx, {
      id, workspace_id: channel.workspaceId, conversation_id: null, contact_id: contactId, channel_id: channel.id,
      token_hash: hashSecret(deps.keys.invitationToken(id)), survey_types: types, settings_version: claims.settingsVersion,
      language: claims.language, trigger: 'widget', source: 'widget', status: 'scheduled', send_after: now, expires_at: now,
      page_url: page, visitor_attributes: claims.attributes ? JSON.stringify(claims.attributes) : null,
    });
    const s: OpenSurvey = {
      problem: null, invitation: (await getInvitation(trx, id))!, settings, language: claims.language as Language,
      step: { kind: 'done' }, answered: 0,
    };
    for (const [i, a] of input.answers.entries()) {
      if ((await recordRating(trx, deps.jobs, s, a.surveyType, a.score)) === 'invalid') throw invalid([{ path: `body.answers.${i}.score`, message: 'is outside the survey\'s scale' }]);
      if (a.followUp !== undefined && a.followUp.trim() !== '') await recordFollowUp(trx, deps.jobs, s, a.surveyType, a.followUp);
    }
    if (claims.userId) await markVisitorAnswered(trx, channel.id, claims.userId);
    return { invitationId: id };
  });
}
