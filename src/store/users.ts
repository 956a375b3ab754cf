import { AppError } from '../domain/errors.js';
import type { Db } from './db.js';
import { onUnique } from './pg-errors.js';
import type { Role } from './types.js';

export interface User {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  address: string | null;
  organization: string | null;
  role: Role;
  /** The user's own broadcast permission; null: as the role has it (docs/broadcasts.md). */
  broadcastPermission: boolean | null;
  /** Divisions the user belongs to (as agent or as supervisor). */
  divisionIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface UserFields {
  name: string;
  email: string;
  phone?: string | null;
  address?: string | null;
  organization?: string | null;
  role: Role;
  broadcastPermission?: boolean | null;
}

const emailTaken = (email: string) => new AppError('conflict', `A user with the email ${email} already exists.`, [{ path: 'email', message: 'This email is already used.' }]);

function baseQuery(db: Db, workspaceId: string) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id', 'u.name', 'u.email', 'u.phone', 'u.address', 'u.organization', 'u.role', 'u.broadcast_permission', 'u.created_at', 'u.updated_at',
      eb.fn
        .coalesce(
          eb.selectFrom('divisions as d')
            .select((e) => e.fn.agg<string[]>('array_agg', ['d.id']).as('ids'))
            .where((w) => w.or([
              w('d.supervisor_id', '=', w.ref('u.id')),
              w.exists(w.selectFrom('division_agents as da').select('da.user_id').whereRef('da.division_id', '=', 'd.id').whereRef('da.user_id', '=', 'u.id')),
            ])),
          eb.val<string[]>([]),
        )
        .as('division_ids'),
    ])
    .where('u.workspace_id', '=', workspaceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;
const toUser = (r: Row): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  address: r.address,
  organization: r.organization,
  role: r.role,
  broadcastPermission: r.broadcast_permission,
  divisionIds: r.division_ids ?? [],
  createdAt: r.created_at.toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listUsers(db: Db, workspaceId: string): Promise<User[]> {
  return (await baseQuery(db, workspaceId).orderBy('u.name').orderBy('u.id').execute()).map(toUser);
}

export async function getUser(db: Db, workspaceId: string, id: string): Promise<User | null> {
  const r = await baseQuery(db, workspaceId).where('u.id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function createUser(db: Db, workspaceId: string, fields: UserFields, passwordHash: string | null): Promise<User> {
  const email = fields.email.trim().toLowerCase();
  const { id } = await onUnique(
    () =>
      db
        .insertInto('users')
        .values({ workspace_id: workspaceId, name: fields.name.trim(), email, phone: fields.phone ?? null, address: fields.address ?? null, organization: fields.organization ?? null, role: fields.role, password_hash: passwordHash })
        .returning('id')
        .executeTakeFirstOrThrow(),
    () => emailTaken(email),
  );
  return (await getUser(db, workspaceId, id))!;
}

export async function updateUser(db: Db, workspaceId: string, id: string, patch: Partial<UserFields>, passwordHash?: string): Promise<User | null> {
  const values = {
    ...(patch.name !== undefined && { name: patch.name.trim() }),
    ...(patch.email !== undefined && { email: patch.email.trim().toLowerCase() }),
    ...(patch.phone !== undefined && { phone: patch.phone }),
    ...(patch.address !== undefined && { address: patch.address }),
    ...(patch.organization !== undefined && { organization: patch.organization }),
    ...(patch.role !== undefined && { role: patch.role }),
    ...(patch.broadcastPermission !== undefined && { broadcast_permission: patch.broadcastPermission }),
    ...(passwordHash !== undefined && { password_hash: passwordHash }),
    updated_at: new Date(),
  };
  const r = await onUnique(
    () => db.updateTable('users').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).returning('id').executeTakeFirst(),
    () => emailTaken(patch.email ?? ''),
  );
  return r ? getUser(db, workspaceId, id) : null;
}

export async function deleteUser(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('users').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/**
 * The workspace's admins, counted with their rows locked until the transaction ends: two requests
 * demoting or deleting two admins at once wait for each other, and the second counts what the first left.
 */
export async function countAdmins(db: Db, workspaceId: string): Promise<number> {
  const rows = await db.selectFrom('users').select('id').where('workspace_id', '=', workspaceId).where('role', '=', 'admin').orderBy('id').forUpdate().execute();
  return rows.length;
}

/** Accounts of one address tried at a sign-in, at most (oldest first); an address rarely has more. */
export const MAX_LOGIN_ACCOUNTS = 20;

/**
 * For login: the accounts with this email (one per workspace at most), with their password hashes and
 * workspaces; only the one in the named workspace (slug) or workspace id when given.
 */
export async function findLogins(db: Db, email: string, where: { workspaceSlug?: string; workspaceId?: string } = {}) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('workspaces as w', 'w.id', 'u.workspace_id')
    .select(['u.id', 'u.workspace_id', 'u.role', 'u.password_hash', 'w.slug as workspace_slug', 'w.name as workspace_name'])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.trim().toLowerCase()));
  if (where.workspaceSlug !== undefined) q = q.where('w.slug', '=', where.workspaceSlug.trim().toLowerCase());
  if (where.workspaceId !== undefined) q = q.where('u.workspace_id', '=', where.workspaceId);
  return q.orderBy('u.created_at').orderBy('u.id').limit(MAX_LOGIN_ACCOUNTS).execute();
}

export async function getPasswordHash(db: Db, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return r?.password_hash ?? null;
}
