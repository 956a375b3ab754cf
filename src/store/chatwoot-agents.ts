/**
 * Chatwoot agents per channel and the nilai user each is credited to: the user an admin mapped it to,
 * else the user with the agent's email (remembered from its own messages, since an assignee carries
 * none), else the only user with its name.
 */
import { sql } from 'kysely';
import type { ChatwootAgentRef } from '../channels/inbound.js';
import type { Db } from './db.js';

export type AgentMatch = 'mapped' | 'email' | 'name';

export interface ChatwootAgent {
  agentId: number;
  name: string | null;
  email: string | null;
  lastSeenAt: string | null;
  /** The mapping an admin set (null: matched by email or name, or not at all). */
  mappedUserId: string | null;
  /** Who the agent's conversations are credited to, and how; null when nobody matches (map it). */
  user: { id: string; name: string } | null;
  match: AgentMatch | null;
}

/** Records the agents a webhook names; a name or email once seen is kept when a later payload lacks it. */
export async function rememberAgents(db: Db, channelId: string, agents: readonly ChatwootAgentRef[], at = new Date()): Promise<void> {
  const byId = new Map<number, ChatwootAgentRef>();
  for (const a of agents) {
    const seen = byId.get(a.agentId);
    byId.set(a.agentId, { agentId: a.agentId, name: seen?.name ?? a.name, email: seen?.email ?? a.email });
  }
  const unique = [...byId.values()];
  if (!unique.length) return;
  await db.insertInto('chatwoot_agents')
    .values(unique.map((a) => ({ channel_id: channelId, agent_id: a.agentId, name: a.name?.slice(0, 200) ?? null, email: a.email?.slice(0, 254) ?? null, last_seen_at: at })))
    .onConflict((oc) => oc.columns(['channel_id', 'agent_id']).doUpdateSet({
      name: sql`coalesce(excluded.name, chatwoot_agents.name)`,
      email: sql`coalesce(excluded.email, chatwoot_agents.email)`,
      last_seen_at: sql`greatest(excluded.last_seen_at, chatwoot_agents.last_seen_at)`,
    }))
    .execute();
}

/** Maps (or with null unmaps) a Chatwoot agent id to a nilai user; the agent need not have been seen yet. */
export async function mapAgent(db: Db, channelId: string, agentId: number, userId: string | null): Promise<void> {
  await db.insertInto('chatwoot_agents')
    .values({ channel_id: channelId, agent_id: agentId, user_id: userId })
    .onConflict((oc) => oc.columns(['channel_id', 'agent_id']).doUpdateSet({ user_id: userId }))
    .execute();
}

function agentsWithUsers(db: Db, workspaceId: string, channelId: string) {
  return db.selectFrom('chatwoot_agents as a')
    .leftJoin('users as m', (j) => j.onRef('m.id', '=', 'a.user_id').on('m.workspace_id', '=', workspaceId))
    .leftJoin('users as e', (j) => j.onRef('e.email', '=', 'a.email').on('e.workspace_id', '=', workspaceId))
    .leftJoinLateral(
      (eb) => eb.selectFrom('users as n')
        .select([sql<string>`min(n.id::text)`.as('id'), sql<string>`min(n.name)`.as('name')])
        .where('n.workspace_id', '=', workspaceId)
        .where(sql<boolean>`lower(n.name) = lower(a.name)`)
        .having(sql`count(*)`, '=', 1)
        .as('n'),
      (j) => j.onTrue(),
    )
    .select(['a.agent_id', 'a.name', 'a.email', 'a.last_seen_at', 'a.user_id', 'm.id as m_id', 'm.name as m_name', 'e.id as e_id', 'e.name as e_name', 'n.id as n_id', 'n.name as n_name'])
    .where('a.channel_id', '=', channelId);
}

type Row = Awaited<ReturnType<ReturnType<typeof agentsWithUsers>['execute']>>[number];
function toAgent(r: Row): ChatwootAgent {
  const [user, match]: [ChatwootAgent['user'], AgentMatch | null] = r.m_id ? [{ id: r.m_id, name: r.m_name! }, 'mapped']
    : r.e_id ? [{ id: r.e_id, name: r.e_name! }, 'email']
    : r.n_id ? [{ id: r.n_id, name: r.n_name! }, 'name']
    : [null, null];
  return { agentId: r.agent_id, name: r.name, email: r.email, lastSeenAt: r.last_seen_at?.toISOString() ?? null, mappedUserId: r.m_id ?? null, user, match };
}

/** Every agent of the channel with who it is credited to; unmatched ones first, then by name. */
export async function listAgents(db: Db, workspaceId: string, channelId: string): Promise<ChatwootAgent[]> {
  const rows = (await agentsWithUsers(db, workspaceId, channelId).execute()).map(toAgent);
  return rows.sort((a, b) => Number(a.user !== null) - Number(b.user !== null) || (a.name ?? '').localeCompare(b.name ?? '') || a.agentId - b.agentId);
}

/** The nilai user each of these agents is credited to (null: nobody matches). */
export async function creditedUsers(db: Db, workspaceId: string, channelId: string, agentIds: readonly number[]): Promise<Map<number, string | null>> {
  if (!agentIds.length) return new Map();
  const rows = await agentsWithUsers(db, workspaceId, channelId).where('a.agent_id', 'in', [...agentIds]).execute();
  return new Map(rows.map((r) => [r.agent_id, toAgent(r).user?.id ?? null]));
}
