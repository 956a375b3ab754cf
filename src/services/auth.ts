import { AppError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { createSession, findSession } from '../store/sessions.js';
import { useToken, TOKEN_PREFIX } from '../store/tokens.js';
import { findLogin } from '../store/users.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';

// Verifying against a fixed hash when the email is unknown keeps the response time the same, so
// login timing does not reveal which emails exist.
const dummyHash = hashPassword('nilai-timing-equaliser');

export async function login(db: Db, email: string, password: string) {
  const user = await findLogin(db, email);
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || !ok) throw new AppError('unauthorized', 'The email or password is incorrect.');
  const session = await createSession(db, user.id, user.workspace_id);
  return { session, userId: user.id, workspaceId: user.workspace_id, role: user.role };
}

/** Resolves a bearer token or a session cookie to a principal, or null. */
export async function authenticate(db: Db, bearer: string | null, sessionId: string | null): Promise<Principal | null> {
  if (bearer) {
    if (!bearer.startsWith(TOKEN_PREFIX)) return null;
    const t = await useToken(db, bearer);
    return t ? { workspaceId: t.workspace_id, role: t.role, userId: t.user_id, tokenId: t.id } : null;
  }
  if (sessionId) {
    const s = await findSession(db, sessionId);
    return s ? { workspaceId: s.workspace_id, role: s.role, userId: s.user_id, tokenId: null } : null;
  }
  return null;
}
