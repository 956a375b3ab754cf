/**
 * The customer-survey settings document: its shape as a TypeBox schema (one source for the TypeScript
 * type, HTTP validation and OpenAPI). Shape only; the product rules (question length per language,
 * follow-ups that match the scale, channels that exist) live in `validate-settings.ts` so that every
 * problem is reported at once with a human message.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TONES } from './tones.js';
import { ContactTargeting } from '../contacts/targeting.js';
import { deepPartial, type DeepPartial } from './deep-partial.js';

export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const SURVEY_TYPES = ['csat', 'ces', 'nps'] as const;
export type SurveyType = (typeof SURVEY_TYPES)[number];
export const FOLLOW_UP_MODES = ['off', 'single', 'per_rating', 'per_category'] as const;
export type FollowUpMode = (typeof FOLLOW_UP_MODES)[number];
export const NPS_CATEGORIES = ['detractor', 'passive', 'promoter'] as const;
export type NpsCategory = (typeof NPS_CATEGORIES)[number];
export const CSAT_EMOJI_STYLES = ['faces', 'stars', 'hearts'] as const;

/** One of fixed values, as a JSON-schema `enum` (gives one clear error instead of one per alternative). */
export const literals = <const T extends readonly (string | number)[]>(values: T) =>
  Type.Unsafe<T[number]>({ type: typeof values[0] === 'number' ? 'integer' : 'string', enum: [...values] });

/** A text in each language; which languages must be present depends on `languages.enabled`. */
export const LocalizedText = Type.Object(
  { id: Type.Optional(Type.String({ maxLength: 2000 })), en: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type LocalizedText = Static<typeof LocalizedText>;

/**
 * Every follow-up text is kept whatever the mode, so switching the mode in the UI never loses what was
 * typed; only the texts of the active mode are validated and used.
 */
export const FollowUp = Type.Object(
  {
    mode: literals(FOLLOW_UP_MODES),
    question: Type.Optional(LocalizedText),
    perRating: Type.Optional(
      Type.Record(Type.String({ pattern: '^(10|[0-9])$' }), LocalizedText, {
        description: 'One question per rating value, keyed by the value ("1" … "10").',
      }),
    ),
    perCategory: Type.Optional(
      Type.Object(
        { detractor: Type.Optional(LocalizedText), passive: Type.Optional(LocalizedText), promoter: Type.Optional(LocalizedText) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type FollowUp = Static<typeof FollowUp>;

/**
 * Which resolved conversations get this survey type (checked by domain/eligibility). Optional: a
 * document without it targets every conversation.
 */
export const Targeting = Type.Object(
  {
    includeTags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'When not empty, only conversations with at least one of these tags.' })),
    excludeTags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'Conversations with any of these tags are never surveyed with this type.' })),
    samplePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Share of conversations surveyed (default 100), drawn from the conversation id, so a replayed resolve gets the same answer.' })),
    minCustomerMessages: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000, description: 'Skip conversations with fewer customer messages (default 0).' })),
  },
  { additionalProperties: false },
);
export type Targeting = Static<typeof Targeting>;

const channelScopeFields = {
  enabled: Type.Boolean(),
  targeting: Type.Optional(Targeting),
  channelScope: literals(['all', 'selected'] as const),
  channelIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 500, description: 'Used when channelScope is "selected".' }),
  question: LocalizedText,
  followUp: FollowUp,
};

const Label = Type.String({ maxLength: 200 });

/** The ends a CES or NPS scale may have. */
export const CES_SCALE_MINS = [0, 1] as const;
export const CES_SCALE_MAX = { min: 5, max: 10 } as const;
export const NPS_SCALE_MINS = [0, 1] as const;

export const CsatSettings = Type.Object(
  {
    ...channelScopeFields,
    emojiStyle: literals(CSAT_EMOJI_STYLES),
    labels: Type.Object(
      { id: Type.Optional(Type.Array(Label, { minItems: 5, maxItems: 5 })), en: Type.Optional(Type.Array(Label, { minItems: 5, maxItems: 5 })) },
      { additionalProperties: false, description: 'Answer labels from 1 (very unhappy) to 5 (very happy).' },
    ),
    satisfiedThreshold: Type.Integer({ minimum: 2, maximum: 5, description: 'Answers at or above count as satisfied.' }),
  },
  { additionalProperties: false },
);

