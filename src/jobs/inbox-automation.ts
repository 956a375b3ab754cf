/** The inbox-action worker and the auto-resolve sweep (one process at a time, like the rollup fold). */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { redactSecrets } from '../lib/redact.js';
import { executeInboxAction } from '../services/inbox-actions.js';
import type { Db } from '../store/db.js';
import type { Keys } from '../lib/keys.js';
import { INBOX_ACTION_QUEUE, type InboxActionJob, type Jobs } from './queue.js';

export async function startInboxAutomation(boss: PgBoss, deps: { db: Db; keys: Keys; publicUrl: string; log: Logger; jobs: Jobs }, opts: { pollingIntervalSeconds?: number; autoResolveIntervalMs?: number }) {
  await boss.work<InboxActionJob>(INBOX_ACTION_QUEUE, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    await Promise.all(jobs.map(async (job) => {
      try {
        const outcome = await executeInboxAction(deps, job.data.actionId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
        deps.log.info({ actionId: job.data.actionId, outcome }, 'inbox action executed');
      } catch (err) {
        deps.log.warn({ actionId: job.data.actionId, err: redactSecrets((err as Error).message) }, 'inbox action failed; will retry');
        await boss.fail(INBOX_ACTION_QUEUE, job.id, { message: redactSecrets((err as Error).message) });
      }
    }));
  });
  return {
    async stop() {
      await boss.offWork(INBOX_ACTION_QUEUE);
    },
  };
}
