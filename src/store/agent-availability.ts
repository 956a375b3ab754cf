/** Agents' availability as an events-API inbox reports it (Chatwoot's is in chatwoot_agents). */
import type { Availability } from '../domain/allocation/choose-agent.js';
import type { Db } from './db.js';

export async function setAgentAvailability(db: Db, workspaceId: string, userId: string, availability: Availability, at = new Date()): Promise<{ availability: Availability; updatedAt: string }> {
  const r = await db.insertInto('agent_availability')
    .values({ user_id: userId, workspace_id: workspaceId, availability, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ availability, updated_at: at }))
    .returning(['availability', 'updated_at'])
    .executeTakeFirstOrThrow();
  return { availability: r.availability, updatedAt: r.updated_at.toISOString() };
}

/** The availability reported for these users; users never reported are left out. */
export async function reportedAvailability(db: Db, userIds: readonly string[]): Promise<Map<string, Availability>> {
  if (!userIds.length) return new Map();
  const rows = await db.selectFrom('agent_availability').select(['user_id', 'availability']).where('user_id', 'in', [...userIds]).execute();
  return new Map(rows.map((r) => [r.user_id, r.availability]));
}
