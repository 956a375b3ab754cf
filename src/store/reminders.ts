/** The reminder columns of invitations: planned at the send, queued by the sweep, claimed by its job. */
import type { Db } from './db.js';
import type { ReminderStatus } from './types.js';

/** Records the plan made when the survey was sent: due at a time, or skipped with why. */
export async function planInvitationReminder(db: Db, invitationId: string, plan: { dueAt: Date } | { skip: string }): Promise<void> {
  await db
    .updateTable('invitations')
    .set('dueAt' in plan ? { reminder_status: 'due', reminder_due_at: plan.dueAt, reminder_reason: null } : { reminder_status: 'skipped', reminder_reason: plan.skip })
    .where('id', '=', invitationId)
    .where('reminder_status', 'is', null)
    .execute();
}

/**
 * Moves due reminders to `queued` and hands each id to `enqueue` in the same transaction (the job and the
 * status commit together). Rows another process is queueing are skipped, so each reminder is queued once.
 */
export async function queueDueReminders(db: Db, enqueue: (trx: Db, invitationId: string) => Promise<void>, now = new Date(), limit = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('invitations')
      .select('id')
      .where('reminder_status', '=', 'due')
      .where('reminder_due_at', '<=', now)
      .orderBy('reminder_due_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return 0;
    await trx.updateTable('invitations').set({ reminder_status: 'queued' }).where('id', 'in', due.map((d) => d.id)).execute();
    for (const d of due) await enqueue(trx, d.id);
    return due.length;
  });
}

export async function setReminderStatus(db: Db, invitationId: string, status: ReminderStatus, extra: { reason?: string | null; remindedAt?: Date; onlyFrom: ReminderStatus }): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ reminder_status: status, ...(extra.reason !== undefined && { reminder_reason: extra.reason }), ...(extra.remindedAt && { reminded_at: extra.remindedAt }) })
    .where('id', '=', invitationId)
    .where('reminder_status', '=', extra.onlyFrom)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
