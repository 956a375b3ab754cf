/**
 * Mergeable duration sketches (issue 18): durations in ms counted in log-linear buckets, so that the
 * medians and p90s of any union of rollup rows come from their sketches added together.
 *
 * Buckets: 0 holds 0 ms (and anything below); a duration v ≥ 1 ms lies in octave e = floor(log2 v), which
 * is cut into SUB_BUCKETS equal parts: bucket 1 + e·SUB_BUCKETS + floor(SUB_BUCKETS·(v − 2^e) / 2^e).
 * Integer arithmetic only (the float log2 is corrected), so that nilai_duration_bucket (migration 0046)
 * gives the same bucket for every value (test/http/duration-sketch-sql.test.ts). Durations above
 * MAX_MS (400 days) count as MAX_MS. A bucket stands for the value that is off by the least relative
 * error from every integer it holds: at most RELATIVE_ACCURACY (1 / (2·SUB_BUCKETS), about 4.2 %);
 * below 16 ms every value has its own bucket.
 */

export const SUB_BUCKETS = 12;
export const MAX_MS = 400 * 24 * 3600 * 1000;
/** Octaves 0–35; MAX_MS is in the first bucket of octave 35 (2^35 ≤ MAX_MS < 2^35·(1 + 1/12)): buckets 0 to BUCKETS − 1. */
export const BUCKETS = 2 + 35 * SUB_BUCKETS;
export const RELATIVE_ACCURACY = 1 / (2 * SUB_BUCKETS);

/** A sketch, sparse: bucket → count (no zero counts), buckets ascending. */
export interface DurationSketch {
  buckets: number[];
  counts: number[];
}

function octave(v: number): number {
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e--;
  if (2 ** (e + 1) <= v) e++;
  return e;
}

/** The bucket of a duration (ms; fractions are cut off, as the bigint columns hold none). */
export function durationBucket(ms: number): number {
  const v = Math.min(Math.floor(ms), MAX_MS);
  if (!(v >= 1)) return 0;
  const e = octave(v);
  return 1 + e * SUB_BUCKETS + Math.floor(((v - 2 ** e) * SUB_BUCKETS) / 2 ** e);
}

/** The integers [lo, hi] a bucket holds (bucket ≥ 1). */
export function bucketRange(bucket: number): [number, number] {
  const e = Math.floor((bucket - 1) / SUB_BUCKETS);
  const s = (bucket - 1) % SUB_BUCKETS;
  const lo = 2 ** e + Math.ceil((s * 2 ** e) / SUB_BUCKETS);
  const hi = 2 ** e + Math.ceil(((s + 1) * 2 ** e) / SUB_BUCKETS) - 1;
  return [lo, Math.min(hi, MAX_MS)];
}

/** The value a bucket stands for: 2·lo·hi / (lo + hi), off by at most (hi − lo) / (hi + lo) from any. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  const [lo, hi] = bucketRange(bucket);
  return lo === hi ? lo : (2 * lo * hi) / (lo + hi);
}

/** Sparse sketch from bucket → count pairs in any order (zero counts dropped, equal buckets added). */
export function sketchFromPairs(pairs: Iterable<readonly [number, number]>): DurationSketch {
  const m = new Map<number, number>();
  for (const [b, n] of pairs) m.set(b, (m.get(b) ?? 0) + n);
  const buckets = [...m.keys()].filter((b) => m.get(b) !== 0).sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => m.get(b)!) };
}

export function sketchOf(values: Iterable<number>): DurationSketch {
  const pairs: [number, number][] = [];
  for (const v of values) pairs.push([durationBucket(v), 1]);
  return sketchFromPairs(pairs);
}

/** The sum of two sketches: one pass over both (their buckets are ascending), cancelled counts dropped. */
export function mergeSketches(a: DurationSketch, b: DurationSketch): DurationSketch {
  const out: DurationSketch = { buckets: [], counts: [] };
  let i = 0;
  let j = 0;
  while (i < a.buckets.length || j < b.buckets.length) {
    const [x, y] = [a.buckets[i] ?? Infinity, b.buckets[j] ?? Infinity];
    const bucket = Math.min(x, y);
    const n = (x === bucket ? a.counts[i++]! : 0) + (y === bucket ? b.counts[j++]! : 0);
    if (n !== 0) {
      out.buckets.push(bucket);
      out.counts.push(n);
    }
  }
  return out;
}

export const sketchCount = (s: DurationSketch): number => s.counts.reduce((a, b) => a + b, 0);

/**
 * The p-quantile as src/domain/reports/percentiles.ts computes it from the sorted values (linear
 * interpolation between the closest ranks), each rank's value read from its bucket: within
 * RELATIVE_ACCURACY of the exact figure (for durations up to MAX_MS). Null for an empty sketch.
 */
export function sketchQuantile(s: DurationSketch, p: number): number | null {
  const n = sketchCount(s);
  if (n <= 0) return null;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const at = (rank: number): number => {
    let seen = 0;
    for (let i = 0; i < s.buckets.length; i++) {
      seen += s.counts[i]!;
      if (rank < seen) return bucketValue(s.buckets[i]!);
    }
    return bucketValue(s.buckets[s.buckets.length - 1]!);
  };
  const [a, b] = [at(lo), at(hi)];
  return a + (b - a) * (pos - lo);
}
