/** The channel interface (DESIGN section 5): each adapter renders and sends a survey invitation. */
import type { StoredCredentials } from '../domain/channels/config.js';
import type { ChatMessage } from '../domain/chat/prompts.js';
import type { SurveyInvitation } from '../domain/render/survey-callback.js';
import type { getChannelForSending } from '../store/channels.js';

export type SendingChannel = NonNullable<Awaited<ReturnType<typeof getChannelForSending>>>;

/** The invitation (as the web channel sends it) plus what chat channels need. */
export interface OutgoingSurvey extends SurveyInvitation {
  /** The first chat message (greeting and first question) for chat channels. */
  chat: ChatMessage;
  /** The customer's last message in the conversation (WhatsApp's 24-hour window). */
  lastCustomerMessageAt: string | null;
}

export type SendResult =
  | { ok: true; delivered: boolean; providerMessageId?: string; /** Where a chat survey went; replies from there answer it. */ address?: string }
  | { ok: false; permanent: boolean; reason: string };

export interface ChannelContext {
  channel: SendingChannel;
  /** The channel's decrypted credentials. */
  credentials: StoredCredentials;
  /** nilai's public address (webhook URLs). */
  publicUrl: string;
  /** Provider facts remembered for the channel (Chatwoot: each conversation's inbox and its channel type). */
  cache?: ChannelCache;
}

export interface ChannelCache {
  get(key: string): Promise<string | null>;
  set(entries: Record<string, string>): Promise<void>;
}

export interface SendContext extends ChannelContext {
  /** The same on every retry of one invitation, so the receiver can drop a repeat. */
  idempotencyKey: string;
}

export interface TestResult {
  ok: boolean;
  /** What was checked and found, in a sentence. */
  detail: string;
}

export interface ChannelAdapter {
  send(survey: OutgoingSurvey, ctx: SendContext): Promise<SendResult>;
  /** Checks the credentials against the provider ("test connection"). */
  test(ctx: ChannelContext): Promise<TestResult>;
}

/** A chat channel: sends single messages to an address and tells where a survey goes. */
export interface ChatTransport {
  addressOf(survey: OutgoingSurvey): string | { problem: string };
  sendMessage(ctx: ChannelContext, to: string, message: ChatMessage, survey?: OutgoingSurvey): Promise<SendResult>;
  test(ctx: ChannelContext): Promise<TestResult>;
}
