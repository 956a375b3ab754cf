/**
 * Sends one invitation through its channel. Runs as a job. The claim (`sending`) is committed before the
 * call and the send (status, chat address, provider message id) right after the provider answers, so a
 * retry of an invitation whose send is recorded sends nothing. Only a send the process died in the middle
 * of is sent again: with the same idempotency key (web callbacks: receivers drop the repeat), or, on
 * WhatsApp, found already sent when Meta's status report naming it arrived first (`recordReportedSend`).
 */
import type { Logger } from 'pino';
import type { ChannelAdapter, ChannelContext, OutgoingSurvey, SendResult } from '../channels/types.js';
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
import { channelCache, channelContext, readCredentials } from './channels.js';
import { getChannelsForSending } from '../store/channels.js';
import { applyClaims, lockInvitationsForSend, planInvitationReminders, recordSendResults, recordSentMessages, type ClaimChange, type DueInvitation, type SendRecord, type SentMessage } from '../store/dispatch-batch.js';
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

/** A job's attempt at an invitation: pg-boss's retry count and limit ("gave up after N attempts"). */
export interface DispatchAttempt {
  invitationId: string;
  retryCount: number;
  retryLimit: number;
}

/** A claimed send: the invitation marked `sending` and all its provider call needs, loaded by the batch. */
export interface ClaimedSend {
  attempt: DispatchAttempt;
  inv: DueInvitation;
  ctx: ChannelContext;
  adapter: ChannelAdapter;
  survey: OutgoingSurvey;
  settings: SurveySettings;
}

/** A send's outcome before it is recorded: the provider's answer, or a temporary failure to retry. */
export type SendAnswer = { claimed: ClaimedSend } & ({ result: SendResult } | { retry: Error });

/**
 * Claims a batch of invitations in one transaction: each locked with its conversation and contact (one
 * statement), its channel (one statement for the batch), and marked in one statement: expired, cancelled
 * (the conversation was reopened), failed (nothing to send it with) or `sending`. Returns the sends to
 * make and the outcome of the others (`nothing_to_do`: not waiting on a send, e.g. already sent).
 */
export async function claimSends(deps: DispatchDeps, attempts: DispatchAttempt[]): Promise<{ sends: ClaimedSend[]; settled: Map<string, DispatchOutcome> }> {
  const settled = new Map<string, DispatchOutcome>(attempts.map((a) => [a.invitationId, 'nothing_to_do']));
  const byId = new Map(attempts.map((a) => [a.invitationId, a]));
  const sends: ClaimedSend[] = [];
  await deps.db.transaction().execute(async (trx) => {
    // `sending` is taken over only by a retry of the job that claimed it (a crash, a wait past maxWaitMs, a
    // temporary failure): pg-boss counts a job fetched again as a retry, so a first attempt finding it
    // `sending` is a second job for the invitation while the first may be sending it right now.
    const due = (await lockInvitationsForSend(trx, [...byId.keys()])).filter((inv) => inv.status === 'scheduled' || (inv.status === 'sending' && byId.get(inv.id)!.retryCount > 0));
    const contexts = await channelContexts(trx, deps, [...new Set(due.map((inv) => inv.channel_id))]);
    const changes: ClaimChange[] = [];
    const now = Date.now();
    for (const inv of due) {
      // Conversation surveys and broadcasts are sent; widget and link surveys are answered where the visitor is.
      if (!inv.contact || (!inv.conversation && inv.source !== 'broadcast')) continue;
      let outcome: DispatchOutcome;
      if (inv.expires_at.getTime() <= now) changes.push({ id: inv.id, status: (outcome = 'expired') });
      else if (inv.conversation && inv.conversation.status !== 'resolved') changes.push({ id: inv.id, status: (outcome = 'cancelled'), reason: 'reopened' });
      else {
        const ctx = contexts.get(inv.channel_id);
        const adapter = ctx ? deps.adapters[ctx.channel.type] : undefined;
        if (!ctx || !adapter) {
          changes.push({ id: inv.id, status: (outcome = 'failed'), reason: ctx ? `nilai has no way to send surveys through ${ctx.channel.type} channels.` : 'The channel no longer exists.' });
        } else {
          changes.push({ id: inv.id, status: 'sending' });
          const settings = await invitationSettings(trx, inv);
          const target = inv.conversation ? sendTarget(inv.conversation) : broadcastTarget(inv.broadcast_id);
          sends.push({ attempt: byId.get(inv.id)!, inv, ctx, adapter, settings, survey: outgoingSurvey(deps, inv, inv.contact, settings, target) });
          settled.delete(inv.id);
          continue;
        }
      }
      settled.set(inv.id, outcome);
    }
    await applyClaims(trx, changes);
  });
  return { sends, settled };
}

