/** The allocation rounds (one job per workspace waiting at most) and the periodic allocation sweep. */
import { every } from './periodic.js';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { runAllocation, sweepAllocation, type AllocationDeps } from '../services/allocation.js';
import { ALLOCATE_QUEUE, type AllocateJob } from './queue.js';
import { workWithWakeups, type Wakeups } from './wakeups.js';

/** How often the sweep asks for rounds (availability read again, idle rule) when not configured. */
export const DEFAULT_ALLOCATION_SWEEP_MS = 15_000;

/**
 * `availabilityMaxAgeMs` (NILAI_CHATWOOT_AVAILABILITY_POLL_S): how old Chatwoot's agents list may be before
 * a round reads it again; the sweep runs at least that often, so an agent coming online is noticed.
 */
export async function startAllocation(boss: PgBoss, deps: AllocationDeps & { log: Logger; wakeups?: Wakeups }, opts: { pollingIntervalSeconds?: number; sweepMs?: number; availabilityMaxAgeMs?: number }) {
  const availabilityMaxAgeMs = opts.availabilityMaxAgeMs ?? opts.sweepMs ?? DEFAULT_ALLOCATION_SWEEP_MS;
  const sweepMs = Math.min(opts.sweepMs ?? DEFAULT_ALLOCATION_SWEEP_MS, availabilityMaxAgeMs);
  await workWithWakeups(boss, deps.wakeups)<AllocateJob>(ALLOCATE_QUEUE, { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async ([job]) => {
    const assigned = await runAllocation(deps, job!.data.workspaceId, { availabilityMaxAgeMs });
    if (assigned) deps.log.info({ workspaceId: job!.data.workspaceId, assigned }, 'allocation round');
  });
  const sweep = every(sweepMs, 'allocation sweep', deps.log, () => sweepAllocation(deps));
  return {
    async stop() {
      await sweep.stop();
      await boss.offWork(ALLOCATE_QUEUE);
    },
  };
}
