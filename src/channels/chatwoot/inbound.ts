/**
 * Chatwoot webhooks as nilai events: `conversation_created` opens, `conversation_status_changed`
 * resolves or reopens, `conversation_updated` with a label or assignee change updates the tags and agent
 * (a request label added after the resolve asks for the survey then), `message_created` records who
 * wrote when (a contact's message can also answer
 * a survey: typed, or a tap that the inbox relays as text), `message_updated` carries an option tapped
 * in the website widget (`submitted_values`) or the delivery failure of a message nilai posted
 * (`content_attributes.external_error`).
 *
 * Shapes (Chatwoot's own source): a message webhook is `Message#webhook_data` (sender = `User#webhook_data`
 * {id, name, email, type: "user"} or the contact's), its `conversation` and a conversation webhook are
 * `Conversations::EventDataPresenter#push_data` (`id` = display id, `inbox_id`, `channel` = the inbox's
 * channel type, `meta.assignee` = `User#push_event_data`, which has no email).
 *
 * Signed (Chatwoot ≥ 4.11.2) as `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`
 * with `X-Chatwoot-Timestamp`; more than 5 minutes off is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseChoiceId } from '../../domain/chat/reply.js';
import type { ConversationEvent } from '../../domain/conversations/event-schema.js';
import type { ChatwootAgentRef, InboundItem } from '../inbound.js';
import { chatwootConversationId } from './transport.js';

export const MAX_AGE_S = 300;

/** Why a webhook was refused; each has its own advice (see `signatureProblemText`). */
export type SignatureProblem = 'no_secret' | 'missing_signature' | 'missing_timestamp' | 'stale_timestamp' | 'mismatch';

export function checkChatwootSignature(secret: string | undefined, rawBody: string, signature: string | undefined, timestamp: string | undefined, now = Date.now()): SignatureProblem | null {
  if (!secret) return 'no_secret';
  if (!signature) return 'missing_signature';
  if (!timestamp || !/^\d+$/.test(timestamp)) return 'missing_timestamp';
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_AGE_S) return 'stale_timestamp';
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest();
  const given = signature.startsWith('sha256=') ? Buffer.from(signature.slice(7), 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'mismatch';
}

export const verifyChatwootSignature = (secret: string, rawBody: string, signature: string | undefined, timestamp: string | undefined, now = Date.now()): boolean =>
  checkChatwootSignature(secret, rawBody, signature, timestamp, now) === null;

/** What an admin reads about a refused webhook (in the log and on the channel). Never the secret. */
export function signatureProblemText(problem: SignatureProblem, timestamp?: string, now = Date.now()): string {
  switch (problem) {
    case 'no_secret':
      return 'This channel has no Chatwoot webhook secret yet (credentials.webhookSecret), so every webhook is refused: copy the secret of the Chatwoot webhook into the channel.';
    case 'missing_signature':
      return 'The webhook carries no X-Chatwoot-Signature header. Chatwoot signs account webhooks only since version 4.11.2 (API-inbox and agent-bot webhooks since 4.13.0): upgrade Chatwoot, and send nilai an account webhook (Settings → Integrations → Webhooks).';
    case 'missing_timestamp':
      return 'The webhook carries X-Chatwoot-Signature but no valid X-Chatwoot-Timestamp header, so its signature cannot be checked.';
    case 'stale_timestamp': {
      const skew = Math.round(Math.abs(now / 1000 - Number(timestamp)));
      return `The webhook's X-Chatwoot-Timestamp is ${skew} s away from nilai's clock (at most ${MAX_AGE_S} s is accepted): check both servers' clocks, or this is an old delivery replayed.`;
    }
    case 'mismatch':
      return 'X-Chatwoot-Signature does not match this channel\'s webhook secret: copy the secret of this very webhook again from Chatwoot (Settings → Integrations → Webhooks → edit). Some Chatwoot installs show a secret that is not the key they sign with (chatwoot/chatwoot#13809).';
  }
}

/** Chatwoot's time (epoch seconds or a date string), or `fallback` when it is none a Date can hold. */
const iso = (v: unknown, fallback: string): string => {
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : fallback;
};

/**
 * The contact's `custom_attributes` (Contact#push_event_data, app/models/contact.rb: a hash of the
 * account's contact attributes, text / number / date / list / checkbox / link values) as event
 * attributes; services/inbound-webhooks keeps those that fit a nilai contact field of the same key.
 */
function customAttributes(raw: unknown): { attributes?: Record<string, string | number | boolean | null> } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(raw).slice(0, 100)) {
    if (k.length > 40) continue;
    if (typeof v === 'string') out[k] = v.slice(0, 500);
    else if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  return Object.keys(out).length ? { attributes: out } : {};
}

