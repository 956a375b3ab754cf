/**
 * Business time: the part of an interval that falls inside office hours (a weekly schedule in an IANA
 * time zone, minus holidays). Correct across midnight and DST changes because every opening is turned
 * into real instants in its own zone, day by day.
 */
import { DateTime } from 'luxon';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM" from "00:00" to "24:00"; an opening ends after it starts, within one day. */
export interface Opening {
  start: string;
  end: string;
}

export interface Schedule {
  timeZone: string;
  weekly: Record<Weekday, Opening[]>;
  /** Local dates ("2026-12-25") when the office is closed all day. */
  holidays: string[];
}

/** Open around the clock: business time equals wall-clock time. */
export const ALWAYS_OPEN = (timeZone = 'UTC'): Schedule => ({
  timeZone,
  weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [{ start: '00:00', end: '24:00' }]])) as Record<Weekday, Opening[]>,
  holidays: [],
});

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/** The instant of a wall-clock time on a local day; 24:00 is the start of the next day. */
function localInstant(day: DateTime, minutes: number): number {
  if (minutes >= 1440) return day.plus({ days: 1 }).startOf('day').toMillis();
  // Wall-clock set, not elapsed time: on a DST day 09:00 is still 09:00 (a skipped time moves forward).
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }).toMillis();
}

/** Business milliseconds between two instants (0 when end ≤ start). */
export function businessMillis(startMs: number, endMs: number, s: Schedule): number {
  if (!(endMs > startMs)) return 0;
  const holidays = new Set(s.holidays);
  let day = DateTime.fromMillis(startMs, { zone: s.timeZone }).startOf('day');
  const lastDay = DateTime.fromMillis(endMs, { zone: s.timeZone }).startOf('day');
  let total = 0;
  while (day <= lastDay) {
    if (!holidays.has(day.toISODate()!)) {
      const openings = s.weekly[WEEKDAYS[day.weekday - 1]!] ?? [];
      for (const o of openings) {
        const from = Math.max(startMs, localInstant(day, minutesOf(o.start)));
        const to = Math.min(endMs, localInstant(day, minutesOf(o.end)));
        if (to > from) total += to - from;
      }
    }
    day = day.plus({ days: 1 });
  }
  return total;
}

/** Problems in a schedule, with field paths (empty when valid). */
export function validateSchedule(s: Schedule): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!isTimeZone(s.timeZone)) issues.push({ path: 'timeZone', message: `"${s.timeZone}" is not an IANA time zone such as Asia/Jakarta.` });
  for (const d of WEEKDAYS) {
    const sorted = (s.weekly[d] ?? []).map((o, i) => ({ ...o, i })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    sorted.forEach((o, k) => {
      if (minutesOf(o.end) <= minutesOf(o.start)) issues.push({ path: `weekly.${d}.${o.i}`, message: 'The opening must end after it starts (split a night shift at midnight).' });
      const prev = sorted[k - 1];
      if (prev && minutesOf(o.start) < minutesOf(prev.end)) issues.push({ path: `weekly.${d}.${o.i}`, message: 'Openings of one day must not overlap.' });
    });
  }
  s.holidays.forEach((h, i) => {
    if (!DateTime.fromISO(h).isValid) issues.push({ path: `holidays.${i}`, message: 'Must be a date such as 2026-12-25.' });
  });
  return issues;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export const isTimeZone = (zone: string): boolean => DateTime.local().setZone(zone).isValid;
