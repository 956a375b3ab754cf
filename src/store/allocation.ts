/**
 * Agent allocation: per-division settings, the conversations nilai allocates (waiting or assigned), open
 * chats per agent, Chatwoot availability, and the assignments sent to Chatwoot (outbox and log).
 */
import { sql } from 'kysely';
import { DEFAULT_ALLOCATION, type DivisionAllocation } from '../domain/allocation/settings.js';
import type { Availability } from '../domain/allocation/choose-agent.js';
import type { Db } from './db.js';

export interface DivisionAllocationRow extends DivisionAllocation {
  divisionId: string;
  divisionName: string;
  /** The division's nilai users (the agents allocation chooses among) and channels. */
  agentIds: string[];
  channelIds: string[];
  lastUserId: string | null;
}

const toSettings = (r: { enabled: boolean | null; method: DivisionAllocation['method'] | null; workload_limit: number | null; workload_scope: DivisionAllocation['workloadScope'] | null; takeover_allowed: boolean | null; reassign_allowed: boolean | null; idle_minutes: number | null; chatwoot_team_id: number | null; chatwoot_inbox_ids: number[] | null }): DivisionAllocation => ({
  enabled: r.enabled ?? DEFAULT_ALLOCATION.enabled,
  method: r.method ?? DEFAULT_ALLOCATION.method,
  workloadLimit: r.workload_limit,
  workloadScope: r.workload_scope ?? DEFAULT_ALLOCATION.workloadScope,
  takeoverAllowed: r.takeover_allowed ?? DEFAULT_ALLOCATION.takeoverAllowed,
  reassignAllowed: r.reassign_allowed ?? DEFAULT_ALLOCATION.reassignAllowed,
  idleMinutes: r.idle_minutes,
  chatwootTeamId: r.chatwoot_team_id,
  chatwootInboxIds: [...(r.chatwoot_inbox_ids ?? [])].sort((a, b) => a - b),
});

/** Every division of the workspace with its allocation settings (defaults where none were saved), by name. */
export async function listAllocationSettings(db: Db, workspaceId: string): Promise<DivisionAllocationRow[]> {
  const rows = await db.selectFrom('divisions as d')
    .leftJoin('allocation_settings as s', 's.division_id', 'd.id')
    .select((eb) => [
      'd.id', 'd.name', 's.enabled', 's.method', 's.workload_limit', 's.workload_scope', 's.takeover_allowed', 's.reassign_allowed', 's.idle_minutes', 's.chatwoot_team_id', 's.chatwoot_inbox_ids', 's.last_user_id',
      eb.fn.coalesce(eb.selectFrom('division_agents as a').select((e) => e.fn.agg<string[]>('array_agg', ['a.user_id']).as('x')).whereRef('a.division_id', '=', 'd.id'), eb.val<string[]>([])).as('agent_ids'),
      eb.fn.coalesce(eb.selectFrom('division_channels as c').select((e) => e.fn.agg<string[]>('array_agg', ['c.channel_id']).as('x')).whereRef('c.division_id', '=', 'd.id'), eb.val<string[]>([])).as('channel_ids'),
    ])
    .where('d.workspace_id', '=', workspaceId)
    .orderBy('d.name').orderBy('d.id')
    .execute();
  return rows.map((r) => ({ divisionId: r.id, divisionName: r.name, ...toSettings(r), agentIds: [...(r.agent_ids ?? [])].sort(), channelIds: [...(r.channel_ids ?? [])].sort(), lastUserId: r.last_user_id }));
}

/** Saves the settings of these divisions (already checked to be the workspace's); the others stay. */
export async function saveAllocationSettings(db: Db, workspaceId: string, items: readonly (Omit<DivisionAllocation, 'chatwootInboxIds'> & { divisionId: string; chatwootInboxIds?: number[] })[]): Promise<void> {
  if (!items.length) return;
  await db.insertInto('allocation_settings')
    .values(items.map((s) => ({
      division_id: s.divisionId, workspace_id: workspaceId, enabled: s.enabled, method: s.method, workload_limit: s.workloadLimit, workload_scope: s.workloadScope,
      takeover_allowed: s.takeoverAllowed, reassign_allowed: s.reassignAllowed, idle_minutes: s.idleMinutes, chatwoot_team_id: s.chatwootTeamId,
      chatwoot_inbox_ids: s.chatwootInboxIds ? [...new Set(s.chatwootInboxIds)] : null, updated_at: new Date(),
    })))
    .onConflict((oc) => oc.column('division_id').doUpdateSet((eb) => ({
      enabled: eb.ref('excluded.enabled'), method: eb.ref('excluded.method'), workload_limit: eb.ref('excluded.workload_limit'), workload_scope: eb.ref('excluded.workload_scope'),
      takeover_allowed: eb.ref('excluded.takeover_allowed'), reassign_allowed: eb.ref('excluded.reassign_allowed'), idle_minutes: eb.ref('excluded.idle_minutes'),
      chatwoot_team_id: eb.ref('excluded.chatwoot_team_id'), updated_at: eb.ref('excluded.updated_at'),
      chatwoot_inbox_ids: sql<number[] | null>`coalesce(excluded.chatwoot_inbox_ids, allocation_settings.chatwoot_inbox_ids)`,
    })))
    .execute();
}