/** A Chatwoot user (agent) as a message sender (`User#webhook_data`) or assignee (`User#push_event_data`). */
function agentOf(u: any): ChatwootAgentRef | null {
  if (!u || u.type !== 'user' || !Number.isInteger(u.id)) return null;
  const name = typeof u.name === 'string' && u.name ? u.name : typeof u.available_name === 'string' ? u.available_name : null;
  return { agentId: u.id, email: typeof u.email === 'string' && u.email ? u.email.trim().toLowerCase() : null, name };
}

interface ConversationLike {
  displayId: string;
  sender: any;
  assignee: ChatwootAgentRef | null;
  labels: string[];
}

function conversationOf(c: any): ConversationLike | null {
  const displayId = c?.display_id ?? c?.id;
  if (displayId === undefined || displayId === null) return null;
  return { displayId: String(displayId), sender: c?.meta?.sender ?? null, assignee: agentOf(c?.meta?.assignee), labels: Array.isArray(c?.labels) ? c.labels.map(String) : [] };
}

/** The attributes a `conversation_updated` webhook says changed. */
function changedKeys(raw: unknown): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(raw)) return out;
  for (const change of raw.slice(0, 50)) if (change && typeof change === 'object') for (const k of Object.keys(change)) out.add(k);
  return out;
}

const isMessageEvent = (event: string) => event === 'message_created' || event === 'message_updated';

/**
 * The assignee's `availability_status` a conversation webhook carries (`meta.assignee` is
 * User#push_event_data, which has it; a message's sender, User#webhook_data, has not). Chatwoot sends no
 * presence webhook (Webhook::ALLOWED_WEBHOOK_EVENTS), so this is the only availability a webhook tells.
 */
export function chatwootAssigneeAvailability(p: any): { agentId: number; availability: 'online' | 'busy' | 'offline' } | null {
  const c = isMessageEvent(String(p?.event ?? '')) ? p?.conversation : p;
  const a = c?.meta?.assignee;
  if (!a || a.type !== 'user' || !Number.isInteger(a.id)) return null;
  return a.availability_status === 'online' || a.availability_status === 'busy' || a.availability_status === 'offline' ? { agentId: a.id, availability: a.availability_status } : null;
}

/** The Chatwoot agents a webhook names (the message's author, the assignee), to remember and match. */
export function chatwootAgentsOf(p: any): ChatwootAgentRef[] {
  const message = isMessageEvent(String(p?.event ?? ''));
  const conv = conversationOf(message ? p?.conversation : p);
  return [message ? agentOf(p?.sender) : null, conv?.assignee ?? null].filter((a): a is ChatwootAgentRef => a !== null);
}

/** The inbox a webhook's conversation is in, and that inbox's channel type (`Channel::Whatsapp`…). */
export function chatwootInboxOf(p: any): { displayId: string; inboxId: number | null; channelType: string | null } | null {
  const c = isMessageEvent(String(p?.event ?? '')) ? p?.conversation : p;
  const conv = conversationOf(c);
  if (!conv) return null;
  const inboxId = Number.isInteger(c?.inbox_id) ? c.inbox_id : Number.isInteger(p?.inbox?.id) ? p.inbox.id : null;
  const channelType = typeof c?.channel === 'string' && c.channel.startsWith('Channel::') ? c.channel : null;
  return { displayId: conv.displayId, inboxId, channelType };
}

/**
 * What Chatwoot says about a message nilai posted: `content_attributes.external_error` when the inbox's
 * channel refused it (Chatwoot had answered 200), or its `status` where the webhook carries one (newer
 * Chatwoot; older ones only in the conversation's last message).
 */
function deliveryOf(p: any, messageId: string): InboundItem | null {
  const error = p?.content_attributes?.external_error;
  const last = Array.isArray(p?.conversation?.messages) ? p.conversation.messages.find((m: any) => String(m?.id) === messageId) : undefined;
  const status = typeof p?.status === 'string' ? p.status : typeof last?.status === 'string' ? last.status : null;
  if (typeof error === 'string' && error.trim()) return { kind: 'status', providerMessageId: messageId, status: 'failed', reason: error.trim().slice(0, 500) };
  if (status === 'failed') return { kind: 'status', providerMessageId: messageId, status: 'failed' };
  if (status === 'delivered' || status === 'read') return { kind: 'status', providerMessageId: messageId, status };
  return null;
}

/**
 * `receivedAt` stands in for the time of status changes (Chatwoot sends none for them).
 * Messages nilai posted itself (`ownMessageIds`) are not agent replies and are left out.
 * An event's agent is the author of an agent's message, otherwise the conversation's assignee.
 */
