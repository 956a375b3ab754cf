/**
 * Provider webhooks: the HTTP route verifies the signature and stores the body with its job in one
 * transaction (so the provider gets its 200 at once and nothing is lost), and the job reads it here:
 * customer messages go to the chat survey, delivery reports to the invitation, Chatwoot conversation
 * changes to the same event intake as POST /api/v1/events.
 */
import type { Logger } from 'pino';
import { invitationOfRef } from '../channels/chat.js';
import { chatwootAgentsOf, chatwootAssigneeAvailability, chatwootInboxOf, parseChatwootWebhook } from '../channels/chatwoot/inbound.js';
import { orderingKey, type InboundItem } from '../channels/inbound.js';
import { CHAT_TRANSPORTS } from '../channels/registry.js';
import { answerCallbackQuery } from '../channels/telegram/transport.js';
import { parseTelegramUpdate } from '../channels/telegram/inbound.js';
import type { ChannelContext } from '../channels/types.js';
import { parseWhatsappWebhook } from '../channels/whatsapp/inbound.js';
import { DEFAULT_EVENT_WINDOW, eventTime, type EventWindow } from '../domain/conversations/event-time.js';
import type { ConversationEvent } from '../domain/conversations/event-schema.js';
import { AppError } from '../domain/errors.js';
import { INBOUND_QUEUE, type Jobs } from '../jobs/queue.js';
import { wakeStatement } from '../jobs/wakeups.js';
import { Later } from '../store/pipelined.js';
import type { Keys } from '../lib/keys.js';
import type { SendingChannel } from '../channels/types.js';
import { addAlone, type Batched, type GroupCommit } from '../store/group-commit.js';
import type { Db } from '../store/db.js';
import { getWebhooks, lockChat, markWebhookProcessed, storeWebhooks, waitingWebhooksOfChat, type NewWebhook, type StoredWebhook } from '../store/inbound-webhooks.js';
import { markDelivered, markUndeliverable } from '../store/invitations.js';
import { invitationOfProviderMessage, ownMessageIds } from '../store/outbound-messages.js';
import { actionMessageIds } from '../store/inbox-actions.js';
import { creditedUsers, rememberAgents } from '../store/chatwoot-agents.js';
import { divisionOfChatwootInbox, noteAgentAvailability } from '../store/allocation.js';
import { noteWebhookReceived } from '../store/channel-cache.js';
import { channelContext } from './channels.js';
import { handleChatMessage } from './chat-replies.js';
import { recordReportedSend } from './dispatch.js';
import { ingestEvents } from './ingest-events.js';
import { fittingAttributes } from '../domain/contacts/fields.js';
import { listContactFields } from '../store/contact-fields.js';

export interface InboundDeps {
  db: Db;
  keys: Keys;
  jobs: Jobs;
  publicUrl: string;
  log: Logger;
  /** How far from now event times may lie (default DEFAULT_EVENT_WINDOW). */
  eventWindow?: EventWindow;
}

/**
 * Stores verified webhooks and queues their processing: one statement for the rows and their jobs, and
 * the workers' wake-up behind it, both written without waiting (store/pipelined).
 */
const webhookBatches = new WeakMap<Jobs, Batched<NewWebhook, Accepted>>();
const webhookBatch = (jobs: Jobs) => {
  let kind = webhookBatches.get(jobs);
  if (!kind) {
    // One function per Jobs: storeWebhooks builds its statement once per jobs' INSERT.
    const insertJobs = (ids: string, offset: number) => jobs.inboundJobsInsert(ids, offset);
    webhookBatches.set(jobs, (kind = {
      async many(_trx, ws, send) {
        const outcomes = storeWebhooks(send, ws, insertJobs);
        void send(wakeStatement([INBOUND_QUEUE]));
        return new Later(outcomes.settled.then((list) => list.map((o) => (typeof o === 'object' ? 'queued' : o))));
      },
    }));
  }
  return kind;
};

/** Queued (stored with its job), a repeated body (dropped), or stale: its channel changed since `channelVersion`, nothing stored. */
export type Accepted = 'queued' | 'duplicate' | 'stale';

/**
 * Stores a verified webhook and queues its processing, atomically: with `group`, in one transaction with
 * the webhooks arriving alongside (answered after that commit). A repeated body is acknowledged and dropped.
 * `channelVersion`: the channel row's version that verified it (store/inbound-webhooks NewWebhook).
 */
export async function acceptWebhook(db: Db, jobs: Jobs, channel: Pick<SendingChannel, 'id' | 'workspaceId'> & { version: number | null }, rawBody: string, payload: unknown, group?: GroupCommit): Promise<Accepted> {
  const kind = webhookBatch(jobs);
  const webhook = { workspaceId: channel.workspaceId, channelId: channel.id, channelVersion: channel.version, rawBody, payload, orderingKey: orderingKey(payload) };
  const outcome = group ? await group.add(kind, webhook) : await addAlone(db, kind, webhook);
  // After the commit, so concurrent webhooks of a channel do not wait on each other for this row.
  if (outcome !== 'stale') await noteWebhookReceived(db, channel.id);
  return outcome;
}

