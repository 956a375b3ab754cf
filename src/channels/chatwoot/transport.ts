/**
 * Chatwoot: the survey is posted into the Chatwoot conversation through its application API. Chatwoot
 * hands an `input_select` message to the conversation's inbox, and each inbox turns it into its own widget
 * (Chatwoot's source): the website widget shows the options; Telegram an inline keyboard whose callback
 * data is the item `value`; WhatsApp reply buttons (≤ 3 items, no description) or one list with every
 * item as a row, which Meta refuses past 10 rows; Facebook and Instagram quick replies (Meta: ≤ 13, titles
 * ≤ 20 characters). Email, SMS and other inboxes send the text only. So the message is shaped for the
 * inbox's channel type (told by Chatwoot's webhooks, or looked up once and cached): what it cannot carry
 * goes as text with the options, how to type an answer, and the survey link.
 */
import type { ChatMessage } from '../../domain/chat/prompts.js';
import { parseChoiceId, tapValue } from '../../domain/chat/reply.js';
import { callProvider } from '../provider-http.js';
import type { ChannelContext, ChatTransport, SendResult } from '../types.js';

/** nilai's conversation id for a Chatwoot conversation (account and display id). */
export const chatwootConversationId = (accountId: number | string, displayId: number | string) => `chatwoot:${accountId}:${displayId}`;

export const reasonOf = (json: any) => (typeof json?.error === 'string' ? json.error : typeof json?.message === 'string' ? json.message : Array.isArray(json?.errors) ? json.errors.join('; ') : null);
const base = (ctx: ChannelContext) => (ctx.channel.config.baseUrl ?? '').replace(/\/+$/, '');
export const accountPath = (ctx: ChannelContext) => `${base(ctx)}/api/v1/accounts/${ctx.channel.config.accountId}`;
export const headers = (ctx: ChannelContext) => ({ api_access_token: ctx.credentials.apiToken ?? '' });
const cut = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);

/** What an inbox does with an input_select: how many items and how long a title it carries, if any. */
interface Carries {
  items: number;
  title: number;
  /** Meta's limit on an interactive message's body. */
  body?: number;
  /** Up to 3 items without a description become WhatsApp reply buttons, whose titles are shorter. */
  buttonTitle?: number;
}
const WHATSAPP: Carries = { items: 10, title: 24, body: 1024, buttonTitle: 20 };
const META_QUICK_REPLIES: Carries = { items: 13, title: 20 };
const CARRIES: Record<string, Carries | null> = {
  'Channel::WebWidget': { items: 100, title: 200 },
  'Channel::Api': { items: 100, title: 200 },
  // Telegram allows 100 buttons; callback data ≤ 64 bytes, which tap values are far below.
  'Channel::Telegram': { items: 100, title: 64 },
  'Channel::Whatsapp': WHATSAPP,
  'Channel::FacebookPage': META_QUICK_REPLIES,
  'Channel::Instagram': META_QUICK_REPLIES,
};
/** An inbox whose type nilai could not learn: what every widget-capable inbox carries. */
const UNKNOWN: Carries = { items: 10, title: 20, body: 1024, buttonTitle: 20 };
const carriesOf = (channelType: string | null): Carries | null => (channelType === null ? UNKNOWN : channelType in CARRIES ? CARRIES[channelType]! : null);

const asText = (m: ChatMessage) => [m.text, m.choicesText, m.typeHint].filter(Boolean).join('\n\n');

/** The message body for Chatwoot's "create message" API, for an inbox of `channelType` (null: unknown). */
export function chatwootPayload(m: ChatMessage, channelType: string | null = null): Record<string, unknown> {
  const choices = m.choices ?? [];
  const carries = carriesOf(channelType);
  if (!choices.length) return { content: m.text, message_type: 'outgoing', private: false };
  if (!carries || choices.length > carries.items) return { content: asText(m), message_type: 'outgoing', private: false };
  const buttons = carries.buttonTitle !== undefined && choices.length <= 3 && !choices.some((c) => c.description);
  const titleLimit = buttons ? carries.buttonTitle! : carries.title;
  let content = asText(m);
  if (carries.body && [...content].length > carries.body) {
    // The options are on the buttons; keep the question and how to answer, cut the rest.
    const hint = m.typeHint ?? '';
    content = [cut(m.text, Math.max(1, carries.body - [...hint].length - 2)), hint].filter(Boolean).join('\n\n');
  }
  return {
    content,
    message_type: 'outgoing',
    private: false,
    content_type: 'input_select',
    content_attributes: {
      items: choices.map((c) => {
        const parsed = parseChoiceId(c.id);
        return { title: cut(c.title, titleLimit), value: parsed ? tapValue(parsed.surveyType, parsed.score) : c.id, ...(c.description && { description: cut(c.description, 72) }) };
      }),
    },
  };
}

