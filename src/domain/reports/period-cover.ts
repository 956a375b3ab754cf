/**
 * Which rollup rows a report period reads (migration 0052): besides one row per day, every grain but the
 * cube has one per ISO week (Monday to Sunday) and one per calendar month, each the sum of its days. A
 * period is read as a signed sum of such rows: whole months and weeks added, and the days of a month or
 * week that lie outside the period taken away again, whichever reads fewer rows. "Last 30 days" on a
 * Thursday is then this month and last month, minus the first days of last month: about five rows per
 * group instead of thirty. The sum is exact for every day (it is the period's days, each once), whatever
 * the rows hold; days after `today` only count as free to read (they hold no rows yet).
 *
 * A row can only stand for days of one report group: grouping by day reads days only; by week, no
 * months; by month, no week that crosses into another month. Plain date arithmetic on `YYYY-MM-DD`
 * (already local dates: no time zone involved).
 */
export type Grouping = 'day' | 'week' | 'month' | 'channel' | 'agent' | 'division' | 'tag' | undefined;

export interface Signed {
  /** Rows added: day rows by date, week rows by their Monday, month rows by their first day. */
  plus: string[];
  /** Rows taken away. */
  minus: string[];
}

export interface PeriodCover {
  days: Signed;
  weeks: Signed;
  months: Signed;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 (a Thursday), and back. */
const toDay = (d: string) => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY_MS);
const toDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const mondayOf = (day: number) => day - ((day + 3) % 7);
const firstOfMonth = (day: number) => {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS);
};
const nextMonth = (first: number) => {
  const d = new Date(first * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS);
};

/** The Monday of the ISO week holding `d`. */
export const weekOf = (d: string): string => toDate(mondayOf(toDay(d)));

/** The first day of the month holding `d`. */
export const monthOf = (d: string): string => `${d.slice(0, 8)}01`;

/**
 * The rows to read for [from, to] (both included). `today`: the workspace's local date (days after it
 * cost nothing to read); without it every day costs one row.
 */
export function coverPeriod(from: string, to: string, groupBy: Grouping, today?: string): PeriodCover {
  const cover: PeriodCover = { days: { plus: [], minus: [] }, weeks: { plus: [], minus: [] }, months: { plus: [], minus: [] } };
  const [first, last] = [toDay(from), toDay(to)];
  const lastPast = today === undefined ? Infinity : toDay(today);
  // What is still to be read, per day (−1, 0, 1), over the months touching the period and the weeks
  // around them: index 0 is day `base`.
  const base = Math.min(mondayOf(firstOfMonth(first)), mondayOf(first)) - 7;
  const residual = new Int8Array(nextMonth(firstOfMonth(last)) + 14 - base);
  residual.fill(1, first - base, last - base + 1);
  const cost = (day: number) => (day > lastPast ? 0 : 1);
  /** A row for days [start, end] with `sign`, if it saves reads: the days it gets wrong cost a row each to mend. */
  const consider = (start: number, end: number, sign: 1 | -1, into: Signed) => {
    let asDays = 0;
    let mending = 0;
    for (let day = start; day <= end; day++) {
      const r = residual[day - base]!;
      if (r === -sign) return; // a day already taken away would be taken twice
      if (r !== 0) asDays += cost(day);
      if (r !== sign) mending += cost(day);
    }
    if (1 + mending >= asDays) return;
    (sign === 1 ? into.plus : into.minus).push(toDate(start));
    for (let day = start; day <= end; day++) residual[day - base]! -= sign;
  };

  if (groupBy !== 'day' && groupBy !== 'week') {
    for (let m = firstOfMonth(first); m <= last; m = nextMonth(m)) consider(m, nextMonth(m) - 1, 1, cover.months);
  }
  if (groupBy !== 'day') {
    // The weeks around the period's days and the days of its months taken as a whole.
    for (let w = mondayOf(base + 7); w + 7 <= base + residual.length; w += 7) {
      if (groupBy === 'month' && firstOfMonth(w) !== firstOfMonth(w + 6)) continue;
      const days = residual.subarray(w - base, w - base + 7);
      if (days.some((r) => r !== 0)) consider(w, w + 6, days.reduce((a, r) => a + r, 0) >= 0 ? 1 : -1, cover.weeks);
    }
  }
  residual.forEach((r, i) => {
    if (r === 1) cover.days.plus.push(toDate(base + i));
    else if (r === -1) cover.days.minus.push(toDate(base + i));
  });
  return cover;
}

/** Rows the cover reads at most (days after `today` not counted): what it saves, for the tests. */
export function coverRows(c: PeriodCover, today?: string): number {
  const past = (ds: string[]) => ds.filter((d) => today === undefined || d <= today).length;
  return c.months.plus.length + c.months.minus.length + c.weeks.plus.length + c.weeks.minus.length + past(c.days.plus) + past(c.days.minus);
}
