import { sql } from 'kysely';
import { sharedInFlight } from '../lib/in-flight.js';
import { hashSecret, newSecret } from '../lib/secret-token.js';
import type { Db } from './db.js';
import type { Role } from './types.js';

export const TOKEN_PREFIX = 'nilai_';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  userId: string | null;
  /** The first characters of the token, to recognise it in a list. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const columns = ['id', 'name', 'role', 'user_id', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;
type Row = { id: string; name: string; role: Role; user_id: string | null; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null };
const toToken = (r: Row): ApiToken => ({
  id: r.id,
  name: r.name,
  role: r.role,
  userId: r.user_id,
  prefix: r.prefix,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Creates a token; the plaintext is returned once and only its hash is stored. */
export async function createToken(
  db: Db,
  workspaceId: string,
  input: { name: string; role: Role; userId?: string | null },
): Promise<{ token: string; record: ApiToken }> {
  const token = newSecret(TOKEN_PREFIX);
  const row = await db
    .insertInto('api_tokens')
    .values({ workspace_id: workspaceId, name: input.name.trim(), role: input.role, user_id: input.userId ?? null, token_hash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { token, record: toToken(row) };
}

export async function listTokens(db: Db, workspaceId: string): Promise<ApiToken[]> {
  const rows = await db.selectFrom('api_tokens').select(columns).where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
  return rows.map(toToken);
}

export async function revokeToken(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Finds a live token by its plaintext and records its use. last_used_at is written at most once a
 * minute per token, so busy integrations do not turn every request into a write.
 */
export function useToken(db: Db, token: string) {
  // Concurrent requests with one token (an integration's workers) share one read (lib/in-flight).
  const hash = hashSecret(token);
  return sharedInFlight(db, `token:${hash.toString('hex')}`, () => findAndTouch(db, hash));
}

async function findAndTouch(db: Db, hash: ReturnType<typeof hashSecret>) {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'workspace_id', 'role', 'user_id', 'last_used_at'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return row;
}
