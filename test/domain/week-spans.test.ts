/** Which whole weeks a report reads from the week rollup rows (src/domain/reports/week-spans.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readableWeeks, weekOf } from '../../src/domain/reports/week-spans.js';

const DAY = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const days = (from: string, to: string) => Array.from({ length: (ms(to) - ms(from)) / DAY + 1 }, (_, i) => date(ms(from) + i * DAY));
const BASE = ms('2024-01-01');

describe('readableWeeks', () => {
  it('knows ISO weeks', () => {
    expect([weekOf('2026-12-03'), weekOf('2026-11-30'), weekOf('2026-12-06'), weekOf('2027-01-01')]).toEqual(['2026-11-30', '2026-11-30', '2026-11-30', '2026-12-28']);
    expect(readableWeeks('2026-03-01', '2026-04-05', undefined)).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
    expect(readableWeeks('2026-03-01', '2026-04-05', 'month')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23']);
    expect(readableWeeks('2026-03-01', '2026-04-05', 'day')).toEqual([]);
    expect(readableWeeks('2026-03-03', '2026-03-08', undefined)).toEqual([]);
  });

  it('takes every whole week inside the period that stays in one group, and no day twice', () => {
    const grouping = fc.constantFrom(undefined, 'day', 'week', 'month', 'channel', 'agent', 'tag');
    fc.assert(fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 800 }), grouping, (start, length, groupBy) => {
      const [from, to] = [date(BASE + start * DAY), date(BASE + (start + length) * DAY)];
      const weeks = readableWeeks(from, to, groupBy);
      const covered = weeks.flatMap((m) => days(m, date(ms(m) + 6 * DAY)));
      // Mondays, ascending, inside the period, each day once.
      expect(weeks.every((m) => new Date(ms(m)).getUTCDay() === 1)).toBe(true);
      expect([...weeks].sort()).toEqual(weeks);
      expect(new Set(covered).size).toBe(covered.length);
      expect(covered.every((d) => d >= from && d <= to)).toBe(true);
      if (groupBy === 'day') expect(weeks).toEqual([]);
      if (groupBy === 'month') expect(weeks.every((m) => m.slice(0, 7) === date(ms(m) + 6 * DAY).slice(0, 7))).toBe(true);
      // Nothing left out: every Monday whose week fits (and, by month, stays in its month) is taken.
      const fits = days(from, to).filter((d) => new Date(ms(d)).getUTCDay() === 1 && date(ms(d) + 6 * DAY) <= to)
        .filter((m) => groupBy !== 'month' || m.slice(0, 7) === date(ms(m) + 6 * DAY).slice(0, 7));
      if (groupBy !== 'day') expect(weeks).toEqual(fits);
    }), { numRuns: 400 });
  });
});
