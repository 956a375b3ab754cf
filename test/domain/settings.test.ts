import { describe, expect, it } from 'vitest';
import { followUpQuestion, pickLanguage, renderSurvey, surveyTypesForChannel } from '../../src/domain/render/survey-steps.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';
import type { SurveySettings } from '../../src/domain/settings/schema.js';
import { validateSurveySettings } from '../../src/domain/settings/validate-settings.js';

const CH = '11111111-1111-4111-8111-111111111111';
const ctx = { channelIds: new Set([CH]) };
const paths = (s: SurveySettings) => validateSurveySettings(s, ctx).map((i) => i.path);
const withAll = () => {
  const s = defaultSurveySettings();
  s.ces.enabled = true;
  s.nps.enabled = true;
  return s;
};

describe('validateSurveySettings', () => {
  it('accepts the defaults, also with every type enabled', () => {
    expect(paths(defaultSurveySettings())).toEqual([]);
    expect(paths(withAll())).toEqual([]);
  });

  it('needs a question of at least 20 characters in every enabled language, counted after trimming', () => {
    const s = withAll();
    s.csat.question = { id: 'Seberapa puas Anda?', en: '   exactly twenty chars!   '.slice(0, 26) };
    s.nps.question.en = 'x'.repeat(501);
    delete s.ces.question.id;
    const issues = validateSurveySettings(s, ctx);
    expect(issues.map((i) => i.path)).toEqual(['csat.question.id', 'ces.question.id', 'nps.question.en']);
    expect(issues[0]!.message).toContain('at least 20 characters (it has 19)');
  });

  it('checks only the enabled languages and types', () => {
    const s = defaultSurveySettings();
    s.languages = { enabled: ['en'], default: 'en' };
    s.csat.question.id = '';
    s.nps.question.en = 'short';
    expect(paths(s)).toEqual([]);
  });

  it('needs the default language to be enabled', () => {
    const s = defaultSurveySettings();
    s.languages = { enabled: ['en'], default: 'id' };
    expect(paths(s)).toEqual(['languages.default']);
  });

  it('checks selected channels: at least one, existing, not twice', () => {
    const s = defaultSurveySettings();
    s.csat.channelScope = 'selected';
    expect(paths(s)).toEqual(['csat.channelIds']);
    s.csat.channelIds = [CH, CH, '22222222-2222-4222-8222-222222222222'];
    expect(paths(s)).toEqual(['csat.channelIds.1', 'csat.channelIds.2']);
  });

  it('needs a follow-up question for every rating of the scale in per_rating mode, and none outside it', () => {
    const s = withAll();
    s.ces.scale.max = 7;
    s.ces.followUp = { mode: 'per_rating', perRating: Object.fromEntries([1, 2, 3, 4, 5, 6, 9].map((v) => [String(v), { id: `Pertanyaan ${v}`, en: `Question ${v}` }])) };
    expect(paths(s)).toEqual(['ces.followUp.perRating.7.id', 'ces.followUp.perRating.7.en', 'ces.followUp.perRating.9']);
  });

  it('allows per_category only for NPS and needs all three categories', () => {
    const s = withAll();
    s.csat.followUp = { mode: 'per_category' };
    s.nps.followUp.perCategory!.passive = { id: 'Apa yang kurang?' };
    expect(paths(s)).toEqual(['csat.followUp.mode', 'nps.followUp.perCategory.passive.en']);
  });

  it('keeps follow-up texts of inactive modes without checking them', () => {
    const s = defaultSurveySettings();
    s.csat.followUp = { mode: 'off', question: { id: '' } };
    expect(paths(s)).toEqual([]);
  });

  it('needs CSAT labels, scale-end labels, a title and a thank-you message; the closing sentence may be empty', () => {
    const s = withAll();
    s.csat.labels.en = ['', 'b', 'c', 'd', 'e'];
    s.nps.lowLabel.id = ' ';
    s.greetings.title.en = '';
    s.greetings.thankYou.id = 'x'.repeat(1001);
    s.greetings.closing = { id: '', en: '' };
    expect(paths(s)).toEqual(['csat.labels.en.0', 'nps.lowLabel.id', 'greetings.title.en', 'greetings.thankYou.id']);
  });
});

describe('rendering', () => {
  it('renders CSAT as five emoji answers with labels and the chosen follow-up', () => {
    const r = renderSurvey(defaultSurveySettings(), ['csat'], 'en');
    const rating = r.steps[0]!;
    expect(rating.kind).toBe('rating');
    if (rating.kind !== 'rating') return;
    expect(rating.options.map((o) => `${o.emoji} ${o.label}`)).toEqual(['😡 Very unhappy', '😕 Unhappy', '😐 Neutral', '🙂 Happy', '😍 Very happy']);
    expect(r.steps[1]).toMatchObject({ kind: 'follow_up', mode: 'single', variants: [{ ratings: [1, 2, 3, 4, 5], question: 'Thank you! What could we do better?' }] });
    expect(r.thankYou.message).toMatch(/^Thank you for your feedback/);
  });

  it('maps NPS ratings to the per-category follow-up on 0–10 and 1–10', () => {
    const s = withAll();
    expect(followUpQuestion(s, 'nps', 6, 'id')).toBe('Mohon maaf. Apa yang paling mengecewakan Anda?');
    expect(followUpQuestion(s, 'nps', 8, 'en')).toBe('What one thing would make us better?');
    expect(followUpQuestion(s, 'nps', 9, 'en')).toBe('Glad to hear it! What did you like most?');
    s.nps.scale.min = 1;
    const r = renderSurvey(s, ['nps'], 'en');
    expect(r.steps[0]).toMatchObject({ scale: { min: 1, max: 10 } });
    expect(r.steps[1]).toMatchObject({ variants: [{ category: 'detractor', ratings: [1, 2, 3, 4, 5, 6] }, { category: 'passive', ratings: [7, 8] }, { category: 'promoter', ratings: [9, 10] }] });
  });

  it('applies channel scope', () => {
    const s = withAll();
    s.ces.channelScope = 'selected';
    s.ces.channelIds = [CH];
    expect(surveyTypesForChannel(s, CH)).toEqual(['csat', 'ces', 'nps']);
    expect(surveyTypesForChannel(s, '22222222-2222-4222-8222-222222222222')).toEqual(['csat', 'nps']);
  });

  it('picks the language from the contact locale, else the default', () => {
    const s = defaultSurveySettings();
    expect(pickLanguage(s, 'en-GB')).toBe('en');
    expect(pickLanguage(s, 'in_ID')).toBe('id');
    expect(pickLanguage(s, 'fr')).toBe('id');
    expect(pickLanguage(s, null)).toBe('id');
    s.languages = { enabled: ['id'], default: 'id' };
    expect(pickLanguage(s, 'en')).toBe('id');
  });
});
