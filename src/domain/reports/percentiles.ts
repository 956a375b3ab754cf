/** Percentiles of durations: exact from values, or from the log-scale histograms the rollups keep. */

/** Linear interpolation between closest ranks (as PostgreSQL's percentile_cont). */
export function percentile(sortedAsc: readonly number[], p: number): number | null {
  if (sortedAsc.length === 0) return null;
  const pos = p * (sortedAsc.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sortedAsc[lo]! + (sortedAsc[hi]! - sortedAsc[lo]!) * (pos - lo);
}

/** Bucket b holds durations d (ms) with floor(ln(1 + d/1000) / ln 1.02) = b (the SQL nilai_bucket). */
export const RATIO = 1.02;
export const bucketOf = (ms: number): number => Math.floor(Math.log(1 + Math.max(ms, 0) / 1000) / Math.log(RATIO));
const bucketLow = (b: number) => (RATIO ** b - 1) * 1000;
/** A bucket's representative duration: the geometric middle of its bounds (within 1 % of any member). */
export const bucketValue = (b: number): number => {
  const lo = bucketLow(b) + 1000;
  const hi = bucketLow(b + 1) + 1000;
  return Math.sqrt(lo * hi) - 1000;
};

export function histogramPercentile(buckets: readonly { bucket: number; n: number }[], p: number): number | null {
  const sorted = [...buckets].filter((b) => b.n > 0).sort((a, b) => a.bucket - b.bucket);
  const total = sorted.reduce((s, b) => s + b.n, 0);
  if (total === 0) return null;
  const rank = p * (total - 1);
  let seen = 0;
  for (const b of sorted) {
    seen += b.n;
    if (seen > rank) return bucketValue(b.bucket);
  }
  return bucketValue(sorted.at(-1)!.bucket);
}
