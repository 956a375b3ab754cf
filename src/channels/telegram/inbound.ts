/**
 * Telegram updates: `message` (text typed by the customer) and `callback_query` (a tapped inline
 * button, its `data` being nilai's choice id). The webhook is authentic when the
 * X-Telegram-Bot-Api-Secret-Token header equals the secret given to setWebhook.
 */
import { timingSafeEqual } from 'node:crypto';
import type { InboundItem } from '../inbound.js';

export function verifyTelegramSecret(secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(secret);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function parseTelegramUpdate(update: any): InboundItem[] {
  const name = (from: any) => [from?.first_name, from?.last_name].filter(Boolean).join(' ') || undefined;
  const m = update?.message;
  if (m?.chat?.id !== undefined && typeof m.text === 'string') {
    return [{ kind: 'message', id: `${m.chat.id}:${m.message_id}`, from: String(m.chat.id), text: m.text, choiceId: null, name: name(m.from) }];
  }
  const q = update?.callback_query;
  const chatId = q?.message?.chat?.id ?? q?.from?.id;
  if (q?.id && chatId !== undefined && typeof q.data === 'string') {
    return [{ kind: 'message', id: `cb:${q.id}`, from: String(chatId), text: null, choiceId: q.data, name: name(q.from), callbackQueryId: String(q.id) }];
  }
  return [];
}