async function itemsOf(db: Db, ctx: ChannelContext, payload: any, receivedAt: Date): Promise<InboundItem[]> {
  const { channel } = ctx;
  if (channel.type === 'whatsapp') return parseWhatsappWebhook(payload, channel.config.phoneNumberId);
  if (channel.type === 'telegram') return parseTelegramUpdate(payload);
  if (channel.type === 'chatwoot') {
    const ids = payload?.id !== undefined ? [String(payload.id)] : [];
    // nilai's own posts: surveys (outbound_messages) and inbox actions (auto replies…), not agent replies.
    const ownIds = new Set([...await ownMessageIds(db, channel.id, ids), ...await actionMessageIds(db, channel.id, ids)]);
    await rememberChatwootFacts(db, ctx, payload, receivedAt, ownIds.size > 0);
    return parseChatwootWebhook(payload, channel.id, channel.config.accountId ?? 0, receivedAt.toISOString(), ownIds);
  }
  return [];
}

/**
 * What a Chatwoot webhook tells in passing: the conversation's inbox and its type, the agents it names
 * (not the sender of nilai's own messages: that is the token's user, not an agent of these conversations).
 */
async function rememberChatwootFacts(db: Db, ctx: ChannelContext, payload: any, receivedAt: Date, ownMessage: boolean): Promise<void> {
  const inbox = chatwootInboxOf(payload);
  if (inbox?.inboxId !== null && inbox?.inboxId !== undefined) {
    await ctx.cache?.set({ [`conversation:${inbox.displayId}:inbox`]: String(inbox.inboxId), ...(inbox.channelType && { [`inbox:${inbox.inboxId}:type`]: inbox.channelType }) });
  }
  await rememberAgents(db, ctx.channel.id, chatwootAgentsOf(ownMessage ? { ...payload, sender: null } : payload), receivedAt);
  const seen = chatwootAssigneeAvailability(payload);
  if (seen) await noteAgentAvailability(db, ctx.channel.id, seen.agentId, seen.availability, receivedAt);
}

/** The division the conversation's Chatwoot inbox is mapped to (Agent management), if any. */
async function chatwootInboxDivision(db: Db, ctx: ChannelContext, payload: unknown): Promise<string | null> {
  const inbox = chatwootInboxOf(payload);
  if (!inbox) return null;
  const inboxId = inbox.inboxId ?? Number((await ctx.cache?.get(`conversation:${inbox.displayId}:inbox`)) ?? NaN);
  return Number.isInteger(inboxId) ? divisionOfChatwootInbox(db, ctx.channel.workspaceId, inboxId) : null;
}

/**
 * Chats handled at once per batch. Each holds a pooled connection for its lock while its webhooks use
 * others from the same pool (10): more would let the lock holders take every connection and wait forever.
 */
export const CHAT_LANES = 4;

/**
 * Handles a batch of stored webhooks: those about the same chat one after another in arrival order,
 * different chats side by side. Across processes too: a chat is handled under its lock (`lockChat`), and
 * under it the chat's earlier webhooks still waiting — whose jobs another process may hold, not yet
 * started — are handled first; that process then finds them processed. Each webhook's failure is its own.
 */
export async function processWebhooks(deps: InboundDeps, webhookIds: string[]): Promise<Map<string, { outcomes: string[] } | { error: Error }>> {
  const lanes = new Map<string, { channelId: string; key: string; ids: string[] }>();
  const results = new Map<string, { outcomes: string[] } | { error: Error }>();
  for (const h of await getWebhooks(deps.db, webhookIds)) {
    const key = h.ordering_key ?? orderingKey(h.payload);
    const lane = lanes.get(`${h.channel_id}:${key}`) ?? { channelId: h.channel_id, key, ids: [] };
    lane.ids.push(h.id);
    lanes.set(`${h.channel_id}:${key}`, lane);
  }
  for (const id of webhookIds) results.set(id, { outcomes: [] }); // gone: nothing to do
  const queue = [...lanes.values()];
  const runLanes = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) await processChat(deps, lane, results);
  };
  await Promise.all(Array.from({ length: Math.min(CHAT_LANES, queue.length) }, runLanes));
  return results;
}

