/**
 * Chatwoot webhooks as nilai events: `conversation_created` opens, `conversation_status_changed`
 * resolves or reopens, `message_created` records who wrote when (a contact's message can also answer
 * a survey), `message_updated` with `submitted_values` is an option tapped in an input_select.
 * Signed as `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with
 * `X-Chatwoot-Timestamp`; older than 5 minutes is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ConversationEvent } from '../../domain/conversations/event-schema.js';
import type { InboundItem } from '../inbound.js';
import { chatwootConversationId } from './transport.js';

const MAX_AGE_S = 300;

export function verifyChatwootSignature(secret: string, rawBody: string, signature: string | undefined, timestamp: string | undefined, now = Date.now()): boolean {
  if (!signature?.startsWith('sha256=') || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > MAX_AGE_S) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest();
  const given = Buffer.from(signature.slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Chatwoot's time (epoch seconds or a date string), or `fallback` when it is none a Date can hold. */
const iso = (v: unknown, fallback: string): string => {
  const ms = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : fallback;
};

interface ConversationLike {
  displayId: string;
  sender: any;
  assignee: any;
  labels: string[];
}

function conversationOf(c: any): ConversationLike | null {
  const displayId = c?.display_id ?? c?.id;
  if (displayId === undefined || displayId === null) return null;
  return { displayId: String(displayId), sender: c?.meta?.sender ?? null, assignee: c?.meta?.assignee ?? null, labels: Array.isArray(c?.labels) ? c.labels.map(String) : [] };
}

/**
 * `receivedAt` stands in for the time of status changes (Chatwoot sends none for them).
 * Messages nilai posted itself (`ownMessageIds`) are not agent replies and are left out.
 */
export function parseChatwootWebhook(p: any, channelId: string, accountId: number, receivedAt: string, ownMessageIds: ReadonlySet<string> = new Set()): InboundItem[] {
  const event = String(p?.event ?? '');
  const isMessage = event === 'message_created' || event === 'message_updated';
  const conv = conversationOf(isMessage ? p?.conversation : p);
  if (!conv) return [];
  const contactSource = conv.sender ?? (isMessage && p?.sender?.type === 'contact' ? p.sender : null);
  if (!contactSource?.id) return [];
  // Chatwoot's assignee carries a name (no email); a message sent by an agent carries the email.
  const agentSource = conv.assignee ?? (isMessage && p?.sender?.type === 'user' ? p.sender : null);
  const agent = agentSource ? { email: agentSource.email ? String(agentSource.email) : null, name: agentSource.name ? String(agentSource.name) : null } : null;
  const conversation: ConversationEvent['conversation'] = {
    id: chatwootConversationId(accountId, conv.displayId),
    channelId,
    contact: {
      id: `chatwoot:${contactSource.id}`,
      ...(contactSource.name && { name: String(contactSource.name).slice(0, 200) }),
      ...(contactSource.phone_number && { phone: String(contactSource.phone_number).slice(0, 40) }),
      ...(contactSource.email && { email: String(contactSource.email).slice(0, 254) }),
    },
    ...(conv.labels.length && { tags: conv.labels.slice(0, 50).map((l) => l.slice(0, 100)) }),
  };
  const withAgent = (e: ConversationEvent): InboundItem => ({ kind: 'event', event: e, agent });

  if (event === 'conversation_created') {
    return [withAgent({ id: `chatwoot:${conversation.id}:created`, type: 'conversation.opened', occurredAt: iso(p.created_at, receivedAt), conversation })];
  }
  if (event === 'conversation_status_changed') {
    if (p.status === 'resolved') return [withAgent({ id: `chatwoot:${conversation.id}:resolved:${receivedAt}`, type: 'conversation.resolved', occurredAt: receivedAt, conversation })];
    if (p.status === 'open') return [withAgent({ id: `chatwoot:${conversation.id}:open:${receivedAt}`, type: 'conversation.reopened', occurredAt: receivedAt, conversation })];
    return [];
  }
  if (event === 'message_updated') {
    const picked = p?.content_attributes?.submitted_values?.[0]?.value;
    if (typeof picked !== 'string') return [];
    return [{ kind: 'message', id: `chatwoot:${p.id}:submitted`, from: conv.displayId, text: null, choiceId: picked }];
  }
  if (event !== 'message_created' || p.private === true) return [];
  const messageId = String(p.id);
  const type = p.message_type;
  if (type === 'incoming' || type === 0) {
    const at = iso(p.created_at, receivedAt);
    return [
      withAgent({ id: `chatwoot:message:${messageId}`, type: 'message.created', occurredAt: at, conversation, message: { sender: 'customer' } }),
      { kind: 'message', id: `chatwoot:${messageId}`, from: conv.displayId, text: typeof p.content === 'string' ? p.content : null, choiceId: null },
    ];
  }
  if ((type === 'outgoing' || type === 1) && !ownMessageIds.has(messageId)) {
    const sender = p?.sender?.type === 'user' ? 'agent' : 'bot';
    return [withAgent({ id: `chatwoot:message:${messageId}`, type: 'message.created', occurredAt: iso(p.created_at, receivedAt), conversation, message: { sender } })];
  }
  return [];
}
