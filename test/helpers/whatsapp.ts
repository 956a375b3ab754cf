/** WhatsApp Cloud API shapes: a fake Graph API and webhook bodies as Meta sends them. */
import { createHmac } from 'node:crypto';
import { startFakeProvider, type FakeProvider } from './fake-provider.js';

export const PHONE_NUMBER_ID = '106540352242922';
export const APP_SECRET = 'test-app-secret-0123456789';

/**
 * The WhatsApp id of a number as Meta resolves it. Most ids are the number itself; two numbering changes
 * survive in old ids (Gupshup, "inconsistencies for mobile numbers and their WhatsApp IDs in Brazil (digit
 * 9) & Mexico (digit 1)", support.gupshup.io/hc/en-us/articles/4407840924953; Zoho and whapi.cloud say the
 * same): Brazilian mobiles outside areas 11–19, 21, 22, 24, 27, 28 keep the 8-digit id without the ninth
 * digit 9, and Mexican mobiles have a 1 after the country code 52.
 */
export function waIdOf(number: string): string {
  const br = /^55(\d{2})9(\d{8})$/.exec(number);
  const keepsNine = (area: number) => (area >= 11 && area <= 19) || [21, 22, 24, 27, 28].includes(area);
  if (br && !keepsNine(Number(br[1]))) return `55${br[1]}${br[2]}`;
  const mx = /^52(\d{10})$/.exec(number);
  if (mx) return `521${mx[1]}`;
  return number;
}

export async function fakeWhatsapp(): Promise<FakeProvider> {
  let n = 0;
  return startFakeProvider((call) => {
    if (call.method === 'POST' && call.path.endsWith('/messages')) {
      // POST /<phone number id>/messages answers (Meta's "Send messages" reference; the same shape in the
      // whatsapp-api-js ServerSentMessageResponse and whatsapp-cloud-api (Rust) MessageResponse types):
      // { messaging_product, contacts: [{ input: the number as sent, wa_id }], messages: [{ id, message_status? }] }
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: call.json?.to, wa_id: waIdOf(String(call.json?.to)) }], messages: [{ id: `wamid.HBgM${++n}` }] } };
    }
    if (call.method === 'GET' && call.path.includes(PHONE_NUMBER_ID)) {
      return { status: 200, body: { display_phone_number: '+62 811-0000-1111', verified_name: 'Toko Nusantara', id: PHONE_NUMBER_ID } };
    }
    return { status: 404, body: { error: { message: 'Unknown path', type: 'GraphMethodException', code: 100 } } };
  });
}

export const graphError = (status: number, code: number, message: string, details?: string) => ({
  status,
  body: { error: { message, type: 'OAuthException', code, ...(details && { error_data: { messaging_product: 'whatsapp', details } }), fbtrace_id: 'AbCdEf' } },
});

const envelope = (value: object) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100001111', phone_number_id: PHONE_NUMBER_ID }, ...value } }] }],
});

let seq = 0;
const base = (from: string) => ({ from, id: `wamid.IN${++seq}${Date.now()}`, timestamp: String(Math.floor(Date.now() / 1000)) });
const contacts = (from: string) => [{ profile: { name: 'Sari' }, wa_id: from }];

export const waText = (from: string, body: string) => envelope({ contacts: contacts(from), messages: [{ ...base(from), type: 'text', text: { body } }] });
export const waListReply = (from: string, id: string, title: string) =>
  envelope({ contacts: contacts(from), messages: [{ ...base(from), type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title } } }] });
export const waButtonReply = (from: string, id: string, title: string) =>
  envelope({ contacts: contacts(from), messages: [{ ...base(from), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }] });
/**
 * A status report. `ref` is the message's biz_opaque_callback_data, returned as sent (samples with it:
 * docs.telepie.com "Sending Custom Parameters while Sending Messages", zaple.ai/docs; the field is in
 * whatsapp-api-js's OnStatusArgs).
 */
export const waStatus = (messageId: string, recipient: string, status: string, errors?: object[], ref?: string) =>
  envelope({ statuses: [{ id: messageId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient, ...(ref && { biz_opaque_callback_data: ref }), ...(errors && { errors }) }] });

export const signWhatsapp = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