/**
 * The channel type of the inbox a conversation is in: remembered from Chatwoot's webhooks, else asked of
 * Chatwoot (the conversation, then its inbox) and remembered. Null when Chatwoot does not say (an agent
 * bot token may not read conversations or inboxes).
 */
export async function inboxTypeOf(ctx: ChannelContext, displayId: string): Promise<string | null> {
  const cache = ctx.cache;
  let inboxId = (await cache?.get(`conversation:${displayId}:inbox`)) ?? null;
  if (inboxId) {
    const known = await cache?.get(`inbox:${inboxId}:type`);
    if (known) return known;
  }
  const ask = (path: string) => callProvider('Chatwoot', `${accountPath(ctx)}${path}`, { headers: headers(ctx), reasonOf }).catch(() => null);
  if (!inboxId) {
    const r = await ask(`/conversations/${encodeURIComponent(displayId)}`);
    if (!r?.ok || !Number.isInteger(r.json?.inbox_id)) return null;
    inboxId = String(r.json.inbox_id);
    const type = typeof r.json?.meta?.channel === 'string' ? r.json.meta.channel : null;
    await cache?.set({ [`conversation:${displayId}:inbox`]: inboxId, ...(type && { [`inbox:${inboxId}:type`]: type }) });
    if (type) return type;
  }
  const r = await ask(`/inboxes/${inboxId}`);
  const type = r?.ok && typeof r.json?.channel_type === 'string' ? r.json.channel_type : null;
  if (type) await cache?.set({ [`inbox:${inboxId}:type`]: type });
  return type;
}

/** Chatwoot's refusal of an agent bot token on an endpoint outside the bots' list. */
const isBotRefusal = (reason: string) => /not authorized for bots/i.test(reason);

export const chatwootTransport: ChatTransport = {
  addressOf(survey) {
    const m = /^chatwoot:\d+:(\d+)$/.exec(survey.conversationId);
    return m ? m[1]! : { problem: 'This conversation did not come from Chatwoot, so there is no Chatwoot conversation to post the survey into.' };
  },

  async sendMessage(ctx, to, message): Promise<SendResult> {
    const channelType = message.choices?.length ? await inboxTypeOf(ctx, to) : null;
    const url = `${accountPath(ctx)}/conversations/${to}/messages`;
    const r = await callProvider('Chatwoot', url, { body: chatwootPayload(message, channelType), headers: headers(ctx), reasonOf });
    if (!r.ok) return r;
    // Chatwoot stored it. A later refusal by the inbox's channel arrives as message_updated with
    // external_error; a WhatsApp inbox also reports delivery (Meta's receipts), so its survey waits for it.
    return { ok: true, delivered: channelType !== 'Channel::Whatsapp', providerMessageId: r.json?.id !== undefined ? String(r.json.id) : undefined };
  },

  /**
   * Agent bot tokens may use only a few endpoints (Chatwoot's AccessTokenAuthHelper: creating messages,
   * toggling status…), so the check posts to a conversation that cannot exist (display ids start at 1):
   * Chatwoot answers 404 once the token is accepted for the account, 401 otherwise. The profile then
   * tells a user's token (its name and accounts) from an agent bot's (refused there).
   */
  async test(ctx) {
    const accountId = ctx.channel.config.accountId;
    const webhook = `Webhook URL: ${ctx.publicUrl}/webhooks/chatwoot/${ctx.channel.id}`;
    const fail = (err: Error) => ({ ok: false as const, permanent: true as const, status: 0, reason: err.message });
    const probe = await callProvider('Chatwoot', `${accountPath(ctx)}/conversations/0/messages`, { body: { content: '', message_type: 'outgoing', private: true }, headers: headers(ctx), reasonOf }).catch(fail);
    if (probe.ok || probe.status !== 404) {
      const reason = probe.ok ? 'Chatwoot answered a message to conversation 0, which should not exist' : probe.reason;
      return { ok: false, detail: `The token cannot post into Chatwoot account ${accountId}: ${reason}` };
    }
    const profile = await callProvider('Chatwoot', `${base(ctx)}/api/v1/profile`, { headers: headers(ctx), reasonOf }).catch(fail);
    if (!profile.ok && isBotRefusal(profile.reason)) {
      return { ok: true, detail: `Connected to Chatwoot account ${accountId} with an agent bot token (it may post messages; Chatwoot lets bots read no profile, conversations or inboxes, so nilai learns each inbox's type from the webhooks). ${webhook}` };
    }
    if (!profile.ok) return { ok: false, detail: profile.reason };
    const accounts: { id: number; name?: string }[] = profile.json?.accounts ?? [];
    const account = accounts.find((a) => a.id === accountId);
    const who = profile.json?.name ?? 'the token owner';
    if (!account) return { ok: false, detail: `The token belongs to ${who}, who is not in Chatwoot account ${accountId}.` };
    return { ok: true, detail: `Connected to Chatwoot account "${account.name ?? account.id}" with a user token (${who}). ${webhook}` };
  },
};
