import type { SurveySettings, SurveyType } from './schema.js';

export interface Scale {
  min: number;
  max: number;
}

/** The rating scale of a survey type: CSAT is always 1–5; CES and NPS come from the settings. */
export function scaleOf(settings: SurveySettings, type: SurveyType): Scale {
  if (type === 'csat') return { min: 1, max: 5 };
  return settings[type].scale;
}

/** Every value of a scale, lowest first. */
export function scaleValues(scale: Scale): number[] {
  return Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
}
