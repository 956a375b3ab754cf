/** The integration delivery worker: up to 10 deliveries side by side per process, retried by pg-boss with backoff. */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { redactSecrets } from '../lib/redact.js';
import { deliverIntegration, type IntegrationDeps } from '../services/integrations/deliver.js';
import { INTEGRATION_QUEUE, type IntegrationJob } from './queue.js';
import { workWithWakeups, type Wakeups } from './wakeups.js';

export async function startIntegrationWorker(boss: PgBoss, deps: IntegrationDeps & { log: Logger; wakeups?: Wakeups }, opts: { pollingIntervalSeconds?: number }): Promise<{ stop(): Promise<void> }> {
  await workWithWakeups(boss, deps.wakeups)<IntegrationJob>(INTEGRATION_QUEUE, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    await Promise.all(jobs.map(async (job) => {
      try {
        const outcome = await deliverIntegration(deps, job.data.deliveryId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
        deps.log.info({ deliveryId: job.data.deliveryId, outcome }, 'integration delivered');
      } catch (err) {
        // The message is already masked with the integration's secrets; the patterns run once more for what a kind threw.
        await boss.fail(INTEGRATION_QUEUE, job.id, { message: redactSecrets((err as Error).message) });
      }
    }));
  });
  return { stop: () => boss.offWork(INTEGRATION_QUEUE) };
}
