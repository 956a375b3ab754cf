import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { weekly, zone } from '../helpers/schedule-arbitrary.js';
import { ALWAYS_OPEN, businessMillis, minutesOf, validateSchedule, WEEKDAYS, type Schedule } from '../../src/domain/time/business-time.js';

const H = 3600_000;
const ms = (iso: string) => Date.parse(iso);
const nineToFive = (timeZone: string, holidays: string[] = []): Schedule => ({
  timeZone,
  weekly: { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }], wed: [{ start: '09:00', end: '17:00' }], thu: [{ start: '09:00', end: '17:00' }], fri: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }], sat: [], sun: [] },
  holidays,
});

describe('businessMillis: hand-computed cases', () => {
  it.each([
    ['inside one opening', '2026-11-23T03:00:00Z', '2026-11-23T04:30:00Z', 1.5 * H], // Mon 10:00–11:30 WIB
    ['before opening to inside', '2026-11-23T00:00:00Z', '2026-11-23T03:00:00Z', 1 * H], // Mon 07:00–10:00 → 09–10
    ['overnight Mon 16:00 → Tue 10:00', '2026-11-23T09:00:00Z', '2026-11-24T03:00:00Z', 2 * H],
    ['Friday with a lunch break', '2026-11-27T02:00:00Z', '2026-11-27T10:00:00Z', 7 * H], // Fri 09–17 minus 12–13
    ['weekend only', '2026-11-28T00:00:00Z', '2026-11-29T23:00:00Z', 0],
    ['Fri 16:00 → Mon 10:00', '2026-11-27T09:00:00Z', '2026-11-30T03:00:00Z', 2 * H],
    ['a whole week', '2026-11-23T00:00:00+07:00', '2026-11-30T00:00:00+07:00', 39 * H],
  ])('%s (Asia/Jakarta)', (_name, from, to, expected) => {
    expect(businessMillis(ms(from), ms(to), nineToFive('Asia/Jakarta'))).toBe(expected);
  });

  it('skips holidays', () => {
    expect(businessMillis(ms('2026-12-24T00:00:00+07:00'), ms('2026-12-26T00:00:00+07:00'), nineToFive('Asia/Jakarta', ['2026-12-25']))).toBe(8 * H);
  });

  it('keeps 09:00–17:00 at eight hours on the days clocks change (America/New_York)', () => {
    const ny = nineToFive('America/New_York');
    ny.weekly.sun = [{ start: '00:00', end: '24:00' }];
    // 2026-03-08 is a Sunday with 23 hours; 2026-11-01 a Sunday with 25 hours.
    expect(businessMillis(ms('2026-03-08T05:00:00Z'), ms('2026-03-09T04:00:00Z'), ny)).toBe(23 * H);
    expect(businessMillis(ms('2026-11-01T04:00:00Z'), ms('2026-11-02T05:00:00Z'), ny)).toBe(25 * H);
    // Monday after the spring change: 09:00 EDT is 13:00 UTC.
    expect(businessMillis(ms('2026-03-09T12:00:00Z'), ms('2026-03-09T14:00:00Z'), ny)).toBe(1 * H);
  });

  it('counts the last day after a midnight the clocks skip (America/Havana, 2026-03-08 00:00 → 01:00)', () => {
    // Saturday 12:00 CST → Monday 12:00 CDT: 47 hours of wall clock (the day-by-day walk used to stop at Sunday: 35).
    expect(businessMillis(ms('2026-03-07T17:00:00Z'), ms('2026-03-09T16:00:00Z'), ALWAYS_OPEN('America/Havana'))).toBe(47 * H);
  });

  it('counts midnight-to-midnight openings across a day boundary', () => {
    expect(businessMillis(ms('2026-11-23T22:00:00Z'), ms('2026-11-24T02:00:00Z'), ALWAYS_OPEN())).toBe(4 * H);
  });
});

