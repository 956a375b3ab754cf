/**
 * Whether a resolved conversation gets a survey, and which. Pure: every input is given, every outcome is
 * a decision with a reason, so skips can be counted in reports.
 */
import { pickLanguage, surveyTypesForChannel } from './render/survey-steps.js';
import type { Language, SurveySettings, SurveyType } from './settings/schema.js';
import type { Attributes } from './contacts/fields.js';
import { matchesContactTargeting } from './contacts/targeting.js';
import { normalTag, targetingMiss, type TargetingMiss } from './settings/targeting.js';

/** The tag (Chatwoot label) that asks for a survey when `sending.requestLabel` is not set. */
export const DEFAULT_REQUEST_LABEL = 'send-survey';

/**
 * Whether a tag change asks for the survey of an already resolved conversation: with manual sending, the
 * request label appearing among the tags after the resolve (a Chatwoot label added later) asks as the
 * label present at the resolve would have. With automatic sending the resolve decided already.
 */
export function requestLabelAdded(sending: SurveySettings['sending'], before: readonly string[], after: readonly string[]): boolean {
  if (sending.method !== 'manual') return false;
  const label = normalTag(sending.requestLabel ?? DEFAULT_REQUEST_LABEL);
  const has = (tags: readonly string[]) => tags.some((tag) => normalTag(tag) === label);
  return has(after) && !has(before);
}

export const SKIP_REASONS = [
  'not_resolved',
  'no_survey_for_channel',
  'manual_not_requested',
  'suppressed_by_inbox',
  'opted_out',
  'no_agent_message',
  'already_surveyed',
  'cooldown',
  'resolved_too_long_ago',
  'not_targeted_contact_field',
  // Targeting (settings `<type>.targeting`), when it leaves no survey type: the first type's reason.
  'excluded_tag',
  'missing_included_tag',
  'too_few_customer_messages',
  'not_sampled',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface EligibilityInput {
  /** A resolve event, or an agent asking for a survey (`POST /conversations/:id/survey`). */
  trigger: 'resolve' | 'manual';
  settings: SurveySettings;
  conversation: {
    /** nilai's id of the conversation: the targeting sample is drawn from it. */
    id: string;
    tags: readonly string[];
    customerMessages: number;
    status: 'open' | 'resolved';
    channelId: string;
    resolvedAt: Date | null;
    /** The `survey` flag of the resolve event. */
    surveyFlag: boolean | undefined;
    hasAgentMessage: boolean;
    /** An invitation for this conversation that was not cancelled or failed exists. */
    alreadySurveyed: boolean;
  };
  contact: {
    optedOut: boolean;
    locale: string | null | undefined;
    /** Creation time of the contact's latest invitation that was not cancelled or failed. */
    lastInvitationAt: Date | null;
    /** The contact's field values (settings `contactTargeting`). */
    attributes?: Attributes;
  };
  now: Date;
}

export type EligibilityDecision =
  | { send: true; types: SurveyType[]; language: Language; sendAfter: Date; expiresAt: Date }
  | { send: false; reason: SkipReason };

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The recontact rule: a contact surveyed less than `cooldownDays` ago is not asked again (broadcasts too). */
export const withinCooldown = (lastInvitationAt: Date | null, cooldownDays: number, now: Date): boolean =>
  lastInvitationAt !== null && now.getTime() - lastInvitationAt.getTime() < cooldownDays * DAY;

export function decideSurvey(input: EligibilityInput): EligibilityDecision {
  const { settings, conversation: c, contact, now, trigger } = input;
  const skip = (reason: SkipReason): EligibilityDecision => ({ send: false, reason });
  const sending = settings.sending;

  if (c.status !== 'resolved' || !c.resolvedAt) return skip('not_resolved');
  const channelTypes = surveyTypesForChannel(settings, c.channelId);
  if (channelTypes.length === 0) return skip('no_survey_for_channel');
  // Targeting shapes automatic surveys; an agent who asks for one (trigger manual) has chosen already.
  const misses = new Map<SurveyType, TargetingMiss>();
  if (trigger === 'resolve') {
    for (const type of channelTypes) {
      const miss = targetingMiss(type, settings[type].targeting, c);
      if (miss) misses.set(type, miss);
    }
  }
  const types = channelTypes.filter((type) => !misses.has(type));
  if (types.length === 0) return skip(misses.get(channelTypes[0]!)!);
  if (trigger === 'resolve') {
    // With manual sending, a resolve asks for a survey through its `survey` flag or a tag equal to the
    // request label (a Chatwoot label such as "send-survey" arrives as a tag).
    const label = normalTag(sending.requestLabel ?? DEFAULT_REQUEST_LABEL);
    const labelled = c.tags.some((tag) => normalTag(tag) === label);
    if (sending.method === 'manual' && c.surveyFlag !== true && !labelled) return skip('manual_not_requested');
    if (sending.method === 'automatic' && c.surveyFlag === false) return skip('suppressed_by_inbox');
  }
  if (contact.optedOut) return skip('opted_out');
  if (!matchesContactTargeting(settings.contactTargeting, contact.attributes)) return skip('not_targeted_contact_field');
  if (!c.hasAgentMessage) return skip('no_agent_message');
  if (c.alreadySurveyed) return skip('already_surveyed');
  if (withinCooldown(contact.lastInvitationAt, sending.cooldownDays, now)) return skip('cooldown');
  // A resolve replayed from long ago (an inbox backfilling history) would reach the customer after the
  // link's lifetime: asking about a conversation that old helps nobody.
  if (trigger === 'resolve' && now.getTime() - c.resolvedAt.getTime() > sending.expiryHours * HOUR) return skip('resolved_too_long_ago');

  const sendAfter = new Date(now.getTime() + (trigger === 'resolve' ? sending.delayMinutes * 60_000 : 0));
  return {
    send: true,
    types,
    language: pickLanguage(settings, contact.locale),
    sendAfter,
    expiresAt: new Date(sendAfter.getTime() + sending.expiryHours * HOUR),
  };
}
