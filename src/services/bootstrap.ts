import { AppError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { countAdmins, createUser } from '../store/users.js';
import { createWorkspace, listWorkspaces, type Workspace } from '../store/workspaces.js';
import { generatePassword, hashPassword } from './passwords.js';

export interface FirstRun {
  workspaceSlug: string;
  email: string;
  /** Null when the password came from NILAI_ADMIN_PASSWORD (not printed). */
  generatedPassword: string | null;
}

export const FIRST_WORKSPACE = 'default';

/** Two processes starting at once on an empty external database: the second one loses the race. */
const lostRace = (err: unknown) => {
  if (err instanceof AppError && err.code === 'conflict') return null;
  throw err;
};

/**
 * On the very first start creates the "default" workspace and its admin: when there is no workspace
 * besides demo ones (`nilai demo` before the first start), or the "default" workspace has no admin yet
 * (created by `workspace create`, or a first start stopped between the two inserts).
 * Returns null on every later start. `serve` calls it once it listens, so the password it prints is
 * never lost to a port that was taken.
 */
export async function ensureFirstRun(db: Db, admin: { email: string; password: string | null }): Promise<FirstRun | null> {
  const own = (await listWorkspaces(db)).filter((w) => !w.demo);
  let ws: Workspace | null;
  if (own.length === 0) ws = await createWorkspace(db, { slug: FIRST_WORKSPACE, name: 'Default workspace' }).catch(lostRace);
  else if (own.length === 1 && own[0]!.slug === FIRST_WORKSPACE && (await countAdmins(db, own[0]!.id)) === 0) ws = own[0]!;
  else return null;
  if (!ws) return null;
  const password = admin.password ?? generatePassword();
  const user = await createUser(db, ws.id, { name: 'Admin', email: admin.email, role: 'admin' }, await hashPassword(password)).catch(lostRace);
  if (!user) return null;
  return { workspaceSlug: ws.slug, email: admin.email, generatedPassword: admin.password ? null : password };
}
