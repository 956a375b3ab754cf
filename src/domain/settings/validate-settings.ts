import { NPS_CATEGORIES, SURVEY_TYPES, type Language, type LocalizedText, type SurveySettings, type SurveyType } from './schema.js';
import { scaleOf, scaleValues } from './scale.js';

/** One problem in a settings document, at a dotted field path such as `csat.question.en`. */
export interface SettingsIssue {
  path: string;
  message: string;
}

export interface ValidationContext {
  /** Ids of the workspace's channels that exist (not deleted). */
  channelIds: ReadonlySet<string>;
}

export const QUESTION_MIN = 20;
export const QUESTION_MAX = 500;
const FOLLOW_UP_MAX = 500;
const LABEL_MAX = 40;
const TITLE_MAX = 120;
const MESSAGE_MAX = 1000;

const LANGUAGE_NAMES: Record<Language, string> = { id: 'Indonesian', en: 'English' };
const TYPE_NAMES: Record<SurveyType, string> = { csat: 'CSAT', ces: 'CES', nps: 'NPS' };

/**
 * Checks the product rules of a settings document whose shape is already valid, and returns every
 * problem at once (an empty list means valid). Disabled survey types are not checked beyond their
 * shape, so a manager can keep an unfinished draft of a type that is off.
 */
export function validateSurveySettings(settings: SurveySettings, ctx: ValidationContext): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const langs = settings.languages.enabled;

  if (!langs.includes(settings.languages.default)) {
    add('languages.default', `The default language must be one of the enabled languages (${langs.join(', ')}).`);
  }

  const text = (path: string, value: LocalizedText | undefined, what: string, min: number, max: number) => {
    for (const lang of langs) {
      const v = value?.[lang]?.trim() ?? '';
      const where = `${path}.${lang}`;
      if (v.length === 0 && min > 0) add(where, `${what} in ${LANGUAGE_NAMES[lang]} is required.`);
      else if (v.length < min) add(where, `${what} in ${LANGUAGE_NAMES[lang]} must be at least ${min} characters (it has ${v.length}).`);
      else if (v.length > max) add(where, `${what} in ${LANGUAGE_NAMES[lang]} must be at most ${max} characters (it has ${v.length}).`);
    }
  };

  for (const type of SURVEY_TYPES) {
    const s = settings[type];
    if (!s.enabled) continue;
    const name = TYPE_NAMES[type];
    text(`${type}.question`, s.question, `The ${name} question`, QUESTION_MIN, QUESTION_MAX);

    if (s.channelScope === 'selected') {
      if (s.channelIds.length === 0) add(`${type}.channelIds`, `Select at least one channel for ${name}, or choose "All channel".`);
      const seen = new Set<string>();
      s.channelIds.forEach((id, i) => {
        if (seen.has(id)) add(`${type}.channelIds.${i}`, `This channel is selected twice.`);
        else if (!ctx.channelIds.has(id)) add(`${type}.channelIds.${i}`, `Channel ${id} does not exist in this workspace.`);
        seen.add(id);
      });
    }

    const scale = scaleOf(settings, type);
    const f = s.followUp;
    if (f.mode === 'single') {
      text(`${type}.followUp.question`, f.question, `The ${name} follow-up question`, 1, FOLLOW_UP_MAX);
    } else if (f.mode === 'per_rating') {
      for (const value of scaleValues(scale)) {
        text(`${type}.followUp.perRating.${value}`, f.perRating?.[String(value)], `The ${name} follow-up question for rating ${value}`, 1, FOLLOW_UP_MAX);
      }
      for (const key of Object.keys(f.perRating ?? {})) {
        const n = Number(key);
        if (n < scale.min || n > scale.max) {
          add(`${type}.followUp.perRating.${key}`, `Rating ${key} is outside the ${name} scale ${scale.min}–${scale.max}.`);
        }
      }
    } else if (f.mode === 'per_category') {
      if (type !== 'nps') {
        add(`${type}.followUp.mode`, `Follow-up per category (detractor / passive / promoter) is only available for NPS.`);
      } else {
        for (const cat of NPS_CATEGORIES) {
          text(`nps.followUp.perCategory.${cat}`, f.perCategory?.[cat], `The NPS follow-up question for ${cat}s`, 1, FOLLOW_UP_MAX);
        }
      }
    }
  }

  if (settings.csat.enabled) {
    for (const lang of langs) {
      const labels = settings.csat.labels[lang];
      if (!labels) {
        add(`csat.labels.${lang}`, `The five CSAT answer labels in ${LANGUAGE_NAMES[lang]} are required.`);
        continue;
      }
      labels.forEach((label, i) => {
        const v = label.trim();
        if (v.length === 0) add(`csat.labels.${lang}.${i}`, `The label for rating ${i + 1} is required.`);
        else if (v.length > LABEL_MAX) add(`csat.labels.${lang}.${i}`, `The label for rating ${i + 1} must be at most ${LABEL_MAX} characters.`);
      });
    }
  }
  for (const type of ['ces', 'nps'] as const) {
    if (!settings[type].enabled) continue;
    text(`${type}.lowLabel`, settings[type].lowLabel, `The ${TYPE_NAMES[type]} low-end label`, 1, LABEL_MAX);
    text(`${type}.highLabel`, settings[type].highLabel, `The ${TYPE_NAMES[type]} high-end label`, 1, LABEL_MAX);
  }

  text('greetings.closing', settings.greetings.closing, 'The closing sentence', 0, MESSAGE_MAX);
  text('greetings.title', settings.greetings.title, 'The survey title', 1, TITLE_MAX);
  text('greetings.thankYou', settings.greetings.thankYou, 'The thank-you message', 1, MESSAGE_MAX);
  return issues;
}
