import { defaultSurveySettings } from '../domain/settings/defaults.js';
import { AppError } from '../domain/errors.js';
import { sql } from 'kysely';
import { BatchedReads } from './batched-reads.js';
import { prepared, type Db } from './db.js';
import { onUnique } from './pg-errors.js';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  /** The report rollups are being rebuilt (after a time-zone change). */
  reportsRebuilding: boolean;
  /** Loaded by `nilai demo`: never picked by default by the CLI, and not the first-run workspace. */
  demo: boolean;
}

const COLUMNS = ['id', 'slug', 'name', 'time_zone', 'rollups_rebuild_requested_at', 'demo'] as const;
const toWorkspace = (r: { id: string; slug: string; name: string; time_zone: string; rollups_rebuild_requested_at: Date | null; demo: boolean }): Workspace => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  timeZone: r.time_zone,
  reportsRebuilding: r.rollups_rebuild_requested_at !== null,
  demo: r.demo,
});

/** Creates a workspace together with its first settings version (the defaults). */
export async function createWorkspace(db: Db, input: { slug: string; name: string; demo?: boolean }): Promise<Workspace> {
  return onUnique(
    () =>
      db.transaction().execute(async (trx) => {
        const ws = await trx
          .insertInto('workspaces')
          .values({ slug: input.slug, name: input.name, demo: input.demo ?? false })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('survey_settings_versions')
          .values({ workspace_id: ws.id, version: 1, settings: JSON.stringify(defaultSurveySettings()), created_by_user_id: null, created_by_token_id: null })
          .execute();
        return toWorkspace(ws);
      }),
    () => new AppError('conflict', `A workspace with the slug "${input.slug}" already exists.`),
  );
}

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<Workspace | null> {
  const r = await db.selectFrom('workspaces').select(COLUMNS).where('slug', '=', slug).executeTakeFirst();
  return r ? toWorkspace(r) : null;
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace> {
  return toWorkspace(await db.selectFrom('workspaces').select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow());
}

export async function countWorkspaces(db: Db): Promise<number> {
  const r = await db.selectFrom('workspaces').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  const rows = await db.selectFrom('workspaces').select(COLUMNS).orderBy('created_at').execute();
  return rows.map(toWorkspace);
}

/**
 * Renames a workspace or changes its time zone. A new time zone moves facts between report days: the
 * rebuild is requested here and done by a job (`rebuildRequested` says whether to queue it).
 */
export async function updateWorkspace(db: Db, id: string, patch: { name?: string; timeZone?: string }): Promise<{ workspace: Workspace; rebuildRequested: boolean }> {
  const before = await getWorkspace(db, id);
  const zoneChanged = patch.timeZone !== undefined && patch.timeZone !== before.timeZone;
  const changes = { ...(patch.name && { name: patch.name }), ...(zoneChanged && { time_zone: patch.timeZone, rollups_rebuild_requested_at: new Date() }) };
  // Nothing to change (`{}`, or the same time zone again): an UPDATE with an empty SET is not SQL.
  if (!Object.keys(changes).length) return { workspace: before, rebuildRequested: false };
  const row = await db.updateTable('workspaces').set(changes).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
  return { workspace: toWorkspace(row), rebuildRequested: zoneChanged };
}

/** Ends a rebuild request, unless another time-zone change asked again after `requestedBefore`. */
export async function finishRollupRebuild(db: Db, id: string, requestedBefore: Date): Promise<void> {
  await db.updateTable('workspaces').set({ rollups_rebuild_requested_at: null })
    .where('id', '=', id).where('rollups_rebuild_requested_at', '<=', requestedBefore).execute();
}

const configVersions = prepared('config_versions', (db, ids: string[]) => db
  .selectFrom('workspaces').select(['id', 'config_version']).where('id', '=', sql<string>`any(${ids}::uuid[])`), [[]]);
const versionReads = new WeakMap<Db, BatchedReads<string, { id: string; config_version: string }>>();

/**
 * The workspace's config_version (migration 0035: every change to what intake caches raises it) as of
 * now, one indexed read: concurrent requests (single events arriving
 * together, in any workspaces) share one statement, which is sent after they asked (store/batched-reads),
 * so each still sees every change committed before it asked.
 */
export async function configVersion(db: Db, id: string): Promise<string> {
  let reads = versionReads.get(db);
  if (!reads) versionReads.set(db, (reads = new BatchedReads((ids) => configVersions(db, ids), (k) => k, (r) => r.id)));
  const row = await reads.load(id);
  if (!row) throw new Error(`workspace ${id} not found`);
  return row.config_version;
}
