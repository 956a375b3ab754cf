/**
 * An events-API inbox tells nilai whether its agents are online (`PUT /api/v1/agents/:id/availability`),
 * for auto allocation on its conversations (docs/automation.md). Agents set their own; supervisors and
 * admins (an integration's token) anyone's. An agent coming online asks for an allocation round, so
 * conversations waiting for a slot go to them at once.
 */
import type { Availability } from '../domain/allocation/choose-agent.js';
import { AppError, notFound } from '../domain/errors.js';
import type { Jobs } from '../jobs/queue.js';
import { isUuid } from '../lib/secret-token.js';
import { setAgentAvailability } from '../store/agent-availability.js';
import type { Db } from '../store/db.js';
import { getUser } from '../store/users.js';
import { hasRole, type Principal } from './principal.js';

export async function putAgentAvailability(db: Db, jobs: Jobs, p: Principal, userId: string, availability: Availability) {
  if (!isUuid(userId) || !(await getUser(db, p.workspaceId, userId))) throw notFound('User');
  if (userId !== p.userId && !hasRole(p, 'supervisor')) throw new AppError('forbidden', 'Agents may set only their own availability.');
  return db.transaction().execute(async (trx) => {
    const saved = await setAgentAvailability(trx, p.workspaceId, userId, availability);
    if (availability === 'online') await jobs.enqueueAllocation(trx, p.workspaceId);
    return { userId, ...saved };
  });
}
