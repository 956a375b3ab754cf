import { sql } from 'kysely';
import { hashSecret, newSecret } from '../lib/secret-token.js';
import { secretReads, type BatchedReads } from './batched-reads.js';
import { prepared, type Db } from './db.js';
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
export async function useToken(db: Db, token: string): Promise<UsedToken | null> {
  let reads = tokenReads.get(db);
  if (!reads) tokenReads.set(db, (reads = secretReads((hashes) => tokensByHash(db, hashes), (r) => r.token_hash.toString('hex'))));
  const row = await reads.load(token);
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.id).execute();
  }
  return row;
}

/** A live token as a request uses it, with its workspace's config_version read alongside (services/intake-config). */
export interface UsedToken {
  id: string;
  workspace_id: string;
  role: Role;
  user_id: string | null;
  last_used_at: Date | null;
  config_version: string;
}

// Concurrent requests (in any workspaces) share one statement, sent after they asked
// (store/batched-reads): each sees every revocation and configuration change committed before it asked.
const tokensByHash = prepared('tokens_by_hash', (db, hashes: Buffer[]) => db
  .selectFrom('api_tokens as t').innerJoin('workspaces as w', 'w.id', 't.workspace_id')
  .select(['t.id', 't.workspace_id', 't.role', 't.user_id', 't.last_used_at', 't.token_hash', 'w.config_version'])
  .where('t.token_hash', '=', sql<Buffer>`any(${hashes}::bytea[])`)
  .where('t.revoked_at', 'is', null), [[]]);
const tokenReads = new WeakMap<Db, BatchedReads<string, UsedToken & { token_hash: Buffer }>>();
