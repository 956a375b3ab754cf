/** The rollup rows a report period reads (src/domain/reports/period-cover.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverPeriod, coverRows, monthOf, weekOf, type Grouping, type PeriodCover } from '../../src/domain/reports/period-cover.js';

const DAY = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const add = (d: string, n: number) => date(ms(d) + n * DAY);
const range = (from: string, to: string) => Array.from({ length: (ms(to) - ms(from)) / DAY + 1 }, (_, i) => add(from, i));
const lastOfMonth = (first: string) => add(monthOf(add(first, 31)), -1);
const BASE = ms('2024-01-01');

/** Every span of the cover as [first, last, sign]. */
const spans = (c: PeriodCover): [string, string, number][] => [
  ...c.days.plus.map((d): [string, string, number] => [d, d, 1]), ...c.days.minus.map((d): [string, string, number] => [d, d, -1]),
  ...c.weeks.plus.map((w): [string, string, number] => [w, add(w, 6), 1]), ...c.weeks.minus.map((w): [string, string, number] => [w, add(w, 6), -1]),
  ...c.months.plus.map((m): [string, string, number] => [m, lastOfMonth(m), 1]), ...c.months.minus.map((m): [string, string, number] => [m, lastOfMonth(m), -1]),
];

describe('coverPeriod', () => {
  it('reads "last 30 days" on a Thursday as two months minus three days', () => {
    expect([weekOf('2026-12-03'), weekOf('2026-12-06'), weekOf('2027-01-01'), monthOf('2026-12-03')]).toEqual(['2026-11-30', '2026-11-30', '2026-12-28', '2026-12-01']);
    const c = coverPeriod('2026-11-04', '2026-12-03', 'agent', '2026-12-03');
    expect(c.months).toEqual({ plus: ['2026-11-01', '2026-12-01'], minus: [] });
    expect(c.weeks).toEqual({ plus: [], minus: [] });
    expect(c.days.plus).toEqual([]);
    expect(c.days.minus.filter((d) => d <= '2026-12-03')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(coverRows(c, '2026-12-03')).toBe(5);
    // By week: no months; the week holding today is read whole (its later days hold nothing yet).
    const w = coverPeriod('2026-11-04', '2026-12-03', 'week', '2026-12-03');
    expect(w.months.plus).toEqual([]);
    expect(w.weeks.plus).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(coverRows(w, '2026-12-03')).toBe(7);
    // By day: the days.
    expect(coverPeriod('2026-11-04', '2026-12-03', 'day', '2026-12-03').days.plus).toEqual(range('2026-11-04', '2026-12-03'));
  });

  it('adds up to each day of the period once, with every row inside one group, and never reads more rows than the days', () => {
    const grouping = fc.constantFrom<Grouping>(undefined, 'day', 'week', 'month', 'channel', 'agent', 'tag');
    fc.assert(fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 740 }), grouping, fc.option(fc.integer({ min: -40, max: 800 })), (start, length, groupBy, todayAt) => {
      const [from, to] = [date(BASE + start * DAY), date(BASE + (start + length) * DAY)];
      const today = todayAt === null ? undefined : date(BASE + (start + todayAt) * DAY);
      const c = coverPeriod(from, to, groupBy, today);
      const all = spans(c);
      // The signed sum over every day near the period is its indicator.
      const sum = new Map<string, number>();
      for (const [a, b, sign] of all) for (const d of range(a, b)) sum.set(d, (sum.get(d) ?? 0) + sign);
      for (const d of range(add(from, -70), add(to, 70))) expect(sum.get(d) ?? 0).toBe(d >= from && d <= to ? 1 : 0);
      // Rows inside one group: by day only days, by week no months, by month no week across months.
      const group = (d: string) => (groupBy === 'day' ? d : groupBy === 'week' ? weekOf(d) : groupBy === 'month' ? monthOf(d) : '');
      for (const [a, b] of all) expect(group(a)).toBe(group(b));
      // Never worse than the days themselves (those after today are free).
      expect(coverRows(c, today)).toBeLessThanOrEqual(range(from, to).filter((d) => today === undefined || d <= today).length);
      // No row twice.
      for (const s of [c.days, c.weeks, c.months]) expect(new Set([...s.plus, ...s.minus]).size).toBe(s.plus.length + s.minus.length);
    }), { numRuns: 300 });
  });
});
