/**
 * Inbox automation settings (Qontak's Settings → Inbox): the auto responder (a reply inside and outside
 * office hours, with division overrides) and auto resolve. Shapes as TypeBox schemas (HTTP validation,
 * OpenAPI, the admin app's types); defaults when a workspace saved none.
 */
import { Type, type Static } from '@sinclair/typebox';
import { literals } from '../settings/schema.js';
import { AUTOMATION_TONE_TEXTS } from './tones.js';

const Text = Type.String({ minLength: 1, maxLength: 1000 });
/** A message in each language nilai speaks; `{{name}}`, `{{nextOpening}}`, `{{firstResponse}}` are filled in. */
export const AutoText = Type.Object({ id: Text, en: Text }, { additionalProperties: false });
export type AutoText = Static<typeof AutoText>;

export const AutoResponderOverride = Type.Object({
  divisionId: Type.String({ format: 'uuid' }),
  enabled: Type.Boolean(),
  insideHours: Type.Optional(AutoText),
  outsideHours: Type.Optional(AutoText),
}, { additionalProperties: false });

export const AutoResponderSettings = Type.Object({
  enabled: Type.Boolean(),
  /** A conversation gets at most one auto reply per period. */
  periodMinutes: Type.Integer({ minimum: 1, maximum: 43_200, description: 'At most one auto reply per conversation in this many minutes (1 to 43,200 = 30 days).' }),
  insideHours: AutoText,
  outsideHours: AutoText,
  divisions: Type.Array(AutoResponderOverride, { maxItems: 200, description: 'Per division: on/off and its own texts (else the workspace texts).' }),
}, { additionalProperties: false, title: 'AutoResponderSettings' });
export type AutoResponderSettings = Static<typeof AutoResponderSettings>;

export const AutoResolveSettings = Type.Object({
  enabled: Type.Boolean(),
  afterMinutes: Type.Integer({ minimum: 1, maximum: 43_200, description: 'Resolve after this many minutes without a customer message since an agent answered.' }),
  clock: literals(['wall', 'business'] as const),
  closingMessage: Type.Union([AutoText, Type.Null()], { description: 'Posted before the resolve; null: none.' }),
  survey: Type.Boolean({ description: 'Whether an auto-resolved conversation gets the survey.' }),
}, { additionalProperties: false, title: 'AutoResolveSettings' });
export type AutoResolveSettings = Static<typeof AutoResolveSettings>;

export const DEFAULT_AUTO_RESPONDER: AutoResponderSettings = {
  enabled: false,
  periodMinutes: 1440,
  insideHours: { ...AUTOMATION_TONE_TEXTS.formal.insideHours },
  outsideHours: { ...AUTOMATION_TONE_TEXTS.formal.outsideHours },
  divisions: [],
};

export const DEFAULT_AUTO_RESOLVE: AutoResolveSettings = {
  enabled: false,
  afterMinutes: 60,
  clock: 'wall',
  closingMessage: { ...AUTOMATION_TONE_TEXTS.formal.closing },
  survey: false,
};

/** The auto responder as it applies to a division (its override, else the workspace's). */
export function responderFor(s: AutoResponderSettings, divisionId: string | null): { enabled: boolean; insideHours: AutoText; outsideHours: AutoText } {
  const o = divisionId ? s.divisions.find((d) => d.divisionId === divisionId) : undefined;
  return { enabled: o ? o.enabled : s.enabled, insideHours: o?.insideHours ?? s.insideHours, outsideHours: o?.outsideHours ?? s.outsideHours };
}
