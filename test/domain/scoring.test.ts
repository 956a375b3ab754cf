import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanInterval, MIN_INTERVAL_N, netScoreInterval, wilsonPercent } from '../../src/domain/scoring/intervals.js';
import { figures } from '../../src/domain/reports/summary.js';
import { cesCategory, cesScore, csatScore, histogram, LOW_SAMPLE_N, npsCategory, npsScore, responseRate } from '../../src/domain/scoring/scores.js';

const h = (...values: number[]) => histogram(values);
const ratings = (min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: 1, maxLength: 300 });

describe('hand-computed examples', () => {
  it.each([
    // answers, threshold, CSAT %, mean
    [[5, 5, 4, 3, 1], 4, 60, 3.6],
    [[1, 2, 3], 4, 0, 2],
    [[4, 4, 4, 4], 4, 100, 4],
    [[5, 4, 3, 3], 5, 25, 3.75],
    [[3, 3, 2, 2], 3, 50, 2.5],
  ])('CSAT of %j with threshold %i is %d %% (mean %d)', (answers, threshold, percent, mean) => {
    const s = csatScore(h(...answers), threshold);
    expect(s.percent).toBeCloseTo(percent, 10);
    expect(s.mean).toBeCloseTo(mean, 10);
    expect(s.n).toBe(answers.length);
  });

  it.each([
    // answers, scale min, NPS, promoter/passive/detractor counts
    [[10, 9, 8, 7, 6, 0], 0, 0, [2, 2, 2]],
    [[10, 10, 10, 9], 0, 100, [4, 0, 0]],
    [[0, 1, 2, 3], 0, -100, [0, 0, 4]],
    [[9, 10, 7, 3, 1], 1, 0, [2, 1, 2]],
    [[9, 9, 9, 8, 6], 1, 40, [3, 1, 1]],
  ])('NPS of %j on %i–10 is %d', (answers, min, nps, [pro, pas, det]) => {
    const s = npsScore(h(...answers), { min, max: 10 });
    expect(s.score).toBeCloseTo(nps, 10);
    expect([s.promoters, s.passives, s.detractors]).toEqual([pro, pas, det]);
  });

  it.each([
    // answers, scale max, CES, easy/neutral/hard
    [[5, 4, 3, 2, 1], 5, 0, [2, 1, 2]],
    [[5, 5, 4, 3], 5, 75, [3, 1, 0]],
    [[7, 6, 5, 4, 3, 1], 7, 100 / 6, [3, 1, 2]],
    [[10, 7, 6, 5, 4], 10, 20, [2, 2, 1]],
    [[1, 1, 2], 5, -100, [0, 0, 3]],
  ])('CES of %j on 1–%i is %d', (answers, max, ces, [easy, neutral, hard]) => {
    const s = cesScore(h(...answers), { min: 1, max });
    expect(s.score).toBeCloseTo(ces, 10);
    expect([s.easy, s.neutral, s.hard]).toEqual([easy, neutral, hard]);
  });

  it('Wilson interval for 8 of 10 matches the published value (0.4902–0.9433)', () => {
    const ci = wilsonPercent(8, 10)!;
    expect(ci.low).toBeCloseTo(49.02, 1);
    expect(ci.high).toBeCloseTo(94.33, 1);
  });

  it('mean interval for 2, 4, 4, 4, 5, 5, 7, 9 (s = 2.138) is 5 ± 1.4816', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    const sum = values.reduce((a, b) => a + b, 0);
    const ss = values.reduce((a, b) => a + b * b, 0);
    const ci = meanInterval(values.length, sum, ss)!;
    expect(ci.low).toBeCloseTo(5 - 1.4816, 3);
    expect(ci.high).toBeCloseTo(5 + 1.4816, 3);
  });

  it('response rate 45 of 60 is 75 %', () => {
    expect(responseRate(45, 60).percent).toBe(75);
    expect(responseRate(1, 1).ci!.low).toBeCloseTo(20.65, 1);
    expect(responseRate(0, 0).percent).toBeNull();
    expect(() => responseRate(5, 4)).toThrow(RangeError);
  });

  it('one answer has no interval for a mean or a net score (it would be zero-width); CSAT % keeps its wide Wilson interval', () => {
    const csat = csatScore(h(5));
    expect(csat.meanCi).toBeNull();
    expect(csat.percentCi!.low).toBeCloseTo(20.65, 1);
    expect(csat.percentCi!.high).toBe(100);
    expect(npsScore(h(9), { min: 0, max: 10 })).toMatchObject({ n: 1, score: 100, scoreCi: null, meanCi: null });
    expect(cesScore(h(3), { min: 1, max: 5 })).toMatchObject({ n: 1, score: 0, scoreCi: null, meanCi: null });
    expect(meanInterval(1, 4, 16)).toBeNull();
    expect(netScoreInterval(1, 0, 1)).toBeNull();
  });

  it('empty input gives nulls, not NaN', () => {
    const s = csatScore(new Map());
    expect([s.n, s.percent, s.mean, s.percentCi, s.lowSample]).toEqual([0, null, null, null, true]);
    expect(npsScore(new Map(), { min: 0, max: 10 }).score).toBeNull();
  });

  it('rejects ratings outside the scale', () => {
    expect(() => csatScore(h(6))).toThrow(RangeError);
    expect(() => npsScore(h(0), { min: 1, max: 10 })).toThrow(RangeError);
    expect(() => cesScore(h(8), { min: 1, max: 7 })).toThrow(RangeError);
  });
});

