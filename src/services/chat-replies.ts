/**
 * A customer's message in a chat channel, read against the survey sent there: a rating (tapped or
 * typed), a follow-up answer, SKIP, or STOP / BERHENTI. The answer and the reply nilai will send are
 * committed together (the reply as an outbox row keyed by the customer's message id), then the reply
 * is sent; a retried job finds the reply already decided and only sends it if it is still pending.
 */
import type { InboundItem } from '../channels/inbound.js';
import type { ChannelContext, ChatTransport } from '../channels/types.js';
import { chatPrompt, optOutConfirmation, type ChatMessage, type PromptInput } from '../domain/chat/prompts.js';
import { isOptOut, isSkip, matchChoiceTitle, parseChoiceId, parseScore, parseTapValue } from '../domain/chat/reply.js';
import { PAGE_TEXT } from '../domain/render/page-text.js';
import { scaleOf, type Scale } from '../domain/settings/scale.js';
import type { Language } from '../domain/settings/schema.js';
import type { Jobs } from '../jobs/queue.js';
import type { Keys } from '../lib/keys.js';
import { cancelPending, contactOfChatAddress, findOpenChatInvitation, getInvitation } from '../store/invitations.js';
import { findContactByChatAddress, optOutContact } from '../store/conversations.js';
import type { Db } from '../store/db.js';
import { claimMessage, markMessage, messageDecided, queueMessage } from '../store/outbound-messages.js';
import { getCurrentSettings } from '../store/survey-settings.js';
import { surveyUrl } from './dispatch.js';
import { recordFollowUp, recordRating, surveyStateOf } from './survey-session.js';
import { TemporarySendError } from '../channels/provider-http.js';
import { sendTimeoutMs } from '../channels/http-status.js';
import { chatwootConversationId } from '../channels/chatwoot/transport.js';
import { phonesOfWaId } from '../channels/whatsapp/transport.js';

export interface ChatDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
}

export type ChatMessageItem = Extract<InboundItem, { kind: 'message' }>;
export type ChatOutcome = 'opted_out' | 'rating' | 'follow_up' | 'not_understood' | 'ended' | 'ignored' | 'already_handled';

class AlreadyHandled extends Error {}

interface Decision {
  outcome: ChatOutcome;
  reply?: { message: ChatMessage; invitationId: string | null; key?: string };
}

export async function handleChatMessage(deps: ChatDeps, ctx: ChannelContext, transport: ChatTransport, msg: ChatMessageItem): Promise<ChatOutcome> {
  const { channel } = ctx;
  const replyKey = `reply:${msg.id}`;
  // Handled before (the job is a retry): the answer is recorded; only the reply may still be pending.
  // Deciding again would read the message against the next question.
  if (await messageDecided(deps.db, channel.id, replyKey)) {
    await deliverPending(deps.db, ctx, transport, replyKey);
    return 'already_handled';
  }
  let decision: Decision;
  try {
    decision = await deps.db.transaction().execute(async (trx) => {
      const d = await decide(trx, deps, ctx, msg);
      if (d.reply) {
        const queued = await queueMessage(trx, { workspaceId: channel.workspaceId, channelId: channel.id, invitationId: d.reply.invitationId, dedupKey: d.reply.key ?? replyKey, address: msg.from, message: d.reply.message });
        // Decided before (a retried job or a repeated webhook): undo this second decision.
        if (!queued && !d.reply.key) throw new AlreadyHandled();
      }
      return d;
    });
  } catch (err) {
    if (!(err instanceof AlreadyHandled)) throw err;
    await deliverPending(deps.db, ctx, transport, replyKey);
    return 'already_handled';
  }
  if (decision.reply) await deliverPending(deps.db, ctx, transport, decision.reply.key ?? replyKey);
  return decision.outcome;
}

/**
 * How long a claimed reply is left to the worker that claimed it: its provider call (a timeout, a wait the
 * provider asked for, a second call) plus a margin. Past it, that worker died mid-send: a retry sends it.
 */
export const outboxLeaseMs = () => 2 * sendTimeoutMs() + 60_000;

/**
 * Sends the outbox message under `key` if it is still pending: claimed first (committed), so two workers
 * never send it at once; one another worker is sending is a temporary failure (the job retries and finds
 * it sent, or the claim expired). Only a send a worker died in the middle of is sent twice.
 */
export async function deliverPending(db: Db, ctx: ChannelContext, transport: ChatTransport, key: string): Promise<void> {
  const pending = await claimMessage(db, ctx.channel.id, key, outboxLeaseMs());
  if (pending === null) return;
  if (pending === 'busy') throw new TemporarySendError('another worker is sending this reply; retried after it');
  let result: Awaited<ReturnType<ChatTransport['sendMessage']>>;
  try {
    result = await transport.sendMessage(ctx, pending.address, pending.message);
    if (!result.ok && !result.permanent) throw new TemporarySendError(result.reason);
  } catch (err) {
    // Thrown or answered as temporary: the claim is handed back for the job's retry.
    await markMessage(db, pending.id, { retry: true });
    throw err;
  }
  if (result.ok) await markMessage(db, pending.id, { sent: true, providerMessageId: result.providerMessageId });
  else await markMessage(db, pending.id, { sent: false, error: result.reason });
}

