/** Inbox automation settings documents (auto responder, auto resolve), one per workspace and kind. */
import { sql } from 'kysely';
import type { Db } from './db.js';

export type AutomationKind = 'auto_responder' | 'auto_resolve';

export async function getAutomationDocument(db: Db, workspaceId: string, kind: AutomationKind): Promise<{ document: unknown; updatedAt: string } | null> {
  const r = await db.selectFrom('automation_settings').select(['document', 'updated_at']).where('workspace_id', '=', workspaceId).where('kind', '=', kind).executeTakeFirst();
  return r ? { document: r.document, updatedAt: r.updated_at.toISOString() } : null;
}

export async function putAutomationDocument(db: Db, workspaceId: string, kind: AutomationKind, document: unknown): Promise<string> {
  const now = new Date();
  await db.insertInto('automation_settings').values({ workspace_id: workspaceId, kind, document: JSON.stringify(document), updated_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'kind']).doUpdateSet({ document: JSON.stringify(document), updated_at: now }))
    .execute();
  return now.toISOString();
}

/** Workspaces whose auto resolve is on, with their settings (the sweep's work list). */
export async function autoResolveWorkspaces(db: Db): Promise<{ workspaceId: string; document: unknown }[]> {
  const rows = await db.selectFrom('automation_settings').select(['workspace_id', 'document']).where('kind', '=', 'auto_resolve')
    .where(sql<boolean>`document->>'enabled' = 'true'`).execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, document: r.document }));
}
