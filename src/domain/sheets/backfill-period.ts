/** The period a backfill covers: whole days `from`–`to` (both included) in the workspace's time zone, at most a year. */
import type { ErrorDetail } from '../errors.js';
import { localDayStart, readDate } from '../time/instant.js';

export const MAX_BACKFILL_DAYS = 366;

export function backfillPeriod(from: string, to: string, timeZone: string): { start: Date; end: Date } | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  for (const [path, v] of [['from', from], ['to', to]] as const) {
    const r = readDate(v);
    if ('problem' in r) problems.push({ path, message: `${r.problem[0]!.toUpperCase()}${r.problem.slice(1)}.` });
  }
  if (problems.length) return { problems };
  const start = localDayStart(from, timeZone);
  const end = localDayStart(to, timeZone).plus({ days: 1 });
  if (end <= start) return { problems: [{ path: 'to', message: 'Must be on or after from.' }] };
  if (end.diff(start, 'days').days > MAX_BACKFILL_DAYS + 1) return { problems: [{ path: 'to', message: `A backfill covers at most ${MAX_BACKFILL_DAYS} days.` }] };
  return { start: start.toJSDate(), end: end.toJSDate() };
}
