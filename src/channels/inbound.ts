/** What a provider webhook carries, in nilai's terms (each provider's parser produces these). */
import type { ConversationEvent } from '../domain/conversations/event-schema.js';

export type InboundItem =
  /** A customer wrote or tapped something. `from` is the chat address replies go to. */
  | { kind: 'message'; id: string; from: string; text: string | null; choiceId: string | null; name?: string; callbackQueryId?: string }
  /** The provider's news about a message nilai sent. */
  | { kind: 'status'; providerMessageId: string; status: 'sent' | 'delivered' | 'read' | 'failed'; reason?: string }
  /** A conversation event from an inbox (Chatwoot). */
  | { kind: 'event'; event: ConversationEvent; agent: { email: string | null; name: string | null } | null };
