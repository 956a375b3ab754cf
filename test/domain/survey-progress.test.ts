import { describe, expect, it } from 'vitest';
import { esc, renderStepPage } from '../../src/domain/render/survey-page.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';
import { nextStep } from '../../src/domain/survey-progress.js';

describe('nextStep', () => {
  const s = defaultSurveySettings();
  s.nps.enabled = true;
  s.ces.enabled = true;
  s.ces.followUp.mode = 'off';

  it('walks rating, follow-up, next rating … and ends', () => {
    const types = ['csat', 'ces', 'nps'] as const;
    expect(nextStep(s, types, [], 'en')).toEqual({ kind: 'rating', surveyType: 'csat', index: 0, total: 3 });
    expect(nextStep(s, types, [{ surveyType: 'csat', score: 2, followUpDone: false }], 'en')).toMatchObject({ kind: 'follow_up', surveyType: 'csat', question: 'Thank you! What could we do better?' });
    expect(nextStep(s, types, [{ surveyType: 'csat', score: 2, followUpDone: true }], 'en')).toMatchObject({ kind: 'rating', surveyType: 'ces', index: 1 });
    // CES has no follow-up: straight to NPS.
    const two = [{ surveyType: 'csat' as const, score: 2, followUpDone: true }, { surveyType: 'ces' as const, score: 5, followUpDone: false }];
    expect(nextStep(s, types, two, 'id')).toMatchObject({ kind: 'rating', surveyType: 'nps', index: 2 });
    expect(nextStep(s, types, [...two, { surveyType: 'nps', score: 7, followUpDone: false }], 'id')).toMatchObject({ kind: 'follow_up', question: 'Apa satu hal yang bisa membuat kami lebih baik?' });
    expect(nextStep(s, types, [...two, { surveyType: 'nps', score: 7, followUpDone: true }], 'id')).toEqual({ kind: 'done' });
  });
});

describe('survey page HTML', () => {
  it('escapes everything that comes from settings', () => {
    const s = defaultSurveySettings();
    s.csat.question.en = '<script>alert(1)</script> & "quotes" are fine?';
    const html = renderStepPage({ frame: { lang: 'en', languages: ['id', 'en'], selfPath: '/s/x', title: '<b>Title</b>' }, settings: s, step: { kind: 'rating', surveyType: 'csat', index: 0, total: 1 }, closing: null, preselected: null, error: null, formAction: '/s/x?lang=en' });
    expect(html).not.toContain('<script>');
    expect(html).toContain(esc('<script>alert(1)</script> & "quotes" are fine?'));
    expect(html).not.toContain('<b>Title</b>');
  });
});
