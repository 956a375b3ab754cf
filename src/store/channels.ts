import type { ChannelConfig } from '../domain/channels/config.js';
import { sharedInFlight } from '../lib/in-flight.js';
import { AppError } from '../domain/errors.js';
import { prepared, type Db } from './db.js';
import { onUnique } from './pg-errors.js';
import type { ChannelType } from './types.js';

export interface Channel {
  id: string;
  name: string;
  type: ChannelType;
  config: ChannelConfig;
  /** Whether credentials are stored. */
  hasSecret: boolean;
  /** The credentials, encrypted (services decrypt and mask them; never sent as is). */
  secretEncrypted: string | null;
  createdAt: string;
  updatedAt: string;
}

const columns = ['id', 'name', 'type', 'config', 'secret_encrypted', 'created_at', 'updated_at'] as const;
type Row = { id: string; name: string; type: ChannelType; config: unknown; secret_encrypted: string | null; created_at: Date; updated_at: Date };
const toChannel = (r: Row): Channel => ({
  id: r.id,
  name: r.name,
  type: r.type,
  config: (r.config ?? {}) as ChannelConfig,
  hasSecret: r.secret_encrypted !== null,
  secretEncrypted: r.secret_encrypted,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
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

/** A channel with its encrypted secret, for adapters (archived channels included: history). */
const channelForSending = prepared('channel_for_sending', (db, id: string) => db.selectFrom('channels').select([...columns, 'workspace_id', 'deleted_at']).where('id', '=', id), ['']);

/** A channel by id alone (prepared: every provider webhook starts here; concurrent webhooks of a channel share one read, lib/in-flight). */
export async function getChannelForSending(db: Db, id: string) {
  const r = (await sharedInFlight(db, `channel:${id}`, () => channelForSending(db, id)))[0];
  return r ? { ...toChannel(r), workspaceId: r.workspace_id, archived: r.deleted_at !== null } : null;
}

const channelForWebhook = prepared('channel_for_webhook', (db, id: string) => db.selectFrom('channels').select([...columns, 'workspace_id', 'deleted_at', 'row_version']).where('id', '=', id), ['']);

/**
 * A channel by id with its row version (migration 0043), for the webhook routes' cache
 * (services/webhook-channels): prepared, and concurrent reads of a channel share one (lib/in-flight).
 */
export async function getChannelForWebhook(db: Db, id: string): Promise<{ channel: SendingChannelRow; version: number } | null> {
  const r = (await sharedInFlight(db, `channel-webhook:${id}`, () => channelForWebhook(db, id)))[0];
  return r ? { channel: { ...toChannel(r), workspaceId: r.workspace_id, archived: r.deleted_at !== null }, version: Number(r.row_version) } : null;
}

/** Several channels with their encrypted secrets, by id (one statement for a batch of sends). */
export async function getChannelsForSending(db: Db, ids: string[]): Promise<Map<string, SendingChannelRow>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('channels').select([...columns, 'workspace_id', 'deleted_at']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { ...toChannel(r), workspaceId: r.workspace_id, archived: r.deleted_at !== null }]));
}
export type SendingChannelRow = NonNullable<Awaited<ReturnType<typeof getChannelForSending>>>;

export async function liveChannelIds(db: Db, workspaceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('channels').select('id').where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).execute();
  return new Set(rows.map((r) => r.id));
}

export async function createChannel(db: Db, workspaceId: string, input: { name: string; type: ChannelType; config: ChannelConfig; secretEncrypted: string | null }): Promise<Channel> {
  const name = input.name.trim();
  const r = await onUnique(
    () =>
      db.insertInto('channels')
        .values({ workspace_id: workspaceId, name, type: input.type, config: JSON.stringify(input.config), secret_encrypted: input.secretEncrypted })
        .returning(columns).executeTakeFirstOrThrow(),
    () => nameTaken(name),
  );
  return toChannel(r);
}

export async function updateChannel(db: Db, workspaceId: string, id: string, patch: { name?: string; config?: ChannelConfig; secretEncrypted?: string }): Promise<Channel | null> {
  const name = patch.name?.trim();
  const r = await onUnique(
    () =>
      db.updateTable('channels')
        .set({
          ...(name !== undefined && { name }),
          ...(patch.config !== undefined && { config: JSON.stringify(patch.config) }),
          ...(patch.secretEncrypted !== undefined && { secret_encrypted: patch.secretEncrypted }),
          updated_at: new Date(),
        })
        .where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null)
        .returning(columns).executeTakeFirst(),
    () => nameTaken(name ?? ''),
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
