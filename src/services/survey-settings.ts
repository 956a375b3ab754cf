import { AppError, invalid } from '../domain/errors.js';
import { previewDelivery } from '../domain/render/survey-preview.js';
import { pickLanguage, renderSurvey, surveyTypesForChannel } from '../domain/render/survey-steps.js';
import type { Language, SurveySettings } from '../domain/settings/schema.js';
import { defaultSurveySettings } from '../domain/settings/defaults.js';
import { settingsForDivision } from '../domain/settings/division-settings.js';
import { isUnder, mergeProblems, repairShape } from '../domain/settings/repair-shape.js';
import { SurveySettings as SurveySettingsSchema } from '../domain/settings/schema.js';
import { validateSurveySettings, type SettingsIssue, type ValidationContext } from '../domain/settings/validate-settings.js';
import { checkAgainst } from '../http/plugins/validation.js';
import { getDivision, listDivisions } from '../store/divisions.js';
import { validateContactTargeting } from '../domain/contacts/targeting.js';
import { listContactFields } from '../store/contact-fields.js';
import type { Db } from '../store/db.js';
import { getChannel, liveChannelIds } from '../store/channels.js';
import { getCurrentSettings, saveSettingsVersion, type Actor } from '../store/survey-settings.js';

async function validationContext(db: Db, workspaceId: string, language: Language): Promise<ValidationContext> {
  const divisions = await listDivisions(db, workspaceId);
  return { channelIds: await liveChannelIds(db, workspaceId), divisions: new Map(divisions.map((d) => [d.id, d.name])), language };
}

/**
 * Every problem of a settings document in one answer: its shape problems (as sentences naming the
 * field) and the rule problems of the fields whose shape is right (domain/settings/repair-shape).
 * When the languages themselves are malformed, the text rules cannot know what to check: shape only.
 */
export function settingsProblems(doc: unknown, ctx: ValidationContext): SettingsIssue[] {
  const shape = checkAgainst(SurveySettingsSchema, doc, ctx.language ?? 'en', true);
  if (shape.length === 0) return validateSurveySettings(doc as SurveySettings, ctx);
  if (shape.some((p) => isUnder(p.path, 'languages') || p.path === '(root)')) return shape;
  const repaired = repairShape(doc, shape, defaultSurveySettings());
  if (!repaired || checkAgainst(SurveySettingsSchema, repaired).length) return shape;
  return mergeProblems(shape, validateSurveySettings(repaired as SurveySettings, ctx));
}

/** Validates (shape and rules, every problem at once) and saves settings as a new version. */
export async function saveSurveySettings(db: Db, workspaceId: string, doc: unknown, actor: Actor, expectedVersion?: number, messages: Language = 'en') {
  const issues = settingsProblems(doc, await validationContext(db, workspaceId, messages));
  // Contact-field targeting names fields of the workspace: checked once its shape is right.
  const targeting = (doc as Partial<SurveySettings> | null)?.contactTargeting;
  if (targeting && !issues.some((p) => isUnder(p.path, 'contactTargeting'))) issues.push(...validateContactTargeting(targeting, await listContactFields(db, workspaceId)));
  if (issues.length) {
    throw invalid(issues, messages === 'id' ? `Pengaturan survei memiliki ${issues.length} masalah.` : `The survey settings have ${issues.length} problem${issues.length === 1 ? '' : 's'}.`);
  }
  return saveSettingsVersion(db, workspaceId, doc as SurveySettings, actor, expectedVersion);
}

export interface PreviewInput {
  /** Unsaved settings to preview (the settings page previews while typing); default: those in force. */
  settings?: SurveySettings;
  channelId?: string;
  /** Preview what this division's customers get (its overrides over the workspace settings). */
  divisionId?: string;
  language?: Language;
  /** The language of the problems found (the reader's). */
  messages?: Language;
}

/** What the customer would see, without saving anything: the survey, and what the channel sends first. */
export async function previewSurvey(db: Db, workspaceId: string, input: PreviewInput) {
  const document = input.settings ?? (await getCurrentSettings(db, workspaceId)).settings;
  if (input.divisionId && !(await getDivision(db, workspaceId, input.divisionId))) throw invalid([{ path: 'divisionId', message: 'No such division in this workspace.' }]);
  const settings = settingsForDivision(document, input.divisionId);
  const channel = input.channelId ? await getChannel(db, workspaceId, input.channelId) : null;
  if (input.channelId && !channel) throw new AppError('validation_failed', 'The channel does not exist.', [{ path: 'channelId', message: 'No such channel in this workspace.' }]);
  if (input.language && !settings.languages.enabled.includes(input.language)) {
    throw invalid([{ path: 'language', message: `The language ${input.language} is not enabled in these settings.` }]);
  }
  const language = input.language ?? pickLanguage(settings, null);
  const types = surveyTypesForChannel(settings, channel?.id ?? null);
  const survey = renderSurvey(settings, types, language);
  const delivery = previewDelivery(settings, types, language, channel?.type ?? null);
  return {
    firstChatMessage: delivery.kind === 'chat' ? delivery.firstMessage : null,
    email: delivery.kind === 'email' ? delivery.email : null,
    callback: delivery.kind === 'callback' ? delivery.callback : null,
    channel: channel ? { id: channel.id, name: channel.name, type: channel.type } : null,
    surveyTypes: types,
    problems: validateSurveySettings(document, await validationContext(db, workspaceId, input.messages ?? 'en')),
    ...survey,
  };
}