describe('businessMillis: properties', () => {
  const instant = fc.integer({ min: ms('2025-01-01T00:00:00Z'), max: ms('2027-12-31T00:00:00Z') });
  const zones = fc.constantFrom('Asia/Jakarta', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Havana', 'UTC');

  it('is between 0 and the wall-clock time, and equals it when always open', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 20 * 24 * H }), zones, (a, d, zone) => {
      const b = businessMillis(a, a + d, nineToFive(zone));
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThanOrEqual(d);
      expect(businessMillis(a, a + d, ALWAYS_OPEN(zone))).toBe(d);
    }));
  });

  it('counts a day split into openings that meet as open all day, and one with a minute of gap as not', () => {
    const split = (end: string, timeZone = 'America/New_York'): Schedule => ({ timeZone, weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '12:00', end: '24:00' }, { start: '00:00', end }]])) as Schedule['weekly'], holidays: [] });
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 20 * 24 * H }), (a, d) => {
      expect(businessMillis(a, a + d, split('12:00'))).toBe(d);
    }));
    // The general count, not the all-day shortcut: two days lose their 11:59–12:00 each.
    expect(businessMillis(ms('2026-12-24T00:00:00Z'), ms('2026-12-26T00:00:00Z'), split('11:59', 'UTC'))).toBe(48 * H - 2 * 60_000);
    // A holiday is a closed day: not open all day.
    expect(businessMillis(ms('2026-12-24T00:00:00Z'), ms('2026-12-26T00:00:00Z'), { ...ALWAYS_OPEN('UTC'), holidays: ['2026-12-25'] })).toBe(24 * H);
  });

  it('adds up: [a, c] = [a, b] + [b, c]', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 10 * 24 * H }), fc.integer({ min: 0, max: 10 * 24 * H }), zones, (a, d1, d2, zone) => {
      const s = nineToFive(zone, ['2026-03-09', '2025-12-25']);
      expect(businessMillis(a, a + d1 + d2, s)).toBe(businessMillis(a, a + d1, s) + businessMillis(a + d1, a + d1 + d2, s));
    }));
  });

  it('a week of 9–5 (Friday lunch off) is 39 hours wherever it starts, outside DST changes', () => {
    fc.assert(fc.property(instant, (a) => {
      expect(businessMillis(a, a + 7 * 24 * H, nineToFive('Asia/Jakarta'))).toBe(39 * H);
    }));
  });
});

/**
 * The day-by-day walk business time used to be (O(days)): the reference the week-at-a-time version must
 * equal. One fix: it compared days as instants, so after a skipped midnight (Havana, Santiago: the walk
 * then stands at 01:00) it dropped the interval's last day; days are compared as dates here.
 */
function dayWalk(startMs: number, endMs: number, s: Schedule): number {
  if (!(endMs > startMs)) return 0;
  const at = (day: DateTime, minutes: number) =>
    minutes >= 1440 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
  const holidays = new Set(s.holidays);
  let day = DateTime.fromMillis(startMs, { zone: s.timeZone }).startOf('day');
  const lastDay = DateTime.fromMillis(endMs, { zone: s.timeZone }).toISODate()!;
  let total = 0;
  while (day.toISODate()! <= lastDay) {
    if (!holidays.has(day.toISODate()!)) {
      for (const o of s.weekly[WEEKDAYS[day.weekday - 1]!] ?? []) {
        const from = Math.max(startMs, at(day, minutesOf(o.start)));
        const to = Math.min(endMs, at(day, minutesOf(o.end)));
        if (to > from) total += to - from;
      }
    }
    day = day.plus({ days: 1 });
  }
  return total;
}

describe('businessMillis: whole weeks at once equals the day-by-day walk', () => {
  const start = fc.integer({ min: Date.UTC(1975, 0, 1), max: Date.UTC(2038, 0, 1) });
  const span = fc.integer({ min: 0, max: 120 * 24 * H });

  it('on random intervals up to four months, schedules and holidays', () => {
    fc.assert(fc.property(start, span, zone, weekly, fc.array(fc.integer({ min: -3, max: 125 }), { maxLength: 30 }), (a, d, timeZone, w, holidayDays) => {
      const holidays = holidayDays.map((k) => DateTime.fromMillis(a, { zone: timeZone }).plus({ days: k }).toISODate()!);
      const s: Schedule = { timeZone, weekly: w, holidays };
      expect(businessMillis(a, a + d, s)).toBe(dayWalk(a, a + d, s));
    }), { numRuns: 100 });
  });

  it('across years with 400 holidays, and over 1922–1925 (Jakarta from +07:07:12 to +07:20)', () => {
    const holidays = Array.from({ length: 400 }, (_, i) => DateTime.fromISO('2024-01-01').plus({ days: 3 * i }).toISODate()!);
    for (const timeZone of ['America/New_York', 'Asia/Jakarta', 'Australia/Lord_Howe']) {
      const s = nineToFive(timeZone, holidays);
      expect(businessMillis(ms('2023-06-01T00:00:00Z'), ms('2027-06-01T00:00:00Z'), s)).toBe(dayWalk(ms('2023-06-01T00:00:00Z'), ms('2027-06-01T00:00:00Z'), s));
      expect(businessMillis(ms('1922-06-01T00:00:00Z'), ms('1925-06-01T00:00:00Z'), s)).toBe(dayWalk(ms('1922-06-01T00:00:00Z'), ms('1925-06-01T00:00:00Z'), s));
    }
  });
});

describe('validateSchedule', () => {
  it('reports bad zones, inverted and overlapping openings and bad holidays', () => {
    const s = nineToFive('Mars/Olympus', ['2026-02-30']);
    s.weekly.mon = [{ start: '10:00', end: '12:00' }, { start: '11:00', end: '13:00' }];
    s.weekly.tue = [{ start: '22:00', end: '06:00' }];
    expect(validateSchedule(s).map((i) => i.path)).toEqual(['timeZone', 'weekly.mon.1', 'weekly.tue.0', 'holidays.0']);
    expect(validateSchedule(nineToFive('Asia/Jakarta'))).toEqual([]);
  });
});
