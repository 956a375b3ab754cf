/** Row locks an allocation round takes on the conversations it may assign. */
import type { Db } from './db.js';

/**
 * Locks those of these open conversations no other transaction holds; the ids locked. Skipping the ones
 * intake holds means a round never waits for intake (which locks in its own order): a skipped one stays
 * waiting for the next round (the next event's or the sweep's).
 */
export async function lockConversationsById(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('conversations').select('id').where('id', 'in', [...new Set(ids)]).where('status', '=', 'open').orderBy('id').forNoKeyUpdate().skipLocked().execute();
  return new Set(rows.map((r) => r.id));
}
