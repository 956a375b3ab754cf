import { AppError } from '../domain/errors.js';
import type { Db } from '../store/db.js';
import { createSession, findSession } from '../store/sessions.js';
import { useToken, TOKEN_PREFIX } from '../store/tokens.js';
import { findLogins } from '../store/users.js';
import { countWorkspaces } from '../store/workspaces.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';

// Verifying against a fixed hash when the email is unknown keeps the response time the same, so
// login timing does not reveal which emails exist.
const dummyHash = hashPassword('nilai-timing-equaliser');

/**
 * Password checks per sign-in, whatever the address: its accounts, padded with the dummy hash. A fixed
 * number, so the time of an answer does not tell how many workspaces an address is in (up to this many);
 * one when the installation has a single workspace.
 */
export const LOGIN_CHECKS = 3;

export interface LoginInput {
  email: string;
  password: string;
  /** The workspace's slug; without it the password is tried against the address's account in each one. */
  workspace?: string;
}

/**
 * Signs in. An email may have an account in several workspaces (each with its own password): the one
 * whose password matches is signed in; when the same password opens several, the caller must name the
 * workspace (409, listing only those it opens). Wrong password, unknown email and unknown workspace all
 * get the same 401, so nothing tells whether an address exists, here or in another workspace.
 */
export async function login(db: Db, input: LoginInput) {
  const accounts = await findLogins(db, input.email, { workspaceSlug: input.workspace });
  const checks = Math.max(accounts.length, Math.min(LOGIN_CHECKS, await countWorkspaces(db)), 1);
  const dummy = await dummyHash;
  const hashes = Array.from({ length: checks }, (_, i) => accounts[i]?.password_hash ?? dummy);
  const results = await Promise.all(hashes.map((h) => verifyPassword(h, input.password)));
  const matches = accounts.filter((_, i) => results[i]);
  if (matches.length === 0) throw new AppError('unauthorized', 'The email or password is incorrect.');
  if (matches.length > 1) {
    const slugs = matches.map((a) => a.workspace_slug);
    throw new AppError('conflict', `This email and password open more than one workspace (${slugs.join(', ')}); name the one to sign in to.`, [
      // The slugs alone, so a client can offer them.
      { path: 'workspace', message: slugs.join(', ') },
    ]);
  }
  const user = matches[0]!;
  const session = await createSession(db, user.id, user.workspace_id);
  return { session, userId: user.id, workspaceId: user.workspace_id, role: user.role };
}

/** Resolves a bearer token or a session cookie to a principal, or null. */
export async function authenticate(db: Db, bearer: string | null, sessionId: string | null): Promise<Principal | null> {
  if (bearer) {
    if (!bearer.startsWith(TOKEN_PREFIX)) return null;
    const t = await useToken(db, bearer);
    return t ? { workspaceId: t.workspace_id, role: t.role, userId: t.user_id, tokenId: t.id, configVersion: t.config_version } : null;
  }
  if (sessionId) {
    const s = await findSession(db, sessionId);
    return s ? { workspaceId: s.workspace_id, role: s.role, userId: s.user_id, tokenId: null } : null;
  }
  return null;
}
