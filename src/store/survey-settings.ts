import { sql } from 'kysely';
import { AppError } from '../domain/errors.js';
import type { SurveySettings } from '../domain/settings/schema.js';
import type { Db } from './db.js';

export interface SettingsVersion {
  version: number;
  settings: SurveySettings;
  createdAt: string;
  createdBy: { userId: string | null; tokenId: string | null };
}

export interface Actor {
  userId: string | null;
  tokenId: string | null;
}

type Row = {
  version: number;
  settings: unknown;
  created_at: Date;
  created_by_user_id: string | null;
  created_by_token_id: string | null;
};

const toVersion = (r: Row): SettingsVersion => ({
  version: r.version,
  settings: r.settings as SurveySettings,
  createdAt: r.created_at.toISOString(),
  createdBy: { userId: r.created_by_user_id, tokenId: r.created_by_token_id },
});

const columns = ['version', 'settings', 'created_at', 'created_by_user_id', 'created_by_token_id'] as const;

/** The settings version in force for a workspace (every workspace has at least version 1). */
export async function getCurrentSettings(db: Db, workspaceId: string): Promise<SettingsVersion> {
  const row = await db
    .selectFrom('survey_settings_versions')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return toVersion(row);
}

// Versions never change once saved, so they can be kept in memory (bounded; oldest entries go first).
const versionCache = new Map<string, SettingsVersion>();
const VERSION_CACHE_MAX = 1000;

export async function getSettingsVersion(db: Db, workspaceId: string, version: number): Promise<SettingsVersion | null> {
  const key = `${workspaceId}:${version}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const found = await readSettingsVersion(db, workspaceId, version);
  if (found) {
    if (versionCache.size >= VERSION_CACHE_MAX) versionCache.delete(versionCache.keys().next().value!);
    versionCache.set(key, found);
  }
  return found;
}

async function readSettingsVersion(db: Db, workspaceId: string, version: number): Promise<SettingsVersion | null> {
  const row = await db
    .selectFrom('survey_settings_versions')
    .select(columns)
    .where('workspace_id', '=', workspaceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** History, newest first, with the name of the person who saved each version (null for API tokens). */
export async function listSettingsVersions(db: Db, workspaceId: string, limit: number, before?: number): Promise<(SettingsVersion & { createdBy: { name: string | null } })[]> {
  let q = db
    .selectFrom('survey_settings_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by_user_id')
    .select(['v.version', 'v.settings', 'v.created_at', 'v.created_by_user_id', 'v.created_by_token_id', 'u.name'])
    .where('v.workspace_id', '=', workspaceId);
  if (before !== undefined) q = q.where('v.version', '<', before);
  const rows = await q.orderBy('v.version', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const v = toVersion(r);
    return { ...v, createdBy: { ...v.createdBy, name: r.name } };
  });
}

/**
 * Saves settings as the next version. The workspace row is locked so concurrent saves get consecutive
 * versions; with `expectedVersion` a save based on an outdated version is refused (409) instead of
 * silently overwriting someone else's change.
 */
export async function saveSettingsVersion(
  db: Db,
  workspaceId: string,
  settings: SurveySettings,
  actor: Actor,
  expectedVersion?: number,
): Promise<SettingsVersion> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().executeTakeFirstOrThrow();
    const { max } = await trx
      .selectFrom('survey_settings_versions')
      .select(sql<number>`coalesce(max(version), 0)`.as('max'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    if (expectedVersion !== undefined && expectedVersion !== max) {
      throw new AppError('conflict', `The settings were changed since version ${expectedVersion}; the current version is ${max}. Reload and save again.`);
    }
    const row = await trx
      .insertInto('survey_settings_versions')
      .values({
        workspace_id: workspaceId,
        version: max + 1,
        settings: JSON.stringify(settings),
        created_by_user_id: actor.userId,
        created_by_token_id: actor.tokenId,
      })
      .returning(columns)
      .executeTakeFirstOrThrow();
    return toVersion(row);
  });
}
