/**
 * Inbox automation end to end: the auto responder and auto resolve acting through a fake Chatwoot API and
 * through a receiver of `action.requested` webhooks (events-API inboxes).
 *
 * Fixture sources (chatwoot/chatwoot):
 * - requests: swagger/paths/application/conversation/messages/create.yml ({content, message_type,
 *   private}), toggle_status.yml ({status: "resolved"}, answered {meta, payload: {success, current_status,
 *   conversation_id}}), assignments.yml;
 * - the created message as the API answers it and as the message_created webhook echoes it:
 *   Message#webhook_data (app/models/message.rb), the sender being the token's user (User#webhook_data);
 * - conversation payloads: Conversations::EventDataPresenter#push_data with `event` (webhook_listener.rb).
 */
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';
import { enqueueInboxAction } from '../../src/services/inbox-actions.js';

let t: TestApp;
let ws: Seeded;
let cw: FakeProvider;
let hooks: Receiver;
let chatwoot: any;
let web: any;
let endpoint: any;
const SECRET = 'cw-webhook-secret-0123456789';
const TOKEN = 'cw-user-token-abcdef0123456789';
const ACCOUNT = 7;
let seq = 7000;
let messageIds = 80000;

const now = () => Math.floor(Date.now() / 1000);
const contact = (n: number) => ({ additional_attributes: {}, custom_attributes: {}, email: `dewi${n}@pelanggan.test`, id: 500 + n, identifier: null, name: `Dewi ${n}`, phone_number: `+62812000${n}`, thumbnail: '', type: 'contact' });
function conv(d: number, status = 'open') {
  return {
    additional_attributes: {}, can_reply: true, channel: 'Channel::WebWidget', id: d, inbox_id: 1, messages: [], labels: [],
    meta: { sender: contact(d), assignee: null, assignee_type: null, team: null, hmac_verified: false },
    status, custom_attributes: {}, snoozed_until: null, unread_count: 0, first_reply_created_at: null, priority: null, waiting_since: 0,
    agent_last_seen_at: 0, contact_last_seen_at: 0, last_activity_at: now(), timestamp: now(), created_at: now() - 1800, updated_at: now(),
  };
}
function message(d: number, type: 'incoming' | 'outgoing', content: string, sender: object, at = new Date(), id = ++messageIds) {
  return {
    account: { id: ACCOUNT, name: 'Toko Nusantara' }, additional_attributes: {}, content_attributes: {}, content_type: 'text', content,
    conversation: conv(d), created_at: at.toISOString(), id, inbox: { id: 1, name: 'Website' }, message_type: type, private: false, sender, source_id: null, event: 'message_created',
  };
}
const customer = (d: number, text: string, at?: Date) => message(d, 'incoming', text, { id: 500 + d, name: `Dewi ${d}`, avatar: '', type: 'contact' }, at);
const agentSays = (d: number, text: string, at?: Date) => message(d, 'outgoing', text, { id: 3, name: 'Budi Santoso', email: `agent@${ws.adminEmail.split('@')[1]}`, type: 'user' }, at);
async function hook(payload: object) {
  const raw = JSON.stringify(payload);
  const ts = String(now());
  const res = await fetch(`${t.url}/webhooks/chatwoot/${chatwoot.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-chatwoot-signature': `sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}`, 'x-chatwoot-timestamp': ts, 'x-chatwoot-delivery': `d-${++seq}` },
    body: raw,
  });
  expect(res.status).toBe(200);
}
const conversation = async (id: string) => (await call(t.url, 'GET', `/api/v1/conversations/${encodeURIComponent(id)}`, ws.tokens.admin)).body;
const cwId = (d: number) => `chatwoot:${ACCOUNT}:${d}`;
const postsTo = (d: number, path: string) => cw.callsTo(`/api/v1/accounts/${ACCOUNT}/conversations/${d}/${path}`).filter((c) => c.method === 'POST');

const RESPONDER = {
  enabled: true, periodMinutes: 600,
  insideHours: { id: 'Halo {{name}}, agen kami membalas dalam {{firstResponse}}.', en: 'Hi {{name}}, an agent replies within {{firstResponse}}.' },
  outsideHours: { id: 'Halo {{name}}, kami buka lagi {{nextOpening}}.', en: 'Hi {{name}}, we open again {{nextOpening}}.' },
  divisions: [],
};

beforeAll(async () => {
  cw = await startFakeProvider((c) => {
    if (c.headers.api_access_token !== TOKEN) return { status: 401, body: { error: 'Invalid Access Token' } };
    const m = /^\/api\/v1\/accounts\/7\/conversations\/(\d+)\/(messages|toggle_status|assignments)$/.exec(c.path);
    if (!m || c.method !== 'POST') return { status: 404, body: { error: 'Resource could not be found' } };
    if (m[2] === 'messages') return { status: 200, body: { id: ++messageIds, content: c.json.content, message_type: 1, content_type: 'text', content_attributes: {}, created_at: now(), private: false, source_id: null, sender: { id: 1, name: 'nilai admin', type: 'user' } } };
    if (m[2] === 'toggle_status') return { status: 200, body: { meta: {}, payload: { success: true, current_status: c.json.status, conversation_id: Number(m[1]) } } };
    return { status: 200, body: { id: c.json.assignee_id, name: 'Budi Santoso', type: 'user' } };
  });
  hooks = await startReceiver();
  t = await startApp();
  ws = await seedWorkspace(t.db);
  chatwoot = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.url, accountId: ACCOUNT }, credentials: { apiToken: TOKEN, webhookSecret: SECRET } })).body;
  web = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: hooks.url } })).body;
  endpoint = (await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: hooks.url, events: ['action.requested'] })).body;
});
afterAll(async () => {
  await t.close();
  await cw.close();
  await hooks.close();
});

describe('inbox automation settings', () => {
  it('answers the defaults until saved, refuses unknown divisions by path, and only admins save', async () => {
    const got = await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.agent);
    expect(got.body).toMatchObject({ settings: { enabled: false, periodMinutes: 1440, divisions: [] }, updatedAt: null });
    expect((await call(t.url, 'PUT', '/api/v1/automation/auto-responder', ws.tokens.supervisor, RESPONDER)).status).toBe(403);
    const bad = await call(t.url, 'PUT', '/api/v1/automation/auto-responder', ws.tokens.admin, { ...RESPONDER, divisions: [{ divisionId: '00000000-0000-4000-8000-000000000000', enabled: false }] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ path: 'divisions.0.divisionId', message: 'No such division in this workspace.' }]);
    expect((await call(t.url, 'PUT', '/api/v1/automation/auto-resolve', ws.tokens.admin, { enabled: true, afterMinutes: 0, clock: 'wall', closingMessage: null, survey: false })).status).toBe(422);
    const saved = await call(t.url, 'PUT', '/api/v1/automation/auto-responder', ws.tokens.admin, RESPONDER);
    expect(saved.status).toBe(200);
    expect((await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.admin)).body).toEqual({ settings: RESPONDER, updatedAt: saved.body.updatedAt });
  });
});

describe('auto responder', () => {
  it('replies once in Chatwoot; the echo is a bot message, never the first response; a temporary failure is retried', async () => {
    cw.script('/conversations/1/messages', { status: 503, body: { error: 'maintenance' } });
    await hook({ ...conv(1), event: 'conversation_created' });
    await hook(customer(1, 'Halo, pesanan saya belum sampai'));
    const [failed, sent] = await cw.waitForCalls('/conversations/1/messages', 2);
    expect(failed!.json).toEqual(sent!.json);
    // The survey settings' default language (id); no SLA policy: "secepatnya".
    expect(sent!.json).toEqual({ content: 'Halo Dewi 1, agen kami membalas dalam secepatnya.', message_type: 'outgoing', private: false });
    const action = await eventually(async () => (await conversation(cwId(1))).actions.find((a: any) => a.status === 'done'));
    expect(action).toMatchObject({ kind: 'message', source: 'auto_responder', attempts: 2, error: null, payload: { text: sent!.json.content }, reason: expect.stringContaining('inside office hours') });
    // Chatwoot echoes nilai's message as an outgoing message of the token's user.
    const posted = (await t.db.selectFrom('inbox_actions').select('provider_message_id').executeTakeFirstOrThrow()).provider_message_id!;
    await hook(message(1, 'outgoing', sent!.json.content, { id: 1, name: 'nilai admin', email: 'nilai@toko.test', type: 'user' }, new Date(), Number(posted)));
    await hook(customer(1, 'Halo? masih ada orang?'));
    const agentAt = new Date(Date.now() + 1000);
    await hook(agentSays(1, 'Baik kak, kami cek dulu ya', agentAt));
    // The page reads the messages and the folded timings in two statements: wait for both.
    const c = await eventually(async () => { const v = await conversation(cwId(1)); return v.messages.length >= 3 && v.firstAgentResponseAt && v; });
    expect(c.messages.map((m: any) => m.sender)).toEqual(['customer', 'customer', 'agent']);
    expect(c.firstAgentResponseAt).toBe(agentAt.toISOString());
    // Once per period: the second customer message got no second reply.
    expect(postsTo(1, 'messages')).toHaveLength(2);
    expect(c.actions).toHaveLength(1);
  });

  it('asks an events-API inbox by a signed action.requested webhook; never an opted-out contact, never after an agent answered', async () => {
    const e = eventsFor({ conversationId: 'ev-1', channelId: web.id, contactId: 'cust-1', locale: 'en' });
    hooks.respondWith.push(503); // a temporary failure: retried with the same webhook-id
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer])).status).toBe(200);
    const [first, got] = await hooks.waitFor(2);
    expect(() => new Webhook(endpoint.secret).verify(got!.body, got!.headers as Record<string, string>)).not.toThrow();
    expect(got!.headers['webhook-id']).toMatch(/^act_/);
    expect(first!.headers['webhook-id']).toBe(got!.headers['webhook-id']);
    expect(await eventually(async () => (await conversation('ev-1')).actions.find((a: any) => a.status === 'done'))).toMatchObject({ attempts: 2, error: null });
    expect(got!.json).toMatchObject({ type: 'action.requested', data: { kind: 'message', source: 'auto_responder', payload: { text: 'Hi Customer cust-1, an agent replies within as soon as we can.' }, conversation: { id: 'ev-1', channelId: web.id } } });
    // Opted out: no reply.
    const o = eventsFor({ conversationId: 'ev-2', channelId: web.id, contactId: 'cust-2' });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [o.opened]);
    expect((await call(t.url, 'POST', '/api/v1/contacts/cust-2/opt-out', ws.tokens.supervisor)).status).toBe(200);
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [o.customer]);
    // An agent already answered: no reply.
    const a = eventsFor({ conversationId: 'ev-3', channelId: web.id, contactId: 'cust-3' });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [a.opened, a.agent]);
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [{ ...a.customer, id: 'late-customer', occurredAt: a.at(5) }]);
    expect((await conversation('ev-2')).actions).toEqual([]);
    expect((await conversation('ev-3')).actions).toEqual([]);
  });
});

describe('auto resolve', () => {
  it('resolves an idle Chatwoot conversation after its closing message; the resolve is marked auto and gets no survey', async () => {
    await call(t.url, 'PUT', '/api/v1/automation/auto-responder', ws.tokens.admin, { ...RESPONDER, enabled: false });
    const put = await call(t.url, 'PUT', '/api/v1/automation/auto-resolve', ws.tokens.admin, {
      enabled: true, afterMinutes: 5, clock: 'wall', survey: false,
      closingMessage: { id: 'Kami tutup ya, {{name}}.', en: 'Closing this, {{name}}.' },
    });
    expect(put.status).toBe(200);
    const ago = (min: number) => new Date(Date.now() - min * 60_000);
    // A customer waiting for an answer is never closed on.
    await hook({ ...conv(3), event: 'conversation_created' });
    await hook(customer(3, 'Halo?', ago(30)));
    await hook({ ...conv(2), event: 'conversation_created' });
    await hook(customer(2, 'Pesanan saya belum sampai', ago(20)));
    await hook(agentSays(2, 'Sudah kami kirim ulang ya kak', ago(15)));
    const [resolve] = await cw.waitForCalls('/conversations/2/toggle_status', 1);
    expect(resolve!.json).toEqual({ status: 'resolved' });
    const closing = postsTo(2, 'messages');
    expect(closing.map((c) => c.json.content)).toEqual(['Kami tutup ya, Dewi 2.']);
    expect(cw.calls.indexOf(closing[0]!)).toBeLessThan(cw.calls.indexOf(resolve!));
    const action = await eventually(async () => (await conversation(cwId(2))).actions.find((x: any) => x.kind === 'resolve' && x.status === 'done'));
    expect(action).toMatchObject({ source: 'auto_resolve', reason: expect.stringContaining('5 minutes') });
    // Chatwoot reports the resolve back.
    await hook({ ...conv(2, 'resolved'), event: 'conversation_status_changed', changed_attributes: [{ status: { previous_value: 'open', current_value: 'resolved' } }] });
    const c = await eventually(async () => { const v = await conversation(cwId(2)); return v.status === 'resolved' && v; });
    expect(c).toMatchObject({ autoResolved: true, invitations: [], skips: [{ trigger: 'resolve', reason: 'suppressed_by_inbox' }] });
    expect(cw.callsTo('/conversations/3/toggle_status')).toEqual([]);
    // The responses filter by who resolved (no survey was sent here, so none either way).
    expect((await call(t.url, 'GET', '/api/v1/responses?resolvedBy=auto', ws.tokens.admin)).body.items).toEqual([]);
    expect((await call(t.url, 'GET', '/api/v1/responses?resolvedBy=bot', ws.tokens.admin)).status).toBe(422);
  });
});

describe('inbox actions', () => {
  it('assigns a Chatwoot conversation to a team and an agent (two requests: Chatwoot ignores team_id beside assignee_id)', async () => {
    const c = await t.db.selectFrom('conversations').select('id').where('external_id', '=', cwId(1)).executeTakeFirstOrThrow();
    await t.db.transaction().execute((trx) => enqueueInboxAction(trx, t.app.jobs, {
      workspaceId: ws.workspaceId, conversationId: c.id, kind: 'assign', payload: { chatwootAgentId: 3, chatwootTeamId: 2 }, source: 'test', reason: 'A test assignment.',
    }));
    const calls = await cw.waitForCalls('/conversations/1/assignments', 2);
    expect(calls.map((x) => x.json)).toEqual([{ team_id: 2 }, { assignee_id: 3 }]);
    expect(await eventually(async () => (await conversation(cwId(1))).actions.find((a: any) => a.kind === 'assign' && a.status === 'done'))).toMatchObject({ source: 'test', reason: 'A test assignment.' });
  });
});
