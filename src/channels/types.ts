/** The channel interface (DESIGN section 5): each adapter renders and sends a survey invitation. */
import type { RenderedSurvey } from '../domain/render/survey-steps.js';
import type { Channel } from '../store/channels.js';

export interface OutgoingSurvey {
  invitationId: string;
  conversationId: string;
  contact: { id: string; name: string | null; phone: string | null; email: string | null };
  language: string;
  /** The hosted survey page for this invitation. */
  url: string;
  expiresAt: string;
  survey: RenderedSurvey;
}

export type SendResult =
  | { ok: true; delivered: boolean; providerMessageId?: string }
  | { ok: false; permanent: boolean; reason: string };

export interface SendContext {
  channel: Channel;
  /** The channel's decrypted secret (signing secret, token), if any. */
  secret: string | null;
  /** The same on every retry of one invitation, so the receiver can drop a repeat. */
  idempotencyKey: string;
}

export interface ChannelAdapter {
  send(survey: OutgoingSurvey, ctx: SendContext): Promise<SendResult>;
}
