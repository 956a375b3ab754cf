/**
 * Chatwoot: the survey is posted into the Chatwoot conversation through its application API, as an
 * `input_select` message (tappable options in Chatwoot's web widget) whose text also lists the options
 * and the survey link, so it reads well in every Chatwoot inbox (WhatsApp, email, Telegram…).
 */
import type { ChatMessage } from '../../domain/chat/prompts.js';
import { callProvider } from '../provider-http.js';
import type { ChannelContext, ChatTransport, SendResult } from '../types.js';

/** nilai's conversation id for a Chatwoot conversation (account and display id). */
export const chatwootConversationId = (accountId: number | string, displayId: number | string) => `chatwoot:${accountId}:${displayId}`;

const reasonOf = (json: any) => (typeof json?.error === 'string' ? json.error : typeof json?.message === 'string' ? json.message : Array.isArray(json?.errors) ? json.errors.join('; ') : null);
const base = (ctx: ChannelContext) => (ctx.channel.config.baseUrl ?? '').replace(/\/+$/, '');
const headers = (ctx: ChannelContext) => ({ api_access_token: ctx.credentials.apiToken ?? '' });

export function chatwootPayload(m: ChatMessage): Record<string, unknown> {
  const choices = m.choices ?? [];
  if (!choices.length) return { content: m.text, message_type: 'outgoing', private: false };
  const content = [m.text, m.choicesText, m.typeHint].filter(Boolean).join('\n\n');
  return {
    content,
    message_type: 'outgoing',
    private: false,
    content_type: 'input_select',
    content_attributes: { items: choices.map((c) => ({ title: c.title, value: c.id })) },
  };
}

export const chatwootTransport: ChatTransport = {
  addressOf(survey) {
    const m = /^chatwoot:\d+:(\d+)$/.exec(survey.conversationId);
    return m ? m[1]! : { problem: 'This conversation did not come from Chatwoot, so there is no Chatwoot conversation to post the survey into.' };
  },

  async sendMessage(ctx, to, message): Promise<SendResult> {
    const url = `${base(ctx)}/api/v1/accounts/${ctx.channel.config.accountId}/conversations/${to}/messages`;
    const r = await callProvider('Chatwoot', url, { body: chatwootPayload(message), headers: headers(ctx), reasonOf });
    if (!r.ok) return r;
    return { ok: true, delivered: true, providerMessageId: r.json?.id !== undefined ? String(r.json.id) : undefined };
  },

  async test(ctx) {
    const r = await callProvider('Chatwoot', `${base(ctx)}/api/v1/profile`, { headers: headers(ctx), reasonOf }).catch((err: Error) => ({ ok: false as const, reason: err.message }));
    if (!r.ok) return { ok: false, detail: r.reason };
    const accounts: { id: number; name?: string }[] = r.json?.accounts ?? [];
    const account = accounts.find((a) => a.id === ctx.channel.config.accountId);
    if (!account) return { ok: false, detail: `The token belongs to ${r.json?.name ?? 'a user'}, who is not in Chatwoot account ${ctx.channel.config.accountId}.` };
    return { ok: true, detail: `Connected to Chatwoot account "${account.name ?? account.id}" as ${r.json?.name ?? 'the token owner'}. Webhook URL: ${ctx.publicUrl}/webhooks/chatwoot/${ctx.channel.id}` };
  },
};
