import { NPS_CATEGORIES, SURVEY_TYPES, type Language, type LocalizedText, type SurveySettings } from './schema.js';
import { overriddenPaths, settingsForDivision } from './division-settings.js';

/** Fields a division cannot override. */
export const WORKSPACE_ONLY = ['ces.scale', 'nps.scale', 'csat.satisfiedThreshold'];
import { scaleOf, scaleValues } from './scale.js';
import { normalTag } from './targeting.js';
import { SETTINGS_MESSAGES, type TextField } from './validation-messages.js';

/** One problem in a settings document, at a dotted field path such as `csat.question.en`. */
export interface SettingsIssue {
  path: string;
  message: string;
}

export interface ValidationContext {
  /** Ids of the workspace's channels that exist (not deleted). */
  channelIds: ReadonlySet<string>;
  /** The workspace's divisions (id → name); overrides of other ids are refused. Unchecked when absent. */
  divisions?: ReadonlyMap<string, string>;
  /** The language of the messages (default English). */
  language?: Language;
}

export const QUESTION_MIN = 20;
export const QUESTION_MAX = 500;
const FOLLOW_UP_MAX = 500;
const LABEL_MAX = 40;
const TITLE_MAX = 120;
const MESSAGE_MAX = 1000;


/**
 * Checks the product rules of a settings document whose shape is already valid, and returns every
 * problem at once (an empty list means valid). Disabled survey types are not checked beyond their
 * shape, so a manager can keep an unfinished draft of a type that is off. Each division override is
 * checked as the document its division gets; its problems that the workspace document does not have
 * already are reported under `divisionOverrides.<id>.`.
 */
export function validateSurveySettings(settings: SurveySettings, ctx: ValidationContext): SettingsIssue[] {
  const m = SETTINGS_MESSAGES[ctx.language ?? 'en'];
  const base = validateDocument(settingsForDivision(settings, null), ctx);
  const known = new Set(base.map((i) => `${i.path}\n${i.message}`));
  const issues = [...base];
  for (const id of Object.keys(settings.divisionOverrides ?? {})) {
    const prefix = `divisionOverrides.${id}`;
    const name = ctx.divisions?.get(id);
    if (ctx.divisions && name === undefined) {
      issues.push({ path: prefix, message: m.unknownDivision(id) });
      continue;
    }
    // Reports put every division's answers on one scale, so the scales and the satisfied threshold stay
    // the workspace's.
    for (const path of overriddenPaths(settings.divisionOverrides?.[id])) {
      if (WORKSPACE_ONLY.some((w) => path === w || path.startsWith(`${w}.`))) issues.push({ path: `${prefix}.${path}`, message: m.workspaceOnly(path) });
    }
    for (const i of validateDocument(settingsForDivision(settings, id), ctx)) {
      if (!known.has(`${i.path}\n${i.message}`)) issues.push({ path: `${prefix}.${i.path}`, message: m.inDivision(name ?? id, i.message) });
    }
  }
  return issues;
}

function validateDocument(settings: SurveySettings, ctx: ValidationContext): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const langs = settings.languages.enabled;
  const m = SETTINGS_MESSAGES[ctx.language ?? 'en'];

  if (!langs.includes(settings.languages.default)) add('languages.default', m.defaultLanguage(langs));

  const text = (path: string, value: LocalizedText | undefined, what: TextField, min: number, max: number) => {
    for (const lang of langs) {
      const v = value?.[lang]?.trim() ?? '';
      const where = `${path}.${lang}`;
      if (v.length === 0 && min > 0) add(where, m.required(what, lang));
      else if (v.length < min) add(where, m.tooShort(what, lang, min, v.length));
      else if (v.length > max) add(where, m.tooLong(what, lang, max, v.length));
    }
  };

  for (const type of SURVEY_TYPES) {
    const s = settings[type];
    if (!s.enabled) continue;
    text(`${type}.question`, s.question, { kind: 'question', type }, QUESTION_MIN, QUESTION_MAX);

    if (s.channelScope === 'selected') {
      if (s.channelIds.length === 0) add(`${type}.channelIds`, m.noChannelSelected(type));
      const seen = new Set<string>();
      s.channelIds.forEach((id, i) => {
        if (seen.has(id)) add(`${type}.channelIds.${i}`, m.channelTwice);
        else if (!ctx.channelIds.has(id)) add(`${type}.channelIds.${i}`, m.unknownChannel(id));
        seen.add(id);
      });
    }

    const include = new Set((s.targeting?.includeTags ?? []).map(normalTag));
    (s.targeting?.excludeTags ?? []).forEach((tag, i) => {
      if (include.has(normalTag(tag))) add(`${type}.targeting.excludeTags.${i}`, m.tagIncludedAndExcluded(type, tag));
    });

    const scale = scaleOf(settings, type);
    const f = s.followUp;
    if (f.mode === 'single') {
      text(`${type}.followUp.question`, f.question, { kind: 'followUp', type }, 1, FOLLOW_UP_MAX);
    } else if (f.mode === 'per_rating') {
      for (const value of scaleValues(scale)) {
        text(`${type}.followUp.perRating.${value}`, f.perRating?.[String(value)], { kind: 'followUpForRating', type, rating: value }, 1, FOLLOW_UP_MAX);
      }
      for (const key of Object.keys(f.perRating ?? {})) {
        const n = Number(key);
        if (n < scale.min || n > scale.max) {
          add(`${type}.followUp.perRating.${key}`, m.ratingOutsideScale(type, key, scale.min, scale.max));
        }
      }
    } else if (f.mode === 'per_category') {
      if (type !== 'nps') {
        add(`${type}.followUp.mode`, m.perCategoryOnlyNps);
      } else {
        for (const cat of NPS_CATEGORIES) {
          text(`nps.followUp.perCategory.${cat}`, f.perCategory?.[cat], { kind: 'followUpForCategory', category: cat }, 1, FOLLOW_UP_MAX);
        }
      }
    }
  }

  if (settings.csat.enabled) {
    for (const lang of langs) {
      const labels = settings.csat.labels[lang];
      if (!labels) {
        add(`csat.labels.${lang}`, m.csatLabelsRequired(lang));
        continue;
      }
      labels.forEach((label, i) => {
        const v = label.trim();
        if (v.length === 0) add(`csat.labels.${lang}.${i}`, m.csatLabelRequired(i + 1));
        else if (v.length > LABEL_MAX) add(`csat.labels.${lang}.${i}`, m.csatLabelTooLong(i + 1, LABEL_MAX));
      });
    }
  }
  for (const type of ['ces', 'nps'] as const) {
    if (!settings[type].enabled) continue;
    text(`${type}.lowLabel`, settings[type].lowLabel, { kind: 'lowLabel', type }, 1, LABEL_MAX);
    text(`${type}.highLabel`, settings[type].highLabel, { kind: 'highLabel', type }, 1, LABEL_MAX);
  }

  const remindAfter = settings.sending.reminderAfterHours ?? 0;
  if (remindAfter > 0 && remindAfter >= settings.sending.expiryHours) add('sending.reminderAfterHours', m.reminderAfterExpiry(remindAfter, settings.sending.expiryHours));

  text('greetings.closing', settings.greetings.closing, { kind: 'closing' }, 0, MESSAGE_MAX);
  text('greetings.title', settings.greetings.title, { kind: 'title' }, 1, TITLE_MAX);
  text('greetings.thankYou', settings.greetings.thankYou, { kind: 'thankYou' }, 1, MESSAGE_MAX);
  return issues;
}
