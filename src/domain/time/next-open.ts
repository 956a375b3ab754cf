/**
 * The first instant at or after a moment when the office is open (a reminder "in business hours" waits
 * for it; an auto reply can say when the team is back). Walks the local days of the schedule's zone, so a
 * DST change or a holiday is only a day like another; a schedule closed for 400 days in a row has none.
 */
import { DateTime } from 'luxon';
import { minutesOf, WEEKDAYS, type Schedule } from './business-time.js';

/** How far ahead an opening is looked for by default. */
const LOOKAHEAD_DAYS = 400;

/** The instant of a local wall time of a day ("24:00" is the next midnight). */
const at = (day: DateTime, minutes: number): number =>
  minutes >= 1440 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();

/** `ms` when the office is open then, else when it opens next (null: not within `lookaheadDays`). */
export function nextOpenAt(ms: number, s: Schedule, lookaheadDays = LOOKAHEAD_DAYS): number | null {
  const from = DateTime.fromMillis(ms, { zone: s.timeZone });
  if (!from.isValid) return null;
  const holidays = new Set(s.holidays);
  const day0 = from.startOf('day');
  for (let i = 0; i < lookaheadDays; i++) {
    const day = day0.plus({ days: i });
    if (holidays.has(day.toISODate()!)) continue;
    const openings = [...(s.weekly[WEEKDAYS[day.weekday - 1]!] ?? [])].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const o of openings) {
      // Local wall times through luxon, so a start inside a DST gap moves to the first real minute.
      const start = at(day, minutesOf(o.start));
      const end = at(day, minutesOf(o.end));
      // An opening wholly inside a DST gap (02:00–03:00 on the night clocks skip that hour) has no time.
      if (end > start && ms < end) return Math.max(ms, start);
    }
  }
  return null;
}
