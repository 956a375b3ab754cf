/** Registers the job handlers and the periodic expiry sweep. */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { dispatchInvitation, type DispatchDeps } from '../services/dispatch.js';
import type { Db } from '../store/db.js';
import { expireInvitations } from '../store/invitations.js';
import { DISPATCH_QUEUE, type DispatchJob } from './queue.js';

export interface Workers {
  stop(): Promise<void>;
}

export async function startWorkers(boss: PgBoss, deps: DispatchDeps & { db: Db; log: Logger }, opts: { pollingIntervalSeconds?: number; sweepIntervalMs?: number } = {}): Promise<Workers> {
  await boss.work<DispatchJob>(
    DISPATCH_QUEUE,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      if (!job) return;
      const outcome = await dispatchInvitation(deps, job.data.invitationId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
      deps.log.info({ invitationId: job.data.invitationId, outcome }, 'invitation dispatched');
    },
  );
  const sweep = setInterval(() => {
    expireInvitations(deps.db).catch((err) => deps.log.error({ err }, 'expiry sweep failed'));
  }, opts.sweepIntervalMs ?? 60_000);
  sweep.unref();
  return {
    async stop() {
      clearInterval(sweep);
      await boss.offWork(DISPATCH_QUEUE);
    },
  };
}
