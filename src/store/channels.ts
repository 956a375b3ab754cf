import { AppError } from '../domain/errors.js';
import type { Db } from './db.js';
import { onUnique } from './pg-errors.js';
import type { ChannelType } from './types.js';

export interface Channel {
  id: string;
  name: string;
  type: ChannelType;
  createdAt: string;
  updatedAt: string;
}

const columns = ['id', 'name', 'type', 'created_at', 'updated_at'] as const;
type Row = { id: string; name: string; type: ChannelType; created_at: Date; updated_at: Date };
const toChannel = (r: Row): Channel => ({ id: r.id, name: r.name, type: r.type, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() });
const nameTaken = (name: string) => new AppError('conflict', `A channel named "${name}" already exists.`, [{ path: 'name', message: 'This name is already used.' }]);

const live = (db: Db, workspaceId: string) =>
  db.selectFrom('channels').select(columns).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null);

export async function listChannels(db: Db, workspaceId: string): Promise<Channel[]> {
  return (await live(db, workspaceId).orderBy('name').execute()).map(toChannel);
}

export async function getChannel(db: Db, workspaceId: string, id: string): Promise<Channel | null> {
  const r = await live(db, workspaceId).where('id', '=', id).executeTakeFirst();
  return r ? toChannel(r) : null;
}

export async function liveChannelIds(db: Db, workspaceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('channels').select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

export async function createChannel(db: Db, workspaceId: string, input: { name: string; type: ChannelType }): Promise<Channel> {
  const name = input.name.trim();
  const r = await onUnique(
    () => db.insertInto('channels').values({ workspace_id: workspaceId, name, type: input.type }).returning(columns).executeTakeFirstOrThrow(),
    () => nameTaken(name),
  );
  return toChannel(r);
}

export async function renameChannel(db: Db, workspaceId: string, id: string, name: string): Promise<Channel | null> {
  const trimmed = name.trim();
  const r = await onUnique(
    () =>
      db.updateTable('channels').set({ name: trimmed, updated_at: new Date() })
        .where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null)
        .returning(columns).executeTakeFirst(),
    () => nameTaken(trimmed),
  );
  return r ? toChannel(r) : null;
}

/**
 * Archives a channel (kept for the history of its conversations and responses) and removes it from
 * divisions. The caller checks first that no settings in force still select it.
 */
export async function archiveChannel(db: Db, workspaceId: string, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('channels').set({ deleted_at: new Date() })
      .where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    await trx.deleteFrom('division_channels').where('channel_id', '=', id).execute();
    return r.numUpdatedRows > 0n;
  });
}
