/**
 * WhatsApp Cloud API webhooks: `entry[].changes[].value` with `messages` (text, interactive
 * button_reply / list_reply, template quick-reply `button`) and `statuses` (sent, delivered, read,
 * failed with `errors`; `recipient_id` is the wa_id, `biz_opaque_callback_data` the string nilai sent).
 * Only changes for the channel's own phone number id are read.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundItem } from '../inbound.js';

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export function verifyWhatsappSignature(appSecret: string, rawBody: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody, 'utf8').digest();
  const given = Buffer.from(header.slice(7), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function parseWhatsappWebhook(payload: any, phoneNumberId: string | undefined): InboundItem[] {
  const items: InboundItem[] = [];
  for (const entry of Array.isArray(payload?.entry) ? payload.entry : []) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const v = change?.value;
      if (change?.field !== 'messages' || !v) continue;
      if (phoneNumberId && v.metadata?.phone_number_id && String(v.metadata.phone_number_id) !== phoneNumberId) continue;
      const names = new Map<string, string>((v.contacts ?? []).map((c: any) => [String(c.wa_id), c.profile?.name]));
      for (const m of Array.isArray(v.messages) ? v.messages : []) {
        if (!m?.id || !m?.from) continue;
        const from = String(m.from);
        let text: string | null = null;
        let choiceId: string | null = null;
        if (m.type === 'text') text = String(m.text?.body ?? '');
        else if (m.type === 'interactive') {
          const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
          choiceId = reply?.id ? String(reply.id) : null;
          text = reply?.title ? String(reply.title) : null;
        } else if (m.type === 'button') {
          choiceId = m.button?.payload ? String(m.button.payload) : null;
          text = m.button?.text ? String(m.button.text) : null;
        } else continue; // images, audio, locations… are not survey answers
        items.push({ kind: 'message', id: String(m.id), from, text, choiceId, ...(names.get(from) && { name: names.get(from) }) });
      }
      for (const s of Array.isArray(v.statuses) ? v.statuses : []) {
        if (!s?.id || !['sent', 'delivered', 'read', 'failed'].includes(s.status)) continue;
        const e = s.errors?.[0];
        const reason = e ? `${e.title ?? e.message ?? 'failed'}${e.code !== undefined ? ` (code ${e.code})` : ''}${e.error_data?.details ? `: ${e.error_data.details}` : ''}` : undefined;
        const ref = typeof s.biz_opaque_callback_data === 'string' ? s.biz_opaque_callback_data : undefined;
        items.push({ kind: 'status', providerMessageId: String(s.id), status: s.status, ...(reason && { reason }), ...(ref && { ref }), ...(s.recipient_id && { recipient: String(s.recipient_id) }) });
      }
    }
  }
  return items;
}
