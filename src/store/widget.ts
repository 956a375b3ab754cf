/** Website widget state: used tickets (one answer each) and signed-in visitors' last answers (recontact). */
import { sql } from 'kysely';
import type { Db } from './db.js';

/** Records a ticket as used; false when it already was. Expired uses are cleared on the way. */
export async function useTicket(db: Db, ticketId: string, channelId: string, expiresAt: Date): Promise<boolean> {
  await db.deleteFrom('widget_ticket_uses').where('expires_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  const r = await db.insertInto('widget_ticket_uses').values({ ticket_id: ticketId, channel_id: channelId, expires_at: expiresAt })
    .onConflict((oc) => oc.column('ticket_id').doNothing()).returning('ticket_id').executeTakeFirst();
  return r !== undefined;
}

export async function lastVisitorAnswer(db: Db, channelId: string, userId: string): Promise<Date | null> {
  const r = await db.selectFrom('widget_visitors').select('last_answered_at').where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
  return r?.last_answered_at ?? null;
}

export async function markVisitorAnswered(db: Db, channelId: string, userId: string): Promise<void> {
  await db.insertInto('widget_visitors').values({ channel_id: channelId, user_id: userId, last_answered_at: sql<Date>`now()` })
    .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doUpdateSet({ last_answered_at: sql<Date>`now()` })).execute();
}

/** The oldest live widget channel of the installation (the demo page shows it), or null. */
export async function firstWidgetChannel(db: Db): Promise<{ id: string; name: string } | null> {
  const r = await db.selectFrom('channels').select(['id', 'name']).where('type', '=', 'widget').where('deleted_at', 'is', null)
    .orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  return r ?? null;
}
