/** The pure rules of nilai, shared with the server: the preview renders exactly what customers get. */
export { chatPrompt, type ChatMessage } from '../../src/domain/chat/prompts.js';
export { renderStepPage, renderThankYouPage } from '../../src/domain/render/survey-page.js';
export { PREVIEW_INVITATION, PREVIEW_LINK, previewDelivery } from '../../src/domain/render/survey-preview.js';
export { CSAT_EMOJI, surveyTypesForChannel } from '../../src/domain/render/survey-steps.js';
export { followUpQuestion } from '../../src/domain/render/survey-steps.js';
export { QUESTION_MIN, QUESTION_MAX } from '../../src/domain/settings/validate-settings.js';
export { scaleOf, scaleValues } from '../../src/domain/settings/scale.js';
export { nextStep, type NextStep } from '../../src/domain/survey-progress.js';
export { CES_SCALE_MAX, CES_SCALE_MINS, NPS_SCALE_MINS, CSAT_EMOJI_STYLES, LANGUAGES, NPS_CATEGORIES, SURVEY_TYPES } from '../../src/domain/settings/schema.js';
export type { FollowUpMode, Language, LocalizedText, SurveySettings, SurveyType } from '../../src/domain/settings/schema.js';
export { CHANNEL_RULES, CHANNEL_TYPES, type ChannelKind } from '../../src/domain/channels/config.js';
export { previewAutoText } from '../../src/domain/automation/render-auto-reply.js';
export { DEFAULT_AUTO_RESOLVE, DEFAULT_AUTO_RESPONDER, type AutoResolveSettings, type AutoResponderSettings, type AutoText } from '../../src/domain/automation/settings.js';
export { cesBandRanges, npsCategoryRanges } from '../../src/domain/scoring/scores.js';
export { overriddenPaths, overrideBetween, resetOverride, settingsForDivision } from '../../src/domain/settings/division-settings.js';
export { applyResolveTone, applyResponderTone } from '../../src/domain/automation/tones.js';
export { TONES, type Tone } from '../../src/domain/settings/tones.js';
