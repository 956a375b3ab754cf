/**
 * Telegram Bot API end to end against a fake Bot API: "test connection" registers the webhook with its
 * secret token; surveys as inline keyboards; callback queries answered; follow-ups by reply; the secret
 * header checked; BERHENTI opts out; 429 with retry_after and 400s handled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';
import { DEFAULT_SEND_CONCURRENCY as SEND_CONCURRENCY } from '../../src/config.js';
import { CHAT_TRANSPORTS } from '../../src/channels/registry.js';
import { TemporarySendError } from '../../src/channels/provider-http.js';
import { deliverPending, outboxLeaseMs } from '../../src/services/chat-replies.js';
import { channelContext } from '../../src/services/channels.js';
import { queueMessage } from '../../src/store/outbound-messages.js';

let t: TestApp;
let ws: Seeded;
let tg: FakeProvider;
let channel: any;
let secret = '';
const TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const CHAT = '555001';
let updateId = 1000;
let latencyMs = 0;

const hook = async (update: object, token = secret) => {
  const res = await fetch(`${t.url}/webhooks/telegram/${channel.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token },
    body: JSON.stringify({ update_id: ++updateId, ...update }),
  });
  return res.status;
};
const from = { id: Number(CHAT), is_bot: false, first_name: 'Rina', language_code: 'id' };
const text = (body: string, chat = CHAT) => ({ message: { message_id: ++updateId, from, chat: { id: Number(chat), first_name: 'Rina', type: 'private' }, date: Math.floor(Date.now() / 1000), text: body } });
const tap = (data: string) => ({ callback_query: { id: `cbq${++updateId}`, from, message: { message_id: 1, chat: { id: Number(CHAT), type: 'private' }, date: 0, text: '…' }, chat_instance: '-1', data } });
const sends = () => tg.callsTo('/sendMessage');
const last = () => sends().at(-1)!.json;
const invitationOf = async (id: string) => (await call(t.url, 'GET', `/api/v1/conversations/${id}`, ws.tokens.admin)).body.invitations[0];

async function resolveConversation(id: string, chatId: string) {
  const e = eventsFor({ conversationId: id, channelId: channel.id, contactId: `tg-${chatId}`, locale: 'id', agentId: ws.agentId });
  const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: chatId } };
  const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation })));
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  let n = 0;
  tg = await startFakeProvider((c) => {
    if (!c.path.startsWith(`/bot${TOKEN}/`)) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    if (c.path.endsWith('/getMe')) return { status: 200, body: { ok: true, result: { id: 7012345678, is_bot: true, first_name: 'Toko CS', username: 'toko_cs_bot' } } };
    if (c.path.endsWith('/setWebhook')) return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
    if (c.path.endsWith('/answerCallbackQuery')) return { status: 200, body: { ok: true, result: true } };
    return { status: 200, body: { ok: true, result: { message_id: ++n, chat: { id: c.json.chat_id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: c.json.text } }, delayMs: latencyMs };
  });
  t = await startApp();
  ws = await seedWorkspace(t.db);
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.nps.enabled = true;
  });
});
afterAll(async () => {
  await t.close();
  await tg.close();
});

describe('Telegram channel', () => {
  it('tests the connection by checking the bot and registering the webhook with a secret token', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', credentials: { botToken: 'not-a-token' }, config: { from: 'x@y.z' } });
    expect(bad.body.error.details).toEqual([
      { path: 'config.from', message: 'A telegram channel has no from.' },
      { path: 'credentials.botToken', message: 'Must look like 123456789:AA… as given by @BotFather.' },
    ]);
    // setWebhook's secret_token: "1-256 characters. Only characters A-Z, a-z, 0-9, _ and - are allowed"
    // (https://core.telegram.org/bots/api#setwebhook); anything else would fail only at "Test connection".
    const secretError = { path: 'credentials.webhookSecret', message: 'Telegram accepts 1–256 characters, only A–Z, a–z, 0–9, _ and - (leave it out to have one generated).' };
    for (const webhookSecret of ['rahasia toko!', 'ä'.repeat(10), 'x'.repeat(257)]) {
      const refused = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', credentials: { botToken: TOKEN, webhookSecret } });
      expect([refused.status, refused.body.error.details]).toEqual([422, [secretError]]);
    }
    const refusedId = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', credentials: { botToken: TOKEN, webhookSecret: 'a/b' } }, { 'accept-language': 'id' });
    expect(refusedId.body.error.details).toEqual([{ path: 'credentials.webhookSecret', message: 'Telegram hanya menerima 1–256 karakter A–Z, a–z, 0–9, _ dan - (kosongkan agar dibuatkan otomatis).' }]);
    const own = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG own secret', type: 'telegram', credentials: { botToken: TOKEN, webhookSecret: `Toko_CS-${'9'.repeat(248)}` } });
    expect(own.status).toBe(201);
    const patched = await call(t.url, 'PATCH', `/api/v1/channels/${own.body.id}`, ws.tokens.admin, { credentials: { webhookSecret: 'rahasia=toko' } });
    expect([patched.status, patched.body.error.details]).toEqual([422, [secretError]]);
    expect((await call(t.url, 'PATCH', `/api/v1/channels/${own.body.id}`, ws.tokens.admin, { credentials: { webhookSecret: 'rahasia_toko-2' } })).status).toBe(200);
    // Chatwoot's webhook secret is whatever Chatwoot shows: the Telegram rule is not applied to it.
    const cw = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'CW', type: 'chatwoot', config: { baseUrl: 'https://chat.example.com', accountId: 1 }, credentials: { apiToken: 'cw-token', webhookSecret: 'any+thing/=' } });
    expect(cw.status).toBe(201);
    for (const id of [own.body.id, cw.body.id]) expect((await call(t.url, 'DELETE', `/api/v1/channels/${id}`, ws.tokens.admin)).status).toBe(204);

    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tg.url }, credentials: { botToken: TOKEN } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body.credentials).sort()).toEqual(['botToken', 'webhookSecret']);
    channel = r.body;
    const test = await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin);
    expect(test.body).toEqual({ ok: true, detail: `Connected to the bot @toko_cs_bot; its webhook now points to ${t.url}/webhooks/telegram/${channel.id}.` });
    const set = tg.callsTo('/setWebhook')[0]!.json;
    expect(set).toMatchObject({ url: channel.webhookUrl, allowed_updates: ['message', 'callback_query'] });
    secret = set.secret_token;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(channel.credentials.webhookSecret).toBe(`••••${secret.slice(-4)}`);
  });

  it('sends inline keyboards, answers callback queries, takes follow-ups by reply and records it all', async () => {
    await resolveConversation('tg-1', CHAT);
    await tg.waitForCalls('/sendMessage', 1);
    const first = last();
    expect(first.chat_id).toBe(CHAT);
    expect(first.text).toContain('Seberapa puas Anda dengan layanan kami hari ini?');
    const keyboard = first.reply_markup.inline_keyboard;
    expect(keyboard.map((row: any[]) => row.length)).toEqual([1, 1, 1, 1, 1]);
    expect(keyboard[4][0].text).toBe('😍 Sangat puas');
    expect(keyboard.flat().every((b: any) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);

    expect(await hook(tap(keyboard[4][0].callback_data), 'wrong-secret')).toBe(401);
    expect(await hook(tap(keyboard[4][0].callback_data), '')).toBe(401);
    expect(await t.db.selectFrom('inbound_webhooks').select('id').execute()).toEqual([]);

    expect(await hook(tap(keyboard[4][0].callback_data))).toBe(200);
    await tg.waitForCalls('/sendMessage', 2);
    expect(last().text).toContain('Terima kasih! Apa yang bisa kami tingkatkan?');
    await tg.waitForCalls('/answerCallbackQuery', 1);

    await hook(text('Sudah bagus, terima kasih'));
    await tg.waitForCalls('/sendMessage', 3);
    const nps = last();
    expect(nps.reply_markup.inline_keyboard.map((row: any[]) => row.length)).toEqual([6, 5]);
    expect(nps.text).toContain('0 = Sangat tidak mungkin … 10 = Sangat mungkin');

    // Typed instead of tapped: "10" on the NPS question, then the promoter follow-up by reply.
    await hook(text('10'));
    await tg.waitForCalls('/sendMessage', 4);
    expect(last().text).toContain('Senang mendengarnya! Apa yang paling Anda sukai?');
    await hook(text('Cepat sekali'));
    await tg.waitForCalls('/sendMessage', 5);
    expect(last().text).toBe('Terima kasih atas masukan Anda! Jawaban Anda membantu kami melayani lebih baik.');

    const items = (await call(t.url, 'GET', `/api/v1/responses?channelId=${channel.id}`, ws.tokens.admin)).body.items;
    const byType = Object.fromEntries(items.map((r: any) => [r.surveyType, r]));
    expect(byType.csat).toMatchObject({ score: 5, followUpText: 'Sudah bagus, terima kasih' });
    expect(byType.nps).toMatchObject({ score: 10, followUpText: 'Cepat sekali' });
  });

  it('asks again once when it cannot read a rating', async () => {
    await resolveConversation('tg-2', '555002');
    await eventually(async () => sends().some((c) => c.json.chat_id === '555002'));
    await hook(text('halo, paket saya belum sampai', '555002'));
    await hook(text('halo?', '555002'));
    await eventually(async () => sends().filter((c) => c.json.chat_id === '555002').length === 2);
    await new Promise((r) => setTimeout(r, 1000));
    const to2 = sends().filter((c) => c.json.chat_id === '555002');
    expect(to2).toHaveLength(2);
    expect(to2[1]!.json.text).toMatch(/^Maaf, jawaban itu belum kami mengerti\./);
    expect(to2[1]!.json.reply_markup.inline_keyboard).toHaveLength(5);
  });

  it('waits out a 429 retry_after and fails on a 400 with the Bot API description', async () => {
    tg.script('/sendMessage', { status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } } });
    await resolveConversation('tg-3', '555003');
    await eventually(async () => ((await invitationOf('tg-3')).status === 'delivered' ? true : null));
    expect(sends().filter((c) => c.json.chat_id === '555003')).toHaveLength(2);

    tg.script('/sendMessage', { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } });
    await resolveConversation('tg-4', '555004');
    const failed = await eventually(async () => ((await invitationOf('tg-4')).status === 'failed' ? invitationOf('tg-4') : null));
    expect(failed.reason).toBe('Telegram refused it (HTTP 400): Bad Request: chat not found');
  });

  it('records an answer once and sends its reply once when the reply send fails and the job is retried', async () => {
    await resolveConversation('tg-5', '555005');
    await eventually(async () => sends().some((c) => c.json.chat_id === '555005'));
    const keyboard = sends().filter((c) => c.json.chat_id === '555005')[0]!.json.reply_markup.inline_keyboard;
    tg.script('/sendMessage', { status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    expect(await hook({ callback_query: { ...tap(keyboard[2][0].callback_data).callback_query, message: { message_id: 1, chat: { id: 555005, type: 'private' }, date: 0 } } })).toBe(200);
    // The first try of the follow-up question fails after the answer is committed; the retry sends it.
    await eventually(async () => sends().filter((c) => c.json.chat_id === '555005').length === 3);
    const [, failed, retried] = sends().filter((c) => c.json.chat_id === '555005');
    expect(retried!.json).toEqual(failed!.json);
    expect(retried!.json.text).toContain('Apa yang bisa kami tingkatkan?');
    await new Promise((r) => setTimeout(r, 1500));
    expect(sends().filter((c) => c.json.chat_id === '555005')).toHaveLength(3);
    const inv = await invitationOf('tg-5');
    const answers = await t.db.selectFrom('responses').select(['score', 'follow_up_text']).where('invitation_id', '=', inv.id).execute();
    expect(answers).toEqual([{ score: 3, follow_up_text: null }]);
  });

  // A SIGKILL can send again only the surveys whose answer it cut off; bench/crash-duplicates.ts counts them.
  it(`keeps at most ${SEND_CONCURRENCY} survey sends open at once and records each as Telegram answers it`, async () => {
    latencyMs = 300;
    tg.resetMostOpen();
    const chats = Array.from({ length: 25 }, (_, i) => String(556000 + i));
    const events = chats.flatMap((chat) => {
      const e = eventsFor({ conversationId: `tg-many-${chat}`, channelId: channel.id, contactId: `tg-${chat}`, locale: 'id', agentId: ws.agentId });
      const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: chat } };
      return [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation }));
    });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events)).status).toBe(200);
    const delivered = () => t.db.selectFrom('invitations').select('chat_address').where('chat_address', 'in', chats).where('status', '=', 'delivered').execute();
    await eventually(async () => (await delivered()).length === chats.length, 30_000);
    latencyMs = 0;
    expect(tg.open().most).toBeLessThanOrEqual(SEND_CONCURRENCY);
    expect(tg.open().most).toBeGreaterThan(1);
    expect(sends().filter((c) => chats.includes(c.json.chat_id)).map((c) => c.json.chat_id).sort()).toEqual(chats);
  });

  it('sends a reply once when two workers deliver it at once, and a retry takes over a dead worker\'s claim', async () => {
    const ctx = (await channelContext(t.db, t.keys, channel.id, t.url))!;
    const transport = CHAT_TRANSPORTS.telegram!;
    const chat = '557001';
    const queue = (key: string, words: string) => t.db.transaction().execute((trx) => queueMessage(trx, { workspaceId: ws.workspaceId, channelId: channel.id, invitationId: null, dedupKey: key, address: chat, message: { text: words } }));
    const to = () => sends().filter((c) => c.json.chat_id === chat).map((c) => c.json.text);
    expect(await queue('outbox-claim-1', 'Satu')).toBe(true);
    latencyMs = 300;
    const both = await Promise.allSettled([deliverPending(t.db, ctx, transport, 'outbox-claim-1'), deliverPending(t.db, ctx, transport, 'outbox-claim-1')]);
    latencyMs = 0;
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(TemporarySendError);
    expect(to()).toEqual(['Satu']);
    // The retry of the job that lost finds it sent: nothing more goes out.
    await deliverPending(t.db, ctx, transport, 'outbox-claim-1');
    expect(to()).toEqual(['Satu']);

    // A worker died after claiming: its claim holds for the lease, then the retry sends the reply.
    expect(await queue('outbox-claim-2', 'Dua')).toBe(true);
    await t.db.updateTable('outbound_messages').set({ status: 'sending', claimed_at: new Date() }).where('dedup_key', '=', 'outbox-claim-2').execute();
    await expect(deliverPending(t.db, ctx, transport, 'outbox-claim-2')).rejects.toBeInstanceOf(TemporarySendError);
    await t.db.updateTable('outbound_messages').set({ claimed_at: new Date(Date.now() - outboxLeaseMs() - 1000) }).where('dedup_key', '=', 'outbox-claim-2').execute();
    await deliverPending(t.db, ctx, transport, 'outbox-claim-2');
    expect(to()).toEqual(['Satu', 'Dua']);
    const rows = await t.db.selectFrom('outbound_messages').select(['dedup_key', 'status']).where('dedup_key', 'like', 'outbox-claim-%').orderBy('dedup_key').execute();
    expect(rows).toEqual([{ dedup_key: 'outbox-claim-1', status: 'sent' }, { dedup_key: 'outbox-claim-2', status: 'sent' }]);
  });

  it('BERHENTI opts the chat out and confirms', async () => {
    await hook(text('Berhenti'));
    await eventually(async () => last().text === 'Baik, Anda tidak akan menerima survei lagi dari kami. Terima kasih.');
    const contact = await t.db.selectFrom('contacts').select('opted_out_at').where('handle', '=', CHAT).executeTakeFirstOrThrow();
    expect(contact.opted_out_at).not.toBeNull();
  });
});
