/** The reminder rules: when one is due, when it may still go, the next opening, and its words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReminder, reminderBlocker, REMINDER_MIN_LIFE_MS } from '../../src/domain/reminders.js';
import { chatPrompt } from '../../src/domain/chat/prompts.js';
import { renderSurveyEmail } from '../../src/domain/render/survey-email.js';
import { renderSurvey } from '../../src/domain/render/survey-steps.js';
import { defaultSurveySettings as defaultSettings } from '../../src/domain/settings/defaults.js';
import { nextStep } from '../../src/domain/survey-progress.js';
import { ALWAYS_OPEN, businessMillis, type Schedule } from '../../src/domain/time/business-time.js';
import { nextOpenAt } from '../../src/domain/time/next-open.js';
import { weekly, zone } from '../helpers/schedule-arbitrary.js';

const H = 3_600_000;
const jakartaNineToFive: Schedule = {
  timeZone: 'Asia/Jakarta',
  weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }], wed: [{ start: '09:00', end: '17:00' }], thu: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '17:00' }], sat: [], sun: [] },
  holidays: ['2026-12-25'],
};
const d = (iso: string) => new Date(iso);

describe('nextOpenAt', () => {
  it('answers the moment itself when open, else the next opening, skipping weekends and holidays', () => {
    expect(nextOpenAt(Date.parse('2026-12-01T10:00:00+07:00'), jakartaNineToFive)).toBe(Date.parse('2026-12-01T10:00:00+07:00'));
    expect(nextOpenAt(Date.parse('2026-12-01T18:00:00+07:00'), jakartaNineToFive)).toBe(Date.parse('2026-12-02T09:00:00+07:00'));
    expect(nextOpenAt(Date.parse('2026-12-05T12:00:00+07:00'), jakartaNineToFive)).toBe(Date.parse('2026-12-07T09:00:00+07:00'));
    expect(nextOpenAt(Date.parse('2026-12-24T17:00:00+07:00'), jakartaNineToFive)).toBe(Date.parse('2026-12-28T09:00:00+07:00'));
  });

  it('skips an opening the clocks skip (02:00–03:00 on the night DST starts) for the next real one', () => {
    // Found by the property below: Sunday 4 March 2018, 03:00 in New York; 11 March has no 02:00–03:00.
    const s: Schedule = { timeZone: 'America/New_York', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ start: '02:00', end: '03:00' }] }, holidays: [] };
    expect(new Date(nextOpenAt(Date.parse('2018-03-04T08:00:00Z'), s)!).toISOString()).toBe('2018-03-18T06:00:00.000Z');
  });

  it('has no opening for a schedule that never opens', () => {
    const closed: Schedule = { timeZone: 'UTC', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] };
    expect(nextOpenAt(Date.parse('2026-12-01T00:00:00Z'), closed)).toBeNull();
  });

  it('is open at the answer, with no open time between the moment and it (any schedule, DST zones)', () => {
    const start = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2036, 0, 1) });
    fc.assert(fc.property(start, zone, weekly, (at, timeZone, w) => {
      const s: Schedule = { timeZone, weekly: w, holidays: [] };
      const open = nextOpenAt(at, s);
      const anyOpening = Object.values(w).some((day) => day.length > 0);
      if (!anyOpening) {
        expect(open).toBeNull();
        return;
      }
      expect(open).not.toBeNull();
      expect(open!).toBeGreaterThanOrEqual(at);
      expect(businessMillis(at, open!, s)).toBe(0);
      expect(businessMillis(open!, open! + 60_000, s)).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });
});

describe('planReminder', () => {
  const sent = d('2026-12-01T10:00:00Z');
  const expires = d('2026-12-03T10:00:00Z');
  it('is off at 0 hours or without the setting', () => {
    expect(planReminder({ reminderAfterHours: 0 }, sent, expires, ALWAYS_OPEN())).toBeNull();
    expect(planReminder({}, sent, expires, ALWAYS_OPEN())).toBeNull();
  });
  it('is due N hours after the send; in business hours it waits for the opening', () => {
    expect(planReminder({ reminderAfterHours: 24 }, sent, expires, ALWAYS_OPEN())).toEqual({ dueAt: d('2026-12-02T10:00:00Z') });
    // 10:00 UTC + 12 h = 05:00 next day in Jakarta (UTC+7): waits until 09:00 local, 02:00 UTC.
    expect(planReminder({ reminderAfterHours: 12, reminderInBusinessHours: true }, sent, expires, jakartaNineToFive)).toEqual({ dueAt: d('2026-12-02T02:00:00Z') });
  });
  it('is skipped when it would come at or after the link expires (or in its last minutes)', () => {
    expect(planReminder({ reminderAfterHours: 48 }, sent, expires, ALWAYS_OPEN())).toEqual({ skip: expect.stringContaining('expires') });
    const friday = d('2026-12-04T09:00:00Z');
    expect(planReminder({ reminderAfterHours: 2, reminderInBusinessHours: true }, friday, d('2026-12-05T09:00:00Z'), jakartaNineToFive)).toEqual({ skip: expect.stringContaining('opening') });
  });
  it('always lands inside the link life with the margin left', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 719 }), fc.integer({ min: 1, max: 720 }), fc.boolean(), (after, life, business) => {
      const plan = planReminder({ reminderAfterHours: after, reminderInBusinessHours: business }, sent, new Date(sent.getTime() + life * H), jakartaNineToFive);
      if (plan && 'dueAt' in plan) {
        expect(plan.dueAt.getTime()).toBeGreaterThanOrEqual(sent.getTime() + after * H);
        expect(plan.dueAt.getTime()).toBeLessThanOrEqual(sent.getTime() + life * H - REMINDER_MIN_LIFE_MS);
      } else expect(plan).toEqual({ skip: expect.any(String) });
    }));
  });
});

describe('reminderBlocker', () => {
  const base = { invitationStatus: 'delivered', conversationStatus: 'resolved' as const, contactOptedOut: false, expiresAt: d('2026-12-02T00:00:00Z'), now: d('2026-12-01T00:00:00Z') };
  it('lets a delivered or sent, unanswered survey be reminded', () => {
    expect(reminderBlocker(base)).toBeNull();
    expect(reminderBlocker({ ...base, invitationStatus: 'sent' })).toBeNull();
  });
  it('names what stops it', () => {
    expect(reminderBlocker({ ...base, invitationStatus: 'answered' })).toBe('The survey was answered.');
    expect(reminderBlocker({ ...base, contactOptedOut: true })).toBe('The contact opted out of surveys.');
    expect(reminderBlocker({ ...base, conversationStatus: 'open' })).toBe('The conversation was reopened.');
    expect(reminderBlocker({ ...base, invitationStatus: 'expired' })).toBe('The survey is expired.');
    expect(reminderBlocker({ ...base, now: new Date(base.expiresAt.getTime() - 60_000) })).toBe('The link expires too soon.');
  });
});

describe('the words of a reminder', () => {
  const settings = defaultSettings();
  it('opens the chat message with a line saying it is a reminder, in the customer\'s language', () => {
    const step = nextStep(settings, ['csat'], [], 'id');
    const first = chatPrompt({ settings, invitationId: 'i', language: 'id', url: 'https://x/s/t', step, first: true });
    const reminder = chatPrompt({ settings, invitationId: 'i', language: 'id', url: 'https://x/s/t', step, first: true, reminder: true });
    expect(reminder.text.startsWith('Pengingat:')).toBe(true);
    expect(reminder.text.endsWith(first.text)).toBe(true);
    expect(reminder.choices).toEqual(first.choices);
  });
  it('marks the email subject and body', () => {
    const mail = renderSurveyEmail(renderSurvey(settings, ['csat'], 'en'), 'https://x/s/t', 'https://x/s/t/unsubscribe', { reminder: true });
    expect(mail.subject).toMatch(/^Reminder: /);
    expect(mail.text.split('\n')[0]).toContain('still love to hear');
    expect(mail.html).toContain('still love to hear');
  });
});
