/**
 * Telegram Bot API. Every scale goes as an inline keyboard (callback_data is nilai's choice id, at most
 * 64 bytes); CSAT answers one per row, numbers up to six per row. "Test connection" checks the token
 * with getMe and registers nilai's webhook with the channel's secret token (setWebhook).
 */
import type { ChatMessage } from '../../domain/chat/prompts.js';
import { callProvider } from '../provider-http.js';
import type { ChannelContext, ChatTransport, SendResult } from '../types.js';

export const TELEGRAM_API = 'https://api.telegram.org';
const TEXT_LIMIT = 4096;
const PER_ROW = 6;

/** `{ ok: false, error_code, description }` */
const reasonOf = (json: any) => (json?.description ? String(json.description) : null);

const method = (ctx: ChannelContext, name: string) => `${(ctx.channel.config.apiBaseUrl ?? TELEGRAM_API).replace(/\/+$/, '')}/bot${ctx.credentials.botToken ?? ''}/${name}`;

export function telegramPayload(chatId: string, m: ChatMessage): Record<string, unknown> {
  const choices = m.choices ?? [];
  const rows: { text: string; callback_data: string }[][] = [];
  const oneEach = choices.some((c) => [...c.title].length > 3);
  for (const c of choices) {
    const button = { text: c.title, callback_data: c.id };
    const last = rows[rows.length - 1];
    if (!oneEach && last && last.length < PER_ROW) last.push(button);
    else rows.push([button]);
  }
  return {
    chat_id: chatId,
    text: m.text.slice(0, TEXT_LIMIT),
    link_preview_options: { is_disabled: true },
    ...(rows.length && { reply_markup: { inline_keyboard: rows } }),
  };
}

export const telegramTransport: ChatTransport = {
  addressOf(survey) {
    return survey.contact.handle && /^-?\d+$/.test(survey.contact.handle) ? survey.contact.handle : { problem: 'The contact has no Telegram chat id (contact.handle in the events).' };
  },

  async sendMessage(ctx, to, message): Promise<SendResult> {
    const r = await callProvider('Telegram', method(ctx, 'sendMessage'), { body: telegramPayload(to, message), reasonOf });
    if (!r.ok) return r;
    // The Bot API answers once the message is in the chat.
    return { ok: true, delivered: true, providerMessageId: String(r.json?.result?.message_id ?? '') };
  },

  async test(ctx) {
    try {
      const me = await callProvider('Telegram', method(ctx, 'getMe'), { reasonOf });
      if (!me.ok) return { ok: false, detail: me.reason };
      const url = `${ctx.publicUrl}/webhooks/telegram/${ctx.channel.id}`;
      const hook = await callProvider('Telegram', method(ctx, 'setWebhook'), {
        body: { url, secret_token: ctx.credentials.webhookSecret, allowed_updates: ['message', 'callback_query'] },
        reasonOf,
      });
      if (!hook.ok) return { ok: false, detail: `The bot @${me.json?.result?.username} exists, but registering the webhook failed: ${hook.reason}` };
      return { ok: true, detail: `Connected to the bot @${me.json?.result?.username}; its webhook now points to ${url}.` };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  },
};

/** Stops the spinner on a tapped inline button (best effort: the answer is recorded either way). */
export async function answerCallbackQuery(ctx: ChannelContext, callbackQueryId: string): Promise<void> {
  await callProvider('Telegram', method(ctx, 'answerCallbackQuery'), { body: { callback_query_id: callbackQueryId }, reasonOf }).catch(() => undefined);
}
