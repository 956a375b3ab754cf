import { AppError, notFound } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { deleteUserSessions } from '../store/sessions.js';
import { countAdmins, createUser, deleteUser, getPasswordHash, getUser, updateUser, type UserFields } from '../store/users.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';

/** Creates a user; without a password one is generated and returned once. */
export async function addUser(db: Db, workspaceId: string, fields: UserFields & { password?: string }) {
  const initialPassword = fields.password ? null : generatePassword();
  const user = await createUser(db, workspaceId, fields, await hashPassword(fields.password ?? initialPassword!));
  return { ...user, initialPassword };
}

const lastAdmin = () => new AppError('conflict', 'This is the last admin of the workspace; make another user admin first.');

export async function changeUser(db: Db, workspaceId: string, id: string, patch: Partial<UserFields> & { password?: string }) {
  const hash = patch.password ? await hashPassword(patch.password) : undefined;
  return db.transaction().execute(async (trx) => {
    // Demoting an admin: the admins locked and counted first (store/users countAdmins), then the user read.
    const admins = patch.role && patch.role !== 'admin' ? await countAdmins(trx, workspaceId) : null;
    const current = await getUser(trx, workspaceId, id);
    if (!current) throw notFound('User');
    if (current.role === 'admin' && admins !== null && admins <= 1) throw lastAdmin();
    const updated = await updateUser(trx, workspaceId, id, patch, hash);
    if (patch.password) await deleteUserSessions(trx, id);
    return updated ?? Promise.reject(notFound('User'));
  });
}

export async function removeUser(db: Db, workspaceId: string, id: string) {
  await db.transaction().execute(async (trx) => {
    const admins = await countAdmins(trx, workspaceId);
    const current = await getUser(trx, workspaceId, id);
    if (!current) throw notFound('User');
    if (current.role === 'admin' && admins <= 1) throw lastAdmin();
    await deleteUser(trx, workspaceId, id);
  });
}

/**
 * Changes a user's own password and ends their other sessions (a session stolen before the change does
 * not survive it); `keepSession`: the cookie of the session asking, which stays signed in.
 */
export async function changeOwnPassword(db: Db, userId: string, currentPassword: string, newPassword: string, keepSession?: string) {
  if (!(await verifyPassword(await getPasswordHash(db, userId), currentPassword))) {
    throw new AppError('validation_failed', 'The current password is incorrect.', [{ path: 'currentPassword', message: 'is incorrect' }]);
  }
  await db.updateTable('users').set({ password_hash: await hashPassword(newPassword), updated_at: new Date() }).where('id', '=', userId).execute();
  await deleteUserSessions(db, userId, keepSession);
}
