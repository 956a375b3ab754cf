/**
 * WhatsApp Cloud API. A rating with up to 3 answers goes as reply buttons, up to 10 as an interactive
 * list, more (NPS 0–10) as text asking for a typed number with the survey link as a fallback. Outside
 * the 24-hour customer service window only an approved template may be sent: the channel's template,
 * with the survey link as its one body parameter.
 */
import type { ChatMessage } from '../../domain/chat/prompts.js';
import { surveyRef } from '../chat.js';
import { callProvider } from '../provider-http.js';
import type { ChannelContext, ChatTransport, SendResult } from '../types.js';

export const WHATSAPP_API = 'https://graph.facebook.com/v21.0';
const WINDOW_MS = 24 * 3600 * 1000;
export const LIMITS = { buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24, rowDescription: 72, listButton: 20, body: 1024, text: 4096 };

const cut = (s: string, n: number) => ([...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`);
/** WhatsApp ids are the number in international form without "+" (wa_id). */
export const waId = (phone: string) => phone.replace(/\D/g, '');

/**
 * The WhatsApp id in a send response, `{ contacts: [{ input, wa_id }], messages: [{ id }] }`: `input` is
 * the number as sent, `wa_id` the account's id, which replies (`messages[].from`) and status reports
 * (`statuses[].recipient_id`) carry. The two differ for some numbers: Brazilian mobiles registered before
 * the ninth digit (sent to 55 31 9xxxx-xxxx, wa_id 55 31 xxxx-xxxx), Mexican mobiles (52 … → 521 …).
 */
export function waIdOfResponse(json: any, to: string): string {
  const contacts: any[] = Array.isArray(json?.contacts) ? json.contacts : [];
  const mine = contacts.find((c) => c?.input === to) ?? contacts[0];
  const id = mine?.wa_id;
  return typeof id === 'string' && /^\d{6,20}$/.test(id) ? id : to;
}

/**
 * The phone numbers (digits) a WhatsApp id may have been given as, for finding a contact who writes
 * before any survey went to them: the id itself, and for the two numbering changes Meta keeps in old
 * ids, the number with Brazil's ninth digit and without Mexico's 1.
 */
export function phonesOfWaId(id: string): string[] {
  const br = /^55(\d{2})(\d{8})$/.exec(id);
  if (br) return [id, `55${br[1]}9${br[2]}`];
  const mx = /^521(\d{10})$/.exec(id);
  if (mx) return [id, `52${mx[1]}`];
  return [id];
}

/** Meta's error body: `{ error: { message, code, error_data: { details } } }`. */
const reasonOf = (json: any) => {
  const e = json?.error;
  if (!e) return null;
  const details = e.error_data?.details;
  return `${e.message ?? 'error'}${e.code !== undefined ? ` (code ${e.code})` : ''}${details ? `: ${details}` : ''}`;
};
/** Throughput and spam-rate limits arrive as 400s but pass with time. */
const TEMPORARY_CODES = new Set([4, 80007, 130429, 131048, 131056, 133016]);
const temporary = (json: any) => TEMPORARY_CODES.has(json?.error?.code);

/** The message body of the Cloud API for one chat message. */
export function whatsappPayload(to: string, m: ChatMessage): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const choices = m.choices ?? [];
  if (choices.length > 0 && choices.length <= LIMITS.buttons && choices.every((c) => [...c.title].length <= LIMITS.buttonTitle)) {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: cut(m.text, LIMITS.body) },
        action: { buttons: choices.map((c) => ({ type: 'reply', reply: { id: c.id, title: c.title } })) },
      },
    };
  }
  if (choices.length > 0 && choices.length <= LIMITS.rows) {
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: cut(m.text, LIMITS.body) },
        action: {
          button: cut(m.choicesLabel ?? 'Choose', LIMITS.listButton),
          sections: [{ title: cut(m.choicesLabel ?? 'Choose', LIMITS.rowTitle), rows: choices.map((c) => ({ id: c.id, title: cut(c.title, LIMITS.rowTitle), ...(c.description && { description: cut(c.description, LIMITS.rowDescription) }) })) }],
        },
      },
    };
  }
  const body = choices.length ? [m.text, m.choicesText, m.typeHint].filter(Boolean).join('\n\n') : m.text;
  return { ...base, type: 'text', text: { body: cut(body, LIMITS.text), preview_url: false } };
}

const api = (ctx: ChannelContext) => (ctx.channel.config.apiBaseUrl ?? WHATSAPP_API).replace(/\/+$/, '');
const auth = (ctx: ChannelContext) => ({ authorization: `Bearer ${ctx.credentials.accessToken ?? ''}` });

export const whatsappTransport: ChatTransport = {
  addressOf(survey) {
    const phone = survey.contact.phone ? waId(survey.contact.phone) : '';
    return phone.length >= 6 ? phone : { problem: 'The contact has no WhatsApp phone number.' };
  },

  async sendMessage(ctx, to, message, survey): Promise<SendResult> {
    const { phoneNumberId, templateName, templateLanguage } = ctx.channel.config;
    let body = whatsappPayload(to, message);
    const last = survey?.lastCustomerMessageAt ? Date.parse(survey.lastCustomerMessageAt) : null;
    if (survey && (last === null || Date.now() - last >= WINDOW_MS)) {
      if (!templateName) {
        return { ok: false, permanent: true, reason: 'The customer last wrote more than 24 hours ago, so WhatsApp only allows a template message, and this channel has no template (config.templateName).' };
      }
      body = {
        messaging_product: 'whatsapp',
        to,
        type: 'template',
        template: { name: templateName, language: { code: templateLanguage ?? survey.language }, components: [{ type: 'body', parameters: [{ type: 'text', text: survey.url }] }] },
      };
    }
    // Meta returns this string in the status reports of the message: a report of a send whose answer
    // a crashed process never recorded still names the invitation (services/inbound-webhooks).
    if (survey) body = { ...body, biz_opaque_callback_data: surveyRef(survey.invitationId) };
    const r = await callProvider('WhatsApp', `${api(ctx)}/${phoneNumberId}/messages`, { body, headers: auth(ctx), reasonOf, temporary });
    if (!r.ok) return r;
    // Accepted; "delivered" arrives later as a status webhook. Replies and status reports come from
    // the WhatsApp id Meta answers with, which can differ from the number sent to.
    return { ok: true, delivered: false, providerMessageId: r.json?.messages?.[0]?.id, address: waIdOfResponse(r.json, to) };
  },

  async test(ctx) {
    const r = await callProvider('WhatsApp', `${api(ctx)}/${ctx.channel.config.phoneNumberId}?fields=display_phone_number,verified_name`, { headers: auth(ctx), reasonOf }).catch((err: Error) => ({ ok: false as const, reason: err.message }));
    if (!r.ok) return { ok: false, detail: r.reason };
    return { ok: true, detail: `Connected to WhatsApp number ${r.json?.display_phone_number ?? '?'} (${r.json?.verified_name ?? 'no verified name'}). Webhook URL: ${ctx.publicUrl}/webhooks/whatsapp/${ctx.channel.id}` };
  },
};
