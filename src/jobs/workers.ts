/** Registers the job handlers, the periodic expiry sweep and the folding of report rollups. */
import type { EventWindow } from '../domain/conversations/event-time.js';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { type DispatchDeps } from '../services/dispatch.js';
import { dispatchBatches, KEYED_LANE, type SendDone, type SendUnit } from './dispatch-batches.js';
import { queueDueReminders } from '../store/reminders.js';
import type { Db } from '../store/db.js';
import { expireInvitations } from '../store/invitations.js';
import { foldRollups } from '../store/reports/rebuild.js';
import { ALERT_QUEUE, DISPATCH_QUEUE, INBOUND_QUEUE, REBUILD_QUEUE, REPORT_QUEUE, WEBHOOK_QUEUE, type ReportJob, type AlertJob, type DispatchJob, type InboundJob, type Jobs, webhookIdsOf, type RebuildJob, type WebhookJob } from './queue.js';
import { deliverWebhook } from '../services/webhook-events.js';
import { rebuildRollups } from '../store/reports/rebuild.js';
import { finishRollupRebuild } from '../store/workspaces.js';
import { processWebhooks } from '../services/inbound-webhooks.js';
import { sendAlert } from '../services/send-alert.js';
import { deliverTicket } from '../services/tickets.js';
import { TICKET_QUEUE } from './queue.js';
import type { Mailer } from '../channels/email/mailer.js';
import { redactError, redactSecrets } from '../lib/redact.js';
import { startSendLoop } from './send-loop.js';
import { every } from './periodic.js';
import { runDueSchedules, sendReportRun } from '../services/scheduled-reports.js';
import { DEFAULT_KEYED_SEND_CONCURRENCY, DEFAULT_SEND_CONCURRENCY } from '../config.js';
import type { Metrics } from '../lib/metrics.js';
import { startInboxAutomation } from './inbox-automation.js';
import { startAllocation } from './allocation.js';
import { paceBroadcasts } from '../services/broadcast-pacer.js';
import { startIntegrationWorker } from './integrations.js';
import { workWithWakeups, type Wakeups } from './wakeups.js';

/** Survey sends open at once per process: also the most surveys a crash of the process can send twice. */

export interface Workers {
  stop(): Promise<void>;
}

