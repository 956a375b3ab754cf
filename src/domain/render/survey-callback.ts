/**
 * The survey as the web channel sends it: the body of the signed POST to the channel's callback URL, with
 * the invitation, the hosted page's link and the survey as data. The receiving inbox shows the customer
 * the link (or asks the questions itself).
 */
import type { RenderedSurvey } from './survey-steps.js';

export interface SurveyInvitation {
  invitationId: string;
  conversationId: string;
  contact: { id: string; name: string | null; phone: string | null; email: string | null; handle: string | null };
  language: string;
  /** The hosted survey page for this invitation. */
  url: string;
  expiresAt: string;
  survey: RenderedSurvey;
  /** The survey's one reminder (sent as `survey.reminder`, with the same link). */
  reminder?: boolean;
}

export interface SurveyCallback {
  type: 'survey.invitation' | 'survey.reminder';
  data: SurveyInvitation;
}

/** Only these fields go to the inbox (an outgoing survey also carries the chat message and more). */
export function renderSurveyCallback(i: SurveyInvitation): SurveyCallback {
  const { invitationId, conversationId, contact, language, url, expiresAt, survey } = i;
  return { type: i.reminder ? 'survey.reminder' : 'survey.invitation', data: { invitationId, conversationId, contact, language, url, expiresAt, survey } };
}
