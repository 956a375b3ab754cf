/** What a provider webhook carries, in nilai's terms (each provider's parser produces these). */
import type { ConversationEvent } from '../domain/conversations/event-schema.js';

export type InboundItem =
  /** A customer wrote or tapped something. `from` is the chat address replies go to. */
  | { kind: 'message'; id: string; from: string; text: string | null; choiceId: string | null; name?: string; callbackQueryId?: string }
  /** The provider's news about a message nilai sent. */
  | { kind: 'status'; providerMessageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; reason?: string; /** The reference nilai gave the message (WhatsApp biz_opaque_callback_data). */ ref?: string; /** The chat it went to. */ recipient?: string }
  /** A conversation event from an inbox (Chatwoot), with the inbox's agent it is credited to. */
  | { kind: 'event'; event: ConversationEvent; agent: ChatwootAgentRef | null };

/** A Chatwoot agent (user) as a webhook names it: its Chatwoot id, and the email when the payload has one. */
export interface ChatwootAgentRef {
  agentId: number;
  email: string | null;
  name: string | null;
}

/**
 * The chat a webhook body is about (WhatsApp sender or recipient, Telegram chat, Chatwoot conversation),
 * read without validating anything: webhooks of the same chat are handled in order, others side by side.
 * Unknown shapes share one key (handled in order with each other).
 */
export function orderingKey(payload: any): string {
  const wa = payload?.entry?.[0]?.changes?.[0]?.value;
  const key =
    wa?.messages?.[0]?.from ?? wa?.statuses?.[0]?.recipient_id ??
    payload?.message?.chat?.id ?? payload?.callback_query?.message?.chat?.id ?? payload?.callback_query?.from?.id ??
    payload?.conversation?.display_id ?? payload?.conversation?.id ?? (typeof payload?.event === 'string' && payload.event.startsWith('conversation_') ? payload?.display_id ?? payload?.id : undefined);
  return key === undefined || key === null ? '' : String(key);
}
