/**
 * Agent allocation: which conversations wait for an agent (noted at intake), allocation rounds (one
 * workspace at a time under an advisory lock: counts read, plan made and assignments enqueued as inbox
 * actions in one transaction, so two processes never assign one conversation twice or exceed a limit),
 * and the periodic sweep (availability read from Chatwoot, idle rule) run by one process at a time.
 */
import type { ConversationState } from '../domain/conversations/fold.js';
import { planRound, type AgentState, type IdleCandidate, type WaitingConversation } from '../domain/allocation/allocate.js';
import { isIdle } from '../domain/allocation/idle.js';
import { readChatwootAgents } from '../channels/chatwoot/agents.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import {
  allocatedConversations, allocatingWorkspaces, availabilityReadAt, channelAgentAvailability, listAllocationSettings, lockWorkspaceAllocation, openChats,
  queueConversations, recordAssignment, releaseConversations, saveAvailability, setRoundRobinCursor, tryLockSweep, type DivisionAllocationRow,
} from '../store/allocation.js';
import { listAgents } from '../store/chatwoot-agents.js';
import { reportedAvailability } from '../store/agent-availability.js';
import { getChannel } from '../store/channels.js';
import type { Db } from '../store/db.js';
import { lockConversationsById } from '../store/allocation-locks.js';
import { channelContext } from './channels.js';
import { enqueueInboxAction } from './inbox-actions.js';

export interface AllocationDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
  publicUrl: string;
}

/** Chatwoot's availability is read again when older than this. */
export const AVAILABILITY_MAX_AGE_MS = 15_000;

/**
 * At intake (in the events' transaction): an open conversation nobody holds is queued when its division
 * allocates; a resolved one gives its agent's slot back. Either asks for an allocation round (one per
 * batch: the job is one per workspace). A batch's conversations in one statement of each kind.
 */
export async function noteForAllocations(trx: Db, jobs: Jobs, workspaceId: string, list: { conversationId: string; state: Pick<ConversationState, 'status' | 'agentId' | 'divisionId' | 'channelId'>; queuedBefore?: boolean }[], divisionFor: (divisionId: string | null, channelId: string) => Promise<string | null>): Promise<void> {
  const queued = [];
  for (const { conversationId, state } of list) {
    if (state.status !== 'open' || state.agentId !== null) continue;
    const divisionId = await divisionFor(state.divisionId, state.channelId);
    if (divisionId) queued.push({ workspaceId, conversationId, divisionId, channelId: state.channelId });
  }
  // queuedBefore false: a conversation this transaction created, never queued (nothing to release).
  const released = await releaseConversations(trx, list.filter((c) => c.state.status === 'resolved' && c.queuedBefore !== false).map((c) => c.conversationId));
  if (released || (await queueConversations(trx, queued))) await jobs.enqueueAllocation(trx, workspaceId);
}

interface ChannelAgent extends AgentState {
  chatwootAgentId: number | null;
}

/**
 * The division's agents on one channel: for Chatwoot, the division's users that a Chatwoot agent of the
 * channel is credited to, with that agent's availability; for an events-API inbox, every user of the
 * division with the availability the inbox reported (online until it says otherwise), through the
 * inbox's own assignment.
 */
export async function channelAgents(db: Db, workspaceId: string, division: DivisionAllocationRow, channelId: string, isChatwoot: boolean): Promise<Omit<ChannelAgent, 'openByChannel'>[]> {
  const members = new Set(division.agentIds);
  if (!isChatwoot) {
    // What the inbox reported (PUT /api/v1/agents/:id/availability); never reported: online.
    const reported = await reportedAvailability(db, [...members]);
    return [...members].map((key) => ({ key, availability: reported.get(key) ?? 'online', chatwootAgentId: null }));
  }
  const out = new Map<string, Omit<ChannelAgent, 'openByChannel'>>();
  const availability = await channelAgentAvailability(db, channelId);
  for (const a of await listAgents(db, workspaceId, channelId)) {
    if (!a.user || !members.has(a.user.id)) continue;
    const status = availability.get(a.agentId) ?? 'offline';
    const seen = out.get(a.user.id);
    if (!seen || (seen.availability !== 'online' && status === 'online')) out.set(a.user.id, { key: a.user.id, availability: status, chatwootAgentId: a.agentId });
  }
  return [...out.values()];
}

const reasonText = (reason: 'allocated' | 'idle', waitedMinutes?: number | null) =>
  reason === 'allocated' ? 'Auto allocation: an available agent under the workload limit.' : `Idle rule: the customer waited more than ${waitedMinutes} minutes without an agent's reply.`;

