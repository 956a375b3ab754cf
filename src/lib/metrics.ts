/**
 * nilai's Prometheus metrics (prom-client), one registry per running instance (tests run several in one
 * process). Counters are counted where things happen; the queue and fold gauges are read from the
 * database when scraped.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ScrapeStats } from '../store/metrics.js';

export type SendOutcome = 'sent' | 'delivered' | 'failed' | 'retry';

export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'nilai_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern, method and status class.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly eventsIngested = new Counter({ name: 'nilai_events_ingested_total', help: 'Conversation events taken in (API and Chatwoot), by result: applied or duplicate.', labelNames: ['status'] as const, registers: [this.registry] });
  readonly sends = new Counter({ name: 'nilai_survey_sends_total', help: 'Survey send attempts by channel type and outcome (retry: failed for now, tried again later; reminded: a reminder sent).', labelNames: ['channel_type', 'outcome'] as const, registers: [this.registry] });
  readonly webhookDeliveries = new Counter({ name: 'nilai_webhook_deliveries_total', help: 'Outgoing webhook delivery attempts by outcome (retry: failed for now, tried again later).', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly inboundWebhooks = new Counter({ name: 'nilai_inbound_webhooks_total', help: 'Provider webhooks received with a valid signature, by provider and result (accepted, duplicate, dropped).', labelNames: ['provider', 'result'] as const, registers: [this.registry] });
  readonly queueJobs = new Gauge({ name: 'nilai_queue_jobs', help: 'Jobs per queue by state: due (waiting, may run now), scheduled (waiting for a later start), active.', labelNames: ['queue', 'state'] as const, registers: [this.registry] });
  readonly queueOldestDue = new Gauge({ name: 'nilai_queue_oldest_due_job_age_seconds', help: 'How long the oldest due job of a queue has waited past its start.', labelNames: ['queue'] as const, registers: [this.registry] });
  readonly foldLag = new Gauge({
    name: 'nilai_rollup_fold_lag_seconds',
    help: 'Age bound of the oldest report-rollup delta not yet folded: 0 when none waits, else the time since the last fold this process completed started (since the process started if none has).',
    registers: [this.registry],
  });
  private lastFoldStart = Date.now();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A fold that started at `startedAt` has completed: every delta older than that is folded. */
  foldCompleted(startedAt: number): void {
    this.lastFoldStart = Math.max(this.lastFoldStart, startedAt);
  }

  /** The text exposition, with the gauges set from `stats` read just now. */
  async render(stats: ScrapeStats): Promise<string> {
    this.queueJobs.reset();
    this.queueOldestDue.reset();
    for (const q of stats.queues) {
      this.queueJobs.set({ queue: q.queue, state: 'due' }, q.due);
      this.queueJobs.set({ queue: q.queue, state: 'scheduled' }, q.scheduled);
      this.queueJobs.set({ queue: q.queue, state: 'active' }, q.active);
      this.queueOldestDue.set({ queue: q.queue }, q.oldestDueSeconds);
    }
    this.foldLag.set(stats.deltasPending ? (Date.now() - this.lastFoldStart) / 1000 : 0);
    return this.registry.metrics();
  }
}
