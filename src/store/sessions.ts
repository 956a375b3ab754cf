import { hashSecret, newSecret } from '../lib/secret-token.js';
import type { Db } from './db.js';

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Creates a login session; the returned id goes into the cookie and only its hash is stored. */
export async function createSession(db: Db, userId: string, workspaceId: string): Promise<{ id: string; expiresAt: Date }> {
  const id = newSecret('');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insertInto('sessions').values({ id_hash: hashSecret(id), user_id: userId, workspace_id: workspaceId, expires_at: expiresAt }).execute();
  // Housekeeping, cheap thanks to the small table: expired sessions of this user.
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<', new Date()).execute();
  return { id, expiresAt };
}

export async function findSession(db: Db, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.workspace_id', 'u.role'])
    .where('s.id_hash', '=', hashSecret(id))
    .where('s.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashSecret(id)).execute();
}

/** Ends a user's sessions (all, or all but the one whose cookie is `keep`). */
export async function deleteUserSessions(db: Db, userId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep) q = q.where('id_hash', '<>', hashSecret(keep));
  await q.execute();
}