/** One division's round in the workspace's deciding transaction; returns the assignments made. */
async function divisionRound(trx: Db, deps: AllocationDeps, workspaceId: string, division: DivisionAllocationRow, now: Date): Promise<number> {
  const waiting = await allocatedConversations(trx, division.divisionId, 'waiting');
  const assigned = division.idleMinutes !== null ? await allocatedConversations(trx, division.divisionId, 'assigned') : [];
  const idle = assigned.filter((c) => c.userId !== null && c.assignedAt !== null && isIdle({ messages: c.waitingSince ? [{ at: c.waitingSince, sender: 'customer' }] : [], assignedAt: c.assignedAt, idleMinutes: division.idleMinutes!, now }));
  if (!waiting.length && !idle.length) return 0;
  // The conversations the round may assign, locked in id order as intake locks them (no deadlock), then
  // read again: one resolved meanwhile is no longer allocated.
  const locked = await lockConversationsById(trx, [...waiting, ...idle].map((c) => c.conversationId));
  const stillWaiting = (await allocatedConversations(trx, division.divisionId, 'waiting')).filter((c) => locked.has(c.conversationId));
  const stillIdle = new Set((division.idleMinutes !== null ? await allocatedConversations(trx, division.divisionId, 'assigned') : []).map((c) => `${c.conversationId}:${c.userId}`));
  const idleNow = idle.filter((c) => stillIdle.has(`${c.conversationId}:${c.userId}`));
  let lastKey = division.lastUserId;
  let made = 0;
  const channelIds = [...new Set([...stillWaiting, ...idleNow].map((c) => c.channelId))].sort();
  for (const channelId of channelIds) {
    const channel = await getChannel(trx, workspaceId, channelId);
    if (!channel) continue;
    const agents = await channelAgents(trx, workspaceId, division, channelId, channel.type === 'chatwoot');
    const counts = await openChats(trx, workspaceId, agents.map((a) => a.key));
    const byKey = new Map(agents.map((a) => [a.key, a]));
    const inChannel = <T extends { channelId: string }>(xs: T[]) => xs.filter((c) => c.channelId === channelId);
    const plan = planRound({
      settings: division,
      agents: agents.map((a) => ({ ...a, openByChannel: counts.get(a.key) ?? new Map() })),
      waiting: inChannel(stillWaiting).map((c): WaitingConversation => ({ id: c.conversationId, channelId })),
      idle: inChannel(idleNow).filter((c) => byKey.has(c.userId!)).map((c): IdleCandidate => ({ id: c.conversationId, channelId, agentKey: c.userId! })),
      lastKey,
    });
    lastKey = plan.lastKey;
    for (const a of plan.assignments) {
      const agent = byKey.get(a.agentKey)!;
      await recordAssignment(trx, { workspaceId, conversationId: a.conversationId, divisionId: division.divisionId, channelId, userId: agent.key, chatwootAgentId: agent.chatwootAgentId }, now);
      await enqueueInboxAction(trx, deps.jobs, {
        workspaceId,
        conversationId: a.conversationId,
        kind: 'assign',
        payload: { assigneeUserId: agent.key, chatwootAgentId: agent.chatwootAgentId, chatwootTeamId: division.chatwootTeamId },
        source: a.reason === 'idle' ? 'idle_rule' : 'allocation',
        reason: reasonText(a.reason, division.idleMinutes),
      });
      made++;
    }
  }
  if (lastKey !== division.lastUserId) await setRoundRobinCursor(trx, division.divisionId, lastKey);
  return made;
}

/** Reads Chatwoot's agents list of each channel whose reading is older than the limit (failures: kept as they were). */
export async function refreshAvailability(deps: AllocationDeps, workspaceId: string, channelIds: readonly string[], maxAgeMs: number, now = new Date()): Promise<void> {
  for (const channelId of channelIds) {
    const channel = await getChannel(deps.db, workspaceId, channelId);
    if (channel?.type !== 'chatwoot') continue;
    const at = await availabilityReadAt(deps.db, channelId);
    if (at && now.getTime() - at.getTime() < maxAgeMs) continue;
    const ctx = await channelContext(deps.db, deps.keys, channelId, deps.publicUrl);
    const r = ctx ? await readChatwootAgents(ctx).catch(() => null) : null;
    if (r?.ok) await saveAvailability(deps.db, channelId, r.agents, now);
  }
}

/** An allocation round of a workspace: every division with auto allocation on; the assignments made. */
export async function runAllocation(deps: AllocationDeps, workspaceId: string, opts: { availabilityMaxAgeMs?: number; now?: Date } = {}): Promise<number> {
  const divisions = (await listAllocationSettings(deps.db, workspaceId)).filter((d) => d.enabled);
  if (!divisions.length) return 0;
  await refreshAvailability(deps, workspaceId, [...new Set(divisions.flatMap((d) => d.channelIds))], opts.availabilityMaxAgeMs ?? AVAILABILITY_MAX_AGE_MS);
  return deps.db.transaction().execute(async (trx) => {
    await lockWorkspaceAllocation(trx, workspaceId);
    // Settings read under the lock: the round-robin cursor the previous round left.
    const current = (await listAllocationSettings(trx, workspaceId)).filter((d) => d.enabled);
    let made = 0;
    for (const d of current) made += await divisionRound(trx, deps, workspaceId, d, opts.now ?? new Date());
    return made;
  });
}

/**
 * The periodic sweep, one process at a time: every workspace with auto allocation on gets a round
 * (availability read again, so an agent coming online takes the waiting conversations; idle rule).
 */
export async function sweepAllocation(deps: AllocationDeps): Promise<number> {
  const workspaces = await deps.db.transaction().execute(async (trx) => {
    if (!(await tryLockSweep(trx))) return [];
    const ids = await allocatingWorkspaces(trx);
    for (const id of ids) await deps.jobs.enqueueAllocation(trx, id);
    return ids;
  });
  return workspaces.length;
}
