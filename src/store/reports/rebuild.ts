import { sql } from 'kysely';
import type { Db } from '../db.js';

/** Recomputes a workspace's rollups from responses, invitations, skips and conversations. */
export async function rebuildRollups(db: Db, workspaceId: string): Promise<void> {
  await sql`select nilai_rebuild_rollups(${workspaceId}::uuid)`.execute(db);
}

/** Moves pending rollup deltas into the rollups (a no-op while another process is folding). */
export async function foldRollups(db: Db): Promise<void> {
  await sql`select nilai_fold_rollups()`.execute(db);
}
