import { AppError } from '../domain/errors.js';
import type { Db } from './db.js';
import { onUnique } from './pg-errors.js';

export interface Division {
  id: string;
  name: string;
  supervisorId: string | null;
  agentIds: string[];
  channelIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface DivisionFields {
  name: string;
  supervisorId: string | null;
  agentIds: string[];
  channelIds: string[];
}

const nameTaken = (name: string) => new AppError('conflict', `A division named "${name}" already exists.`, [{ path: 'name', message: 'This name is already used.' }]);

function baseQuery(db: Db, workspaceId: string) {
  return db
    .selectFrom('divisions as d')
    .select((eb) => [
      'd.id', 'd.name', 'd.supervisor_id', 'd.created_at', 'd.updated_at',
      eb.fn.coalesce(eb.selectFrom('division_agents as a').select((e) => e.fn.agg<string[]>('array_agg', ['a.user_id']).as('x')).whereRef('a.division_id', '=', 'd.id'), eb.val<string[]>([])).as('agent_ids'),
      eb.fn.coalesce(eb.selectFrom('division_channels as c').select((e) => e.fn.agg<string[]>('array_agg', ['c.channel_id']).as('x')).whereRef('c.division_id', '=', 'd.id'), eb.val<string[]>([])).as('channel_ids'),
    ])
    .where('d.workspace_id', '=', workspaceId);
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const toDivision = (r: Row): Division => ({
  id: r.id,
  name: r.name,
  supervisorId: r.supervisor_id,
  agentIds: [...(r.agent_ids ?? [])].sort(),
  channelIds: [...(r.channel_ids ?? [])].sort(),
  createdAt: r.created_at.toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listDivisions(db: Db, workspaceId: string): Promise<Division[]> {
  return (await baseQuery(db, workspaceId).orderBy('d.name').execute()).map(toDivision);
}

export async function getDivision(db: Db, workspaceId: string, id: string): Promise<Division | null> {
  const r = await baseQuery(db, workspaceId).where('d.id', '=', id).executeTakeFirst();
  return r ? toDivision(r) : null;
}

/** Inserts or replaces a division with its members (ids already checked to belong to the workspace). */
export async function saveDivision(db: Db, workspaceId: string, id: string | null, f: DivisionFields): Promise<Division | null> {
  const name = f.name.trim();
  const savedId = await onUnique(
    () =>
      db.transaction().execute(async (trx) => {
        let divisionId: string;
        if (id === null) {
          divisionId = (await trx.insertInto('divisions').values({ workspace_id: workspaceId, name, supervisor_id: f.supervisorId }).returning('id').executeTakeFirstOrThrow()).id;
        } else {
          const r = await trx.updateTable('divisions').set({ name, supervisor_id: f.supervisorId, updated_at: new Date() })
            .where('workspace_id', '=', workspaceId).where('id', '=', id).returning('id').executeTakeFirst();
          if (!r) return null;
          divisionId = r.id;
          await trx.deleteFrom('division_agents').where('division_id', '=', divisionId).execute();
          await trx.deleteFrom('division_channels').where('division_id', '=', divisionId).execute();
        }
        const agents = [...new Set(f.agentIds)];
        const channels = [...new Set(f.channelIds)];
        if (agents.length) await trx.insertInto('division_agents').values(agents.map((user_id) => ({ division_id: divisionId, user_id }))).execute();
        if (channels.length) await trx.insertInto('division_channels').values(channels.map((channel_id) => ({ division_id: divisionId, channel_id }))).execute();
        return divisionId;
      }),
    () => nameTaken(name),
  );
  return savedId ? getDivision(db, workspaceId, savedId) : null;
}

export async function deleteDivision(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('divisions').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Which of `ids` are users of this workspace. */
export async function existingUserIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('users').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of `ids` are divisions of this workspace. */
export async function existingDivisionIds(db: Db, workspaceId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('divisions').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}
