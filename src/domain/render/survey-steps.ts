/**
 * What the customer sees, as data: the closing sentence, one rating step per survey type, the follow-up
 * question that each rating leads to, and the thank-you page. Channels and the hosted page turn this into
 * their own format; the settings preview returns it as is.
 */
import { npsCategory, type NpsCategory } from '../scoring/scores.js';
import { scaleOf, scaleValues, type Scale } from '../settings/scale.js';
import { LANGUAGES, SURVEY_TYPES, type Language, type LocalizedText, type SurveySettings, type SurveyType } from '../settings/schema.js';

export const CSAT_EMOJI: Record<SurveySettings['csat']['emojiStyle'], readonly string[]> = {
  faces: ['😡', '😕', '😐', '🙂', '😍'],
  stars: ['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐'],
  hearts: ['💔', '🤍', '💛', '💚', '❤️'],
};

export interface RatingOption {
  value: number;
  label: string;
  emoji?: string;
}

export interface RatingStep {
  kind: 'rating';
  surveyType: SurveyType;
  question: string;
  scale: Scale;
  options: RatingOption[];
  lowLabel: string | null;
  highLabel: string | null;
  /** The step as one plain chat message. */
  text: string;
}

export interface FollowUpVariant {
  /** The ratings that lead to this question. */
  ratings: number[];
  category: NpsCategory | null;
  question: string;
}

export interface FollowUpStep {
  kind: 'follow_up';
  surveyType: SurveyType;
  mode: 'single' | 'per_rating' | 'per_category';
  variants: FollowUpVariant[];
}

export interface RenderedSurvey {
  language: Language;
  title: string;
  closing: string | null;
  steps: (RatingStep | FollowUpStep)[];
  thankYou: { title: string; message: string };
}

/** Picks the survey language from a contact locale such as `en-US` or `id_ID`, else the default. */
export function pickLanguage(settings: SurveySettings, locale?: string | null): Language {
  const base = locale?.toLowerCase().slice(0, 2);
  const candidate = base === 'in' ? 'id' : base;
  const found = LANGUAGES.find((l) => l === candidate);
  return found && settings.languages.enabled.includes(found) ? found : settings.languages.default;
}

/** Enabled survey types whose channel scope includes the channel (all of them when no channel is given). */
export function surveyTypesForChannel(settings: SurveySettings, channelId: string | null): SurveyType[] {
  return SURVEY_TYPES.filter((t) => {
    const s = settings[t];
    if (!s.enabled) return false;
    return s.channelScope === 'all' || channelId === null || s.channelIds.includes(channelId);
  });
}

function pick(text: LocalizedText | undefined, lang: Language, settings: SurveySettings): string {
  return (text?.[lang] ?? text?.[settings.languages.default] ?? '').trim();
}

export function renderRatingStep(settings: SurveySettings, type: SurveyType, lang: Language): RatingStep {
  const scale = scaleOf(settings, type);
  const question = pick(settings[type].question, lang, settings);
  if (type === 'csat') {
    const emoji = CSAT_EMOJI[settings.csat.emojiStyle];
    const labels = settings.csat.labels[lang] ?? settings.csat.labels[settings.languages.default] ?? [];
    const options = scaleValues(scale).map((value, i) => ({ value, emoji: emoji[i] ?? '', label: labels[i]?.trim() ?? String(value) }));
    const lines = options.map((o) => `${o.value}. ${o.emoji} ${o.label}`);
    return { kind: 'rating', surveyType: type, question, scale, options, lowLabel: null, highLabel: null, text: [question, ...lines].join('\n') };
  }
  const s = settings[type];
  const lowLabel = pick(s.lowLabel, lang, settings);
  const highLabel = pick(s.highLabel, lang, settings);
  const options = scaleValues(scale).map((value) => ({
    value,
    label: value === scale.min ? `${value} (${lowLabel})` : value === scale.max ? `${value} (${highLabel})` : String(value),
  }));
  const text = `${question}\n${scale.min} = ${lowLabel} … ${scale.max} = ${highLabel}`;
  return { kind: 'rating', surveyType: type, question, scale, options, lowLabel, highLabel, text };
}

/** The follow-up question for a given rating, or null when the type has no follow-up. */
export function followUpQuestion(settings: SurveySettings, type: SurveyType, rating: number, lang: Language): string | null {
  const step = renderFollowUpStep(settings, type, lang);
  return step?.variants.find((v) => v.ratings.includes(rating))?.question ?? null;
}

export function renderFollowUpStep(settings: SurveySettings, type: SurveyType, lang: Language): FollowUpStep | null {
  const f = settings[type].followUp;
  const values = scaleValues(scaleOf(settings, type));
  if (f.mode === 'off') return null;
  if (f.mode === 'single') {
    return { kind: 'follow_up', surveyType: type, mode: 'single', variants: [{ ratings: values, category: null, question: pick(f.question, lang, settings) }] };
  }
  if (f.mode === 'per_rating') {
    const variants = values.map((v) => ({ ratings: [v], category: null, question: pick(f.perRating?.[String(v)], lang, settings) }));
    return { kind: 'follow_up', surveyType: type, mode: 'per_rating', variants };
  }
  if (type !== 'nps') return null;
  const variants = (['detractor', 'passive', 'promoter'] as const).map((category) => ({
    ratings: values.filter((v) => npsCategory(v) === category),
    category,
    question: pick(f.perCategory?.[category], lang, settings),
  }));
  return { kind: 'follow_up', surveyType: type, mode: 'per_category', variants };
}

/** The whole survey for the given types in one language. */
export function renderSurvey(settings: SurveySettings, types: readonly SurveyType[], lang: Language): RenderedSurvey {
  const steps: (RatingStep | FollowUpStep)[] = [];
  for (const type of types) {
    steps.push(renderRatingStep(settings, type, lang));
    const followUp = renderFollowUpStep(settings, type, lang);
    if (followUp) steps.push(followUp);
  }
  const title = pick(settings.greetings.title, lang, settings);
  const closing = pick(settings.greetings.closing, lang, settings);
  return {
    language: lang,
    title,
    closing: closing || null,
    steps,
    thankYou: { title, message: pick(settings.greetings.thankYou, lang, settings) },
  };
}