/** One provider call, no database: its answer, a permanent failure, or a temporary one to retry (the last gives up). */
export async function sendClaimed(deps: DispatchDeps, claimed: ClaimedSend): Promise<SendAnswer> {
  const { ctx, adapter, survey, inv, attempt } = claimed;
  try {
    const result = await adapter.send(survey, { ...ctx, idempotencyKey: `inv_${inv.id}` });
    deps.metrics?.sends.inc({ channel_type: ctx.channel.type, outcome: !result.ok ? 'failed' : result.delivered ? 'delivered' : 'sent' });
    return { claimed, result };
  } catch (err) {
    const reason = (err as Error).message;
    const last = attempt.retryCount >= attempt.retryLimit;
    deps.metrics?.sends.inc({ channel_type: ctx.channel.type, outcome: last ? 'failed' : 'retry' });
    if (last) return { claimed, result: { ok: false, permanent: true, reason: `Gave up after ${attempt.retryCount + 1} attempts: ${reason}` } };
    deps.log.warn({ invitationId: inv.id, attempt: attempt.retryCount + 1, reason }, 'survey send failed; will retry');
    return { claimed, retry: err as Error };
  }
}

/**
 * Records a batch of answered sends: statuses in one statement (only while still `sending`: Meta's status
 * report of this very send may have recorded it already), the chat messages sent in one, the reminders
 * planned in one; one transaction when there is more than the statuses to write. A send to retry keeps
 * its `sending` claim (its job is failed, and pg-boss tries it again with backoff).
 */
export async function recordSends(deps: DispatchDeps, answers: SendAnswer[]): Promise<Map<string, DispatchOutcome | { retry: Error }>> {
  const outcomes = new Map<string, DispatchOutcome | { retry: Error }>();
  const now = new Date();
  const records: SendRecord[] = [];
  const messages: SentMessage[] = [];
  const remind: { inv: DueInvitation; settings: SurveySettings }[] = [];
  for (const a of answers) {
    const { inv, settings } = a.claimed;
    if ('retry' in a) {
      outcomes.set(inv.id, { retry: a.retry });
      continue;
    }
    const r = a.result;
    if (!r.ok) {
      records.push({ id: inv.id, status: 'failed', reason: r.reason, at: now });
      outcomes.set(inv.id, 'failed');
      continue;
    }
    const status = r.delivered ? 'delivered' : 'sent';
    records.push({ id: inv.id, status, reason: null, at: now, ...(r.address && { address: r.address }) });
    // Chat providers report delivery and failure later, by the id of the message.
    if (r.address && r.providerMessageId) messages.push({ workspaceId: inv.workspace_id, channelId: inv.channel_id, invitationId: inv.id, address: r.address, providerMessageId: r.providerMessageId });
    if (settings.sending.reminderAfterHours) remind.push({ inv, settings });
    outcomes.set(inv.id, status);
  }
  if (!messages.length && !remind.length) await recordSendResults(deps.db, records);
  else {
    await deps.db.transaction().execute(async (trx) => {
      await recordSendResults(trx, records);
      await recordSentMessages(trx, messages);
      await planInvitationReminders(trx, await reminderPlans(trx, remind, now));
    });
  }
  return outcomes;
}

