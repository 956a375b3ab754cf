import { AppError, invalid } from '../domain/errors.js';
import { previewDelivery } from '../domain/render/survey-preview.js';
import { pickLanguage, renderSurvey, surveyTypesForChannel } from '../domain/render/survey-steps.js';
import type { Language, SurveySettings } from '../domain/settings/schema.js';
import { validateSurveySettings } from '../domain/settings/validate-settings.js';
import { validateContactTargeting } from '../domain/contacts/targeting.js';
import { listContactFields } from '../store/contact-fields.js';
import type { Db } from '../store/db.js';
import { getChannel, liveChannelIds } from '../store/channels.js';
import { getCurrentSettings, saveSettingsVersion, type Actor } from '../store/survey-settings.js';

/** Validates (every problem at once) and saves settings as a new version. */
export async function saveSurveySettings(db: Db, workspaceId: string, settings: SurveySettings, actor: Actor, expectedVersion?: number, messages: Language = 'en') {
  const issues = [
    ...validateSurveySettings(settings, { channelIds: await liveChannelIds(db, workspaceId), language: messages }),
    ...(settings.contactTargeting ? validateContactTargeting(settings.contactTargeting, await listContactFields(db, workspaceId)) : []),
  ];
  if (issues.length) throw invalid(issues, `The survey settings have ${issues.length} problem${issues.length === 1 ? '' : 's'}.`);
  return saveSettingsVersion(db, workspaceId, settings, actor, expectedVersion);
}

export interface PreviewInput {
  /** Unsaved settings to preview (the settings page previews while typing); default: those in force. */
  settings?: SurveySettings;
  channelId?: string;
  language?: Language;
  /** The language of the problems found (the reader's). */
  messages?: Language;
}

/** What the customer would see, without saving anything: the survey, and what the channel sends first. */
export async function previewSurvey(db: Db, workspaceId: string, input: PreviewInput) {
  const settings = input.settings ?? (await getCurrentSettings(db, workspaceId)).settings;
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
    problems: validateSurveySettings(settings, { channelIds: await liveChannelIds(db, workspaceId), language: input.messages }),
    ...survey,
  };
}
