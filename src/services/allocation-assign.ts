/**
 * Assigning through nilai's API (`POST /api/v1/automation/allocation/conversations/:id/assign`): an agent
 * taking an unassigned conversation (takeover) or anyone giving one to another agent (reassign). Agents
 * need their division's permission for each; supervisors and admins may always. The workload limit holds
 * for everyone; the decision is taken under the workspace's allocation lock, like the rounds.
 */
import { AppError, invalid, notFound } from '../domain/errors.js';
import { conversationAllocation, listAllocationSettings, lockWorkspaceAllocation, openChats, recordAssignment } from '../store/allocation.js';
import { getChannel } from '../store/channels.js';
import { findConversation } from '../store/conversations.js';
import { hasRole, type Principal } from './principal.js';
import { AVAILABILITY_MAX_AGE_MS, channelAgents, refreshAvailability, type AllocationDeps } from './allocation.js';
import { enqueueInboxAction } from './inbox-actions.js';

export interface AssignOutcome {
  conversationId: string;
  userId: string;
  kind: 'takeover' | 'reassign';
  actionId: string;
}

const forbidden = (message: string) => new AppError('forbidden', message);
const conflict = (message: string) => new AppError('conflict', message);

export async function assignThroughApi(deps: AllocationDeps, p: Principal, externalId: string, userId: string): Promise<AssignOutcome> {
  // Chatwoot's agents (who may be given the conversation) read first, outside the lock.
  const seen = await findConversation(deps.db, p.workspaceId, externalId);
  if (seen) await refreshAvailability(deps, p.workspaceId, [seen.channelId], AVAILABILITY_MAX_AGE_MS);
  return deps.db.transaction().execute(async (trx) => {
    await lockWorkspaceAllocation(trx, p.workspaceId);
    const c = await findConversation(trx, p.workspaceId, externalId, true);
    if (!c) throw notFound('Conversation');
    const row = await conversationAllocation(trx, c.id);
    const holder = row?.status === 'assigned' ? row.user_id : c.agentId;
    const divisions = await listAllocationSettings(trx, p.workspaceId);
    const division = divisions.find((d) => d.divisionId === (row?.division_id ?? c.divisionId)) ?? divisions.find((d) => d.channelIds.includes(c.channelId));
    // An agent acts only on a conversation they hold or one of their division's: any other is unknown
    // to them (as GET /conversations/:id answers), whatever its status.
    if (!hasRole(p, 'supervisor') && holder !== p.userId && !(division && p.userId && division.agentIds.includes(p.userId))) throw notFound('Conversation');
    if (c.status !== 'open') throw conflict('The conversation is resolved; reopen it to assign it.');
    if (!division) throw conflict('The conversation is in no division, so there are no agents to choose from.');
    if (holder === userId) throw conflict('The conversation is already assigned to this agent.');
    const kind = holder === null && userId === p.userId ? 'takeover' : 'reassign';
    if (!hasRole(p, 'supervisor')) {
      if (kind === 'takeover' && !division.takeoverAllowed) throw forbidden(`Agents of ${division.divisionName} may not take conversations themselves.`);
      if (kind === 'reassign' && !division.reassignAllowed) throw forbidden(`Agents of ${division.divisionName} may not reassign conversations.`);
    }
    if (!division.agentIds.includes(userId)) throw invalid([{ path: 'userId', message: `Not an agent of ${division.divisionName}.` }]);
    const channel = await getChannel(trx, p.workspaceId, c.channelId);
    const agent = (await channelAgents(trx, p.workspaceId, division, c.channelId, channel?.type === 'chatwoot')).find((a) => a.key === userId);
    if (!agent) throw invalid([{ path: 'userId', message: 'This user is no Chatwoot agent of the channel (map the agent on the channel page).' }]);
    if (division.workloadLimit !== null) {
      const open = (await openChats(trx, p.workspaceId, [userId])).get(userId) ?? new Map<string, number>();
      const n = division.workloadScope === 'per_channel' ? (open.get(c.channelId) ?? 0) : [...open.values()].reduce((x, y) => x + y, 0);
      if (n >= division.workloadLimit) throw conflict(`The agent already holds ${n} open chats, the workload limit of ${division.divisionName}.`);
    }
    await recordAssignment(trx, { workspaceId: p.workspaceId, conversationId: c.id, divisionId: division.divisionId, channelId: c.channelId, userId, chatwootAgentId: agent.chatwootAgentId });
    const actionId = await enqueueInboxAction(trx, deps.jobs, {
      workspaceId: p.workspaceId,
      conversationId: c.id,
      kind: 'assign',
      payload: { assigneeUserId: userId, chatwootAgentId: agent.chatwootAgentId, chatwootTeamId: division.chatwootTeamId },
      source: kind,
      reason: kind === 'takeover' ? 'An agent took the conversation.' : 'Reassigned through nilai.',
    });
    return { conversationId: externalId, userId, kind, actionId };
  });
}
