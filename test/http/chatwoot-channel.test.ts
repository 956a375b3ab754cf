/**
 * Chatwoot end to end against a fake Chatwoot, with webhooks shaped as Chatwoot builds them and signed as
 * it signs them: conversations become nilai events credited to the right agent, the survey is posted in
 * the form each inbox type can carry, taps come back the way each inbox relays them, delivery failures
 * reach the invitation, and refused webhooks say why.
 *
 * Fixture sources (chatwoot/chatwoot unless said otherwise):
 * - conversation payloads: Conversations::EventDataPresenter#push_data (app/presenters/conversations/
 *   event_data_presenter.rb) merged with `event` and `changed_attributes` by app/listeners/webhook_listener.rb;
 * - message payloads: Message#webhook_data (app/models/message.rb: no `status` field in released versions,
 *   cf. chatwoot/chatwoot#15908), `content_attributes.external_error` as Messages::StatusUpdateService and
 *   Whatsapp::IncomingMessageBaseService set it ("<code>: <title>");
 * - users: User#webhook_data {id, name, email, type} as a message sender, User#push_event_data (no email)
 *   as `meta.assignee` (app/models/user.rb); contacts as in chatwoot/docs webhook-events.md;
 * - taps: Telegram callback data = item value as the message content (app/models/channel/telegram.rb,
 *   app/services/telegram/param_helpers.rb); WhatsApp list/button replies = row title as the content
 *   (app/services/whatsapp/incoming_message_service_helpers.rb); Facebook quick replies = title
 *   (app/services/facebook/send_on_facebook_service.rb, payload = title); widget = `submitted_values`;
 * - API answers: RequestExceptionHandler ({error}), AccessTokenAuthHelper (bot endpoints, "not authorized
 *   for bots"), api/v1/conversations/partials/_conversation.json.jbuilder (meta.channel, inbox_id),
 *   api/v1/models/_inbox.json.jbuilder (channel_type);
 * - signing: X-Chatwoot-Signature "sha256=" HMAC-SHA256 of "<timestamp>.<body>", X-Chatwoot-Timestamp,
 *   X-Chatwoot-Delivery (chatwoot/chatwoot#13573, v4.11.2).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';

let t: TestApp;
let ws: Seeded;
let cw: FakeProvider;
let channel: any;
const SECRET = 'cw-webhook-secret-0123456789';
const USER_TOKEN = 'cw-user-token-abcdef0123456789';
const BOT_TOKEN = 'cw-bot-token-abcdef0123456789';
const ACCOUNT = 7;
let messageId = 5000;

/** The account's inboxes and their channel types (Inbox#channel_type). */
const INBOX = { web: 1, telegram: 2, whatsapp: 3, facebook: 4, email: 5, api: 6 } as const;
const CHANNEL_TYPE: Record<number, string> = { 1: 'Channel::WebWidget', 2: 'Channel::Telegram', 3: 'Channel::Whatsapp', 4: 'Channel::FacebookPage', 5: 'Channel::Email', 6: 'Channel::Api' };
/** Which inbox each conversation (display id) is in, as Chatwoot's API answers it. */
const conversationInbox = new Map<number, number>();