const scaleEnds = { lowLabel: LocalizedText, highLabel: LocalizedText };

export const CesSettings = Type.Object(
  {
    ...channelScopeFields,
    ...scaleEnds,
    scale: Type.Object(
      { min: literals(CES_SCALE_MINS), max: Type.Integer({ minimum: CES_SCALE_MAX.min, maximum: CES_SCALE_MAX.max }) },
      { additionalProperties: false, description: 'Lowest 0 or 1, highest 5 to 10; the easy / hard bands follow (domain/scoring cesCategory).' },
    ),
  },
  { additionalProperties: false },
);

export const NpsSettings = Type.Object(
  {
    ...channelScopeFields,
    ...scaleEnds,
    scale: Type.Object(
      { min: literals(NPS_SCALE_MINS), max: literals([10] as const) },
      { additionalProperties: false, description: 'NPS is asked 0–10 or 1–10; detractors are from the lowest end to 6, passives 7–8, promoters 9–10.' },
    ),
  },
  { additionalProperties: false },
);

const settingsFields = {
    languages: Type.Object(
      { enabled: Type.Array(literals(LANGUAGES), { minItems: 1, maxItems: 2, uniqueItems: true }), default: literals(LANGUAGES) },
      { additionalProperties: false },
    ),
    csat: CsatSettings,
    ces: CesSettings,
    nps: NpsSettings,
    greetings: Type.Object(
      { closing: LocalizedText, title: LocalizedText, thankYou: LocalizedText },
      { additionalProperties: false },
    ),
    /** The writing tone of the chat channels' own words (and of the texts, when filled from a tone). Default formal. */
    tone: Type.Optional(literals(TONES)),
    sending: Type.Object(
      {
        method: literals(['automatic', 'manual'] as const),
        delayMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
        expiryHours: Type.Integer({ minimum: 1, maximum: 720 }),
        cooldownDays: Type.Integer({ minimum: 0, maximum: 365 }),
        reminderAfterHours: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 719, description: 'One reminder this many hours after an unanswered survey was sent; 0 (or absent) for none. Must be less than expiryHours.' }),
        ),
        reminderInBusinessHours: Type.Optional(
          Type.Boolean({ description: 'A reminder due outside office hours waits for the next opening (still within the link\'s life).' }),
        ),
        requestLabel: Type.Optional(Type.String({
          minLength: 1, maxLength: 100, pattern: '\\S',
          description: 'A Chatwoot label that, added to a conversation, asks for a survey like the "Send survey" button (default "send-survey").',
        })),
      },
      { additionalProperties: false },
    ),
    contactTargeting: Type.Optional(ContactTargeting),
};

/** The document without division overrides: what a conversation's survey is made from. */
export const WorkspaceSurveySettings = Type.Object(settingsFields, { additionalProperties: false });
export type WorkspaceSurveySettings = Static<typeof WorkspaceSurveySettings>;

/**
 * What one division changes: any part of the document (objects merge key by key, arrays and values
 * replace); what it leaves out is inherited from the workspace. `divisionOverrides` is not nested.
 */
export const DivisionOverride = Type.Unsafe<DeepPartial<WorkspaceSurveySettings>>(deepPartial(WorkspaceSurveySettings));
export type DivisionOverride = DeepPartial<WorkspaceSurveySettings>;

export const SurveySettings = Type.Object(
  {
    ...settingsFields,
    divisionOverrides: Type.Optional(Type.Record(Type.String({ format: 'uuid' }), DivisionOverride, {
      description: 'Per division id, the settings that division overrides (domain/settings/division-settings).',
    })),
  },
  { additionalProperties: false, title: 'SurveySettings' },
);
export type SurveySettings = Static<typeof SurveySettings>;
export type CsatSettings = Static<typeof CsatSettings>;
export type CesSettings = Static<typeof CesSettings>;
export type NpsSettings = Static<typeof NpsSettings>;
export type AnySurveySettings = CsatSettings | CesSettings | NpsSettings;
