/**
 * The one reminder of an unanswered survey: queued by the sweep when due, sent by the send loop like a
 * first send. The claim (`sending`, with the time) commits before the call, so a retry after a crash
 * finds it claimed and sends it again only while it is still `sending` — the same window as first sends.
 * An answer, an opt-out, a reopen or the link's end before the send turns it into a skip with the reason.
 */
import { reminderBlocker } from '../domain/reminders.js';
import { getInvitation } from '../store/invitations.js';
import { setReminderStatus } from '../store/reminders.js';
import { broadcastTarget, prepareSend, sendTarget, type DispatchDeps } from './dispatch.js';

export type ReminderOutcome = 'sent' | 'skipped' | 'failed' | 'nothing_to_do';

export async function sendReminder(deps: DispatchDeps, invitationId: string, attempt: { retryCount: number; retryLimit: number }): Promise<ReminderOutcome> {
  const { db } = deps;
  const claimed = await db.transaction().execute(async (trx) => {
    const inv = await getInvitation(trx, invitationId, true);
    if (!inv) return null;
    const row = await trx.selectFrom('invitations').select('reminder_status').where('id', '=', inv.id).executeTakeFirstOrThrow();
    // `sending` is taken over only by a retry of the job that claimed it (a crash, a temporary failure): pg-boss
    // counts a job fetched again as a retry, so a first attempt finding it `sending` is a second job for the
    // same reminder, whose send is in flight in another process, and sends nothing.
    if (row.reminder_status !== 'queued' && !(row.reminder_status === 'sending' && attempt.retryCount > 0)) return null;
    // A broadcast's survey has no conversation (nothing to reopen).
    const [conv, contact] = await Promise.all([
      inv.conversation_id ? trx.selectFrom('conversations').select(['external_id', 'status', 'last_customer_message_at']).where('id', '=', inv.conversation_id).executeTakeFirstOrThrow() : null,
      trx.selectFrom('contacts').select('opted_out_at').where('id', '=', inv.contact_id).executeTakeFirstOrThrow(),
    ]);
    const blocker = reminderBlocker({ invitationStatus: inv.status, conversationStatus: conv?.status ?? 'resolved', contactOptedOut: contact.opted_out_at !== null, expiresAt: inv.expires_at, now: new Date() });
    if (blocker) {
      await setReminderStatus(trx, inv.id, 'skipped', { reason: blocker, onlyFrom: row.reminder_status });
      return 'skipped' as const;
    }
    await setReminderStatus(trx, inv.id, 'sending', { remindedAt: new Date(), onlyFrom: row.reminder_status });
    return { inv, ...(conv ? sendTarget(conv) : broadcastTarget(inv.broadcast_id)) };
  });
  if (claimed === null) return 'nothing_to_do';
  if (claimed === 'skipped') return 'skipped';
  const { inv } = claimed;
  const prepared = await prepareSend(deps, inv, claimed, { reminder: true });
  if ('reason' in prepared) {
    await setReminderStatus(db, inv.id, 'failed', { reason: prepared.reason, onlyFrom: 'sending' });
    return 'failed';
  }
  let result;
  try {
    result = await prepared.adapter.send(prepared.survey, { ...prepared.ctx, idempotencyKey: `rem_${inv.id}` });
  } catch (err) {
    const reason = (err as Error).message;
    if (attempt.retryCount >= attempt.retryLimit) {
      await setReminderStatus(db, inv.id, 'failed', { reason: `Gave up after ${attempt.retryCount + 1} attempts: ${reason}`, onlyFrom: 'sending' });
      return 'failed';
    }
    deps.log.warn({ invitationId: inv.id, attempt: attempt.retryCount + 1, reason }, 'reminder send failed; will retry');
    throw err;
  }
  deps.metrics?.sends.inc({ channel_type: prepared.ctx.channel.type, outcome: result.ok ? 'reminded' : 'failed' });
  if (!result.ok) {
    await setReminderStatus(db, inv.id, 'failed', { reason: result.reason, onlyFrom: 'sending' });
    return 'failed';
  }
  await setReminderStatus(db, inv.id, 'sent', { reason: null, onlyFrom: 'sending' });
  return 'sent';
}