describe('response rate in the report', () => {
  const funnel = (sent: number, delivered: number, answered: number) =>
    figures([], [['scheduled', sent + 1], ['sent', sent], ['delivered', delivered], ['answered', answered]].map(([kind, n]) => ({ key: 'all', kind: kind as string, n: n as number })), [], [], 4).invitations;

  it('is answered of sent: WhatsApp surveys without a delivery receipt stay in the denominator', () => {
    // 5 WhatsApp surveys sent, receipts for 3, 2 answered.
    const f = funnel(5, 3, 2);
    expect([f.sent, f.delivered, f.answered]).toEqual([5, 3, 2]);
    expect(f.responseRate).toMatchObject({ numerator: 2, denominator: 5, percent: 40 });
  });

  it('stays within 0–100 % for any cumulative funnel (answered ≤ delivered ≤ sent)', () => {
    fc.assert(fc.property(fc.nat(500), fc.nat(500), fc.nat(500), (a, b, c) => {
      const [answered, delivered, sent] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
      const r = funnel(sent, delivered, answered).responseRate;
      expect(r.denominator).toBe(sent);
      if (sent === 0) expect(r.percent).toBeNull();
      else expect(r.percent!).toBeCloseTo((100 * answered) / sent, 9);
    }));
  });
});

describe('categories', () => {
  it('NPS: promoters 9–10, passives 7–8, detractors below 7 on both scales', () => {
    for (let v = 0; v <= 10; v++) expect(npsCategory(v)).toBe(v >= 9 ? 'promoter' : v >= 7 ? 'passive' : 'detractor');
  });
  it.each([
    [5, [1, 2], [4, 5]],
    [7, [1, 2, 3], [5, 6, 7]],
    [10, [1, 2, 3, 4], [7, 8, 9, 10]],
  ])('CES on 1–%i: hard %j, easy %j', (max, hard, easy) => {
    for (let v = 1; v <= max; v++) {
      expect(cesCategory(v, { min: 1, max })).toBe(easy.includes(v) ? 'easy' : hard.includes(v) ? 'hard' : 'neutral');
    }
  });
});

