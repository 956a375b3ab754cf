/**
 * Backfill a period: queue one delivery (and its job) per answer of the period that the integration has
 * not been sent yet, at most BACKFILL_LIMIT a call (the answer says whether more remain; calling again
 * continues). Idempotent: an answer with any delivery for this integration (live, replayed or an earlier
 * backfill) is skipped.
 */
import { AppError, invalid, notFound } from '../../domain/errors.js';
import { backfillPeriod } from '../../domain/sheets/backfill-period.js';
import type { Jobs } from '../../jobs/queue.js';
import type { Db } from '../../store/db.js';
import { lockIntegration, queueBackfill } from '../../store/integration-backfill.js';
import { getWorkspace } from '../../store/workspaces.js';

export const BACKFILL_LIMIT = 1000;

export async function backfillIntegration(deps: { db: Db; jobs: Jobs }, workspaceId: string, integrationId: string, range: { from: string; to: string }) {
  const ws = await getWorkspace(deps.db, workspaceId);
  const period = backfillPeriod(range.from, range.to, ws.timeZone);
  if ('problems' in period) throw invalid(period.problems);
  return deps.db.transaction().execute(async (trx) => {
    const i = await lockIntegration(trx, workspaceId, integrationId);
    if (!i) throw notFound('Integration');
    if (!i.enabled) throw new AppError('conflict', 'The integration is disabled: enable it before a backfill.');
    const { ids, more } = await queueBackfill(trx, workspaceId, integrationId, period, BACKFILL_LIMIT);
    for (const id of ids) await deps.jobs.enqueueIntegration(trx, id);
    return { queued: ids.length, more, from: range.from, to: range.to, timeZone: ws.timeZone };
  });
}
