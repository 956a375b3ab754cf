/**
 * The periodic sweeps across three nilai OS processes on one database (`nilai serve` three times, as
 * replicas behind a load balancer), each sweeping every 200 ms (NILAI_SWEEP_INTERVAL_MS), so their rounds
 * overlap all the time. Each sweep's work must be done once:
 * - reminders: due reminders are queued once (one reminder job per invitation, `FOR UPDATE SKIP LOCKED`
 *   on the due rows) and each chat gets exactly one reminder after its survey (counted at the fake Telegram);
 * - link expiry: every lapsed unanswered invitation becomes `expired`, an answered one stays answered,
 *   and the report counts each expiry once;
 * - auto resolve (`pg_try_advisory_xact_lock`, the conversations locked SKIP LOCKED, and the request marked
 *   once): each idle Chatwoot conversation gets one closing message and one resolve at the fake
 *   Chatwoot, one inbox action, and, once Chatwoot reports the resolve (to two processes at once), one survey.
 * Then each process is stopped with SIGTERM while the others still sweep: it exits 0 and logs no error.
 * Time passing is simulated by moving `reminder_due_at` and `expires_at` into the past, as in
 * test/http/reminders.test.ts; auto resolve's idle time by events that happened 30 minutes ago.
 * Telegram and Chatwoot shapes as in test/http/several-processes.test.ts and test/http/inbox-automation.test.ts.
 */
import { rm } from 'node:fs/promises';
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/store/db.js';
import { call, changeSettings, freshDatabase, seedWorkspace, TEST_APP_KEY, type Seeded } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { errorLines, freePort, startServer, stopServer, tempDataDir, type Server } from '../helpers/process.js';
import { eventually } from '../helpers/receiver.js';

const PROCESSES = 3;
const N = 30; // per sweep
const TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const SECRET = 'sweeps_test-secret-0123456789';
const CW_TOKEN = 'cw-user-token-abcdef0123456789';
const CW_SECRET = 'cw-webhook-secret-0123456789';
const ACCOUNT = 7;
const servers: Server[] = [];
const urls: string[] = [];
const dataDirs: string[] = [];
let db: Db;
let ws: Seeded;
let tg: FakeProvider;
let cw: FakeProvider;
let telegramId = '';
let chatwootId = '';
let updateId = 5000;
let cwMessageId = 90000;

const url = (i: number) => urls[i % PROCESSES]!;
const post = async (i: number, events: object[]) => {
  const r = await call(url(i), 'POST', '/api/v1/events', ws.tokens.admin, events);
  expect(r.status).toBe(200);
};
/** Telegram messages sent, by chat. */
const byChat = () => {
  const m = new Map<number, string[]>();
  for (const c of tg.callsTo('/sendMessage')) m.set(Number(c.json.chat_id), [...(m.get(Number(c.json.chat_id)) ?? []), String(c.json.text)]);
  return m;
};
const count = async (q: RawBuilder<{ n: number }>) => (await q.execute(db)).rows[0]!.n;
/** Jobs of a queue not finished yet (created, retry or active), across the processes. */
const pendingJobs = (queue: string) => count(sql<{ n: number }>`select count(*)::int n from pgboss.job where name = ${queue} and state < 'completed'`);

/** Resolved Telegram conversations `prefix-0…`, split across the processes; their surveys sent. */
async function surveyedChats(prefix: string, firstChat: number) {
  const chats = Array.from({ length: N }, (_, n) => firstChat + n);
  await Promise.all(Array.from({ length: PROCESSES }, (_, p) => post(p, chats.filter((_, n) => n % PROCESSES === p).flatMap((chat) => {
    const e = eventsFor({ conversationId: `${prefix}-${chat}`, channelId: telegramId, contactId: `tg-${chat}`, locale: 'id', agentId: ws.agentId });
    const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: String(chat) } };
    return [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation }));
  }))));
  // Sent and recorded (chat address, reminder plan) by whichever process took each.
  await eventually(async () => (await count(sql<{ n: number }>`select count(*)::int n from invitations i join conversations c on c.id = i.conversation_id
    where c.external_id like ${`${prefix}-%`} and i.status in ('sent', 'delivered') and i.reminder_status = 'due'`)) === N, 60_000);
  return chats;
}