const sign = (raw: string, ts: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex')}`;
async function post(payload: object, headers: Record<string, string>) {
  const res = await fetch(`${t.url}/webhooks/chatwoot/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  return { status: res.status, body: await res.json() };
}
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

const now = () => Math.floor(Date.now() / 1000);
// Contact#push_event_data (meta.sender) and Contact#webhook_data (a contact's message sender).
const contact = (n: number) => ({ additional_attributes: {}, custom_attributes: {}, email: `dewi${n}@pelanggan.test`, id: 500 + n, identifier: null, name: `Dewi ${n}`, phone_number: `+62812000${n}`, thumbnail: '', type: 'contact' });
const contactSender = (n: number) => ({ id: 500 + n, name: `Dewi ${n}`, avatar: '', type: 'contact' });
// User#push_event_data: what `meta.assignee` carries (no email).
const assignee = (id: number, name: string) => ({ id, name, available_name: name, avatar_url: '', type: 'user', availability_status: 'online', thumbnail: '' });
// User#webhook_data: an agent as a message's sender.
const agentSender = (id: number, name: string, email: string) => ({ id, name, email, type: 'user' });
// Chatwoot calls the agent 3 "Budi Santoso"; nilai's user is "Budi Agent": only the email matches.
const BUDI = { id: 3, name: 'Budi Santoso' };
const RINA = { id: 9, name: 'Rina Wulandari', email: 'rina@toko-nusantara.test' };

type Who = ReturnType<typeof assignee> | null;
function conv(displayId: number, inbox: number, status: string, who: Who, messages: object[] = []) {
  return {
    additional_attributes: {}, can_reply: true, channel: CHANNEL_TYPE[inbox],
    contact_inbox: { id: 900 + displayId, contact_id: 500 + displayId, inbox_id: inbox, source_id: `src-${displayId}`, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), hmac_verified: false },
    id: displayId, inbox_id: inbox, messages, labels: ['pengiriman'],
    meta: { sender: contact(displayId), assignee: who, assignee_type: who ? 'User' : null, team: null, hmac_verified: false },
    status, custom_attributes: {}, snoozed_until: null, unread_count: 0, first_reply_created_at: null, priority: null, waiting_since: 0,
    agent_last_seen_at: 0, contact_last_seen_at: 0, last_activity_at: now(), timestamp: now(), created_at: now() - 1800, updated_at: now(),
  };
}
const created = (d: number, inbox: number, who: Who = assignee(BUDI.id, BUDI.name)) => ({ ...conv(d, inbox, 'open', who), event: 'conversation_created' });
const resolved = (d: number, inbox: number, who: Who = assignee(BUDI.id, BUDI.name)) => ({
  ...conv(d, inbox, 'resolved', who), event: 'conversation_status_changed', changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }],
});
function message(d: number, inbox: number, type: 'incoming' | 'outgoing', content: string, sender: object | null, extra: Record<string, unknown> = {}, who: Who = assignee(BUDI.id, BUDI.name)) {
  return {
    account: { id: ACCOUNT, name: 'Toko Nusantara' }, additional_attributes: {}, content_attributes: {}, content_type: 'text', content,
    conversation: conv(d, inbox, 'open', who), created_at: new Date().toISOString(), id: ++messageId, inbox: { id: inbox, name: `Inbox ${inbox}` },
    message_type: type, private: false, sender, source_id: null, event: 'message_created', ...extra,
  };
}
const incoming = (d: number, inbox: number, content: string, extra: Record<string, unknown> = {}, who?: Who) => message(d, inbox, 'incoming', content, contactSender(d), extra, who);

const posts = (d: number) => cw.callsTo(`/api/v1/accounts/${ACCOUNT}/conversations/${d}/messages`).filter((c) => c.method === 'POST');
const conversation = async (d: number) => (await call(t.url, 'GET', `/api/v1/conversations/${encodeURIComponent(`chatwoot:${ACCOUNT}:${d}`)}`, ws.tokens.admin)).body;
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const responseOf = (d: number) => until(
  async () => ((await call(t.url, 'GET', `/api/v1/responses?channelId=${channel.id}`, ws.tokens.admin)).body.items as any[]).find((r) => r.conversation.id === `chatwoot:${ACCOUNT}:${d}`),
  (r) => r !== undefined, `a response in conversation ${d}`,
);
/** A conversation that reaches its survey: opened, a customer and an agent message, resolved. */
async function surveyed(d: number, inbox: number) {
  expect(await hook(created(d, inbox))).toBe(200);
  expect(await hook(incoming(d, inbox, 'Halo, pesanan saya belum sampai'))).toBe(200);
  expect(await hook(message(d, inbox, 'outgoing', 'Baik kak, kami cek dulu ya', agentSender(BUDI.id, BUDI.name, `agent@${ws.adminEmail.split('@')[1]}`)))).toBe(200);
  expect(await hook(resolved(d, inbox))).toBe(200);
  const [survey] = await cw.waitForCalls(`/conversations/${d}/messages`, 1);
  return survey!;
}

beforeAll(async () => {
  let n = 90000;
  cw = await startFakeProvider((c) => {
    const token = c.headers.api_access_token;
    if (token !== USER_TOKEN && token !== BOT_TOKEN) return { status: 401, body: { error: 'Invalid Access Token' } };
    const bot = token === BOT_TOKEN;
    const refusedForBots = { status: 401, body: { error: 'Access to this endpoint is not authorized for bots' } };
    if (c.path === '/api/v1/profile') return bot ? refusedForBots : { status: 200, body: { id: 1, name: 'nilai admin', email: 'nilai@toko.test', accounts: [{ id: ACCOUNT, name: 'Toko Nusantara', role: 'administrator' }] } };
    const m = /^\/api\/v1\/accounts\/(\d+)\/(conversations|inboxes)\/(\d+)(\/messages)?$/.exec(c.path);
    if (!m || Number(m[1]) !== ACCOUNT) return { status: 404, body: { error: 'Resource could not be found' } };
    const [, , kind, id, messages] = m;
    if (c.method === 'POST' && messages) {
      if (id === '0') return { status: 404, body: { error: 'Resource could not be found' } };
      return { status: 200, body: { id: ++n, content: c.json.content, message_type: 1, content_type: c.json.content_type ?? 'text', content_attributes: c.json.content_attributes ?? {}, created_at: now(), private: false, source_id: null, sender: bot ? { id: 2, name: 'nilai', type: 'agent_bot' } : { id: 1, name: 'nilai admin', type: 'user' } } };
    }
    if (bot) return refusedForBots;
    if (kind === 'conversations') {
      const inbox = conversationInbox.get(Number(id));
      return inbox ? { status: 200, body: { meta: { sender: contact(Number(id)), channel: CHANNEL_TYPE[inbox], hmac_verified: false }, id: Number(id), inbox_id: inbox, status: 'resolved', labels: [] } } : { status: 404, body: { error: 'Resource could not be found' } };
    }
    return CHANNEL_TYPE[Number(id)] ? { status: 200, body: { id: Number(id), name: `Inbox ${id}`, channel_type: CHANNEL_TYPE[Number(id)] } } : { status: 404, body: { error: 'Resource could not be found' } };
  });
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(async () => {
  await t.close();
  await cw.close();
});

describe('Chatwoot channel', () => {
  it('tests the connection with an endpoint both user and agent bot tokens may use, and says which it is', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'CW', type: 'chatwoot', config: { baseUrl: 'ftp://x' } });
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['config.accountId', 'config.baseUrl', 'credentials.apiToken']);
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.url, accountId: ACCOUNT }, credentials: { apiToken: BOT_TOKEN } });
    expect(r.status).toBe(201);
    channel = r.body;
    const test = async () => (await call(t.url, 'POST', `/api/v1/channels/${channel.id}/test`, ws.tokens.admin)).body;
    const webhookUrl = `${t.url}/webhooks/chatwoot/${channel.id}`;
    // An agent bot token: /api/v1/profile refuses it, posting works.
    expect(await test()).toEqual({ ok: true, detail: expect.stringMatching(new RegExp(`^Connected to Chatwoot account 7 with an agent bot token .* Webhook URL: ${webhookUrl}$`)) });
    expect(cw.callsTo('/conversations/0/messages').at(-1)!.method).toBe('POST');
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { credentials: { apiToken: USER_TOKEN } });
    expect(await test()).toEqual({ ok: true, detail: `Connected to Chatwoot account "Toko Nusantara" with a user token (nilai admin). Webhook URL: ${webhookUrl}` });
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { config: { accountId: 8 } });
    expect(await test()).toEqual({ ok: false, detail: 'The token belongs to nilai admin, who is not in Chatwoot account 8.' });
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { config: { accountId: ACCOUNT }, credentials: { apiToken: 'wrong-token-0123456789' } });
    expect(await test()).toEqual({ ok: false, detail: 'The token cannot post into Chatwoot account 7: Chatwoot refused it (HTTP 401): Invalid Access Token' });
    await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { credentials: { apiToken: USER_TOKEN } });
  });

  it('says why a webhook is refused (401), on the channel and in the answer, and never the secret', async () => {
    const before = (await t.db.selectFrom('inbound_webhooks').select('id').execute()).length;
    const payload = created(40, INBOX.web);
    const ts = String(now());
    const refused = async (headers: Record<string, string>, code: string) => {
      const r = await post(payload, headers);
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'unauthorized', details: [{ message: code }] });
      expect(JSON.stringify(r.body)).not.toContain(SECRET);
      const shown = (await call(t.url, 'GET', `/api/v1/channels/${channel.id}`, ws.tokens.admin)).body.webhook;
      expect(shown.lastError).toEqual({ code, message: r.body.error.message, at: expect.any(String) });
      return r.body.error.message as string;
    };
    // Until Chatwoot's webhook secret is set on the channel.
    expect(await refused({ 'x-chatwoot-signature': sign(JSON.stringify(payload), ts), 'x-chatwoot-timestamp': ts }, 'no_secret')).toContain('credentials.webhookSecret');
    expect((await call(t.url, 'PATCH', `/api/v1/channels/${channel.id}`, ws.tokens.admin, { credentials: { webhookSecret: SECRET } })).body.credentials).toEqual({ apiToken: '••••6789', webhookSecret: '••••6789' });
    // A Chatwoot older than 4.11.2 signs nothing.
    expect(await refused({}, 'missing_signature')).toContain('4.11.2');
    expect(await refused({ 'x-chatwoot-signature': sign(JSON.stringify(payload), ts) }, 'missing_timestamp')).toContain('X-Chatwoot-Timestamp');
    const old = String(now() - 3600);
    expect(await refused({ 'x-chatwoot-signature': sign(JSON.stringify(payload), old), 'x-chatwoot-timestamp': old }, 'stale_timestamp')).toMatch(/is 3\d{3} s away from nilai's clock/);
    expect(await refused({ 'x-chatwoot-signature': sign(JSON.stringify(payload), ts, 'another-secret'), 'x-chatwoot-timestamp': ts }, 'mismatch')).toContain('chatwoot/chatwoot#13809');
    expect((await t.db.selectFrom('inbound_webhooks').select('id').execute()).length).toBe(before);
    expect((await fetch(`${t.url}/webhooks/chatwoot/00000000-0000-4000-8000-000000000000`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await fetch(`${t.url}/webhooks/chatwoot/${channel.id}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' })).status).toBe(400);

    expect(await hook(payload)).toBe(200);
    const { webhook } = (await call(t.url, 'GET', `/api/v1/channels/${channel.id}`, ws.tokens.admin)).body;
    expect(Date.parse(webhook.lastReceivedAt)).toBeGreaterThanOrEqual(Date.parse(webhook.lastError.at));
  });

  it('credits agent messages to their sender by email, the assignee by the remembered email or the mapping', async () => {
    const survey = await surveyed(42, INBOX.web);
    // Budi's assignee entry has no email and another name than in nilai: his own message's email matches.
    expect(await conversation(42)).toMatchObject({ status: 'resolved', agentId: ws.agentId, tags: ['pengiriman'] });
    expect((await conversation(42)).messages.map((m: any) => m.sender)).toEqual(['customer', 'agent']);
    // Chatwoot echoes nilai's own message back as message_created: it is not an agent reply.
    expect(await hook(message(42, INBOX.web, 'outgoing', survey.json.content, { id: 1, name: 'nilai admin', email: 'nilai@toko.test', type: 'user' }, { id: 90001, content_type: 'input_select' }))).toBe(200);

    // Rina writes in an unassigned conversation; nilai has no user with her email or name.
    await hook(created(46, INBOX.web, null));
    await hook(incoming(46, INBOX.web, 'Mau tanya ongkir', {}, null));
    expect(await hook(message(46, INBOX.web, 'outgoing', 'Ongkirnya 10 ribu kak', agentSender(RINA.id, RINA.name, RINA.email), {}, null))).toBe(200);
    const agents = async () => (await call(t.url, 'GET', `/api/v1/channels/${channel.id}/chatwoot-agents`, ws.tokens.supervisor)).body.items;
    const listed = await until(agents, (a) => a.length === 2, 'two agents');
    expect(listed).toEqual([
      { agentId: RINA.id, name: RINA.name, email: RINA.email, lastSeenAt: expect.any(String), mappedUserId: null, user: null, match: null },
      { agentId: BUDI.id, name: BUDI.name, email: `agent@${ws.adminEmail.split('@')[1]}`, lastSeenAt: expect.any(String), mappedUserId: null, user: { id: ws.agentId, name: 'Budi Agent' }, match: 'email' },
    ]);
    expect((await until(() => conversation(46), (c) => c.messages?.length === 2, 'two messages in 46')).agentId).toBeNull();

    // The admin maps Rina's Chatwoot id; her conversation, resolved with her as assignee (no email), is hers.
    expect((await call(t.url, 'PUT', `/api/v1/channels/${channel.id}/chatwoot-agents/${RINA.id}`, ws.tokens.supervisor, { userId: ws.supervisorId })).status).toBe(403);
    expect((await call(t.url, 'PUT', `/api/v1/channels/${channel.id}/chatwoot-agents/${RINA.id}`, ws.tokens.admin, { userId: '00000000-0000-4000-8000-000000000000' })).body.error.details).toEqual([{ path: 'userId', message: 'No such user in this workspace.' }]);
    const mapped = await call(t.url, 'PUT', `/api/v1/channels/${channel.id}/chatwoot-agents/${RINA.id}`, ws.tokens.admin, { userId: ws.supervisorId });
    expect(mapped.body).toMatchObject({ agentId: RINA.id, mappedUserId: ws.supervisorId, user: { id: ws.supervisorId, name: 'Sari Supervisor' }, match: 'mapped' });
    expect(await hook(resolved(46, INBOX.web, assignee(RINA.id, RINA.name)))).toBe(200);
    await until(() => conversation(46), (c) => c.status === 'resolved', 'conversation 46 resolved');
    expect((await conversation(46)).agentId).toBe(ws.supervisorId);
  });

  it('reads a tap however the inbox relays it: widget submitted_values, Telegram callback data, WhatsApp and Facebook titles, API inbox values', async () => {
    // Website widget: the tap is message_updated of nilai's own input_select.
    const [web] = posts(42);
    expect(web!.json).toMatchObject({ message_type: 'outgoing', private: false, content_type: 'input_select' });
    expect(web!.json.content).toContain('Seberapa puas Anda dengan layanan kami hari ini?');
    expect(web!.json.content_attributes.items.map((i: any) => i.value)).toEqual(['CSAT 1', 'CSAT 2', 'CSAT 3', 'CSAT 4', 'CSAT 5']);
    expect(web!.json.content_attributes.items[0].title).toBe('😡 Sangat tidak puas');
    const own = await t.db.selectFrom('outbound_messages').select('provider_message_id').where('dedup_key', 'like', 'invitation:%').where('address', '=', '42').executeTakeFirstOrThrow();
    const tapped = { ...message(42, INBOX.web, 'outgoing', web!.json.content, { id: 1, name: 'nilai admin', email: 'nilai@toko.test', type: 'user' }), event: 'message_updated', id: Number(own.provider_message_id), content_type: 'input_select', content_attributes: { items: web!.json.content_attributes.items, submitted_values: [web!.json.content_attributes.items[3]] } };
    expect(await hook(tapped)).toBe(200);
    expect((await responseOf(42)).score).toBe(4);
    await cw.waitForCalls('/conversations/42/messages', 2);
    expect(posts(42)[1]!.json.content).toContain('Terima kasih! Apa yang bisa kami tingkatkan?');

    const [telegram, whatsapp, facebook, apiInbox] = await Promise.all([surveyed(43, INBOX.telegram), surveyed(44, INBOX.whatsapp), surveyed(45, INBOX.facebook), surveyed(53, INBOX.api)]);
    // Telegram inbox: the keyboard's callback data (the item value) arrives as the customer's message.
    expect(telegram.json.content_type).toBe('input_select');
    expect(await hook(incoming(43, INBOX.telegram, 'CSAT 5', { source_id: '4382bfdwdsb323b2d9' }))).toBe(200);
    // WhatsApp inbox: a list whose rows fit Meta's limits; the reply is the row's title.
    expect(whatsapp.json.content_type).toBe('input_select');
    for (const item of whatsapp.json.content_attributes.items) expect([...item.title].length).toBeLessThanOrEqual(24);
    expect([...whatsapp.json.content].length).toBeLessThanOrEqual(1024);
    expect(await hook(incoming(44, INBOX.whatsapp, '🙂 Puas', { source_id: 'wamid.HBgNNjI4MTIwMDA0NBUCABIYFjNFQjA=', content_attributes: { in_reply_to_external_id: null } }))).toBe(200);
    // Facebook inbox: quick replies whose payload and text are the title.
    for (const item of facebook.json.content_attributes.items) expect([...item.title].length).toBeLessThanOrEqual(20);
    expect(await hook(incoming(45, INBOX.facebook, '😡 Sangat tidak puas', { source_id: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P' }))).toBe(200);
    // API inbox: its own client shows the items and sends back the chosen value.
    expect(apiInbox.json.content_attributes.items[1]).toEqual({ title: '😕 Tidak puas', value: 'CSAT 2' });
    expect(await hook(incoming(53, INBOX.api, 'CSAT 2'))).toBe(200);
    expect((await Promise.all([responseOf(43), responseOf(44), responseOf(45), responseOf(53)])).map((r) => r.score)).toEqual([5, 4, 1, 2]);
    // A tap on a button of a question already answered is not read against the next one.
    expect(await hook(incoming(43, INBOX.telegram, 'CSAT 1'))).toBe(200);
    await until(async () => (await t.db.selectFrom('inbound_webhooks').select('id').where('processed_at', 'is', null).execute()).length, (n) => n === 0, 'webhooks processed');
    expect((await responseOf(43))).toMatchObject({ score: 5, followUpText: null });
  });

  it('sends an email inbox plain text, and reads the typed reply', async () => {
    const email = await surveyed(47, INBOX.email);
    expect(email.json.content_type).toBeUndefined();
    expect(email.json.content).toContain('1. 😡 Sangat tidak puas');
    expect(email.json.content).toContain('Balas dengan angka 1–5.');
    expect(await hook(incoming(47, INBOX.email, 'Sangat puas', { content_type: 'incoming_email', content_attributes: { email: { subject: 'Re: Percakapan #47', from: ['dewi47@pelanggan.test'] } } }))).toBe(200);
    expect((await responseOf(47)).score).toBe(5);
  });

  it('moves a WhatsApp-inbox invitation to delivered on Chatwoot\'s receipt, and to failed on its external_error', async () => {
    const invitation = async (d: number) => (await conversation(d)).invitations[0];
    expect((await invitation(44)).status).not.toBe('failed');
    const [survey, survey49] = await Promise.all([surveyed(48, INBOX.whatsapp), surveyed(49, INBOX.whatsapp)]);
    const sent = await until(() => invitation(48), (i) => i?.status === 'sent', 'invitation 48 sent');
    expect(sent.deliveredAt).toBeNull();
    const id = Number((await t.db.selectFrom('outbound_messages').select('provider_message_id').where('invitation_id', '=', sent.id).executeTakeFirstOrThrow()).provider_message_id);
    // Message#push_event_data of the survey as the conversation's last message, with Meta's receipt applied.
    const last = { id, content: survey.json.content, account_id: ACCOUNT, inbox_id: INBOX.whatsapp, conversation_id: 48, message_type: 1, created_at: now(), private: false, status: 'delivered', source_id: 'wamid.survey48', content_type: 'input_select', content_attributes: survey.json.content_attributes, sender_type: 'User', sender_id: 1 };
    const updated = (extra: Record<string, unknown>, lastMessage: object) => ({
      ...message(48, INBOX.whatsapp, 'outgoing', survey.json.content, { id: 1, name: 'nilai admin', email: 'nilai@toko.test', type: 'user' }), event: 'message_updated', id, content_type: 'input_select', source_id: 'wamid.survey48',
      conversation: conv(48, INBOX.whatsapp, 'resolved', assignee(BUDI.id, BUDI.name), [lastMessage]), ...extra,
    });
    expect(await hook(updated({ content_attributes: survey.json.content_attributes }, last))).toBe(200);
    expect((await until(() => invitation(48), (i) => i.status === 'delivered', 'invitation 48 delivered')).deliveredAt).not.toBeNull();

    const inv49 = await until(() => invitation(49), (i) => i?.status === 'sent', 'invitation 49 sent');
    const id49 = Number((await t.db.selectFrom('outbound_messages').select('provider_message_id').where('invitation_id', '=', inv49.id).executeTakeFirstOrThrow()).provider_message_id);
    const failed = {
      ...message(49, INBOX.whatsapp, 'outgoing', survey49.json.content, { id: 1, name: 'nilai admin', email: 'nilai@toko.test', type: 'user' }), event: 'message_updated', id: id49, content_type: 'input_select',
      content_attributes: { ...survey49.json.content_attributes, external_error: '131026: Message undeliverable' },
    };
    expect(await hook(failed)).toBe(200);
    expect(await until(() => invitation(49), (i) => i.status === 'failed', 'invitation 49 failed')).toMatchObject({ reason: 'chatwoot could not deliver the survey: 131026: Message undeliverable' });
  });

  it('sends NPS 0–10 to a WhatsApp inbox as text and a link (Meta refuses 11 rows), as a keyboard to Telegram', async () => {
    await changeSettings(t.url, ws.tokens.admin, (s) => {
      s.csat.enabled = false;
      s.nps.enabled = true;
    });
    const [whatsapp, telegram] = await Promise.all([surveyed(50, INBOX.whatsapp), surveyed(51, INBOX.telegram)]);
    expect(whatsapp.json.content_type).toBeUndefined();
    expect(whatsapp.json.content).toContain('Balas dengan angka 0–10.');
    expect(whatsapp.json.content).toMatch(/Atau isi di sini: http:\/\/127\.0\.0\.1:\d+\/s\//);
    expect(await hook(incoming(50, INBOX.whatsapp, '9'))).toBe(200);
    expect((await responseOf(50))).toMatchObject({ surveyType: 'nps', score: 9 });

    expect(telegram.json.content_attributes.items.map((i: any) => i.value)).toEqual(Array.from({ length: 11 }, (_, i) => `NPS ${i}`));

    // No webhook told nilai this conversation's inbox (say, sent before nilai was connected): it asks Chatwoot.
    conversationInbox.set(52, INBOX.whatsapp);
    await hook(created(52, INBOX.whatsapp));
    await hook(incoming(52, INBOX.whatsapp, 'Halo'));
    await hook(message(52, INBOX.whatsapp, 'outgoing', 'Halo kak', agentSender(BUDI.id, BUDI.name, `agent@${ws.adminEmail.split('@')[1]}`)));
    await until(async () => (await t.db.selectFrom('inbound_webhooks').select('id').where('processed_at', 'is', null).execute()).length, (n) => n === 0, 'webhooks processed');
    await t.db.deleteFrom('channel_cache').execute();
    expect(await hook({ ...resolved(52, INBOX.whatsapp), inbox_id: undefined, channel: undefined })).toBe(200);
    const [looked] = await cw.waitForCalls('/conversations/52/messages', 1);
    expect(cw.callsTo(`/api/v1/accounts/${ACCOUNT}/conversations/52`).filter((c) => c.method === 'GET')).toHaveLength(1);
    expect(looked!.json.content_type).toBeUndefined();
  });
});

describe('chatwoot contact attributes', () => {
  it('takes the contact\'s custom_attributes that fit a nilai contact field and drops the rest', async () => {
    expect((await call(t.url, 'POST', '/api/v1/contact-fields', ws.tokens.admin, { key: 'tier', type: 'choice', label: { en: 'Tier' }, options: [{ value: 'gold', label: { en: 'Gold' } }] })).status).toBe(201);
    expect((await call(t.url, 'POST', '/api/v1/contact-fields', ws.tokens.admin, { key: 'orders', type: 'number', label: { en: 'Orders' } })).status).toBe(201);
    // Contact#push_event_data's custom_attributes (app/models/contact.rb): the account's attributes by key.
    const payload = created(77, INBOX.web);
    payload.meta.sender = { ...payload.meta.sender, custom_attributes: { tier: 'gold', orders: 'lots', vip_since: '2024-05-01', newsletter: true } } as never;
    expect(await hook(payload)).toBe(200);
    const c = await until(() => conversation(77), (x) => x.contact?.attributes?.tier !== undefined, 'conversation 77 with attributes');
    expect(c.contact.attributes).toEqual({ tier: 'gold' });
  });
});

describe('chatwoot request label after the resolve (issue 15)', () => {
  it('sends the survey when the request label is added to a resolved conversation, once, and not for other label changes', async () => {
    await changeSettings(t.url, ws.tokens.admin, (s) => { s.sending.method = 'manual'; });
    const BUDI_EMAIL = `agent@${ws.adminEmail.split('@')[1]}`;
    // conversation_updated: Conversation#webhook_data merged with `changed_attributes` as
    // BaseListener#extract_changed_attributes maps previous_changes ([{ label_list: { previous_value,
    // current_value } }]); Chatwoot sends it when a key of Conversation#list_of_keys changed, label_list
    // among them (app/models/conversation.rb, app/listeners/webhook_listener.rb).
    const labelled = (d: number, before: string[], after: string[]) => ({
      ...conv(d, INBOX.web, 'resolved', assignee(BUDI.id, BUDI.name)), labels: after, event: 'conversation_updated',
      changed_attributes: [{ label_list: { previous_value: before, current_value: after } }],
    });
    const processed = () => until(async () => (await t.db.selectFrom('inbound_webhooks').select('id').where('processed_at', 'is', null).execute()).length, (n) => n === 0, 'webhooks processed');
    expect(await hook(created(60, INBOX.web))).toBe(200);
    expect(await hook(incoming(60, INBOX.web, 'Halo, paket saya rusak'))).toBe(200);
    expect(await hook(message(60, INBOX.web, 'outgoing', 'Maaf kak, kami ganti ya', agentSender(BUDI.id, BUDI.name, BUDI_EMAIL)))).toBe(200);
    expect(await hook(resolved(60, INBOX.web))).toBe(200);
    await processed();
    const skips = async () => (await t.db.selectFrom('survey_skips as s').innerJoin('conversations as c', 'c.id', 's.conversation_id').select('s.reason').where('c.external_id', '=', `chatwoot:${ACCOUNT}:60`).execute()).map((x) => x.reason);
    expect(await skips()).toEqual(['manual_not_requested']);
    expect(posts(60)).toHaveLength(0);

    // Another label (not the request label) changes nothing; then the agent adds "send-survey".
    expect(await hook(labelled(60, ['pengiriman'], ['pengiriman', 'rusak']))).toBe(200);
    await processed();
    expect(posts(60)).toHaveLength(0);
    expect(await hook(labelled(60, ['pengiriman', 'rusak'], ['pengiriman', 'rusak', 'send-survey']))).toBe(200);
    const [survey] = await cw.waitForCalls('/conversations/60/messages', 1);
    expect(survey!.json.content_type).toBe('input_select');
    // The label removed and added again, or the same webhook repeated: still one survey.
    expect(await hook(labelled(60, ['pengiriman', 'rusak', 'send-survey'], ['pengiriman']))).toBe(200);
    expect(await hook(labelled(60, ['pengiriman'], ['pengiriman', 'send-survey']))).toBe(200);
    await processed();
    const c = await conversation(60);
    expect(c.tags).toEqual(['pengiriman', 'send-survey']);
    expect((await t.db.selectFrom('invitations as i').innerJoin('conversations as c', 'c.id', 'i.conversation_id').select('i.id').where('c.external_id', '=', `chatwoot:${ACCOUNT}:60`).execute())).toHaveLength(1);
    expect(await skips()).toEqual(['manual_not_requested']);

    // Eligibility still holds: a contact who opted out gets nothing when the label comes later.
    expect(await hook(created(61, INBOX.web))).toBe(200);
    expect(await hook(incoming(61, INBOX.web, 'Halo'))).toBe(200);
    expect(await hook(message(61, INBOX.web, 'outgoing', 'Baik kak', agentSender(BUDI.id, BUDI.name, BUDI_EMAIL)))).toBe(200);
    expect(await hook(resolved(61, INBOX.web))).toBe(200);
    await processed();
    await t.db.updateTable('contacts').set({ opted_out_at: new Date() }).where('external_id', '=', 'chatwoot:561').execute();
    expect(await hook(labelled(61, ['pengiriman'], ['pengiriman', 'send-survey']))).toBe(200);
    await processed();
    expect(posts(61)).toHaveLength(0);
    await until(skips61, (r) => r.includes('opted_out'), 'the opted-out skip');
    await changeSettings(t.url, ws.tokens.admin, (s) => { s.sending.method = 'automatic'; });
  });
});
const skips61 = async () => (await t.db.selectFrom('survey_skips as s').innerJoin('conversations as c', 'c.id', 's.conversation_id').select('s.reason').where('c.external_id', '=', `chatwoot:${ACCOUNT}:61`).execute()).map((x) => x.reason);

describe('chatwoot agent availability from webhooks', () => {
  it('takes the assignee\'s availability_status a conversation webhook carries, unless the agents list was read later', async () => {
    // meta.assignee is User#push_event_data, which carries availability_status (app/models/user.rb);
    // Chatwoot has no presence webhook (Webhook::ALLOWED_WEBHOOK_EVENTS, app/models/webhook.rb).
    const availability = async () => (await t.db.selectFrom('chatwoot_agents').select('availability').where('channel_id', '=', channel.id).where('agent_id', '=', BUDI.id).executeTakeFirstOrThrow()).availability;
    expect(await hook(created(70, INBOX.web, { ...assignee(BUDI.id, BUDI.name), availability_status: 'busy' }))).toBe(200);
    await until(availability, (a) => a === 'busy', 'busy from the webhook');
    expect(await hook(incoming(70, INBOX.web, 'Halo', {}, { ...assignee(BUDI.id, BUDI.name), availability_status: 'online' }))).toBe(200);
    await until(availability, (a) => a === 'online', 'online from the message webhook');
    // A reading of the agents list after the webhook arrived wins over it.
    await t.db.updateTable('chatwoot_agents').set({ availability: 'offline', availability_at: new Date(Date.now() + 60_000) }).where('channel_id', '=', channel.id).execute();
    expect(await hook(incoming(70, INBOX.web, 'Halo lagi', {}, { ...assignee(BUDI.id, BUDI.name), availability_status: 'online' }))).toBe(200);
    await until(async () => (await t.db.selectFrom('inbound_webhooks').select('id').where('processed_at', 'is', null).execute()).length, (n) => n === 0, 'webhooks processed');
    expect(await availability()).toBe('offline');
  });
});

describe('divisions mapped to Chatwoot inboxes', () => {
  it('puts a conversation from a mapped inbox in its division, and gives each inbox to one division', async () => {
    const a = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Telegram desk', agentIds: [], channelIds: [] })).body.id;
    const b = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'WhatsApp desk', agentIds: [], channelIds: [] })).body.id;
    const current = (await call(t.url, 'GET', '/api/v1/automation/allocation', ws.tokens.admin)).body.divisions as any[];
    const row = (id: string, ids?: number[]) => { const { divisionName: _n, chatwootInboxIds: _i, ...d } = current.find((x) => x.divisionId === id); return ids ? { ...d, chatwootInboxIds: ids } : d; };
    const clash = await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [row(a, [INBOX.telegram]), row(b, [INBOX.whatsapp, INBOX.telegram])] });
    expect(clash.status).toBe(422);
    expect(clash.body.error.details).toEqual([{ path: 'divisions.1.chatwootInboxIds', message: `Chatwoot inbox ${INBOX.telegram} belongs to the division Telegram desk already.` }]);
    expect((await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [row(a, [INBOX.telegram]), row(b, [INBOX.whatsapp])] })).status).toBe(200);
    // A save without the field keeps the mapping; another division cannot take a saved inbox.
    const kept = await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [row(a)] });
    expect(kept.body.divisions.find((x: any) => x.divisionId === a).chatwootInboxIds).toEqual([INBOX.telegram]);
    expect((await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [row(b, [INBOX.telegram])] })).status).toBe(422);

    // inbox_id of Conversations::EventDataPresenter#push_data names the inbox.
    expect(await hook(created(80, INBOX.telegram))).toBe(200);
    expect(await hook(created(81, INBOX.whatsapp))).toBe(200);
    expect(await hook(created(82, INBOX.web))).toBe(200);
    expect((await until(() => conversation(80), (x) => x.divisionId !== undefined, 'conversation 80')).divisionId).toBe(a);
    expect((await until(() => conversation(81), (x) => x.divisionId !== undefined, 'conversation 81')).divisionId).toBe(b);
    expect((await until(() => conversation(82), (x) => x.id !== undefined, 'conversation 82')).divisionId).toBeNull();
  });
});