/**
 * The workspace's divisions with auto allocation on, by name, each with its channels: the division that
 * allocates a conversation is chosen from them (services/intake-reads allocatingDivisionOf).
 */
export async function allocatingDivisions(db: Db, workspaceId: string): Promise<{ divisionId: string; channelIds: string[] }[]> {
  const rows = await db.selectFrom('allocation_settings as s')
    .innerJoin('divisions as d', 'd.id', 's.division_id')
    .select(['s.division_id', sql<string[]>`array(select c.channel_id from division_channels c where c.division_id = s.division_id)`.as('channel_ids')])
    .where('s.workspace_id', '=', workspaceId).where('s.enabled', '=', true)
    .orderBy('d.name').orderBy('s.division_id')
    .execute();
  return rows.map((r) => ({ divisionId: r.division_id, channelIds: r.channel_ids }));
}

/** The division a Chatwoot inbox is mapped to (Agent management), whether or not it allocates; null: none. */
export async function divisionOfChatwootInbox(db: Db, workspaceId: string, inboxId: number): Promise<string | null> {
  const r = await db.selectFrom('allocation_settings').select('division_id')
    .where('workspace_id', '=', workspaceId).where(sql<boolean>`chatwoot_inbox_ids @> array[${inboxId}]::integer[]`)
    .orderBy('division_id').limit(1).executeTakeFirst();
  return r?.division_id ?? null;
}

/** Every allocation decision of a workspace is taken under this lock (held to the commit). */
export async function lockWorkspaceAllocation(trx: Db, workspaceId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`nilai-allocation:${workspaceId}`}, 0))`.execute(trx);
}

/** Only one process sweeps at a time: true when this transaction got the sweep (held to the commit). */
export async function tryLockSweep(trx: Db): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended('nilai-allocation-sweep', 0)) as ok`.execute(trx);
  return r.rows[0]?.ok === true;
}