beforeAll(async () => {
  // A reminder is held 300 ms at Telegram: a second claim of the same reminder would find it still sending.
  tg = await startFakeProvider((c, n) => ({
    status: 200,
    delayMs: String(c.json?.text ?? '').startsWith('Pengingat') ? 300 : 0,
    body: c.path.endsWith('/answerCallbackQuery') ? { ok: true, result: true } : { ok: true, result: { message_id: 100 + n, chat: { id: c.json.chat_id, type: 'private' }, date: Math.floor(Date.now() / 1000), text: c.json.text } },
  }));
  cw = await startFakeProvider((c) => {
    if (c.headers.api_access_token !== CW_TOKEN) return { status: 401, body: { error: 'Invalid Access Token' } };
    const m = /^\/api\/v1\/accounts\/7\/conversations\/(\d+)\/(messages|toggle_status)$/.exec(c.path);
    if (!m || c.method !== 'POST') return { status: 404, body: { error: 'Resource could not be found' } };
    if (m[2] === 'messages') return { status: 200, body: { id: ++cwMessageId, content: c.json.content, message_type: 1, content_type: c.json.content_type ?? 'text', content_attributes: {}, created_at: Math.floor(Date.now() / 1000), private: false, source_id: null, sender: { id: 1, name: 'nilai admin', type: 'user' } } };
    return { status: 200, body: { meta: {}, payload: { success: true, current_status: c.json.status, conversation_id: Number(m[1]) } } };
  });
  const dbUrl = await freshDatabase();
  db = createDb(dbUrl, 2);
  ws = await seedWorkspace(db);
  await Promise.all(Array.from({ length: PROCESSES }, async () => {
    const [port, dataDir] = [await freePort(), await tempDataDir()];
    dataDirs.push(dataDir);
    const base = `http://127.0.0.1:${port}`;
    const env = { DATABASE_URL: dbUrl, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, NILAI_SECRET_KEY: TEST_APP_KEY, LOG_LEVEL: 'warn', NILAI_SWEEP_INTERVAL_MS: '200' };
    servers.push(await startServer(env, 90_000, true));
    urls.push(base);
  }));
  const tgChannel = await call(url(0), 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tg.url }, credentials: { botToken: TOKEN, webhookSecret: SECRET } });
  expect(tgChannel.status).toBe(201);
  telegramId = tgChannel.body.id;
  const cwChannel = await call(url(1), 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.url, accountId: ACCOUNT }, credentials: { apiToken: CW_TOKEN, webhookSecret: CW_SECRET } });
  expect(cwChannel.status).toBe(201);
  chatwootId = cwChannel.body.id;
  await changeSettings(url(2), ws.tokens.admin, (s) => {
    s.sending.expiryHours = 48;
    s.sending.reminderAfterHours = 20;
    s.sending.reminderInBusinessHours = false;
  });
}, 150_000);
afterAll(async () => {
  await Promise.all(servers.map(stopServer));
  await tg?.close();
  await cw?.close();
  await db?.destroy();
  await Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true })));
}, 60_000);

