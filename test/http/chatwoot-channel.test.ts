/**
 * Chatwoot end to end against a fake Chatwoot: its signed webhooks become nilai events (opened,
 * messages with who wrote, resolved), the survey is posted into the Chatwoot conversation, and the
 * customer's reply there (typed, or an input_select option) is stored with its follow-up.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';

let t: TestApp;
let ws: Seeded;
let cw: FakeProvider;
let channel: any;
const SECRET = 'cw-webhook-secret-0123456789';
const ACCOUNT = 7;
let messageId = 5000;

const sign = (raw: string, ts: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
async function hook(payload: object, opts: { secret?: string; ts?: number } = {}) {
  const raw = JSON.stringify(payload);
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  const res = await fetch(`${t.url}/webhooks/chatwoot/${channel.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chatwoot-signature': sign(raw, ts, opts.secret), 'x-chatwoot-timestamp': ts, 'x-chatwoot-delivery': `d-${++messageId}` },
    body: raw,
  });
  return res.status;
}

const sender = (n: number) => ({ id: 500 + n, name: `Dewi ${n}`, email: `dewi${n}@pelanggan.test`, phone_number: `+62812000${n}`, type: 'contact' });
const conversationPayload = (displayId: number, status: string) => ({
  id: displayId, inbox_id: 3, status, account_id: ACCOUNT, labels: ['pengiriman'],
  meta: { sender: sender(displayId), assignee: { id: 3, name: 'Budi Agent', type: 'user' } },
  created_at: Math.floor(Date.now() / 1000) - 1800, timestamp: Math.floor(Date.now() / 1000),
});
const created = (displayId: number) => ({ event: 'conversation_created', ...conversationPayload(displayId, 'open') });
const resolved = (displayId: number) => ({ event: 'conversation_status_changed', ...conversationPayload(displayId, 'resolved'), changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }] });
const message = (displayId: number, type: 'incoming' | 'outgoing', content: string, extra: object = {}) => ({
  event: 'message_created', id: ++messageId, content, message_type: type, content_type: 'text', content_attributes: {}, private: false,
  created_at: new Date().toISOString(), source_id: null,
  sender: type === 'incoming' ? sender(displayId) : { id: 3, name: 'Budi Agent', email: 'budi@toko.test', type: 'user' },
  conversation: { display_id: displayId, id: displayId + 10000, status: 'open', inbox_id: 3, meta: { sender: sender(displayId), assignee: { id: 3, name: 'Budi Agent', type: 'user' } } },
  account: { id: ACCOUNT, name: 'Toko' }, inbox: { id: 3, name: 'Website' }, ...extra,
});
const posts = (displayId: number) => cw.callsTo(`/api/v1/accounts/${ACCOUNT}/conversations/${displayId}/messages`);
const conversation = async (displayId: number) => (await call(t.url, 'GET', `/api/v1/conversations/${encodeURIComponent(`chatwoot:${ACCOUNT}:${displayId}`)}`, ws.tokens.admin)).body;

beforeAll(async () => {
  let n = 90000;
  cw = await startFakeProvider((c) => {
    if (c.headers.api_access_token !== 'cw-api-token-abcdef0123456789') return { status: 401, body: { errors: ['You need to sign in or sign up before continuing.'] } };
    if (c.path === '/api/v1/profile') return { status: 200, body: { id: 3, name: 'nilai bot', email: 'bot@toko.test', accounts: [{ id: ACCOUNT, name: 'Toko Nusantara', role: 'agent' }] } };
    if (c.method === 'POST' && c.path.endsWith('/messages')) return { status: 200, body: { id: ++n, content: c.json.content, message_type: 1, content_type: c.json.content_type ?? 'text', created_at: Math.floor(Date.now() / 1000) } };
    return { status: 404, body: { error: 'Resource could not be found' } };
  });
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(async () => {
  await t.close();
  await cw.close();
});

describe('Chatwoot channel', () => {
  it('needs the Chatwoot address, account and token, and tests the connection', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'CW', type: 'chatwoot', config: { baseUrl: 'ftp://x' } });
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['config.accountId', 'config.baseUrl', 'credentials.apiToken']);
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, {
      name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.url, accountId: ACCOUNT }, credentials: { apiToken: 'cw-api-token-abcdef0123456789' },
    });
    expect(r.status).toBe(201);
    channel = r.body;
    // Until Chatwoot's webhook secret is set, its webhooks are refused.
    expect(await hook(created(41))).toBe(401);
    expect((await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { credentials: { webhookSecret: SECRET } })).body.credentials).toEqual({ apiToken: '••••6789', webhookSecret: '••••6789' });
    expect((await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin)).body).toEqual({ ok: true, detail: `Connected to Chatwoot account "Toko Nusantara" as nilai bot. Webhook URL: ${t.url}/webhooks/chatwoot/${channel.id}` });
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { config: { accountId: 8 } });
    expect((await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin)).body).toEqual({ ok: false, detail: 'The token belongs to nilai bot, who is not in Chatwoot account 8.' });
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { config: { accountId: ACCOUNT } });
  });

  it('turns webhooks into a conversation, posts the survey into it, and records the reply and follow-up', async () => {
    expect(await hook(created(42))).toBe(200);
    expect(await hook(message(42, 'incoming', 'Halo, pesanan saya belum sampai'))).toBe(200);
    expect(await hook(message(42, 'outgoing', 'Baik kak, kami cek dulu ya'))).toBe(200);
    expect(await hook(resolved(42))).toBe(200);

    const [post] = await cw.waitForCalls(`/conversations/42/messages`, 1);
    expect(post!.json).toMatchObject({ message_type: 'outgoing', private: false, content_type: 'input_select' });
    expect(post!.json.content).toContain('Seberapa puas Anda dengan layanan kami hari ini?');
    expect(post!.json.content_attributes.items).toHaveLength(5);
    expect(post!.json.content_attributes.items[0]).toMatchObject({ title: '😡 Sangat tidak puas', value: expect.stringMatching(/^nilai:[0-9a-f-]{36}:csat:1$/) });

    const conv = await conversation(42);
    expect(conv).toMatchObject({ status: 'resolved', agentId: ws.agentId, tags: ['pengiriman'] });
    expect(conv.messages.map((m: any) => m.sender)).toEqual(['customer', 'agent']);

    // Chatwoot echoes nilai's own message back as message_created: it is not an agent reply.
    expect(await hook(message(42, 'outgoing', post!.json.content, { id: 90001 }))).toBe(200);
    expect(await hook(message(42, 'incoming', 'Puas'))).toBe(200);
    await cw.waitForCalls('/conversations/42/messages', 2);
    expect(posts(42)[1]!.json.content).toContain('Terima kasih! Apa yang bisa kami tingkatkan?');
    expect(await hook(message(42, 'incoming', 'Kurirnya ramah'))).toBe(200);
    await cw.waitForCalls('/conversations/42/messages', 3);
    expect(posts(42)[2]!.json.content).toBe('Terima kasih atas masukan Anda! Jawaban Anda membantu kami melayani lebih baik.');

    const items = (await call(t.url, 'GET', `/api/v1/responses?channel=${channel.id}`, ws.tokens.admin)).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ surveyType: 'csat', score: 4, followUpText: 'Kurirnya ramah', conversation: { agent: { id: ws.agentId, name: 'Budi Agent' }, tags: ['pengiriman'] } });
    expect((await conversation(42)).messages.filter((m: any) => m.sender === 'agent')).toHaveLength(1);
  });

  it('records an option chosen in the input_select', async () => {
    await hook(created(43));
    await hook(message(43, 'incoming', 'Mau tanya ongkir'));
    await hook(message(43, 'outgoing', 'Ongkirnya 10 ribu kak'));
    await hook(resolved(43));
    const [post] = await cw.waitForCalls('/conversations/43/messages', 1);
    const option = post!.json.content_attributes.items[1];
    const updated = { ...message(43, 'outgoing', post!.json.content), event: 'message_updated', id: 90100, content_type: 'input_select', content_attributes: { items: post!.json.content_attributes.items, submitted_values: [option] } };
    expect(await hook(updated)).toBe(200);
    await cw.waitForCalls('/conversations/43/messages', 2);
    const items = (await call(t.url, 'GET', `/api/v1/responses?channel=${channel.id}&scoreMax=2`, ws.tokens.admin)).body.items;
    expect(items.map((r: any) => r.score)).toEqual([2]);
  });

  it('refuses webhooks with a wrong signature or an old timestamp, and stores nothing', async () => {
    const before = (await t.db.selectFrom('inbound_webhooks').select('id').execute()).length;
    expect(await hook(created(44), { secret: 'wrong' })).toBe(401);
    expect(await hook(created(44), { ts: Math.floor(Date.now() / 1000) - 3600 })).toBe(401);
    const res = await fetch(`${t.url}/webhooks/chatwoot/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"event":"conversation_created"}' });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthorized');
    expect((await t.db.selectFrom('inbound_webhooks').select('id').execute()).length).toBe(before);
    expect((await fetch(`${t.url}/webhooks/chatwoot/00000000-0000-4000-8000-000000000000`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await fetch(`${t.url}/webhooks/chatwoot/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);
  });
});
