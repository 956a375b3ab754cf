/**
 * Survey scores (DESIGN section 2). Inputs are histograms (rating value → number of answers) so the
 * same functions serve a handful of raw answers and pre-aggregated rollups of millions.
 */
import type { Scale } from '../settings/scale.js';
import { meanInterval, netScoreInterval, wilsonPercent, type Interval } from './intervals.js';

/** Scores computed from fewer answers than this are flagged as low-sample. */
export const LOW_SAMPLE_N = 30;

/** Rating value → number of answers with that value. */
export type Histogram = ReadonlyMap<number, number>;

export function histogram(values: Iterable<number>): Map<number, number> {
  const h = new Map<number, number>();
  for (const v of values) h.set(v, (h.get(v) ?? 0) + 1);
  return h;
}

interface Moments {
  n: number;
  mean: number | null;
  meanCi: Interval | null;
  lowSample: boolean;
}

function moments(h: Histogram, scale: Scale): Moments {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  for (const [value, count] of h) {
    if (!Number.isInteger(value) || value < scale.min || value > scale.max) {
      throw new RangeError(`rating ${value} is outside the scale ${scale.min}–${scale.max}`);
    }
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`count ${count} is not a non-negative integer`);
    n += count;
    sum += value * count;
    sumSquares += value * value * count;
  }
  return { n, mean: n ? sum / n : null, meanCi: meanInterval(n, sum, sumSquares), lowSample: n < LOW_SAMPLE_N };
}

function countWhere(h: Histogram, test: (value: number) => boolean): number {
  let c = 0;
  for (const [value, count] of h) if (test(value)) c += count;
  return c;
}

export interface CsatScore extends Moments {
  satisfied: number;
  /** Satisfied answers ÷ all answers × 100. */
  percent: number | null;
  percentCi: Interval | null;
}

export const CSAT_SCALE: Scale = { min: 1, max: 5 };

/** CSAT % = answers at or above the satisfied threshold ÷ all answers × 100; also the mean. */
export function csatScore(h: Histogram, threshold = 4): CsatScore {
  const m = moments(h, CSAT_SCALE);
  const satisfied = countWhere(h, (v) => v >= threshold);
  return { ...m, satisfied, percent: m.n ? (100 * satisfied) / m.n : null, percentCi: wilsonPercent(satisfied, m.n) };
}

export type CesCategory = 'easy' | 'neutral' | 'hard';

/**
 * Easy = top 40 % of the scale positions, hard = bottom 40 %, rounded up so that 1–5 gives easy 4–5 /
 * hard 1–2, 1–7 gives 5–7 / 1–3 and 1–10 gives 7–10 / 1–4.
 */
export function cesCategory(value: number, scale: Scale): CesCategory {
  const positions = scale.max - scale.min + 1;
  const band = Math.ceil((2 * positions) / 5);
  if (value > scale.max - band) return 'easy';
  if (value < scale.min + band) return 'hard';
  return 'neutral';
}

export interface NetScore extends Moments {
  /** %positive − %negative, −100…100. */
  score: number | null;
  scoreCi: Interval | null;
}

export interface CesScore extends NetScore {
  easy: number;
  neutral: number;
  hard: number;
}

/** CES = % easy − % hard. */
export function cesScore(h: Histogram, scale: Scale): CesScore {
  const m = moments(h, scale);
  const easy = countWhere(h, (v) => cesCategory(v, scale) === 'easy');
  const hard = countWhere(h, (v) => cesCategory(v, scale) === 'hard');
  return {
    ...m,
    easy,
    hard,
    neutral: m.n - easy - hard,
    score: m.n ? (100 * (easy - hard)) / m.n : null,
    scoreCi: netScoreInterval(easy, hard, m.n),
  };
}

export type NpsCategory = 'detractor' | 'passive' | 'promoter';