describe(`the sweeps of ${PROCESSES} nilai processes on one database`, () => {
  it('queues each due reminder once and sends each chat exactly one reminder', async () => {
    const chats = await surveyedChats('rem', 800000);
    // The 20 hours pass for every survey at once: all processes' next sweeps find them due together.
    await sql`update invitations set reminder_due_at = now() where reminder_status = 'due'`.execute(db);
    await eventually(async () => (await count(sql<{ n: number }>`select count(*)::int n from invitations where reminder_status = 'sent'`)) === N
      && (await pendingJobs('dispatch-invitation')) === 0, 60_000);

    // One reminder job per invitation, whichever process queued it (pg-boss keeps completed jobs).
    const jobs = await sql<{ id: string; n: number }>`select data->>'invitationId' id, count(*)::int n from pgboss.job
      where name = 'dispatch-invitation' and data->>'reminder' = 'true' group by 1`.execute(db);
    expect(jobs.rows.filter((j) => j.n !== 1)).toEqual([]);
    expect(jobs.rows).toHaveLength(N);
    // The survey, then the reminder, once each per chat.
    const sent = byChat();
    const wrong = chats.filter((chat) => {
      const t = sent.get(chat) ?? [];
      return !(t.length === 2 && t[0]!.includes('Seberapa puas Anda') && t[1]!.startsWith('Pengingat'));
    });
    expect(wrong.map((chat) => [chat, sent.get(chat)])).toEqual([]);
    expect(tg.callsTo('/sendMessage')).toHaveLength(2 * N);
    const summary = await call(url(1), 'GET', '/api/v1/reports/summary', ws.tokens.admin);
    expect(summary.body.overall.invitations).toMatchObject({ sent: N, reminded: N });
  }, 120_000);

  it('expires each lapsed unanswered invitation once and leaves answered ones answered', async () => {
    const before = tg.callsTo('/sendMessage').length;
    const chats = await surveyedChats('exp', 810000);
    // A third of the chats answer (rating 4 through the webhook, to any process) before the links lapse.
    const answering = chats.filter((_, n) => n % 3 === 0);
    await Promise.all(answering.map(async (chat, k) => {
      const survey = tg.callsTo('/sendMessage').find((c) => Number(c.json.chat_id) === chat)!;
      const four = survey.json.reply_markup.inline_keyboard[3][0].callback_data;
      const res = await fetch(`${url(k)}/webhooks/telegram/${telegramId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        body: JSON.stringify({ update_id: ++updateId, callback_query: { id: `cbq${updateId}`, from: { id: chat, is_bot: false, first_name: 'Rina' }, message: { message_id: 1, chat: { id: chat, type: 'private' }, date: 0, text: '…' }, chat_instance: '-1', data: four } }),
      });
      expect(res.status).toBe(200);
    }));
    const ofExp = (status: string) => count(sql<{ n: number }>`select count(*)::int n from invitations i join conversations c on c.id = i.conversation_id
      where c.external_id like 'exp-%' and i.status = ${status}`);
    await eventually(async () => (await ofExp('answered')) === answering.length, 60_000);
    // The 48 hours pass for all of them, answered or not.
    await sql`update invitations i set expires_at = now() - interval '1 second' from conversations c where c.id = i.conversation_id and c.external_id like 'exp-%'`.execute(db);
    const lapsing = () => count(sql<{ n: number }>`select count(*)::int n from invitations i join conversations c on c.id = i.conversation_id
      where c.external_id like 'exp-%' and i.status in ('scheduled', 'sending', 'sent', 'delivered')`);
    await eventually(async () => (await lapsing()) === 0, 30_000);

    expect([await ofExp('expired'), await ofExp('answered')]).toEqual([N - answering.length, answering.length]);
    // Counted once each in the report (the rollup triggers count a status change, from any process).
    const summary = await call(url(2), 'GET', '/api/v1/reports/summary', ws.tokens.admin);
    expect(summary.body.overall.invitations).toMatchObject({ expired: N - answering.length, answered: answering.length });
    // Nothing sent for an expiry: the survey to every chat, and the follow-up question to those who answered.
    await eventually(async () => (await pendingJobs('process-webhook')) === 0, 30_000);
    const sent = byChat();
    const wrong = chats.filter((chat) => (sent.get(chat)?.length ?? 0) !== (answering.includes(chat) ? 2 : 1));
    expect(wrong.map((chat) => [chat, sent.get(chat)])).toEqual([]);
    expect(tg.callsTo('/sendMessage').length - before).toBe(N + answering.length);
  }, 120_000);

  it('asks Chatwoot once per idle conversation to resolve, with one closing message, and sends one survey', async () => {
    const put = await call(url(0), 'PUT', '/api/v1/automation/auto-resolve', ws.tokens.admin, {
      enabled: true, afterMinutes: 5, clock: 'wall', survey: true, closingMessage: { id: 'Kami tutup ya, {{name}}.', en: 'Closing this, {{name}}.' },
    });
    expect(put.status).toBe(200);
    const ids = Array.from({ length: N }, (_, n) => n + 1);
    const conversationOf = (d: number) => ({ id: `chatwoot:${ACCOUNT}:${d}`, channelId: chatwootId, contact: { id: `chatwoot:c${d}`, name: `Dewi ${d}`, locale: 'id' }, agentId: ws.agentId });
    // Opened 30 minutes ago, the customer wrote, an agent answered 27 minutes ago: idle past 5 minutes.
    const events = (d: number) => {
      const e = eventsFor({ conversationId: `chatwoot:${ACCOUNT}:${d}`, channelId: chatwootId, contactId: `chatwoot:c${d}` });
      return { open: [e.opened, e.customer, e.agent].map((ev) => ({ ...ev, conversation: conversationOf(d) })), resolved: { ...e.resolved(), conversation: conversationOf(d) } };
    };
    const all = new Map(ids.map((d) => [d, events(d)]));
    await Promise.all(Array.from({ length: PROCESSES }, (_, p) => post(p, ids.filter((d) => d % PROCESSES === p).flatMap((d) => all.get(d)!.open))));
    const posts = (d: number, what: string) => cw.callsTo(`/api/v1/accounts/${ACCOUNT}/conversations/${d}/${what}`).filter((c) => c.method === 'POST');
    await eventually(async () => ids.every((d) => posts(d, 'toggle_status').length > 0), 60_000);
    // Chatwoot reports each resolve; the same webhook reaches two processes at once (a redelivery).
    await Promise.all(ids.map((d) => Promise.all([post(d, [all.get(d)!.resolved]), post(d + 1, [all.get(d)!.resolved])])));
    const ofChatwoot = (where: RawBuilder<unknown>) => count(sql<{ n: number }>`select count(*)::int n from invitations i join conversations c on c.id = i.conversation_id
      where c.channel_id = ${chatwootId} and ${where}`);
    await eventually(async () => (await ofChatwoot(sql`i.status in ('sent', 'delivered')`)) === N
      && (await pendingJobs('inbox-action')) === 0 && (await pendingJobs('dispatch-invitation')) === 0, 60_000);

    // At Chatwoot, per conversation: the closing message, the resolve, and after it the survey; once each.
    const wrong = ids.filter((d) => {
      const messages = posts(d, 'messages');
      return !(posts(d, 'toggle_status').length === 1 && messages.length === 2 && messages[0]!.json.content === `Kami tutup ya, Dewi ${d}.` && messages[1]!.json.content_type === 'input_select');
    });
    expect(wrong.map((d) => [d, posts(d, 'messages').map((m) => m.json.content), posts(d, 'toggle_status').length])).toEqual([]);
    // In the database: one auto-resolve action each, done; each conversation resolved as an auto resolve, one invitation each.
    const actions = await sql<{ n: number; done: number }>`select count(*)::int n, count(*) filter (where status = 'done')::int done from inbox_actions where source = 'auto_resolve'`.execute(db);
    expect(actions.rows[0]).toEqual({ n: N, done: N });
    expect(await ofChatwoot(sql`true`)).toBe(N);
    const views = await Promise.all(ids.map(async (d) => (await call(url(d), 'GET', `/api/v1/conversations/${encodeURIComponent(`chatwoot:${ACCOUNT}:${d}`)}`, ws.tokens.admin)).body));
    expect(views.filter((v) => !(v.status === 'resolved' && v.autoResolved === true && v.invitations.length === 1 && v.actions.length === 1)).map((v) => [v.id, v.status, v.autoResolved, v.invitations?.length, v.actions?.length])).toEqual([]);
  }, 120_000);

  it('stops each process on SIGTERM with exit code 0 and no error logged', async () => {
    // One after another, so the others still sweep (and hold locks) while one shuts down.
    for (const server of [...servers]) {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const out = server.output();
      expect(errorLines(out).join('\n')).toBe('');
      // Nor anything printed outside the logger (an unhandled rejection, a stack trace).
      expect(out.split('\n').filter((line) => /error/i.test(line) && !line.startsWith('{"level":')).join('\n')).toBe('');
    }
  }, 90_000);
});
