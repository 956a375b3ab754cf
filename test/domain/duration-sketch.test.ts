import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKETS, bucketRange, bucketValue, durationBucket, MAX_MS, mergeSketches, RELATIVE_ACCURACY, sketchCount, sketchFromPairs, sketchOf, sketchQuantile,
} from '../../src/domain/reports/duration-sketch.js';
import { percentile } from '../../src/domain/reports/percentiles.js';

// Durations from 0 ms to MAX_MS, most of them realistic (seconds to days) and some at the edges.
const duration = fc.oneof(
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 1000, max: 7 * 24 * 3600 * 1000 }),
  fc.integer({ min: 0, max: MAX_MS }),
);
const durations = fc.array(duration, { minLength: 1, maxLength: 400 });
const within = (estimate: number, exact: number) => Math.abs(estimate - exact) <= RELATIVE_ACCURACY * exact + 1e-9 * Math.max(1, exact);

describe('duration sketch', () => {
  it('has a few hundred buckets: 0 for 0 ms, each value below 16 ms its own, the largest for MAX_MS and above', () => {
    expect(BUCKETS).toBe(422);
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(-5)).toBe(0);
    expect([1, 2, 3, 15].map((v) => bucketValue(durationBucket(v)))).toEqual([1, 2, 3, 15]);
    expect(durationBucket(MAX_MS)).toBe(BUCKETS - 1);
    expect(durationBucket(MAX_MS * 10)).toBe(BUCKETS - 1);
    expect(durationBucket(2 ** 20)).toBe(1 + 20 * 12);
    expect(durationBucket(2 ** 20 - 1)).toBe(20 * 12);
  });

  it('puts every value in the bucket whose range holds it, off by at most the relative accuracy', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: MAX_MS }), (v) => {
      const b = durationBucket(v);
      const [lo, hi] = bucketRange(b);
      expect(lo <= v && v <= hi).toBe(true);
      expect(within(bucketValue(b), v)).toBe(true);
    }), { numRuns: 2000 });
  });

  it('orders buckets as the values (so ranks fall in the right bucket)', () => {
    fc.assert(fc.property(duration, duration, (a, b) => {
      if (a <= b) expect(durationBucket(a)).toBeLessThanOrEqual(durationBucket(b));
    }), { numRuns: 2000 });
  });

  it('gives medians and p90s within the relative accuracy of the exact ones of the same values', () => {
    fc.assert(fc.property(durations, fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
      const exact = percentile([...values].sort((a, b) => a - b), p)!;
      const s = sketchOf(values);
      expect(sketchCount(s)).toBe(values.length);
      for (const q of [p, 0.5, 0.9]) {
        const e = percentile([...values].sort((a, b) => a - b), q)!;
        expect(within(sketchQuantile(s, q)!, e)).toBe(true);
      }
      expect(within(sketchQuantile(s, p)!, exact)).toBe(true);
    }));
  });

  it('merges: merge(sketch(a), sketch(b)) is sketch(a ∪ b), commutative, with the empty sketch as identity', () => {
    fc.assert(fc.property(durations, durations, (a, b) => {
      const ab = mergeSketches(sketchOf(a), sketchOf(b));
      expect(ab).toEqual(sketchOf([...a, ...b]));
      expect(mergeSketches(sketchOf(b), sketchOf(a))).toEqual(ab);
      expect(mergeSketches(ab, sketchOf([]))).toEqual(ab);
    }));
  });

  it('subtracts what a negative delta takes back (a rollup delta for a reopened conversation)', () => {
    fc.assert(fc.property(durations, durations, (a, b) => {
      const taken = sketchFromPairs(sketchOf(b).buckets.map((x, i) => [x, -sketchOf(b).counts[i]!] as const));
      expect(mergeSketches(sketchOf([...a, ...b]), taken)).toEqual(sketchOf(a));
    }));
  });

  it('is sparse, ascending, without zero counts; empty gives null quantiles', () => {
    fc.assert(fc.property(durations, (values) => {
      const s = sketchOf(values);
      expect(s.counts.every((n) => n > 0)).toBe(true);
      expect(s.buckets.every((b, i) => i === 0 || b > s.buckets[i - 1]!)).toBe(true);
      expect(s.buckets.length).toBeLessThanOrEqual(Math.min(values.length, BUCKETS));
    }));
    expect(sketchQuantile(sketchOf([]), 0.5)).toBeNull();
  });
});
