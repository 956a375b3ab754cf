import { sql } from 'kysely';
import type { Db } from '../db.js';

/** Recomputes a workspace's rollups from responses, invitations, skips and conversations. */
export async function rebuildRollups(db: Db, workspaceId: string): Promise<void> {
  await sql`select nilai_rebuild_rollups(${workspaceId}::uuid)`.execute(db);
}
