/** The workspace's OpenAI-compatible endpoint for tone rewrites (key encrypted by the caller). */
import type { Db } from './db.js';

export interface RewriteEndpoint {
  baseUrl: string;
  model: string;
  apiKeyEncrypted: string | null;
  updatedAt: Date;
}

export async function getRewriteEndpoint(db: Db, workspaceId: string): Promise<RewriteEndpoint | null> {
  const r = await db.selectFrom('rewrite_endpoints').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r ? { baseUrl: r.base_url, model: r.model, apiKeyEncrypted: r.api_key_encrypted, updatedAt: r.updated_at } : null;
}

/** Saves the endpoint; `apiKeyEncrypted` undefined keeps the stored key, null removes it. */
export async function saveRewriteEndpoint(db: Db, workspaceId: string, e: { baseUrl: string; model: string; apiKeyEncrypted: string | null | undefined }): Promise<void> {
  const now = new Date();
  await db
    .insertInto('rewrite_endpoints')
    .values({ workspace_id: workspaceId, base_url: e.baseUrl, model: e.model, api_key_encrypted: e.apiKeyEncrypted ?? null, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ base_url: e.baseUrl, model: e.model, updated_at: now, ...(e.apiKeyEncrypted !== undefined && { api_key_encrypted: e.apiKeyEncrypted }) }))
    .execute();
}

export async function deleteRewriteEndpoint(db: Db, workspaceId: string): Promise<boolean> {
  const r = await db.deleteFrom('rewrite_endpoints').where('workspace_id', '=', workspaceId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
