/**
 * Which whole weeks of a report period the week rollup rows can answer (migration 0047): a week row
 * (ISO week, Monday to Sunday, in local dates) stands for its seven day rows, so a report reads it when
 * all seven days are in the period and in one of the report's groups: never when grouping by day, and
 * grouping by month only when the week does not cross into another month. The period's other days are
 * read from the day rows. Plain date arithmetic on `YYYY-MM-DD` (UTC-based, no time zone: these are
 * already local dates).
 */
export type TimeGrouping = 'day' | 'week' | 'month' | undefined;

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The Monday of the ISO week holding `d`. */
export function weekOf(d: string): string {
  const ms = toMs(d);
  const isoDow = ((new Date(ms).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  return toDate(ms - (isoDow - 1) * DAY_MS);
}

/**
 * The Mondays of the weeks inside [from, to] (both included) that a report grouped by `groupBy` can read
 * as week rows, ascending; empty when none can.
 */
export function readableWeeks(from: string, to: string, groupBy: TimeGrouping | string): string[] {
  if (groupBy === 'day') return [];
  const end = toMs(to);
  const out: string[] = [];
  let monday = toMs(weekOf(from));
  if (monday < toMs(from)) monday += 7 * DAY_MS;
  for (; monday + 6 * DAY_MS <= end; monday += 7 * DAY_MS) {
    const first = toDate(monday);
    if (groupBy === 'month' && first.slice(0, 7) !== toDate(monday + 6 * DAY_MS).slice(0, 7)) continue;
    out.push(first);
  }
  return out;
}
