/**
 * Three nilai instances on one database, as N replicas behind a load balancer (each its own pool,
 * pg-boss, send loop, workers and periodic tasks; here in one test process, like chat-order-processes).
 * Resolved conversations and chat replies are posted round-robin to the three; every chat must get its
 * survey once, every answer must be recorded, and each chat's rating must be handled before the comment
 * typed after it (posted to another instance right after the rating was accepted).
 * SEVERAL_PROCESSES_CHATS sets the size (default 30 chats: 30 resolved conversations and 60 replies, so
 * its test took 51 s at 60 chats beside seven other helpers at load 20 on 2 cores; the full size is 3000).
 * Telegram shapes as in test/http/telegram-channel.test.ts (Bot API Update, https://core.telegram.org/bots/api#update).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';

const CHATS = Number(process.env.SEVERAL_PROCESSES_CHATS ?? 30);
const TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const SECRET = 'replicas_test-secret-0123456789';
let apps: TestApp[] = [];
let ws: Seeded;
let tg: FakeProvider;
let channelId = '';
let updateId = 9000;

const chatId = (i: number) => 700000 + i;
const from = (chat: number) => ({ id: chat, is_bot: false, first_name: 'Rina', language_code: 'id' });
const hook = async (app: TestApp, update: object) => {
  const res = await fetch(`${app.url}/webhooks/telegram/${channelId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify({ update_id: ++updateId, ...update }),
  });
  expect(res.status).toBe(200);
};
const text = (chat: number, body: string) => ({ message: { message_id: ++updateId, from: from(chat), chat: { id: chat, first_name: 'Rina', type: 'private' }, date: Math.floor(Date.now() / 1000), text: body } });
const tap = (chat: number, data: string) => ({ callback_query: { id: `cbq${++updateId}`, from: from(chat), message: { message_id: 1, chat: { id: chat, type: 'private' }, date: 0, text: '…' }, chat_instance: '-1', data } });

beforeAll(async () => {
  tg = await startFakeProvider((c, n) => {
    if (c.path.endsWith('/answerCallbackQuery')) return { status: 200, body: { ok: true, result: true } };
    return { status: 200, body: { ok: true, result: { message_id: 100 + n, chat: { id: c.json.chat_id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: c.json.text } } };
  });
  const first = await startApp();
  apps = [first, await startApp(first.dbUrl), await startApp(first.dbUrl)];
  ws = await seedWorkspace(first.db);
  const r = await call(first.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tg.url }, credentials: { botToken: TOKEN, webhookSecret: SECRET } });
  expect(r.status).toBe(201);
  channelId = r.body.id;
}, 120_000);
afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
  await tg?.close();
});

describe(`${CHATS} chats across three instances on one database`, () => {
  it('sends each survey once, loses no answer and handles each chat\'s replies in order', async () => {
    const sentTo = (chat: number) => tg.callsTo('/sendMessage').filter((c) => Number(c.json.chat_id) === chat);
    // Resolved conversations, in batches of 10, round-robin over the instances.
    for (let i = 0; i < CHATS; i += 10) {
      const batch = Array.from({ length: Math.min(10, CHATS - i) }, (_, k) => {
        const n = i + k;
        const e = eventsFor({ conversationId: `rep-${n}`, channelId, contactId: `tg-${chatId(n)}`, locale: 'id', agentId: ws.agentId });
        const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: String(chatId(n)) } };
        return [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation }));
      }).flat();
      expect((await call(apps[(i / 10) % 3]!.url, 'POST', '/api/v1/events', ws.tokens.admin, batch)).status).toBe(200);
    }
    await tg.waitForCalls('/sendMessage', CHATS, 60_000);
    // Each chat: the rating to one instance, the comment to the next one as soon as the rating is stored.
    await Promise.all(Array.from({ length: CHATS }, async (_, n) => {
      const survey = await eventually(async () => sentTo(chatId(n))[0], 60_000);
      const four = survey.json.reply_markup.inline_keyboard[3][0].callback_data;
      await hook(apps[n % 3]!, tap(chatId(n), four));
      await hook(apps[(n + 1) % 3]!, text(chatId(n), `Komentar ${n}`));
    }));
    await tg.waitForCalls('/sendMessage', CHATS * 3, 60_000);
    await eventually(async () => {
      const r = await apps[0]!.db.selectFrom('inbound_webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('processed_at', 'is', null).executeTakeFirstOrThrow();
      return Number(r.n) === 0;
    }, 60_000);

    for (let n = 0; n < CHATS; n++) {
      // Survey, follow-up question, thanks: once each and in that order (the comment read after the rating).
      expect(sentTo(chatId(n)).map((c) => c.json.text)).toEqual([
        expect.stringContaining('Seberapa puas Anda'),
        expect.stringContaining('Apa yang bisa kami tingkatkan?'),
        expect.stringContaining('Terima kasih atas masukan Anda!'),
      ]);
    }
    const answers = await apps[1]!.db.selectFrom('responses').select(['score', 'follow_up_text']).where('survey_type', '=', 'csat').execute();
    expect(answers).toHaveLength(CHATS);
    expect(new Set(answers.map((a) => a.follow_up_text))).toEqual(new Set(Array.from({ length: CHATS }, (_, n) => `Komentar ${n}`)));
    expect(answers.every((a) => a.score === 4)).toBe(true);
    const invitations = await apps[2]!.db.selectFrom('invitations').select(['status', 'attempts']).execute();
    expect(invitations).toHaveLength(CHATS);
    expect(invitations.every((i) => i.status === 'answered')).toBe(true);
    // Telegram had 3 messages per chat and nothing more: no survey, question or thanks sent twice.
    expect(tg.callsTo('/sendMessage')).toHaveLength(CHATS * 3);
  }, 180_000);
});