async function decide(trx: Db, deps: ChatDeps, ctx: ChannelContext, msg: ChatMessageItem): Promise<Decision> {
  const { channel } = ctx;
  if (msg.text !== null && isOptOut(msg.text)) return optOut(trx, ctx, msg);

  const choice = msg.choiceId ? parseChoiceId(msg.choiceId) : null;
  let inv = choice ? await getInvitation(trx, choice.invitationId, true) : await findOpenChatInvitation(trx, channel.id, msg.from, true);
  if (inv && (inv.channel_id !== channel.id || inv.chat_address !== msg.from)) inv = undefined;
  if (!inv) return { outcome: 'ignored' };

  const state = await surveyStateOf(trx, inv);
  if (state.problem !== null) {
    if (!choice || state.problem === 'not_found') return { outcome: 'ignored' };
    const text = PAGE_TEXT[state.language];
    const words = state.problem === 'expired' ? `${text.expiredTitle}. ${text.expiredBody}` : `${text.cancelledTitle}. ${text.cancelledBody}`;
    return { outcome: 'ended', reply: { message: { text: words }, invitationId: inv.id } };
  }
  const { step, settings, language } = state;
  const url = surveyUrl(ctx.publicUrl, deps.keys.invitationToken(inv.id));
  const promptNext = async (outcome: ChatOutcome): Promise<Decision> => {
    const next = await surveyStateOf(trx, inv);
    const nextStep = next.problem === null ? next.step : ({ kind: 'done' } as const);
    return { outcome, reply: { message: chatPrompt({ settings, invitationId: inv.id, language, url, step: nextStep }), invitationId: inv.id } };
  };

  if (step.kind === 'rating') {
    const type = step.surveyType;
    let score: number | null = null;
    // A tap whose value the inbox relayed as text ("CSAT 4"): read like a tapped button.
    const tap = !choice && msg.text !== null ? parseTapValue(msg.text) : null;
    if (choice) score = choice.surveyType === type ? choice.score : null;
    else if (tap) score = tap.surveyType === type ? withinScale(tap.score, scaleOf(settings, type)) : null;
    else if (msg.text !== null) score = readTypedScore(msg.text, { settings, invitationId: inv.id, language, url, step });
    if (score === null) {
      // A tap on an old question's button, or words we cannot read: ask again, once per question.
      if (choice || tap) return { outcome: 'ignored' };
      return {
        outcome: 'not_understood',
        reply: { message: chatPrompt({ settings, invitationId: inv.id, language, url, step, retry: true }), invitationId: inv.id, key: `retry:${inv.id}:${type}` },
      };
    }
    await recordRating(trx, deps.jobs, state, type, score);
    return promptNext('rating');
  }
  if (step.kind === 'follow_up') {
    if (choice || msg.text === null || parseTapValue(msg.text)) return { outcome: 'ignored' };
    await recordFollowUp(trx, deps.jobs, state, step.surveyType, isSkip(msg.text) ? null : msg.text);
    return promptNext('follow_up');
  }
  return { outcome: 'ignored' };
}

const withinScale = (n: number, scale: Scale) => (n >= scale.min && n <= scale.max ? n : null);

/**
 * A typed or relayed reply to a rating: one of the offered answers by its title (as WhatsApp and Facebook
 * inboxes relay taps, possibly shortened), else a score in words, digits or emoji.
 */
function readTypedScore(text: string, p: PromptInput & { step: Extract<PromptInput['step'], { kind: 'rating' }> }): number | null {
  const { settings, language, step } = p;
  const offered = chatPrompt(p).choices ?? [];
  const i = matchChoiceTitle(text, offered.map((c) => c.title));
  if (i !== null) return parseChoiceId(offered[i]!.id)?.score ?? null;
  const type = step.surveyType;
  const labels = type === 'csat' ? (settings.csat.labels[language] ?? settings.csat.labels[settings.languages.default]) : undefined;
  return parseScore(text, scaleOf(settings, type), { csat: type === 'csat', labels });
}

async function optOut(trx: Db, ctx: ChannelContext, msg: ChatMessageItem): Promise<Decision> {
  const { channel } = ctx;
  const known = await contactOfChatAddress(trx, channel.id, msg.from);
  let contactId = known?.contact_id ?? null;
  if (!contactId) {
    const by = channel.type === 'whatsapp' ? { phones: phonesOfWaId(msg.from) } : channel.type === 'telegram' ? { handle: msg.from } : { conversation: chatwootConversationId(channel.config.accountId ?? 0, msg.from) };
    contactId = (await findContactByChatAddress(trx, channel.workspaceId, by))?.id ?? null;
  }
  if (!contactId) return { outcome: 'ignored' };
  await optOutContact(trx, contactId);
  await cancelPending(trx, { contactId }, 'opted_out');
  const { settings } = await getCurrentSettings(trx, channel.workspaceId);
  const language = (known?.language as Language | undefined) ?? settings.languages.default;
  return { outcome: 'opted_out', reply: { message: optOutConfirmation(language, settings.tone), invitationId: null } };
}

