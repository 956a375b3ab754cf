import { AppError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { createUser } from '../store/users.js';
import { createWorkspace, listWorkspaces } from '../store/workspaces.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface FirstRun {
  workspaceSlug: string;
  email: string;
  /** Null when the password came from NILAI_ADMIN_PASSWORD (not printed). */
  generatedPassword: string | null;
}

/**
 * On the very first start (no workspace yet) creates the "default" workspace and its admin.
 * Returns null on every later start.
 */
export async function ensureFirstRun(db: Db, admin: { email: string; password: string | null }): Promise<FirstRun | null> {
  if ((await listWorkspaces(db)).length > 0) return null;
  // Two processes starting at once on an empty external database: the second one loses the race.
  const ws = await createWorkspace(db, { slug: 'default', name: 'Default workspace' }).catch((err) => {
    if (err instanceof AppError && err.code === 'conflict') return null;
    throw err;
  });
  if (!ws) return null;
  const password = admin.password ?? generatePassword();
  await createUser(db, ws.id, { name: 'Admin', email: admin.email, role: 'admin' }, await hashPassword(password));
  return { workspaceSlug: ws.slug, email: admin.email, generatedPassword: admin.password ? null : password };
}
