/**
 * The broadcast permission: roles have it as the workspace says (admin and supervisor by default), and
 * a user's own setting, when set, overrides the role's. A token without a user counts as its role.
 */
import { AppError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import type { Role } from '../store/types.js';
import type { Principal } from './principal.js';

export async function broadcastRoles(db: Db, workspaceId: string): Promise<Role[]> {
  const r = await db.selectFrom('workspaces').select('broadcast_roles').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return r.broadcast_roles;
}

export async function setBroadcastRoles(db: Db, workspaceId: string, roles: Role[]): Promise<Role[]> {
  // Admins manage the permission, so they always have it.
  const kept = [...new Set<Role>(['admin', ...roles])];
  await db.updateTable('workspaces').set({ broadcast_roles: kept }).where('id', '=', workspaceId).execute();
  return kept;
}

export async function mayBroadcast(db: Db, p: Principal): Promise<boolean> {
  const roles = await broadcastRoles(db, p.workspaceId);
  if (p.userId) {
    const u = await db.selectFrom('users').select('broadcast_permission').where('id', '=', p.userId).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
    if (u && u.broadcast_permission !== null) return u.broadcast_permission;
  }
  return roles.includes(p.role);
}

export async function requireBroadcastPermission(db: Db, p: Principal): Promise<void> {
  if (!(await mayBroadcast(db, p))) {
    throw new AppError('forbidden', 'You do not have the broadcast permission; an admin can give it to your role or to you (Settings → Users and roles).');
  }
}
