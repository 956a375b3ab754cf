/**
 * Broadcasts end to end against a fake Telegram Bot API: the permission (per role, per user), a CSV's
 * row-by-row report, a filtered audience with opted-out contacts and contacts inside the recontact
 * cooldown skipped and counted, the channel's rate held (counted from the fake's arrival times), answers
 * in the broadcast's report and kept out of the summary, cancel, and a restart in the middle.
 *
 * Telegram shapes (sendMessage's answer, a callback_query update) as in test/http/telegram-channel.test.ts,
 * from https://core.telegram.org/bots/api#message and #callbackquery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider, type ProviderCall } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let tg: FakeProvider;
let channel: any;
let secret = '';
let updateId = 5000;
const TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const admin = (method: string, path: string, body?: unknown) => call(t.url, method, path, ws.tokens.admin, body);
const sendsTo = (chat: string) => tg.callsTo('/sendMessage').filter((c) => c.json.chat_id === chat);
const report = async (id: string) => (await admin('GET', `/api/v1/broadcasts/${id}`)).body;

const hook = async (update: object) => {
  const res = await fetch(`${t.url}/webhooks/telegram/${channel.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify({ update_id: ++updateId, ...update }),
  });
  return res.status;
};
const tap = (chat: string, data: string) => ({
  callback_query: { id: `cbq${++updateId}`, from: { id: Number(chat), is_bot: false, first_name: 'Rina' }, message: { message_id: 1, chat: { id: Number(chat), type: 'private' }, date: 0, text: '…' }, chat_instance: '-1', data },
});
/** Taps the button showing `label` on the survey message sent to `chat`. */
const answer = async (chat: string, label: string) => {
  const button = sendsTo(chat)[0]!.json.reply_markup.inline_keyboard.flat().find((b: any) => b.text === label);
  expect(await hook(tap(chat, button.callback_data))).toBe(200);
};

/** Most arrivals in any window of `ms` (sliding, from each call's arrival). */
function mostInWindow(calls: ProviderCall[], ms: number): number {
  const at = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

const chatOf = (n: number) => String(700000 + n);

beforeAll(async () => {
  let n = 0;
  tg = await startFakeProvider((c) => {
    if (c.path.endsWith('/getMe')) return { status: 200, body: { ok: true, result: { id: 7012345678, is_bot: true, first_name: 'Toko CS', username: 'toko_cs_bot' } } };
    if (c.path.endsWith('/setWebhook')) return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
    if (c.path.endsWith('/answerCallbackQuery')) return { status: 200, body: { ok: true, result: true } };
    return { status: 200, body: { ok: true, result: { message_id: ++n, chat: { id: Number(c.json.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text: c.json.text } } };
  });
  t = await startApp();
  ws = await seedWorkspace(t.db);
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.nps.enabled = true;
  });
  channel = (await admin('POST', '/api/v1/channels', { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tg.url }, credentials: { botToken: TOKEN } })).body;
  expect((await admin('POST', `/api/v1/channels/${channel.id}/test`)).body.ok).toBe(true);
  secret = tg.callsTo('/setWebhook')[0]!.json.secret_token;
  expect((await admin('POST', '/api/v1/contact-fields', {
    key: 'tier', type: 'choice', label: { id: 'Tingkat', en: 'Tier' }, options: [{ value: 'gold', label: { en: 'Gold' } }, { value: 'silver', label: { en: 'Silver' } }],
  })).status).toBe(201);
  // 30 gold contacts with a Telegram chat (a conversation opened, not resolved: no survey yet), 2 silver ones.
  const events = [];
  for (let i = 1; i <= 32; i++) {
    const e = eventsFor({ conversationId: `c-${i}`, channelId: channel.id, contactId: `k-${i}`, locale: 'id' });
    events.push({ ...e.opened, conversation: { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: chatOf(i), attributes: { tier: i <= 30 ? 'gold' : 'silver' } } } });
  }
  expect((await admin('POST', '/api/v1/events', events)).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await tg?.close();
});