describe('properties', () => {
  it('CSAT % is within 0–100, inside its interval, and the mean within the scale', () => {
    fc.assert(fc.property(ratings(1, 5), fc.integer({ min: 2, max: 5 }), (xs, t) => {
      const s = csatScore(histogram(xs), t);
      expect(s.percent!).toBeGreaterThanOrEqual(0);
      expect(s.percent!).toBeLessThanOrEqual(100);
      expect(s.percentCi!.low).toBeLessThanOrEqual(s.percent! + 1e-9);
      expect(s.percentCi!.high).toBeGreaterThanOrEqual(s.percent! - 1e-9);
      expect(s.mean!).toBeGreaterThanOrEqual(1);
      expect(s.mean!).toBeLessThanOrEqual(5);
      expect(s.lowSample).toBe(xs.length < LOW_SAMPLE_N);
    }));
  });

  it('adding a higher answer never lowers CSAT, NPS or CES; a lower one never raises them', () => {
    fc.assert(fc.property(ratings(1, 5), ratings(0, 10), ratings(1, 7), (c, n, e) => {
      const csat = csatScore(histogram(c)).percent!;
      expect(csatScore(histogram([...c, 5])).percent!).toBeGreaterThanOrEqual(csat - 1e-9);
      expect(csatScore(histogram([...c, 1])).percent!).toBeLessThanOrEqual(csat + 1e-9);
      const nps = npsScore(histogram(n), { min: 0, max: 10 }).score!;
      expect(npsScore(histogram([...n, 10]), { min: 0, max: 10 }).score!).toBeGreaterThanOrEqual(nps - 1e-9);
      expect(npsScore(histogram([...n, 0]), { min: 0, max: 10 }).score!).toBeLessThanOrEqual(nps + 1e-9);
      const ces = cesScore(histogram(e), { min: 1, max: 7 }).score!;
      expect(cesScore(histogram([...e, 7]), { min: 1, max: 7 }).score!).toBeGreaterThanOrEqual(ces - 1e-9);
      expect(cesScore(histogram([...e, 1]), { min: 1, max: 7 }).score!).toBeLessThanOrEqual(ces + 1e-9);
    }));
  });

  it('NPS is within −100…100, equals promoter share − detractor share, and shares sum to 100', () => {
    fc.assert(fc.property(fc.constantFrom(0, 1), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 300 }), (min, xs) => {
      const s = npsScore(histogram(xs), { min, max: 10 });
      expect(s.score!).toBeGreaterThanOrEqual(-100);
      expect(s.score!).toBeLessThanOrEqual(100);
      expect(s.score!).toBeCloseTo(s.shares!.promoter - s.shares!.detractor, 9);
      expect(s.shares!.promoter + s.shares!.passive + s.shares!.detractor).toBeCloseTo(100, 9);
      if (xs.length < MIN_INTERVAL_N) {
        expect(s.scoreCi).toBeNull();
        return;
      }
      expect(s.scoreCi!.low).toBeLessThanOrEqual(s.score! + 1e-9);
      expect(s.scoreCi!.high).toBeGreaterThanOrEqual(s.score! - 1e-9);
      expect(s.scoreCi!.low).toBeGreaterThanOrEqual(-100);
      expect(s.scoreCi!.high).toBeLessThanOrEqual(100);
    }));
  });

  it('CES is within −100…100 on 1–5, 1–7 and 1–10, with easy + neutral + hard = n', () => {
    fc.assert(fc.property(fc.constantFrom(5, 7, 10), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 200 }), (max, raw) => {
      const xs = raw.map((x) => ((x - 1) % max) + 1);
      const s = cesScore(histogram(xs), { min: 1, max });
      expect(s.score!).toBeGreaterThanOrEqual(-100);
      expect(s.score!).toBeLessThanOrEqual(100);
      expect(s.easy + s.neutral + s.hard).toBe(xs.length);
    }));
  });

  it('means and net scores have an interval from two answers on, around the estimate; none below', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 0, maxLength: 60 }), (xs) => {
      const nps = npsScore(histogram(xs), { min: 0, max: 10 });
      const ces = cesScore(histogram(xs.map((x) => (x % 7) + 1)), { min: 1, max: 7 });
      for (const [ci, estimate] of [[nps.meanCi, nps.mean], [nps.scoreCi, nps.score], [ces.meanCi, ces.mean], [ces.scoreCi, ces.score]] as const) {
        if (xs.length < MIN_INTERVAL_N) {
          expect(ci).toBeNull();
          continue;
        }
        expect(ci!.low).toBeLessThanOrEqual(estimate! + 1e-9);
        expect(ci!.high).toBeGreaterThanOrEqual(estimate! - 1e-9);
      }
    }));
  });

  it('an interval is zero-width only when every answer agrees (same rating for a mean, same category for a net score)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: MIN_INTERVAL_N, maxLength: 60 }), (xs) => {
      const s = npsScore(histogram(xs), { min: 0, max: 10 });
      const width = (ci: { low: number; high: number } | null) => ci!.high - ci!.low;
      expect(width(s.meanCi) > 0).toBe(new Set(xs).size > 1);
      expect(width(s.scoreCi) > 0).toBe(new Set(xs.map(npsCategory)).size > 1);
    }));
  });

  it('intervals narrow as the same proportions are observed more often', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 2, max: 20 }), (n, k0, factor) => {
      const k = Math.min(k0, n);
      const a = wilsonPercent(k, n)!;
      const b = wilsonPercent(k * factor, n * factor)!;
      expect(b.high - b.low).toBeLessThanOrEqual(a.high - a.low + 1e-9);
    }));
  });

  it('histogram input equals raw input (rollups give the same scores as raw answers)', () => {
    fc.assert(fc.property(ratings(0, 10), (xs) => {
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      expect(npsScore(counts, { min: 0, max: 10 })).toEqual(npsScore(histogram(xs), { min: 0, max: 10 }));
    }));
  });
});
