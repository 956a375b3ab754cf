import { defaultSurveySettings } from '../domain/settings/defaults.js';
import { AppError } from '../domain/errors.js';
import type { Db } from './db.js';
import { onUnique } from './pg-errors.js';

export interface Workspace {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
}

const toWorkspace = (r: { id: string; slug: string; name: string; time_zone: string }): Workspace => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  timeZone: r.time_zone,
});

/** Creates a workspace together with its first settings version (the defaults). */
export async function createWorkspace(db: Db, input: { slug: string; name: string }): Promise<Workspace> {
  return onUnique(
    () =>
      db.transaction().execute(async (trx) => {
        const ws = await trx
          .insertInto('workspaces')
          .values({ slug: input.slug, name: input.name })
          .returning(['id', 'slug', 'name', 'time_zone'])
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
  const r = await db.selectFrom('workspaces').select(['id', 'slug', 'name', 'time_zone']).where('slug', '=', slug).executeTakeFirst();
  return r ? toWorkspace(r) : null;
}

export async function getWorkspace(db: Db, id: string): Promise<Workspace> {
  return toWorkspace(await db.selectFrom('workspaces').select(['id', 'slug', 'name', 'time_zone']).where('id', '=', id).executeTakeFirstOrThrow());
}

export async function listWorkspaces(db: Db): Promise<Workspace[]> {
  const rows = await db.selectFrom('workspaces').select(['id', 'slug', 'name', 'time_zone']).orderBy('created_at').execute();
  return rows.map(toWorkspace);
}
