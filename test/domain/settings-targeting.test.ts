/** Targeting, division overrides and scale ends of the survey settings (property tests where numeric). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideSurvey, type EligibilityInput } from '../../src/domain/eligibility.js';
import { cesBandRanges, cesCategory, npsCategory, npsCategoryRanges } from '../../src/domain/scoring/scores.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';
import { overriddenPaths, resetOverride, settingsForDivision } from '../../src/domain/settings/division-settings.js';
import { sampleBucket, targetingMiss } from '../../src/domain/settings/targeting.js';
import type { SurveySettings } from '../../src/domain/settings/schema.js';
import { validateSurveySettings } from '../../src/domain/settings/validate-settings.js';

const CH = '00000000-0000-4000-8000-000000000001';
const DIV = '00000000-0000-4000-8000-0000000000d1';
const T0 = Date.parse('2026-06-01T10:00:00Z');

function input(settings: SurveySettings, conversation: Partial<EligibilityInput['conversation']> = {}, trigger: 'resolve' | 'manual' = 'resolve'): EligibilityInput {
  return {
    trigger, settings,
    conversation: { id: 'c1', tags: [], customerMessages: 3, status: 'resolved', channelId: CH, resolvedAt: new Date(T0), surveyFlag: undefined, hasAgentMessage: true, alreadySurveyed: false, ...conversation },
    contact: { optedOut: false, locale: 'en', lastInvitationAt: null },
    now: new Date(T0 + 60_000),
  };
}

describe('targeting', () => {
  it('skips with the reason of the rule that left no survey type', () => {
    const s = defaultSurveySettings();
    s.csat.targeting = { excludeTags: ['Spam'] };
    expect(decideSurvey(input(s, { tags: [' spam'] }))).toEqual({ send: false, reason: 'excluded_tag' });
    s.csat.targeting = { includeTags: ['vip'] };
    expect(decideSurvey(input(s, { tags: ['other'] }))).toEqual({ send: false, reason: 'missing_included_tag' });
    expect(decideSurvey(input(s, { tags: ['VIP'] })).send).toBe(true);
    s.csat.targeting = { minCustomerMessages: 4 };
    expect(decideSurvey(input(s, { customerMessages: 3 }))).toEqual({ send: false, reason: 'too_few_customer_messages' });
    s.csat.targeting = { samplePercent: 0 };
    expect(decideSurvey(input(s))).toEqual({ send: false, reason: 'not_sampled' });
    // An agent who asks for a survey has chosen: targeting is for automatic surveys.
    expect(decideSurvey(input(s, {}, 'manual')).send).toBe(true);
  });

  it('drops only the types a rule excludes', () => {
    const s = defaultSurveySettings();
    s.nps.enabled = true;
    s.nps.targeting = { excludeTags: ['billing'] };
    const d = decideSurvey(input(s, { tags: ['billing'] }));
    expect(d.send && d.types).toEqual(['csat']);
  });

  it('samples the given share of conversations, the same answer each time (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer(), (percent, seed) => {
      const ids = Array.from({ length: 2000 }, (_, i) => `conv-${seed}-${i}`);
      const picked = ids.filter((id) => targetingMiss('csat', { samplePercent: percent }, { id, tags: [], customerMessages: 0 }) === null);
      if (percent === 0) expect(picked).toHaveLength(0);
      if (percent === 100) expect(picked).toHaveLength(2000);
      // 2000 draws: the share stays within 5 points of the setting (binomial sd ≤ 1.2 points).
      expect(Math.abs((100 * picked.length) / 2000 - percent)).toBeLessThanOrEqual(5);
      expect(ids.filter((id) => targetingMiss('csat', { samplePercent: percent }, { id, tags: [], customerMessages: 0 }) === null)).toEqual(picked);
    }), { numRuns: 40 });
  });

  it('buckets are 0–99 (property)', () => {
    fc.assert(fc.property(fc.string(), (key) => {
      const b = sampleBucket(key);
      expect(Number.isInteger(b) && b >= 0 && b < 100).toBe(true);
    }));
  });

  it('minimum customer messages is a threshold (property)', () => {
    fc.assert(fc.property(fc.nat(50), fc.nat(50), (min, has) => {
      const miss = targetingMiss('ces', { minCustomerMessages: min }, { id: 'x', tags: [], customerMessages: has });
      expect(miss === 'too_few_customer_messages').toBe(has < min);
    }));
  });

  it('refuses a tag both included and excluded', () => {
    const s = defaultSurveySettings();
    s.csat.targeting = { includeTags: ['vip'], excludeTags: ['VIP'] };
    expect(validateSurveySettings(s, { channelIds: new Set() }).map((i) => i.path)).toEqual(['csat.targeting.excludeTags.0']);
  });
});

describe('request label', () => {
  it('with manual sending, a resolve tagged with the request label asks for a survey', () => {
    const s = defaultSurveySettings();
    s.sending.method = 'manual';
    expect(decideSurvey(input(s, { tags: ['billing'] }))).toEqual({ send: false, reason: 'manual_not_requested' });
    expect(decideSurvey(input(s, { tags: ['Send-Survey'] })).send).toBe(true);
    s.sending.requestLabel = 'survei';
    expect(decideSurvey(input(s, { tags: ['send-survey'] }))).toEqual({ send: false, reason: 'manual_not_requested' });
    expect(decideSurvey(input(s, { tags: ['survei'] })).send).toBe(true);
  });
});

describe('division overrides', () => {
  it('merge over the workspace settings; other divisions keep the workspace values', () => {
    const s = defaultSurveySettings();
    s.divisionOverrides = { [DIV]: { sending: { method: 'manual', delayMinutes: 30 }, nps: { enabled: true } } };
    const div = settingsForDivision(s, DIV);
    expect(div.sending).toEqual({ ...s.sending, method: 'manual', delayMinutes: 30 });
    expect(div.nps.enabled).toBe(true);
    expect(div.nps.question).toEqual(s.nps.question);
    expect('divisionOverrides' in div).toBe(false);
    expect(settingsForDivision(s, 'another')).toEqual(settingsForDivision(s, null));
    expect(overriddenPaths(s.divisionOverrides[DIV])).toEqual(['nps.enabled', 'sending.delayMinutes', 'sending.method']);
    expect(resetOverride(s.divisionOverrides[DIV] as Record<string, unknown>, 'nps.enabled')).toEqual({ sending: { method: 'manual', delayMinutes: 30 } });
  });

  it('are validated as the settings the division gets, under their own path', () => {
    const s = defaultSurveySettings();
    s.divisionOverrides = { [DIV]: { csat: { question: { en: 'Short' } }, ces: { scale: { max: 7 } } }, '00000000-0000-4000-8000-0000000000ff': {} };
    const issues = validateSurveySettings(s, { channelIds: new Set(), divisions: new Map([[DIV, 'Sales']]) });
    expect(issues).toEqual([
      { path: '00000000-0000-4000-8000-0000000000ff', message: expect.stringContaining('does not exist') },
      { path: `divisionOverrides.${DIV}.ces.scale.max`, message: expect.stringContaining('a division cannot override it') },
      { path: `divisionOverrides.${DIV}.csat.question.en`, message: 'For division "Sales": The CSAT question in English must be at least 20 characters (it has 5).' },
    ].map((i, n) => (n === 0 ? { ...i, path: 'divisionOverrides.00000000-0000-4000-8000-0000000000ff' } : i)).sort((a, b) => (a.path.includes('ff') ? 1 : b.path.includes('ff') ? -1 : 0)));
  });
});

describe('scale ends', () => {
  const ces = fc.record({ min: fc.constantFrom(0, 1), max: fc.integer({ min: 5, max: 10 }) });
  it('CES bands cover the scale as hard, neutral, easy in that order, hard and easy alike (property)', () => {
    fc.assert(fc.property(ces, (scale) => {
      const r = cesBandRanges(scale);
      expect(r.hard.from).toBe(scale.min);
      expect(r.easy.to).toBe(scale.max);
      // Neutral is between (empty on an even number of positions such as 0–5).
      const neutralSize = r.neutral.to >= r.neutral.from ? r.neutral.to - r.neutral.from + 1 : 0;
      expect(r.easy.from - r.hard.to - 1).toBe(neutralSize);
      expect(r.easy.to - r.easy.from).toBe(r.hard.to - r.hard.from);
      for (let v = scale.min; v <= scale.max; v++) {
        const band = cesCategory(v, scale);
        expect(v >= r[band].from && v <= r[band].to).toBe(true);
      }
    }));
  });

  it('NPS ranges start at the scale minimum', () => {
    for (const min of [0, 1]) {
      const r = npsCategoryRanges({ min, max: 10 });
      expect(r).toEqual({ detractor: { from: min, to: 6 }, passive: { from: 7, to: 8 }, promoter: { from: 9, to: 10 } });
      for (let v = min; v <= 10; v++) expect(v >= r[npsCategory(v)].from && v <= r[npsCategory(v)].to).toBe(true);
    }
  });
});