/** Promoters 9–10, passives 7–8, detractors 0–6 (1–6 on a 1–10 scale). */
export function npsCategory(value: number): NpsCategory {
  if (value >= 9) return 'promoter';
  if (value >= 7) return 'passive';
  return 'detractor';
}

export interface NpsScore extends NetScore {
  promoters: number;
  passives: number;
  detractors: number;
  /** Shares in percent of all answers. */
  shares: { promoter: number; passive: number; detractor: number } | null;
}

/** NPS = % promoters − % detractors. */
export function npsScore(h: Histogram, scale: Scale): NpsScore {
  const m = moments(h, scale);
  const promoters = countWhere(h, (v) => npsCategory(v) === 'promoter');
  const detractors = countWhere(h, (v) => npsCategory(v) === 'detractor');
  const passives = m.n - promoters - detractors;
  return {
    ...m,
    promoters,
    passives,
    detractors,
    shares: m.n
      ? { promoter: (100 * promoters) / m.n, passive: (100 * passives) / m.n, detractor: (100 * detractors) / m.n }
      : null,
    score: m.n ? (100 * (promoters - detractors)) / m.n : null,
    scoreCi: netScoreInterval(promoters, detractors, m.n),
  };
}

export interface Rate {
  numerator: number;
  denominator: number;
  percent: number | null;
  ci: Interval | null;
  lowSample: boolean;
}

/**
 * Response rate = answered invitations ÷ sent invitations (accepted by the provider, SMTP server or
 * callback). Sent, not delivered: only WhatsApp (and Chatwoot's WhatsApp inboxes) report delivery to the
 * handset; for email, Telegram, web callbacks and other Chatwoot inboxes "delivered" can only mean
 * "accepted", and a WhatsApp survey whose receipt is late or lost would leave the denominator while its
 * answer still counts, pushing the rate up (even past 100 %). Every channel reports the send, and an
 * answered invitation was always sent, so the rate stays within 0–100 % and means the same everywhere.
 * A survey the provider reports undeliverable after the send stays in the denominator (the funnel shows
 * it as failed).
 */
export function responseRate(answered: number, sent: number): Rate {
  if (answered < 0 || sent < 0 || answered > sent) {
    throw new RangeError(`answered (${answered}) must be between 0 and sent (${sent})`);
  }
  return {
    numerator: answered,
    denominator: sent,
    percent: sent ? (100 * answered) / sent : null,
    ci: wilsonPercent(answered, sent),
    lowSample: sent < LOW_SAMPLE_N,
  };
}

/** An inclusive range of ratings (`from` > `to` when it is empty). */
export interface RatingRange {
  from: number;
  to: number;
}

function rangeOf(scale: Scale, test: (v: number) => boolean): RatingRange {
  const values: number[] = [];
  for (let v = scale.min; v <= scale.max; v++) if (test(v)) values.push(v);
  return values.length ? { from: values[0]!, to: values.at(-1)! } : { from: scale.max + 1, to: scale.max };
}

/** The ratings of each NPS category on this scale, for labels ("detractors 1–6" on a 1–10 scale). */
export function npsCategoryRanges(scale: Scale): Record<NpsCategory, RatingRange> {
  return {
    detractor: rangeOf(scale, (v) => npsCategory(v) === 'detractor'),
    passive: rangeOf(scale, (v) => npsCategory(v) === 'passive'),
    promoter: rangeOf(scale, (v) => npsCategory(v) === 'promoter'),
  };
}

/** The ratings of each CES band on this scale (hard, neutral, easy are consecutive ranges). */
export function cesBandRanges(scale: Scale): Record<CesCategory, RatingRange> {
  return {
    hard: rangeOf(scale, (v) => cesCategory(v, scale) === 'hard'),
    neutral: rangeOf(scale, (v) => cesCategory(v, scale) === 'neutral'),
    easy: rangeOf(scale, (v) => cesCategory(v, scale) === 'easy'),
  };
}