describe('broadcasts', () => {
  it('needs the broadcast permission: agents are refused with a sentence, a user setting overrides the role', async () => {
    const body = { name: 'NPS Q4', channelId: channel.id, surveyType: 'nps', audience: { kind: 'filter', filter: { rules: [] } } };
    const refused = await call(t.url, 'POST', '/api/v1/broadcasts/preview', ws.tokens.agent, body);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'forbidden', message: 'You do not have the broadcast permission; an admin can give it to your role or to you (Settings → Users and roles).', details: [] });
    expect((await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.agent)).status).toBe(403);
    expect((await call(t.url, 'GET', '/api/v1/broadcasts/permission', ws.tokens.agent)).body).toEqual({ roles: ['admin', 'supervisor'], allowed: false });
    expect((await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.supervisor)).status).toBe(200);

    // Per user: this agent may, this supervisor may not.
    expect((await admin('PATCH', `/api/v1/users/${ws.agentId}`, { broadcastPermission: true })).body.broadcastPermission).toBe(true);
    expect((await admin('PATCH', `/api/v1/users/${ws.supervisorId}`, { broadcastPermission: false })).body.broadcastPermission).toBe(false);
    expect((await call(t.url, 'POST', '/api/v1/broadcasts/preview', ws.tokens.agent, body)).status).toBe(200);
    expect((await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.supervisor)).status).toBe(403);
    // Per role: supervisors lose it (admins always keep it); the users go back to their role's.
    for (const id of [ws.agentId, ws.supervisorId]) await admin('PATCH', `/api/v1/users/${id}`, { broadcastPermission: null });
    expect((await admin('PUT', '/api/v1/broadcasts/permission', { roles: [] })).body.roles).toEqual(['admin']);
    expect((await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.supervisor)).status).toBe(403);
    await admin('PUT', '/api/v1/broadcasts/permission', { roles: ['admin', 'supervisor'] });
    expect((await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.supervisor)).status).toBe(200);
    expect((await call(t.url, 'PUT', '/api/v1/broadcasts/permission', ws.tokens.supervisor, { roles: ['agent'] })).status).toBe(403);
  });

  it('reports every bad row of a CSV (row, column, sentence) and stores nothing', async () => {
    const csv = [
      'name,telegram_id,language,tier',
      'Rina,700001,id,gold',
      'Budi,abc,id,gold',
      'Sari,,en,silver',
      'Tono,700003,klingon,gold',
      'Ayu,700004,id,platinum',
      'Rina again,700001,id,gold',
    ].join('\n');
    const body = { name: 'From a list', channelId: channel.id, surveyType: 'nps', audience: { kind: 'csv', csv } };
    const preview = await admin('POST', '/api/v1/broadcasts/preview', body);
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([
      { row: 3, column: 'telegram_id', message: '"abc" is not a Telegram chat id (a number).' },
      { row: 4, column: 'telegram_id', message: 'Empty: a telegram broadcast sends to this column.' },
      { row: 5, column: 'language', message: '"klingon" is not a language code (id, en, id-ID).' },
      { row: 6, column: 'tier', message: '"platinum" must be one of: gold, silver.' },
      { row: 7, column: 'telegram_id', message: 'The same telegram_id as row 2; each contact once.' },
    ]);
    expect(preview.body).toMatchObject({ rowsRead: 6, recipients: 1 });
    const refused = await admin('POST', '/api/v1/broadcasts', body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]).toEqual({ path: 'audience.csv.rows.3.telegram_id', message: '"abc" is not a Telegram chat id (a number).' });
    // A header nilai does not know, and a file that is not CSV: reports, not 500s.
    const header = await admin('POST', '/api/v1/broadcasts/preview', { ...body, audience: { kind: 'csv', csv: 'nama,chat\nRina,1' } });
    expect(header.body.problems).toEqual([
      { row: 1, column: 'chat', message: 'Not a column nilai knows: use name, phone, email, telegram_id, language or a contact field key (tier).' },
      { row: 1, column: 'telegram_id', message: 'A telegram broadcast needs the column telegram_id.' },
    ]);
    const broken = await admin('POST', '/api/v1/broadcasts/preview', { ...body, audience: { kind: 'csv', csv: 'name,telegram_id\n"Rina,700001\n' } });
    expect(broken.status).toBe(200);
    expect(broken.body.problems[0].message).toMatch(/^The file is not valid CSV: /);
    expect(await t.db.selectFrom('broadcasts').select('id').execute()).toEqual([]);
  });

  it('sends to the audience at the channel rate, skipping opted-out contacts and those inside the cooldown; answers go to its report, not the summary', async () => {
    // 3 gold contacts surveyed a moment ago (a CSV broadcast, matched to them by their chat ids): inside the 7-day cooldown.
    const first = await admin('POST', '/api/v1/broadcasts', { name: 'Pilot', channelId: channel.id, surveyType: 'nps', audience: { kind: 'csv', csv: `telegram_id\n${chatOf(1)}\n${chatOf(2)}\n${chatOf(3)}` } });
    expect(first.status).toBe(201);
    expect(first.body.report.recipients).toBe(3);
    await tg.waitForCalls('/sendMessage', 3);
    for (const k of ['k-4', 'k-5']) expect((await admin('POST', `/api/v1/contacts/${k}/opt-out`)).status).toBe(200);

    const body = { name: 'NPS gold', channelId: channel.id, surveyType: 'nps', audience: { kind: 'filter', filter: { rules: [{ field: 'tier', values: ['gold'] }] } }, perMinute: 300 };
    const preview = await admin('POST', '/api/v1/broadcasts/preview', body);
    expect(preview.body).toEqual({ recipients: 30, optedOut: 2, inCooldown: 3, noAddress: 0, toSend: 25, perMinute: 300, problems: [], rowsRead: null });

    const created = await admin('POST', '/api/v1/broadcasts', body);
    expect(created.status).toBe(201);
    const id = created.body.id;
    const done = await eventually(async () => {
      const r = await report(id);
      return r.status === 'done' && r.report.sent === 25 ? r : null;
    }, 30_000);
    expect(done.report).toMatchObject({ recipients: 30, waiting: 0, queued: 25, sent: 25, delivered: 25, failed: 0, skipped: { opted_out: 2, cooldown: 3 }, skippedTotal: 5 });
    const sent = tg.callsTo('/sendMessage').slice(3);
    expect(sent).toHaveLength(25);
    expect(new Set(sent.map((c) => c.json.chat_id)).size).toBe(25);
    for (const i of [1, 2, 3, 4, 5]) expect(sendsTo(chatOf(i))).toHaveLength(i <= 3 ? 1 : 0);
    expect(sent[0]!.json.text).toContain('merekomendasikan');
    // 300 a minute is 5 a second with a burst of 5: at most 10 queued in any second. Sends follow their
    // queuing by up to a polling interval, so generously at most 15 arrive in any second and 20 in any two;
    // unpaced, all 25 arrive within a second here. (No bound on how fast it goes.)
    expect(mostInWindow(sent, 1000)).toBeLessThanOrEqual(15);
    expect(mostInWindow(sent, 2000)).toBeLessThanOrEqual(20);

    await answer(chatOf(6), '10');
    await answer(chatOf(7), '9');
    await answer(chatOf(8), '3');
    const answered = await eventually(async () => {
      const r = await report(id);
      return r.report.answered === 3 ? r : null;
    });
    expect(answered.report.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 });
    expect(answered.report.nps.score).toBeCloseTo(33.33, 1);
    expect(answered.report.responseRate).toMatchObject({ numerator: 3, denominator: 25 });
    const responses = await admin('GET', '/api/v1/responses?source=broadcast');
    expect(responses.body.items).toHaveLength(3);

    // A conversation survey, answered: the summary counts it and none of the broadcasts' 28 surveys.
    const e = eventsFor({ conversationId: 'conv-ctl', channelId: channel.id, contactId: 'k-31', locale: 'id', agentId: ws.agentId });
    const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: chatOf(31) } };
    await admin('POST', '/api/v1/events', [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation })));
    await eventually(async () => sendsTo(chatOf(31)).length === 1 || null);
    await answer(chatOf(31), '😍 Sangat puas');
    const summary = await eventually(async () => {
      const s = (await admin('GET', '/api/v1/reports/summary')).body;
      return s.overall.csat.n === 1 ? s : null;
    });
    expect(summary.overall.nps.n).toBe(0);
    expect(summary.overall.invitations.scheduled).toBe(1);
  });

  it('cancels a running broadcast, and a restart in the middle sends the rest once', async () => {
    const csv = ['telegram_id', ...Array.from({ length: 10 }, (_, i) => String(800000 + i))].join('\n');
    const slow = { channelId: channel.id, surveyType: 'nps', perMinute: 120 };
    const cancelled = await admin('POST', '/api/v1/broadcasts', { ...slow, name: 'Cancelled', audience: { kind: 'csv', csv: 'telegram_id\n900001\n900002\n900003\n900004' }, startAt: new Date(Date.now() + 3_600_000).toISOString() });
    const c = await admin('POST', `/api/v1/broadcasts/${cancelled.body.id}/cancel`);
    expect([c.status, c.body.status, c.body.report.skipped]).toEqual([200, 'cancelled', { cancelled: 4 }]);
    expect((await admin('POST', `/api/v1/broadcasts/${cancelled.body.id}/cancel`)).status).toBe(409);

    const created = await admin('POST', '/api/v1/broadcasts', { ...slow, name: 'Restarted', audience: { kind: 'csv', csv } });
    const ours = () => tg.callsTo('/sendMessage').filter((m) => /^8000\d\d$/.test(m.json.chat_id));
    await eventually(async () => ours().length >= 3 || null);
    await t.close();
    const before = ours().length;
    expect(before).toBeLessThan(10);
    t = await startApp(t.dbUrl);
    await eventually(async () => ours().length >= 10 || null, 30_000);
    const r = await eventually(async () => {
      const b = await report(created.body.id);
      return b.status === 'done' && b.report.sent === 10 ? b : null;
    });
    expect(r.report).toMatchObject({ recipients: 10, queued: 10, sent: 10 });
    expect(ours()).toHaveLength(10);
    expect(new Set(ours().map((m) => m.json.chat_id)).size).toBe(10);
    expect(sendsTo('900001')).toEqual([]);
  });
});
