import { AppError } from '../domain/errors.js';
import { issueToken } from '../services/tokens.js';
import { generatePassword, PASSWORD_MIN } from '../services/passwords.js';
import { addUser, changeUser } from '../services/users.js';
import type { Db } from '../store/db.js';
import type { Role } from '../store/types.js';
import { findLogins } from '../store/users.js';
import { createWorkspace, findWorkspaceBySlug, listWorkspaces } from '../store/workspaces.js';

function fail(message: string): never {
  throw new AppError('bad_request', message);
}

/**
 * The workspace named by --workspace, or else the only one that is not a demo (`nilai demo` never
 * becomes the default: the README's commands keep working after loading it).
 */
export async function resolveWorkspace(db: Db, slug: string | undefined): Promise<string> {
  if (slug) {
    const ws = await findWorkspaceBySlug(db, slug);
    return ws?.id ?? fail(`There is no workspace "${slug}".`);
  }
  const all = await listWorkspaces(db);
  const own = all.filter((w) => !w.demo);
  const slugs = (ws: typeof all) => ws.map((w) => w.slug).join(', ');
  if (own.length === 1) return own[0]!.id;
  if (all.length === 0) fail('There is no workspace yet: start nilai once (npm start) or run "workspace create".');
  if (own.length === 0) fail(`There is only the demo workspace so far (${slugs(all)}): choose it with --workspace, or start nilai once (npm start) to create the workspace "default".`);
  return fail(`There are ${own.length} workspaces besides the demo; choose one with --workspace (${slugs(own)}).`);
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

/**
 * A new generated password for a user, printed once on stdout (the one printed at first start is lost,
 * or a user forgot theirs). Their sessions end. Without --workspace: the workspace of the address's only
 * account.
 */
export async function resetPasswordCommand(db: Db, o: { email: string; workspace?: string }) {
  if (o.workspace) await resolveWorkspace(db, o.workspace);
  const accounts = await findLogins(db, o.email, o.workspace ? { workspaceSlug: o.workspace } : {});
  if (accounts.length === 0) fail(`There is no user ${o.email}${o.workspace ? ` in the workspace "${o.workspace}"` : ''}.`);
  if (accounts.length > 1) fail(`${o.email} has an account in ${accounts.length} workspaces; choose one with --workspace (${accounts.map((a) => a.workspace_slug).join(', ')}).`);
  const account = accounts[0]!;
  const password = generatePassword();
  await changeUser(db, account.workspace_id, account.id, { password });
  process.stderr.write(`nilai: new password for ${o.email} in the workspace "${account.workspace_slug}" (shown only this once; their sessions are signed out):\n`);
  process.stdout.write(`${password}\n`);
}