/** Queues a conversation for an agent; false when it is already allocated (waiting or assigned). */
/** Queues conversations for allocation (those queued already stay as they are); true when one was new. */
export async function queueConversations(db: Db, rows: { workspaceId: string; conversationId: string; divisionId: string; channelId: string }[]): Promise<boolean> {
  if (!rows.length) return false;
  const r = await db.insertInto('conversation_allocations')
    .values(rows.map((row) => ({ conversation_id: row.conversationId, workspace_id: row.workspaceId, division_id: row.divisionId, channel_id: row.channelId, status: 'waiting' as const })))
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .executeTakeFirst();
  return (r.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Ends the allocation of conversations (resolved): true when one of them held an agent's slot. */
export async function releaseConversations(db: Db, conversationIds: string[]): Promise<boolean> {
  if (!conversationIds.length) return false;
  const rows = await db.deleteFrom('conversation_allocations').where('conversation_id', 'in', conversationIds).returning('status').execute();
  return rows.some((r) => r.status === 'assigned');
}

export interface AllocatedConversation {
  conversationId: string;
  externalId: string;
  channelId: string;
  userId: string | null;
  assignedAt: string | null;
  /** The customer's first message since the last agent message (null: nobody waits). */
  waitingSince: string | null;
}

/** A division's allocated open conversations of one status, oldest queued first. */
export async function allocatedConversations(db: Db, divisionId: string, status: 'waiting' | 'assigned'): Promise<AllocatedConversation[]> {
  const rows = await db.selectFrom('conversation_allocations as a')
    .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
    .select(['a.conversation_id', 'c.external_id', 'a.channel_id', 'a.user_id', 'a.assigned_at', 'c.customer_waiting_since'])
    .where('a.division_id', '=', divisionId).where('a.status', '=', status).where('c.status', '=', 'open')
    .orderBy('a.queued_at').orderBy('a.conversation_id')
    .execute();
  return rows.map((r) => ({ conversationId: r.conversation_id, externalId: r.external_id, channelId: r.channel_id, userId: r.user_id, assignedAt: r.assigned_at?.toISOString() ?? null, waitingSince: r.customer_waiting_since?.toISOString() ?? null }));
}

/**
 * Open chats per user and channel: the user nilai assigned, else the conversation's agent as the inbox
 * reports it. Conversations waiting for an agent count for nobody.
 */
export async function openChats(db: Db, workspaceId: string, userIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>(userIds.map((u) => [u, new Map()]));
  if (!userIds.length) return out;
  const owner = sql<string>`coalesce(a.user_id, c.agent_id)`;
  const rows = await db.selectFrom('conversations as c')
    .leftJoin('conversation_allocations as a', 'a.conversation_id', 'c.id')
    .select([owner.as('user_id'), 'c.channel_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('c.workspace_id', '=', workspaceId).where('c.status', '=', 'open')
    .where((eb) => eb.or([eb('a.status', 'is', null), eb('a.status', '=', 'assigned')]))
    .where(owner, 'in', [...userIds])
    .groupBy([owner, 'c.channel_id'])
    .execute();
  for (const r of rows) out.get(r.user_id)?.set(r.channel_id, Number(r.n));
  return out;
}

/** The Chatwoot agents of a channel with their availability as last read from Chatwoot (never read: offline). */
export async function channelAgentAvailability(db: Db, channelId: string): Promise<Map<number, Availability>> {
  const rows = await db.selectFrom('chatwoot_agents').select(['agent_id', 'availability']).where('channel_id', '=', channelId).execute();
  return new Map(rows.map((r) => [r.agent_id, r.availability ?? 'offline']));
}

/** Workspaces with auto allocation on in some division. */
export async function allocatingWorkspaces(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('allocation_settings').select('workspace_id').distinct().where('enabled', '=', true).execute();
  return rows.map((r) => r.workspace_id);
}

/** When the channel's availability was last read (null: never). */
export async function availabilityReadAt(db: Db, channelId: string): Promise<Date | null> {
  const r = await db.selectFrom('chatwoot_agents').select((eb) => eb.fn.max('availability_at').as('at')).where('channel_id', '=', channelId).executeTakeFirst();
  return (r?.at as Date | null) ?? null;
}

/** Records Chatwoot's agents list: each agent's availability, name and email; agents left out are offline. */
export async function saveAvailability(db: Db, channelId: string, agents: readonly { agentId: number; name: string | null; email: string | null; availability: Availability }[], at = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (agents.length) {
      await trx.insertInto('chatwoot_agents')
        .values(agents.map((a) => ({ channel_id: channelId, agent_id: a.agentId, name: a.name?.slice(0, 200) ?? null, email: a.email?.slice(0, 254) ?? null, availability: a.availability, availability_at: at })))
        .onConflict((oc) => oc.columns(['channel_id', 'agent_id']).doUpdateSet({
          name: sql`coalesce(excluded.name, chatwoot_agents.name)`,
          email: sql`coalesce(excluded.email, chatwoot_agents.email)`,
          availability: sql`excluded.availability`,
          availability_at: sql`excluded.availability_at`,
        }))
        .execute();
    }
    await trx.updateTable('chatwoot_agents').set({ availability: 'offline', availability_at: at })
      .where('channel_id', '=', channelId)
      .where((eb) => (agents.length ? eb('agent_id', 'not in', agents.map((a) => a.agentId)) : eb.val(true)))
      .execute();
  });
}

/**
 * One agent's availability as a webhook told it (the conversation's assignee), unless the agents list
 * was read after that webhook arrived. It leaves `availability_at` (when the list was last read) alone,
 * so polling goes on at its interval.
 */
export async function noteAgentAvailability(db: Db, channelId: string, agentId: number, availability: Availability, at: Date): Promise<void> {
  await db.updateTable('chatwoot_agents').set({ availability })
    .where('channel_id', '=', channelId).where('agent_id', '=', agentId)
    .where((eb) => eb.or([eb('availability_at', 'is', null), eb('availability_at', '<', at)]))
    .execute();
}

export async function setRoundRobinCursor(db: Db, divisionId: string, userId: string | null): Promise<void> {
  await db.updateTable('allocation_settings').set({ last_user_id: userId }).where('division_id', '=', divisionId).execute();
}

/** Marks the conversation assigned to a user through a Chatwoot agent (null: an events-API inbox's own agent). */
export async function recordAssignment(db: Db, a: { workspaceId: string; conversationId: string; divisionId: string; channelId: string; userId: string; chatwootAgentId: number | null }, at = new Date()): Promise<void> {
  const assigned = { status: 'assigned' as const, user_id: a.userId, chatwoot_agent_id: a.chatwootAgentId, assigned_at: at };
  await db.insertInto('conversation_allocations')
    .values({ conversation_id: a.conversationId, workspace_id: a.workspaceId, division_id: a.divisionId, channel_id: a.channelId, ...assigned })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet(assigned))
    .execute();
}

/** The allocation row of a conversation (null: nilai has not allocated it). */
export async function conversationAllocation(db: Db, conversationId: string) {
  return (await db.selectFrom('conversation_allocations').select(['division_id', 'status', 'user_id']).where('conversation_id', '=', conversationId).executeTakeFirst()) ?? null;
}
