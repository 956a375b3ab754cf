/** The inbox-action worker and the auto-resolve sweep (one process at a time, like the rollup fold). */
import { every } from './periodic.js';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { redactSecrets } from '../lib/redact.js';
import { executeInboxAction } from '../services/inbox-actions.js';
import { sweepAutoResolve } from '../services/auto-resolve.js';
import type { Db } from '../store/db.js';
import type { Keys } from '../lib/keys.js';
import { INBOX_ACTION_QUEUE, type InboxActionJob, type Jobs } from './queue.js';
import { workWithWakeups, type Wakeups } from './wakeups.js';

export async function startInboxAutomation(boss: PgBoss, deps: { db: Db; keys: Keys; publicUrl: string; log: Logger; jobs: Jobs; wakeups?: Wakeups }, opts: { pollingIntervalSeconds?: number; sweepIntervalMs?: number }) {
  await workWithWakeups(boss, deps.wakeups)<InboxActionJob>(INBOX_ACTION_QUEUE, { batchSize: 10, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
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
  const sweep = every(Math.min(opts.sweepIntervalMs ?? 30_000, 30_000), 'auto resolve sweep', deps.log, async () => {
    const n = await sweepAutoResolve(deps);
    if (n) deps.log.info({ resolves: n }, 'auto resolve asked the inboxes');
  });
  return {
    async stop() {
      await sweep.stop();
      await boss.offWork(INBOX_ACTION_QUEUE);
    },
  };
}
