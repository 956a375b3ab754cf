/**
 * Two nilai processes on one database: a chat's replies are handled in the order they arrived even when
 * the second process takes the comment's job while the first is still handling the rating before it.
 * Telegram shapes as in test/http/telegram-channel.test.ts (Bot API Update, https://core.telegram.org/bots/api#update).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';

const TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const SECRET = 'order_test-secret-0123456789';
const CHAT = '555777';
const METRICS_TOKEN = 'metrics-token-0123456789';
let a: TestApp;
let b: TestApp;
let ws: Seeded;
let tg: FakeProvider;
let channelId = '';
let updateId = 5000;

const from = { id: Number(CHAT), is_bot: false, first_name: 'Rina', language_code: 'id' };
const hook = async (base: string, update: object) => {
  const res = await fetch(`${base}/webhooks/telegram/${channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify({ update_id: ++updateId, ...update }),
  });
  expect(res.status).toBe(200);
};
const text = (body: string) => ({ message: { message_id: ++updateId, from, chat: { id: Number(CHAT), first_name: 'Rina', type: 'private' }, date: Math.floor(Date.now() / 1000), text: body } });
const tap = (data: string) => ({ callback_query: { id: `cbq${++updateId}`, from, message: { message_id: 1, chat: { id: Number(CHAT), type: 'private' }, date: 0, text: '…' }, chat_instance: '-1', data } });

beforeAll(async () => {
  tg = await startFakeProvider((c, n) => {
    if (c.path.endsWith('/answerCallbackQuery')) return { status: 200, body: { ok: true, result: true } };
    // The reply to the rating (the second message) is slow: the process handling the rating is still
    // busy with it when the comment's job is there to be taken, by the other process.
    const delayMs = c.path.endsWith('/sendMessage') && c.json.text?.includes('Apa yang bisa kami tingkatkan') ? 1500 : 0;
    return { status: 200, body: { ok: true, result: { message_id: 100 + n, chat: { id: c.json.chat_id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: c.json.text } }, delayMs };
  });
  a = await startApp(undefined, { metricsToken: METRICS_TOKEN });
  b = await startApp(a.dbUrl);
  ws = await seedWorkspace(a.db);
  const r = await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tg.url }, credentials: { botToken: TOKEN, webhookSecret: SECRET } });
  expect(r.status).toBe(201);
  channelId = r.body.id;
});
afterAll(async () => {
  await b.close();
  await a.close();
  await tg.close();
});

describe('a chat across two processes', () => {
  it('handles the rating before the comment typed after it, whichever process takes which', async () => {
    const e = eventsFor({ conversationId: 'order-1', channelId, contactId: `tg-${CHAT}`, locale: 'id', agentId: ws.agentId });
    const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: CHAT } };
    expect((await call(a.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation })))).status).toBe(200);
    const [survey] = await tg.waitForCalls('/sendMessage', 1);
    const five = survey!.json.reply_markup.inline_keyboard[4][0].callback_data;

    await hook(a.url, tap(five));
    // The rating is being handled (its reply is on its way) when the comment arrives, at the other process.
    await tg.waitForCalls('/sendMessage', 2);
    await hook(b.url, text('Sudah bagus, terima kasih'));

    const sent = await tg.waitForCalls('/sendMessage', 3);
    expect(sent.map((c) => c.json.text)).toEqual([
      expect.stringContaining('Seberapa puas Anda'),
      expect.stringContaining('Apa yang bisa kami tingkatkan?'),
      expect.stringContaining('Terima kasih atas masukan Anda!'),
    ]);
    // The rating was handled to its end (its callback query answered, the last step) before the comment's
    // reply was sent: the comment was read after the rating, not beside it.
    await tg.waitForCalls('/answerCallbackQuery', 1);
    const order = tg.calls.map((c) => (c.path.endsWith('/answerCallbackQuery') ? 'rating done' : c.json.text?.includes('Terima kasih atas masukan') ? 'comment reply' : null)).filter(Boolean);
    expect(order).toEqual(['rating done', 'comment reply']);
    const csat = await eventually(async () => {
      const items = (await call(a.url, 'GET', `/api/v1/responses?channelId=${channelId}`, ws.tokens.admin)).body.items;
      return items.find((x: any) => x.surveyType === 'csat' && x.followUpText) ?? null;
    });
    expect(csat).toMatchObject({ score: 5, followUpText: 'Sudah bagus, terima kasih' });
    // Each webhook handled once, and both are done.
    const hooks = await a.db.selectFrom('inbound_webhooks').select(['processed_at', 'ordering_key']).execute();
    expect(hooks.map((h) => [h.ordering_key, h.processed_at !== null])).toEqual([[CHAT, true], [CHAT, true]]);
    expect(tg.callsTo('/sendMessage')).toHaveLength(3);
    // Each process counts the webhooks it received: one each here.
    const metrics = await (await fetch(`${a.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toContain('nilai_inbound_webhooks_total{provider="telegram",result="accepted"} 1\n');
  });
});
