/**
 * Conversation state folded from its events in `occurredAt` order (ties: arrival order), so events that
 * arrive late or out of order give the same state as if they had arrived in order.
 */
import { mergeContact, type Contact } from './contact.js';
import type { ConversationEvent, Sender } from './event-schema.js';

export interface StoredEvent {
  seq: number;
  event: ConversationEvent;
}

export interface MessageMark {
  at: string;
  sender: Sender;
}

export interface ConversationState {
  status: 'open' | 'resolved';
  channelId: string;
  /** Merged over the events in time order (mergeContact). */
  contact: Contact;
  agentId: string | null;
  divisionId: string | null;
  tags: string[];
  openedAt: string | null;
  firstCustomerMessageAt: string | null;
  /** First agent message after the first customer message; null while the customer has not written (nothing to respond to). */
  firstAgentResponseAt: string | null;
  /** The resolve in force (null while open). */
  resolvedAt: string | null;
  resolveEventId: string | null;
  /** The `survey` flag of the resolve in force. */
  surveyFlag: boolean | undefined;
  reopenCount: number;
  messages: MessageMark[];
}

const byTime = (a: StoredEvent, b: StoredEvent) => {
  const d = Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt);
  return d !== 0 ? d : a.seq - b.seq;
};

export function foldConversation(events: readonly StoredEvent[]): ConversationState {
  if (events.length === 0) throw new RangeError('a conversation needs at least one event');
  const sorted = [...events].sort(byTime);
  const first = sorted[0]!.event;
  const s: ConversationState = {
    status: 'open',
    channelId: first.conversation.channelId,
    contact: { id: first.conversation.contact.id },
    agentId: null,
    divisionId: null,
    tags: [],
    openedAt: null,
    firstCustomerMessageAt: null,
    firstAgentResponseAt: null,
    resolvedAt: null,
    resolveEventId: null,
    surveyFlag: undefined,
    reopenCount: 0,
    messages: [],
  };
  for (const { event: e } of sorted) {
    const c = e.conversation;
    s.channelId = c.channelId;
    s.contact = mergeContact(s.contact, c.contact);
    if (c.agentId !== undefined) s.agentId = c.agentId;
    if (c.divisionId !== undefined) s.divisionId = c.divisionId;
    if (c.tags !== undefined) s.tags = [...new Set(c.tags)];
    s.openedAt ??= e.occurredAt;
    switch (e.type) {
      case 'message.created': {
        const sender = e.message?.sender ?? 'customer';
        s.messages.push({ at: e.occurredAt, sender });
        if (sender === 'customer') s.firstCustomerMessageAt ??= e.occurredAt;
        if (sender === 'agent' && s.firstCustomerMessageAt !== null) s.firstAgentResponseAt ??= e.occurredAt;
        break;
      }
      case 'conversation.resolved':
        s.status = 'resolved';
        s.resolvedAt = e.occurredAt;
        s.resolveEventId = e.id;
        s.surveyFlag = e.survey;
        break;
      case 'conversation.reopened':
        if (s.status === 'resolved') s.reopenCount += 1;
        s.status = 'open';
        s.resolvedAt = null;
        s.resolveEventId = null;
        s.surveyFlag = undefined;
        break;
      default:
        break;
    }
  }
  return s;
}

/** Whether any agent (not bot) wrote in the conversation. */
export const customerMessageCount = (s: { messages: readonly { sender: string }[] }): number => s.messages.filter((m) => m.sender === 'customer').length;
export const hasAgentMessage = (s: { messages: readonly { sender: string }[] }): boolean => s.messages.some((m) => m.sender === 'agent');