export async function startWorkers(boss: PgBoss, deps: DispatchDeps & { db: Db; log: Logger; mailer: Mailer | null; jobs: Jobs; eventWindow?: EventWindow; metrics?: Metrics; wakeups?: Wakeups }, opts: { pollingIntervalSeconds?: number; sweepIntervalMs?: number; foldIntervalMs?: number; scheduleIntervalMs?: number; sendConcurrency?: number; keyedSendConcurrency?: number; availabilityPollMs?: number } = {}): Promise<Workers> {
  // Survey sends and reminders in batches, at most sendConcurrency open at once (jobs/send-loop.ts),
  // besides keyedSendConcurrency web callbacks (their receivers drop a repeat by webhook-id).
  const sends = startSendLoop<DispatchJob, SendUnit, SendDone>(boss, DISPATCH_QUEUE, { concurrency: opts.sendConcurrency ?? DEFAULT_SEND_CONCURRENCY, lanes: { [KEYED_LANE]: opts.keyedSendConcurrency ?? DEFAULT_KEYED_SEND_CONCURRENCY }, pollingIntervalMs: (opts.pollingIntervalSeconds ?? 1) * 1000, log: deps.log }, dispatchBatches(deps));
  deps.wakeups?.on(DISPATCH_QUEUE, sends.wake);
  // Workers fetch when a job of their queue is committed (jobs/wakeups.ts), and poll for the rest.
  const work = workWithWakeups(boss, deps.wakeups);
  await work<AlertJob>(ALERT_QUEUE, { batchSize: 5, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    for (const job of jobs) {
      // A ticket webhook URL may hold user:password@ or a token; the job table keeps what is thrown.
      const outcome = await sendAlert(deps, job.data.deliveryId).catch((err: unknown) => Promise.reject(redactError(err)));
      deps.log.info({ deliveryId: job.data.deliveryId, outcome }, 'alert delivered');
    }
  });
  // Webhooks of one chat are handled in arrival order, so a customer's "9" and the comment typed right
  // after it are read in the order they were written; different chats go side by side. Across processes
  // processWebhooks keeps the order (a lock per chat); sorting the batch keeps its lanes in order too.
  // A job holds the webhooks one group commit stored; it fails (and is retried: the webhooks processed
  // meanwhile are skipped then) when one of them failed.
  await work<InboundJob>(INBOUND_QUEUE, { batchSize: 25, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    const ordered = [...jobs].sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime());
    const results = await processWebhooks(deps, ordered.flatMap((j) => webhookIdsOf(j.data)));
    for (const job of ordered) {
      let failure: Error | null = null;
      for (const webhookId of webhookIdsOf(job.data)) {
        const r = results.get(webhookId);
        if (r && 'error' in r) {
          deps.log.warn({ webhookId, err: r.error }, 'webhook processing failed; will retry');
          failure ??= r.error;
        } else deps.log.info({ webhookId, outcomes: r?.outcomes ?? [] }, 'webhook processed');
      }
      if (failure) await boss.fail(INBOUND_QUEUE, job.id, { message: redactSecrets(failure.message) });
    }
  });
  await work<WebhookJob>(WEBHOOK_QUEUE, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    await Promise.all(jobs.map(async (job) => {
      try {
        const outcome = await deliverWebhook(deps, job.data.deliveryId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
        if (outcome !== 'nothing_to_do') deps.metrics?.webhookDeliveries.inc({ outcome });
        deps.log.info({ deliveryId: job.data.deliveryId, outcome }, 'webhook delivered');
      } catch (err) {
        deps.metrics?.webhookDeliveries.inc({ outcome: 'retry' });
        await boss.fail(WEBHOOK_QUEUE, job.id, { message: redactSecrets((err as Error).message) });
      }
    }));
  });
  await work<{ ticketId: string }>(TICKET_QUEUE, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    await Promise.all(jobs.map(async (job) => {
      try {
        const outcome = await deliverTicket(deps, job.data.ticketId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
        deps.log.info({ ticketId: job.data.ticketId, outcome }, 'ticket delivered');
      } catch (err) {
        await boss.fail(TICKET_QUEUE, job.id, { message: redactSecrets((err as Error).message) });
      }
    }));
  });
  await work<RebuildJob>(REBUILD_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async ([job]) => {
    const started = new Date();
    await deps.db.transaction().execute((trx) => rebuildRollups(trx, job!.data.workspaceId));
    await finishRollupRebuild(deps.db, job!.data.workspaceId, started);
    deps.log.info({ workspaceId: job!.data.workspaceId, ms: Date.now() - started.getTime() }, 'report rollups rebuilt');
  });
  await work<ReportJob>(REPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async ([job]) => {
    // A Slack webhook URL is a credential: what is thrown lands in the job table.
    const outcome = await sendReportRun(deps, job!.data.runId).catch((err: unknown) => Promise.reject(redactError(err)));
    deps.log.info({ runId: job!.data.runId, outcome }, 'scheduled report sent');
  });
  // Each process claims due periods; the unique run row per schedule and period makes one of them send.
  const schedules = every(opts.scheduleIntervalMs ?? 60_000, 'scheduled reports check', deps.log, () => runDueSchedules(deps));
  const sweep = every(opts.sweepIntervalMs ?? 60_000, 'expiry and reminder sweep', deps.log, async () => {
    await expireInvitations(deps.db);
    await queueDueReminders(deps.db, (trx, id) => deps.jobs.enqueueReminder(trx, id));
  });
  const fold = every(opts.foldIntervalMs ?? 2_000, 'folding report rollups', deps.log, async () => {
    const started = Date.now();
    await foldRollups(deps.db);
    deps.metrics?.foldCompleted(started);
  });
  const automation = await startInboxAutomation(boss, deps, opts);
  // Allocation sweeps as often as the expiry sweep in tests (500 ms), every 15 s by default.
  const allocation = await startAllocation(boss, deps, { pollingIntervalSeconds: opts.pollingIntervalSeconds, sweepMs: opts.sweepIntervalMs !== undefined ? Math.min(opts.sweepIntervalMs, 15_000) : undefined, availabilityMaxAgeMs: opts.availabilityPollMs });
  // Broadcasts: each round queues what the channels' rates allow now (every process; a broadcast is paced by one at a time).
  const broadcasts = every(1_000, 'broadcast pacing', deps.log, () => paceBroadcasts(deps));
  const integrations = await startIntegrationWorker(boss, deps, opts);
  return {
    async stop() {
      await Promise.all([sweep.stop(), fold.stop(), schedules.stop(), broadcasts.stop()]);
      await sends.stop();
      await boss.offWork(ALERT_QUEUE);
      await boss.offWork(INBOUND_QUEUE);
      await boss.offWork(REBUILD_QUEUE);
      await boss.offWork(WEBHOOK_QUEUE);
      await boss.offWork(TICKET_QUEUE);
      await automation.stop();
      await boss.offWork(REPORT_QUEUE);
      await allocation.stop();
      await integrations.stop();
    },
  };
}