export function parseChatwootWebhook(p: any, channelId: string, accountId: number, receivedAt: string, ownMessageIds: ReadonlySet<string> = new Set()): InboundItem[] {
  const event = String(p?.event ?? '');
  const isMessage = isMessageEvent(event);
  const conv = conversationOf(isMessage ? p?.conversation : p);
  if (!conv) return [];
  const messageId = p?.id !== undefined && p?.id !== null ? String(p.id) : '';
  if (event === 'message_updated') {
    const items: InboundItem[] = [];
    if (ownMessageIds.has(messageId)) {
      const delivery = deliveryOf(p, messageId);
      if (delivery) items.push(delivery);
    }
    // The website widget's tap: the chosen item (nilai's value, e.g. "CSAT 4", or an older message's id).
    const picked = p?.content_attributes?.submitted_values?.[0];
    const value = typeof picked?.value === 'string' ? picked.value : typeof picked?.title === 'string' ? picked.title : null;
    if (value !== null) {
      const choiceId = parseChoiceId(value) ? value : null;
      items.push({ kind: 'message', id: `chatwoot:${messageId}:submitted`, from: conv.displayId, text: choiceId ? null : value, choiceId });
    }
    return items;
  }
  const contactSource = conv.sender ?? (isMessage && p?.sender?.type === 'contact' ? p.sender : null);
  if (!contactSource?.id) return [];
  const conversation: ConversationEvent['conversation'] = {
    id: chatwootConversationId(accountId, conv.displayId),
    channelId,
    contact: {
      id: `chatwoot:${contactSource.id}`,
      ...(contactSource.name && { name: String(contactSource.name).slice(0, 200) }),
      ...(contactSource.phone_number && { phone: String(contactSource.phone_number).slice(0, 40) }),
      ...(contactSource.email && { email: String(contactSource.email).slice(0, 254) }),
      ...customAttributes(contactSource.custom_attributes),
    },
    ...(conv.labels.length && { tags: conv.labels.slice(0, 50).map((l) => l.slice(0, 100)) }),
  };
  const withAgent = (e: ConversationEvent, agent: ChatwootAgentRef | null = conv.assignee): InboundItem => ({ kind: 'event', event: e, agent });

  if (event === 'conversation_created') {
    return [withAgent({ id: `chatwoot:${conversation.id}:created`, type: 'conversation.opened', occurredAt: iso(p.created_at, receivedAt), conversation })];
  }
  if (event === 'conversation_status_changed') {
    if (p.status === 'resolved') return [withAgent({ id: `chatwoot:${conversation.id}:resolved:${receivedAt}`, type: 'conversation.resolved', occurredAt: receivedAt, conversation })];
    if (p.status === 'open') return [withAgent({ id: `chatwoot:${conversation.id}:open:${receivedAt}`, type: 'conversation.reopened', occurredAt: receivedAt, conversation })];
    return [];
  }
  if (event === 'conversation_updated') {
    // Chatwoot sends it when one of Conversation#list_of_keys changed (app/models/conversation.rb), with
    // `changed_attributes: [{ <attribute>: { previous_value, current_value } }]` (app/listeners/base_listener.rb).
    // A label or assignee change becomes an update of the conversation's tags and agent; other changes
    // (status: conversation_status_changed says it; priority, waiting_since…) tell nilai nothing.
    const changed = changedKeys(p.changed_attributes);
    if (!changed.has('label_list') && !changed.has('assignee_id')) return [];
    return [withAgent({ id: `chatwoot:${conversation.id}:updated:${receivedAt}`, type: 'conversation.assigned', occurredAt: receivedAt, conversation: { ...conversation, tags: conversation.tags ?? [] } })];
  }
  if (event !== 'message_created' || p.private === true) return [];
  const type = p.message_type;
  if (type === 'incoming' || type === 0) {
    const at = iso(p.created_at, receivedAt);
    const content = typeof p.content === 'string' ? p.content : null;
    // A Telegram tap on a keyboard posted before values were short carries nilai's full choice id.
    const choiceId = content !== null && parseChoiceId(content.trim()) ? content.trim() : null;
    return [
      withAgent({ id: `chatwoot:message:${messageId}`, type: 'message.created', occurredAt: at, conversation, message: { sender: 'customer' } }),
      { kind: 'message', id: `chatwoot:${messageId}`, from: conv.displayId, text: choiceId ? null : content, choiceId },
    ];
  }
  if ((type === 'outgoing' || type === 1) && !ownMessageIds.has(messageId)) {
    const author = agentOf(p?.sender);
    const event: ConversationEvent = { id: `chatwoot:message:${messageId}`, type: 'message.created', occurredAt: iso(p.created_at, receivedAt), conversation, message: { sender: author ? 'agent' : 'bot' } };
    return [withAgent(event, author ?? conv.assignee)];
  }
  return [];
}
