/**
 * A broadcast's report from counted facts: recipients (waiting, queued, skipped by reason), its
 * invitations by status (cumulative, as the reports' funnel: an answered survey was sent and delivered)
 * and the answers' scores (domain/scoring). Pure.
 */
import { cesScore, csatScore, npsScore, responseRate, type Rate } from '../scoring/scores.js';

export interface BroadcastFacts {
  recipients: { status: string; skipReason: string | null; n: number }[];
  invitations: { status: string; n: number }[];
  /** Score → answers, of the broadcast's survey type. */
  scores: { score: number; n: number }[];
  surveyType: 'csat' | 'ces' | 'nps';
  scaleMax: number;
  csatThreshold: number;
}

export function broadcastReport(f: BroadcastFacts) {
  const count = (test: (s: string) => boolean) => f.invitations.filter((r) => test(r.status)).reduce((a, r) => a + r.n, 0);
  const skipped: Record<string, number> = {};
  for (const r of f.recipients) if (r.status === 'skipped') skipped[r.skipReason ?? 'unknown'] = (skipped[r.skipReason ?? 'unknown'] ?? 0) + r.n;
  const total = f.recipients.reduce((a, r) => a + r.n, 0);
  const waiting = f.recipients.filter((r) => r.status === 'pending').reduce((a, r) => a + r.n, 0);
  const sent = count((s) => ['sent', 'delivered', 'answered'].includes(s));
  const answered = count((s) => s === 'answered');
  const hist = new Map(f.scores.map((s) => [s.score, s.n]));
  const score = f.surveyType === 'nps' ? { nps: npsScore(hist, { min: 0, max: 10 }) } : f.surveyType === 'csat' ? { csat: csatScore(hist, f.csatThreshold) } : { ces: cesScore(hist, { min: 1, max: f.scaleMax }) };
  const rate: Rate = responseRate(Math.min(answered, sent), sent);
  return {
    recipients: total,
    waiting,
    queued: count(() => true),
    sending: count((s) => s === 'scheduled' || s === 'sending'),
    sent,
    delivered: count((s) => s === 'delivered' || s === 'answered'),
    failed: count((s) => s === 'failed'),
    expired: count((s) => s === 'expired'),
    answered,
    skipped,
    skippedTotal: Object.values(skipped).reduce((a, n) => a + n, 0),
    responseRate: rate,
    ...score,
  };
}
