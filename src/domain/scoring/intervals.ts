/** 95 % two-sided normal quantile. */
export const Z95 = 1.959963984540054;

/**
 * Fewest answers with an interval for a mean or a net score (NPS, CES): one answer has no spread to
 * estimate, so its normal interval would be zero-width, a certainty the data cannot give. Below this the
 * interval is null ("no interval"), not [x, x].
 */
export const MIN_INTERVAL_N = 2;

/** A closed interval [low, high]. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion, in percent. Chosen over the normal ("Wald") interval because
 * it stays inside 0–100 and behaves at small n and at 0 % or 100 %, which support teams hit often; it
 * is wide, never zero-width, from one answer on (1 of 1: 20.7–100 %).
 */
export function wilsonPercent(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: clamp(100 * (centre - half), 0, 100), high: clamp(100 * (centre + half), 0, 100) };
}

/**
 * Interval for a net score (NPS, CES) = %positive − %negative, treating each answer as +1, 0 or −1:
 * variance = p₊ + p₋ − (p₊ − p₋)². Result in points, clamped to −100…100; null below MIN_INTERVAL_N.
 */
export function netScoreInterval(positive: number, negative: number, n: number, z = Z95): Interval | null {
  if (n < MIN_INTERVAL_N) return null;
  const pp = positive / n;
  const pn = negative / n;
  const net = pp - pn;
  const variance = Math.max(0, pp + pn - net * net);
  const half = z * Math.sqrt(variance / n);
  return { low: clamp(100 * (net - half), -100, 100), high: clamp(100 * (net + half), -100, 100) };
}

/** Interval for a mean from its count, sum and sum of squares (normal approximation, sample variance). */
export function meanInterval(n: number, sum: number, sumSquares: number, z = Z95): Interval | null {
  if (n < MIN_INTERVAL_N) return null;
  const mean = sum / n;
  const variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
  const half = z * Math.sqrt(variance / n);
  return { low: mean - half, high: mean + half };
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
