/**
 * Instants as the API accepts them: RFC 3339 date-times ("2026-11-23T09:00:00Z", "…+07:00"), read here
 * rather than by Date.parse, luxon or PostgreSQL, which disagree at the edges: a leap second
 * ("23:59:60Z") is NaN to Date.parse and the next minute to PostgreSQL; "2026-02-30" is 2 March to
 * Date.parse. nilai refuses both and stores the canonical UTC form, so every layer reads the same instant.
 * Query parameters (report periods, response filters) are read here too: what the format check lets
 * through would otherwise reach PostgreSQL, which refuses a year 0, as a 500.
 */
import { DateTime } from 'luxon';
import { invalid, type ErrorDetail } from '../errors.js';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Day 0 of the next month is the last of this one (setUTCFullYear, unlike Date.UTC, keeps years below 100). */
const daysInMonth = (year: number, month: number) => new Date(new Date(0).setUTCFullYear(year, month, 0)).getUTCDate();

export type InstantResult = { ms: number } | { problem: string };

/** Milliseconds since the epoch of an RFC 3339 date-time, or why it is not one (for a field error). */
export function readInstant(text: string): InstantResult {
  const m = RFC3339.exec(text);
  if (!m) return { problem: 'must be a date-time such as 2026-11-23T09:00:00Z or 2026-11-23T16:00:00+07:00' };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (second === 60) return { problem: 'must not be a leap second (23:59:60); send 23:59:59' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { problem: `must be a real date (${m[1]}-${m[2]}-${m[3]} does not exist)` };
  if (hour > 23 || minute > 59 || second > 59) return { problem: `must be a real time of day (${m[4]}:${m[5]}:${m[6]} does not exist)` };
  const offsetHours = Number(m[9] ?? 0);
  const offsetMinutes = Number(m[10] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return { problem: 'must have a UTC offset from -23:59 to +23:59' };
  const midnight = new Date(0).setUTCFullYear(year, month - 1, day);
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { ms: midnight + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset };
}

/** The canonical form nilai stores and answers with: UTC, milliseconds ("2026-11-23T02:00:00.000Z"). */
export const canonicalInstant = (ms: number): string => new Date(ms).toISOString();

/** A calendar date "YYYY-MM-DD" from 0001-01-01 (PostgreSQL has no year 0), or why it is not one. */
export function readDate(text: string): { date: string } | { problem: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { problem: 'must be a date such as 2026-11-23' };
  const [year, month, day] = m.slice(1, 4).map(Number) as [number, number, number];
  if (year < 1) return { problem: 'must be a date from 0001-01-01 on' };
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { problem: `must be a real date (${text} does not exist)` };
  return { date: text };
}

/** Checks date query parameters (YYYY-MM-DD): one 422 naming each `query.<name>` that is no real date. */
export function checkDateParams(params: Record<string, string | undefined>): void {
  const details = Object.entries(params).flatMap(([name, value]) => {
    const r = value === undefined ? null : readDate(value);
    return r && 'problem' in r ? [{ path: `query.${name}`, message: r.problem }] : [];
  });
  if (details.length) throw invalid(details);
}

/** The midnight that starts a calendar date (YYYY-MM-DD) in `timeZone`. */
export const localDayStart = (date: string, timeZone: string): DateTime => DateTime.fromISO(date, { zone: timeZone }).startOf('day');

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A period's bounds from query parameters that are either instants or local dates ("2026-11-10", read
 * in `timeZone` like the reports: `from` from that day's midnight, `to` up to the next midnight, so the
 * day is included). One 422 naming each `query.<name>` that is neither.
 */
export function periodParams(params: { from?: string; to?: string }, timeZone: string): { from?: Date; to?: Date } {
  const details: ErrorDetail[] = [];
  const out: { from?: Date; to?: Date } = {};
  for (const name of ['from', 'to'] as const) {
    const value = params[name];
    if (value === undefined) continue;
    if (DATE_ONLY.test(value)) {
      const r = readDate(value);
      if ('problem' in r) details.push({ path: `query.${name}`, message: r.problem });
      else {
        const day = localDayStart(r.date, timeZone);
        out[name] = (name === 'to' ? day.plus({ days: 1 }) : day).toJSDate();
      }
      continue;
    }
    const r = readInstant(value);
    if ('problem' in r) details.push({ path: `query.${name}`, message: RFC3339.test(value) ? r.problem : 'must be a date such as 2026-11-23 (in the workspace time zone) or a date-time such as 2026-11-23T09:00:00Z' });
    else out[name] = new Date(r.ms);
  }
  if (details.length) throw invalid(details);
  return out;
}
