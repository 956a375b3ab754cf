/**
 * Report figures from aggregated facts (rollup rows or, for small periods, raw durations): scores with
 * intervals, the invitation funnel with skip reasons and response rate, timings and SLA compliance.
 * Pure: the store gathers the facts, this turns them into numbers.
 */
import { cesScore, csatScore, LOW_SAMPLE_N, npsScore, responseRate, type CesScore, type CsatScore, type NpsScore, type Rate } from '../scoring/scores.js';
import { netScoreInterval, wilsonPercent, type Interval } from '../scoring/intervals.js';
import { percentile } from './percentiles.js';
import { sketchQuantile, type DurationSketch } from './duration-sketch.js';

export interface ResponseFact { key: string; surveyType: string; scaleMax: number; score: number; n: number }
export interface InvitationFact { key: string; kind: string; n: number }
/** Count and sum of a duration metric (bucket 0), or an SLA outcome (bucket 1 met, 0 missed), from the rollups. */
export interface TimingFact { key: string; metric: string; bucket: number; n: number; sumMs: number }
/** One measured duration of one conversation (all of them, or a uniform sample). */
export interface DurationValue { key: string; metric: string; ms: number }

export interface DurationStats {
  n: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface Share {
  n: number;
  met: number;
  percent: number | null;
  ci: Interval | null;
}

export interface Figures {
  csat: CsatScore;
  ces: CesScore & { mixedScales: boolean };
  nps: NpsScore;
  invitations: {
    scheduled: number; sent: number; delivered: number; answered: number; expired: number; cancelled: number; failed: number;
    reminded: number; answeredAfterReminder: number; skipped: Record<string, number>; skippedTotal: number; responseRate: Rate;
  };
  resolvedConversations: number;
  timings: Record<'firstResponse' | 'averageResponse' | 'resolution', { wall: DurationStats; business: DurationStats }>;
  sla: { firstResponse: Share; resolution: Share };
}

function scores(rows: ResponseFact[], csatThreshold: number) {
  const by = (type: string) => rows.filter((r) => r.surveyType === type);
  const hist = (rs: ResponseFact[]) => {
    const h = new Map<number, number>();
    for (const r of rs) h.set(r.score, (h.get(r.score) ?? 0) + r.n);
    return h;
  };
  const csat = csatScore(hist(by('csat')), csatThreshold);
  const nps = npsScore(hist(by('nps')), { min: 0, max: 10 });
  // CES answers on different scales (the settings changed) are classified on their own scale, then added.
  const cesRows = by('ces');
  const scalesUsed = [...new Set(cesRows.map((r) => r.scaleMax))];
  const parts = scalesUsed.map((max) => cesScore(hist(cesRows.filter((r) => r.scaleMax === max)), { min: 1, max }));
  let ces: CesScore & { mixedScales: boolean };
  if (parts.length <= 1) {
    ces = { ...(parts[0] ?? cesScore(new Map(), { min: 1, max: 5 })), mixedScales: false };
  } else {
    const n = parts.reduce((s, p) => s + p.n, 0);
    const easy = parts.reduce((s, p) => s + p.easy, 0);
    const hard = parts.reduce((s, p) => s + p.hard, 0);
    // A mean across different scales means nothing, so it is left out.
    ces = { n, easy, hard, neutral: n - easy - hard, score: (100 * (easy - hard)) / n, scoreCi: netScoreInterval(easy, hard, n), mean: null, meanCi: null, lowSample: n < LOW_SAMPLE_N, mixedScales: true };
  }
  return { csat, ces, nps };
}

function funnel(rows: InvitationFact[]) {
  const count = (kind: string) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.n, 0);
  const skipped: Record<string, number> = {};
  for (const r of rows) if (r.kind.startsWith('skipped:')) skipped[r.kind.slice(8)] = (skipped[r.kind.slice(8)] ?? 0) + r.n;
  const sent = count('sent');
  const answered = count('answered');
  return {
    scheduled: count('scheduled'), sent, delivered: count('delivered'), answered,
    expired: count('expired'), cancelled: count('cancelled'), failed: count('failed'),
    reminded: count('reminded'), answeredAfterReminder: count('answered_after_reminder'),
    skipped, skippedTotal: Object.values(skipped).reduce((a, b) => a + b, 0),
    // Milestones are cumulative (an answered invitation also counts as sent); min() only guards the rule.
    responseRate: responseRate(Math.min(answered, sent), sent),
  };
}

const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);

/**
 * n and mean are exact (rollups); median and p90 come from the durations given (exact when complete),
 * or from the group's duration sketches when given (within RELATIVE_ACCURACY of the exact figures).
 */
function stats(metric: string, totals: TimingFact[], values: DurationValue[], sketches?: ReadonlyMap<string, DurationSketch>): DurationStats {
  const rows = totals.filter((h) => h.metric === metric);
  const n = rows.reduce((s, r) => s + r.n, 0);
  let quantile: (p: number) => number | null;
  if (sketches) {
    const sketch = sketches.get(metric);
    quantile = (p) => (sketch ? sketchQuantile(sketch, p) : null);
  } else {
    const sorted = values.filter((v) => v.metric === metric).map((v) => v.ms).sort((a, b) => a - b);
    quantile = (p) => percentile(sorted, p);
  }
  return {
    n,
    meanSeconds: n ? seconds(rows.reduce((s, r) => s + r.sumMs, 0) / n) : null,
    medianSeconds: seconds(quantile(0.5)),
    p90Seconds: seconds(quantile(0.9)),
  };
}

function share(hist: TimingFact[], metric: string): Share {
  const rows = hist.filter((h) => h.metric === metric);
  const met = rows.filter((r) => r.bucket === 1).reduce((s, r) => s + r.n, 0);
  const n = rows.reduce((s, r) => s + r.n, 0);
  return { n, met, percent: n ? (100 * met) / n : null, ci: wilsonPercent(met, n) };
}

/**
 * Figures for one group; `durations` are its conversations' durations (all, or a uniform sample), or
 * `sketches` (metric → sketch) stand for them.
 */
export function figures(
  responses: ResponseFact[],
  invitations: InvitationFact[],
  timings: TimingFact[],
  durations: DurationValue[],
  csatThreshold: number,
  sketches?: ReadonlyMap<string, DurationSketch>,
): Figures {
  const t = (metric: string) => ({ wall: stats(metric, timings, durations, sketches), business: stats(`${metric}_business`, timings, durations, sketches) });
  return {
    ...scores(responses, csatThreshold),
    invitations: funnel(invitations),
    resolvedConversations: timings.filter((r) => r.metric === 'resolved').reduce((s, r) => s + r.n, 0),
    timings: { firstResponse: t('frt'), averageResponse: t('art'), resolution: t('resolution') },
    sla: { firstResponse: share(timings, 'sla_first_response'), resolution: share(timings, 'sla_resolution') },
  };
}
