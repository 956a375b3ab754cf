import { AppError } from '../domain/errors.js';
import { PASSWORD_MIN } from '../services/passwords.js';
import { issueToken } from '../services/tokens.js';
import { addUser } from '../services/users.js';
import type { Db } from '../store/db.js';
import type { Role } from '../store/types.js';
import { findLogins } from '../store/users.js';
import { createWorkspace, findWorkspaceBySlug, listWorkspaces } from '../store/workspaces.js';

function fail(message: string): never {
  throw new AppError('bad_request', message);
}

/** The workspace named by --workspace, or the only one when there is one. */
export async function resolveWorkspace(db: Db, slug: string | undefined): Promise<string> {
  if (slug) {
    const ws = await findWorkspaceBySlug(db, slug);
    return ws?.id ?? fail(`There is no workspace "${slug}".`);
  }
  const all = await listWorkspaces(db);
  if (all.length === 1) return all[0]!.id;
  if (all.length === 0) fail('There is no workspace yet: start nilai once (npm start) or run "workspace create".');
  return fail(`There are ${all.length} workspaces; choose one with --workspace (${all.map((w) => w.slug).join(', ')}).`);
}

export async function createWorkspaceCommand(db: Db, o: { name: string; slug: string }) {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(o.slug)) fail('--slug must be lowercase letters, digits and dashes (at most 63).');
  const ws = await createWorkspace(db, o);
  process.stdout.write(`${ws.slug}\n`);
}

export async function createTokenCommand(db: Db, workspaceId: string, o: { name: string; role: Role; user?: string }) {
  let userId: string | undefined;
  if (o.user) {
    const [u] = await findLogins(db, o.user, { workspaceId });
    if (!u) fail(`There is no user ${o.user} in this workspace.`);
    userId = u.id;
  }
  const { token } = await issueToken(db, workspaceId, { name: o.name, role: o.role, userId }).catch((err) => {
    if (err instanceof AppError && err.details.length) fail(err.details.map((d) => (d.path === 'userId' ? `--user: ${d.message}` : d.message)).join(' '));
    throw err;
  });
  process.stdout.write(`${token}\n`);
}

export async function createUserCommand(db: Db, workspaceId: string, o: { name: string; email: string; role: Role; password?: string; phone?: string }) {
  if (o.password !== undefined && o.password.length < PASSWORD_MIN) fail(`--password must be at least ${PASSWORD_MIN} characters.`);
  if (!/^[^@\s]+@[^@\s]+$/.test(o.email)) fail('--email must be an email address.');
  const u = await addUser(db, workspaceId, { name: o.name, email: o.email, role: o.role, phone: o.phone ?? null, password: o.password });
  process.stdout.write(`created ${u.role} ${u.email} (${u.id})\n`);
  if (u.initialPassword) process.stdout.write(`password: ${u.initialPassword}\n`);
}
