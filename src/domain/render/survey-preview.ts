/**
 * What the customer receives first through a channel kind, for previews (the settings page and
 * POST /api/v1/settings/survey/preview): the first chat message for chat channels, the email for email
 * channels, the callback body for web channels. Stand-ins take the place of the invitation, its link
 * and the customer, which a preview does not have.
 */
import { chatPrompt, type ChatMessage } from '../chat/prompts.js';
import type { Language, SurveySettings, SurveyType } from '../settings/schema.js';
import { nextStep } from '../survey-progress.js';
import { renderSurveyCallback, type SurveyCallback } from './survey-callback.js';
import { renderSurveyEmail, unsubscribeUrl, type SurveyEmail } from './survey-email.js';
import { renderSurvey } from './survey-steps.js';

export const PREVIEW_INVITATION = '00000000-0000-4000-8000-000000000000';
export const PREVIEW_LINK = 'https://nilai.example/s/preview';
const PREVIEW_CONTACT = { id: 'preview-contact', name: 'Sari', phone: null, email: null, handle: null };

export type PreviewDelivery =
  | { kind: 'chat'; firstMessage: ChatMessage | null }
  | { kind: 'email'; email: SurveyEmail }
  | { kind: 'callback'; callback: SurveyCallback };

/** `channelType` null (no channel chosen) previews a chat channel. */
export function previewDelivery(settings: SurveySettings, types: SurveyType[], language: Language, channelType: string | null, now = new Date()): PreviewDelivery {
  const survey = renderSurvey(settings, types, language);
  if (channelType === 'email') return { kind: 'email', email: renderSurveyEmail(survey, PREVIEW_LINK, unsubscribeUrl(PREVIEW_LINK)) };
  if (channelType === 'web') {
    // A draft being edited may have no expiry yet (an emptied number field).
    const hours = Number.isFinite(settings.sending.expiryHours) ? settings.sending.expiryHours : 0;
    const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
    return { kind: 'callback', callback: renderSurveyCallback({ invitationId: PREVIEW_INVITATION, conversationId: 'preview-conversation', contact: PREVIEW_CONTACT, language, url: PREVIEW_LINK, expiresAt, survey }) };
  }
  const step = nextStep(settings, types, [], language);
  return { kind: 'chat', firstMessage: step.kind === 'done' ? null : chatPrompt({ settings, invitationId: PREVIEW_INVITATION, language, url: PREVIEW_LINK, step, first: true }) };
}