async function processChat(deps: InboundDeps, lane: { channelId: string; key: string; ids: string[] }, results: Map<string, { outcomes: string[] } | { error: Error }>): Promise<void> {
  const ours = new Set(lane.ids);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await lockChat(trx, lane.channelId, lane.key);
      // Read under the lock: what another process handled meanwhile is processed now, and skipped.
      let failed: Error | null = null;
      for (const hook of await waitingWebhooksOfChat(deps.db, lane.channelId, lane.key, lane.ids)) {
        // After a failure, the chat's later webhooks wait for it (retried in arrival order), so an
        // answer is never read against a question the customer had not reached yet.
        if (failed) {
          if (ours.has(hook.id)) results.set(hook.id, { error: new Error(`an earlier webhook of this chat failed (${failed.message}); retried after it`) });
          continue;
        }
        try {
          const outcomes = await processWebhook(deps, hook);
          if (ours.has(hook.id)) results.set(hook.id, { outcomes });
        } catch (err) {
          failed = err as Error;
          // Another process's job retries its own webhook; ours wait for it.
          if (ours.has(hook.id)) results.set(hook.id, { error: failed });
        }
      }
    });
  } catch (err) {
    // The lock itself (the database went away): every webhook of the lane is retried.
    for (const id of lane.ids) results.set(id, { error: err as Error });
  }
}

/**
 * The event's time, or the time the webhook arrived when the provider's is out of bounds (a wrong clock
 * or a garbled field): one message at an odd time must not be refused, nor stall the chat's webhooks.
 */
function providerTime(deps: InboundDeps, hook: StoredWebhook, event: ConversationEvent): string {
  const t = eventTime(event.occurredAt, deps.eventWindow ?? DEFAULT_EVENT_WINDOW, Date.now());
  if (!('problem' in t)) return t.occurredAt;
  deps.log.warn({ webhookId: hook.id, eventId: event.id, occurredAt: event.occurredAt, problem: t.problem }, 'inbox event time out of bounds; using the time the webhook arrived');
  return hook.received_at.toISOString();
}

async function processWebhook(deps: InboundDeps, hook: StoredWebhook): Promise<string[]> {
  if (hook.processed_at) return [];
  const webhookId = hook.id;
  const ctx = await channelContext(deps.db, deps.keys, hook.channel_id, deps.publicUrl);
  const transport = ctx ? CHAT_TRANSPORTS[ctx.channel.type] : undefined;
  if (!ctx || !transport) return [];
  const outcomes: string[] = [];
  for (const item of await itemsOf(deps.db, ctx, hook.payload, hook.received_at)) {
    if (item.kind === 'message') {
      outcomes.push(await handleChatMessage(deps, ctx, transport, item));
      if (item.callbackQueryId) await answerCallbackQuery(ctx, item.callbackQueryId);
    } else if (item.kind === 'status') {
      let invitationId = await invitationOfProviderMessage(deps.db, ctx.channel.id, item.providerMessageId);
      if (!invitationId) {
        const named = invitationOfRef(item.ref);
        if (!named || !item.recipient || !(await recordReportedSend(deps.db, { invitationId: named, channelId: ctx.channel.id, providerMessageId: item.providerMessageId, address: item.recipient }))) continue;
        invitationId = named;
        outcomes.push('status:recorded_send');
      }
      if (item.status === 'failed') await markUndeliverable(deps.db, invitationId, `${ctx.channel.type} could not deliver the survey: ${item.reason ?? 'no reason given'}`);
      else if (item.status !== 'sent') await markDelivered(deps.db, invitationId);
      outcomes.push(`status:${item.status}`);
    } else {
      // Credited to the agent's nilai user; an agent nobody matches clears it (its mapping fixes later ones).
      const agentId = item.agent ? ((await creditedUsers(deps.db, ctx.channel.workspaceId, ctx.channel.id, [item.agent.agentId])).get(item.agent.agentId) ?? null) : undefined;
      const divisionId = ctx.channel.type === 'chatwoot' ? await chatwootInboxDivision(deps.db, ctx, hook.payload) : null;
      const event = { ...item.event, occurredAt: providerTime(deps, hook, item.event), conversation: { ...item.event.conversation, ...(agentId !== undefined && { agentId }), ...(divisionId && { divisionId }) } };
      // A provider's attributes cannot be refused (it would retry forever): those that fit no field are dropped.
      if (event.conversation.contact.attributes) event.conversation = { ...event.conversation, contact: { ...event.conversation.contact, attributes: fittingAttributes(await listContactFields(deps.db, ctx.channel.workspaceId), event.conversation.contact.attributes) } };
      try {
        await ingestEvents(deps, ctx.channel.workspaceId, [event], false);
        outcomes.push(`event:${event.type}`);
      } catch (err) {
        // A refusal (the channel was archived meanwhile, say) would be refused again on every retry.
        if (!(err instanceof AppError)) throw err;
        deps.log.warn({ webhookId, eventId: event.id, err: err.message, details: err.details }, 'inbox event refused');
        outcomes.push(`event:refused:${err.code}`);
      }
    }
  }
  await markWebhookProcessed(deps.db, webhookId);
  return outcomes;
}