/** Sends one invitation (claim, send, record): a batch of one. Throws a temporary failure for the job to retry. */
export async function dispatchInvitation(deps: DispatchDeps, invitationId: string, attempt: { retryCount: number; retryLimit: number }): Promise<DispatchOutcome> {
  const { sends, settled } = await claimSends(deps, [{ invitationId, ...attempt }]);
  if (!sends.length) return settled.get(invitationId) ?? 'nothing_to_do';
  const outcome = (await recordSends(deps, [await sendClaimed(deps, sends[0]!)])).get(invitationId)!;
  if (typeof outcome !== 'string') throw outcome.retry;
  return outcome;
}

/** The channels of a batch, read in one statement (readCredentials decrypts each stored value once). */
async function channelContexts(db: Db, deps: DispatchDeps, ids: string[]): Promise<Map<string, ChannelContext>> {
  const out = new Map<string, ChannelContext>();
  for (const channel of (await getChannelsForSending(db, ids)).values()) {
    out.set(channel.id, { channel, credentials: readCredentials(deps.keys, channel), publicUrl: deps.publicUrl, cache: channelCache(deps.db, channel.id) });
  }
  return out;
}

/** Each sent survey's reminder plan; office hours read once per workspace of the batch. */
async function reminderPlans(trx: Db, sent: { inv: DueInvitation; settings: SurveySettings }[], sentAt: Date) {
  const policies = new Map<string, Promise<Awaited<ReturnType<typeof loadTimePolicies>>>>();
  const plans: { invitationId: string; plan: { dueAt: Date } | { skip: string } }[] = [];
  for (const { inv, settings } of sent) {
    let schedule = ALWAYS_OPEN();
    if (settings.sending.reminderInBusinessHours) {
      if (!policies.has(inv.workspace_id)) policies.set(inv.workspace_id, loadTimePolicies(trx, inv.workspace_id));
      schedule = (await policies.get(inv.workspace_id)!).scheduleFor(inv.division_id);
    }
    const plan = planReminderAt(settings.sending, sentAt, inv.expires_at, schedule);
    if (plan) plans.push({ invitationId: inv.id, plan });
  }
  return plans;
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
  const survey = outgoingSurvey(deps, inv, contact, settings, conv, opts);
  return { ctx, adapter, survey, settings };
}

/** What an adapter sends for an invitation: its link, the survey rendered (once per settings version, types and language) and the first chat message. */
function outgoingSurvey(
  deps: Pick<DispatchDeps, 'keys' | 'publicUrl'>,
  inv: { id: string; survey_types: string[]; language: string; expires_at: Date },
  contact: { external_id: string; name: string | null; phone: string | null; email: string | null; handle: string | null },
  settings: SurveySettings,
  conv: { conversationId: string; lastCustomerMessageAt: string | null },
  opts: { reminder?: boolean } = {},
): OutgoingSurvey {
  const types = inv.survey_types as SurveyType[];
  const language = inv.language as Language;
  const url = surveyUrl(deps.publicUrl, deps.keys.invitationToken(inv.id));
  return {
    invitationId: inv.id,
    conversationId: conv.conversationId,
    contact: { id: contact.external_id, name: contact.name, phone: contact.phone, email: contact.email, handle: contact.handle },
    language: inv.language,
    url,
    expiresAt: inv.expires_at.toISOString(),
    survey: renderedSurvey(settings, types, language),
    chat: chatPrompt({ settings, invitationId: inv.id, language, url, step: nextStep(settings, types, [], language), first: true, reminder: opts.reminder }),
    lastCustomerMessageAt: conv.lastCustomerMessageAt,
    ...(opts.reminder && { reminder: true }),
  };
}

/** Settings versions never change, so neither does a survey rendered from one (adapters only read it). */
function renderedSurvey(settings: SurveySettings, types: SurveyType[], language: Language) {
  let perSettings = rendered.get(settings);
  if (!perSettings) rendered.set(settings, (perSettings = new Map()));
  const key = `${types.join(',')}|${language}`;
  let found = perSettings.get(key);
  if (!found) perSettings.set(key, (found = renderSurvey(settings, types, language)));
  return found;
}

const rendered = new WeakMap<SurveySettings, Map<string, ReturnType<typeof renderSurvey>>>();

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
