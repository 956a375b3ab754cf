/** Agent management settings (Allocation, Workload, Idle rule) per division: read and save. */
import type { DivisionAllocation } from '../domain/allocation/settings.js';
import { invalid, type ErrorDetail } from '../domain/errors.js';
import type { Jobs } from '../jobs/queue.js';
import { listAllocationSettings, saveAllocationSettings } from '../store/allocation.js';
import type { Db } from '../store/db.js';

export type DivisionAllocationView = DivisionAllocation & { divisionId: string; divisionName: string };

export async function getAllocationSettings(db: Db, workspaceId: string): Promise<{ divisions: DivisionAllocationView[] }> {
  const rows = await listAllocationSettings(db, workspaceId);
  return { divisions: rows.map(({ agentIds: _a, channelIds: _c, lastUserId: _l, ...view }) => view) };
}

/**
 * Saves the divisions given (the others keep theirs); every unknown division is reported at once.
 * A save asks for an allocation round, so conversations already open are allocated when it is switched on.
 */
export async function putAllocationSettings(db: Db, jobs: Jobs, workspaceId: string, items: (Omit<DivisionAllocation, 'chatwootInboxIds'> & { divisionId: string; chatwootInboxIds?: number[] })[]): Promise<{ divisions: DivisionAllocationView[] }> {
  const current = await listAllocationSettings(db, workspaceId);
  const known = new Map(current.map((d) => [d.divisionId, d]));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  items.forEach((d, i) => {
    if (!known.has(d.divisionId)) details.push({ path: `divisions.${i}.divisionId`, message: 'No such division in this workspace.' });
    else if (seen.has(d.divisionId)) details.push({ path: `divisions.${i}.divisionId`, message: 'This division is listed twice.' });
    seen.add(d.divisionId);
  });
  // A Chatwoot inbox belongs to one division: the inboxes as they will be after the save.
  const owner = new Map<number, string>();
  for (const d of current) if (!seen.has(d.divisionId)) for (const id of d.chatwootInboxIds) owner.set(id, d.divisionName);
  items.forEach((d, i) => {
    for (const id of new Set(d.chatwootInboxIds ?? known.get(d.divisionId)?.chatwootInboxIds ?? [])) {
      const other = owner.get(id);
      if (other !== undefined) details.push({ path: `divisions.${i}.chatwootInboxIds`, message: `Chatwoot inbox ${id} belongs to the division ${other} already.` });
      else owner.set(id, known.get(d.divisionId)?.divisionName ?? d.divisionId);
    }
  });
  if (details.length) throw invalid(details);
  await db.transaction().execute(async (trx) => {
    await saveAllocationSettings(trx, workspaceId, items);
    if (items.some((d) => d.enabled)) await jobs.enqueueAllocation(trx, workspaceId);
  });
  return getAllocationSettings(db, workspaceId);
}
