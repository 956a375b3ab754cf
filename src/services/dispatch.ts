/**
 * Sends one invitation through its channel. Runs as a job. The claim (`sending`) is committed before the
 * call and the send (status, chat address, provider message id) right after the provider answers, so a
 * retry of an invitation whose send is recorded sends nothing. Only a send the process died in the middle
 * of is sent again: with the same idempotency key (web callbacks: receivers drop the repeat), or, on
 * WhatsApp, found already sent when Meta's status report naming it arrived first (`recordReportedSend`).
 */
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelContext, OutgoingSurvey } from '../channels/types.js';
import { renderSurvey } from '../domain/render/survey-steps.js';
import type { Language, SurveySettings, SurveyType } from '../domain/settings/schema.js';
import { planReminder as planReminderAt } from '../domain/reminders.js';
import { ALWAYS_OPEN } from '../domain/time/business-time.js';
import { planInvitationReminder } from '../store/reminders.js';
import { loadTimePolicies } from '../store/time-policies.js';
import type { Keys } from '../lib/keys.js';
import type { Metrics } from '../lib/metrics.js';
import { chatPrompt } from '../domain/chat/prompts.js';
import { nextStep } from '../domain/survey-progress.js';
import { recordSentMessage } from '../store/outbound-messages.js';
import { channelContext } from './channels.js';
import { getContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { getInvitation, setInvitationStatus, type InvitationRow } from '../store/invitations.js';
import { invitationSettings } from './invitation-settings.js';
import type { ChannelType } from '../store/types.js';

export interface DispatchDeps {
  db: Db;
  keys: Keys;
  publicUrl: string;
  adapters: Partial<Record<ChannelType, ChannelAdapter>>;
  log: Logger;
  /** Counts sends by channel type and outcome (absent in tools that send nothing). */
  metrics?: Metrics;
}

export type DispatchOutcome = 'sent' | 'delivered' | 'failed' | 'expired' | 'cancelled' | 'nothing_to_do';

/** Link to the hosted survey page of an invitation. */
export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl}/s/${token}`;

export async function dispatchInvitation(deps: DispatchDeps, invitationId: string, attempt: { retryCount: number; retryLimit: number }): Promise<DispatchOutcome> {
  const { db } = deps;
  const claimed = await db.transaction().execute(async (trx) => {
    const inv = await getInvitation(trx, invitationId, true);
    if (!inv || (inv.status !== 'scheduled' && inv.status !== 'sending')) return null;
    // Conversation surveys and broadcasts are sent; widget and link surveys are answered where the visitor is.
    if (!inv.contact_id || (!inv.conversation_id && inv.source !== 'broadcast')) return null;
    if (inv.expires_at.getTime() <= Date.now()) {
      await setInvitationStatus(trx, inv.id, 'expired');
      return 'expired' as const;
    }
    if (!inv.conversation_id) {
      await setInvitationStatus(trx, inv.id, 'sending', { attempts: inv.attempts + 1 });
      return { inv, ...broadcastTarget(inv.broadcast_id) };
    }
    const conv = await trx.selectFrom('conversations').select(['external_id', 'status', 'last_customer_message_at']).where('id', '=', inv.conversation_id).executeTakeFirstOrThrow();
    if (conv.status !== 'resolved') {
      await setInvitationStatus(trx, inv.id, 'cancelled', { reason: 'reopened' });
      return 'cancelled' as const;
    }
    await setInvitationStatus(trx, inv.id, 'sending', { attempts: inv.attempts + 1 });
    return { inv, ...sendTarget(conv) };
  });
  if (claimed === null) return 'nothing_to_do';
  if (typeof claimed === 'string') return claimed;
  const { inv, conversationId, lastCustomerMessageAt } = claimed;

  const prepared = await prepareSend(deps, inv, { conversationId, lastCustomerMessageAt });
  if ('reason' in prepared) {
    await setInvitationStatus(db, inv.id, 'failed', { reason: prepared.reason, onlyFrom: 'sending' });
    return 'failed';
  }
  const { ctx, adapter, survey, settings } = prepared;
  let result;
  try {
    result = await adapter.send(survey, { ...ctx, idempotencyKey: `inv_${inv.id}` });
  } catch (err) {
    const reason = (err as Error).message;
    const last = attempt.retryCount >= attempt.retryLimit;
    deps.metrics?.sends.inc({ channel_type: ctx.channel.type, outcome: last ? 'failed' : 'retry' });
    if (last) {
      await setInvitationStatus(db, inv.id, 'failed', { reason: `Gave up after ${attempt.retryCount + 1} attempts: ${reason}`, onlyFrom: 'sending' });
      return 'failed';
    }
    deps.log.warn({ invitationId: inv.id, attempt: attempt.retryCount + 1, reason }, 'survey send failed; will retry');
    throw err;
  }
  deps.metrics?.sends.inc({ channel_type: ctx.channel.type, outcome: !result.ok ? 'failed' : result.delivered ? 'delivered' : 'sent' });
  if (!result.ok) {
    await setInvitationStatus(db, inv.id, 'failed', { reason: result.reason, onlyFrom: 'sending' });
    return 'failed';
  }
  const now = new Date();
  const sent = result;
  await db.transaction().execute(async (trx) => {
    // `onlyFrom`: Meta's status report of this very send may have recorded it already (and moved it on).
    await setInvitationStatus(trx, inv.id, sent.delivered ? 'delivered' : 'sent', { sentAt: now, ...(sent.delivered && { deliveredAt: now }), reason: null, chatAddress: sent.address, onlyFrom: 'sending' });
    // Chat providers report delivery and failure later, by the id of the message.
    if (sent.address && sent.providerMessageId) {
      await recordSentMessage(trx, { workspaceId: inv.workspace_id, channelId: inv.channel_id, invitationId: inv.id, dedupKey: `invitation:${inv.id}`, address: sent.address, providerMessageId: sent.providerMessageId });
    }
    await planReminder(trx, inv, settings, now);
  });
  return sent.delivered ? 'delivered' : 'sent';
}

/** Where a send goes in its conversation, and the customer's last message there (WhatsApp's 24-hour window). */
export function sendTarget(conv: { external_id: string; last_customer_message_at: Date | null }): { conversationId: string; lastCustomerMessageAt: string | null } {
  return { conversationId: conv.external_id, lastCustomerMessageAt: conv.last_customer_message_at?.toISOString() ?? null };
}

/** A broadcast's send: no conversation, and no customer message opening WhatsApp's 24-hour window (a template goes). */
export const broadcastTarget = (broadcastId: string | null) => ({ conversationId: `broadcast:${broadcastId}`, lastCustomerMessageAt: null });

/** What a send needs: the channel, its adapter and the survey rendered for it. */
export async function prepareSend(
  deps: DispatchDeps,
  inv: NonNullable<InvitationRow>,
  conv: { conversationId: string; lastCustomerMessageAt: string | null },
  opts: { reminder?: boolean } = {},
): Promise<{ ctx: ChannelContext; adapter: ChannelAdapter; survey: OutgoingSurvey; settings: SurveySettings } | { reason: string }> {
  const ctx = await channelContext(deps.db, deps.keys, inv.channel_id, deps.publicUrl);
  const adapter = ctx ? deps.adapters[ctx.channel.type] : undefined;
  if (!ctx || !adapter) return { reason: ctx ? `nilai has no way to send surveys through ${ctx.channel.type} channels.` : 'The channel no longer exists.' };
  // Only conversation surveys are sent (widget and link surveys are answered where the visitor is).
  if (!inv.contact_id) return { reason: 'The survey has no contact to send it to.' };
  const settings = await invitationSettings(deps.db, inv);
  const contact = await getContact(deps.db, inv.contact_id);
  const types = inv.survey_types as SurveyType[];
  const language = inv.language as Language;
  const url = surveyUrl(deps.publicUrl, deps.keys.invitationToken(inv.id));
  const survey: OutgoingSurvey = {
    invitationId: inv.id,
    conversationId: conv.conversationId,
    contact: { id: contact.external_id, name: contact.name, phone: contact.phone, email: contact.email, handle: contact.handle },
    language: inv.language,
    url,
    expiresAt: inv.expires_at.toISOString(),
    survey: renderSurvey(settings, types, language),
    chat: chatPrompt({ settings, invitationId: inv.id, language, url, step: nextStep(settings, types, [], language), first: true, reminder: opts.reminder }),
    lastCustomerMessageAt: conv.lastCustomerMessageAt,
    ...(opts.reminder && { reminder: true }),
  };
  return { ctx, adapter, survey, settings };
}

/** Plans the survey's one reminder once its send is recorded (nothing when reminders are off). */
async function planReminder(trx: Db, inv: NonNullable<InvitationRow>, settings: SurveySettings, sentAt: Date): Promise<void> {
  if (!(settings.sending.reminderAfterHours ?? 0)) return;
  const schedule = settings.sending.reminderInBusinessHours ? (await loadTimePolicies(trx, inv.workspace_id)).scheduleFor(inv.division_id) : ALWAYS_OPEN();
  const plan = planReminderAt(settings.sending, sentAt, inv.expires_at, schedule);
  if (plan) await planInvitationReminder(trx, inv.id, plan);
}

/**
 * A provider's report about a survey's first message that nilai never recorded as sent: the process
 * that sent it died before the provider answered (WhatsApp names the invitation in the report, from
 * biz_opaque_callback_data). Recorded as the send it is, so the retry of the dispatch job finds the
 * invitation sent and does not send it again. False when the invitation is not waiting on a send there.
 */
export async function recordReportedSend(db: Db, r: { invitationId: string; channelId: string; providerMessageId: string; address: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inv = await getInvitation(trx, r.invitationId, true);
    if (!inv || inv.channel_id !== r.channelId || inv.status !== 'sending') return false;
    const now = new Date();
    await setInvitationStatus(trx, inv.id, 'sent', { sentAt: now, reason: null, chatAddress: r.address, onlyFrom: 'sending' });
    await recordSentMessage(trx, { workspaceId: inv.workspace_id, channelId: inv.channel_id, invitationId: inv.id, dedupKey: `invitation:${inv.id}`, address: r.address, providerMessageId: r.providerMessageId });
    const settings = await invitationSettings(trx, inv);
    await planReminder(trx, inv, settings, now);
    return true;
  });
}
