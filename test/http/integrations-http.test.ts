/**
 * Integrations, HTTP request kind: an admin writes method, URL, headers and body (LiquidJS) with secrets;
 * an answer is delivered to a receiver on 127.0.0.1 after it is recorded, retried after a 503, final after
 * a 400, replayable; the log masks secrets and Authorization; template errors are 422s naming the field;
 * the test button sends the last answer; a delivery is committed with the answer while no worker runs.
 * The receiver speaks plain HTTP (test/helpers/receiver.ts): the CRM side is whatever the admin targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let inbox: Receiver;
let crm: Receiver;
let integration: any;
let channelId: string;
const TOKEN = 'crm-token-0123456789abcdef';
const API_KEY = 'api-key-9876543210fedcba';

const BODY = `{"properties": {"email": {{ contact.email | json }}, "csat": {{ response.score }}, "comment": {{ response.comment | json }},
 "agent": {{ agent.name | json }}, "channel": {{ channel.name | json }}, "tags": {{ response.tags | join: "," | json }}, "link": {{ conversation.link | json }},
 "event": {{ event | json }}, "answered": {{ response.answered_at | json }}, "key": "{{ secrets.apiKey }}"}}`;

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  inbox = await startReceiver();
  crm = await startReceiver();
  channelId = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: inbox.url } })).body.id;
});
afterAll(async () => {
  await t?.close();
  await inbox.close();
  await crm.close();
});

const log = async () => (await call(t.url, 'GET', `/api/v1/integrations/${integration.id}/deliveries`, ws.tokens.admin)).body.items as any[];

/** A resolved conversation's survey link (the web channel's callback carries it). */
async function surveyLink(conversationId: string): Promise<string> {
  const e = eventsFor({ conversationId, channelId, contactId: `cust-${conversationId}`, locale: 'en', agentId: ws.agentId, tags: ['vip', 'billing'] });
  const before = inbox.received.length;
  expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
  const all = await inbox.waitFor(before + 1);
  return all[before]!.json.data.url as string;
}

describe('HTTP request integration', () => {
  it('refuses templates that do not parse, naming the field, and non-admins', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, {
      kind: 'http', name: 'CRM', events: ['response.created'],
      config: { method: 'POST', url: 'ftp://crm.example', headers: { 'X-Token': '{{ secrets.token ' }, body: '{% if %}' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['config.url', 'config.headers.X-Token', 'config.body']);
    const include = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, { kind: 'http', name: 'CRM', events: ['alert'], config: { url: crm.url, body: '{% include "/etc/passwd" %}' } });
    expect(include.body.error.details).toEqual([{ path: 'config.body', message: expect.stringContaining('include') }]);
    // A method that is no method's name is refused, not read as POST.
    for (const method of [12345, null, true, [], {}, 'BREW']) {
      const r = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, { kind: 'http', name: 'CRM', events: ['alert'], config: { method, url: crm.url } });
      expect({ method, status: r.status, paths: r.body.error?.details.map((d: any) => d.path) }).toEqual({ method, status: 422, paths: ['config.method'] });
    }
    const asSupervisor = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.supervisor, { kind: 'http', name: 'CRM', events: ['alert'], config: { url: crm.url } });
    expect(asSupervisor.status).toBe(403);
  });

  it('delivers an answer after it is recorded, retrying a 503, with secrets masked in the log', async () => {
    const r = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, {
      kind: 'http', name: 'HubSpot', events: ['response.created', 'response.follow_up'],
      config: { method: 'POST', url: `${crm.url}?kind={{ response.type }}`, headers: { Authorization: 'Bearer {{ secrets.token }}', 'X-Score': '{{ response.score }}' }, body: BODY },
      secrets: { token: TOKEN, apiKey: API_KEY },
    });
    expect(r.status).toBe(201);
    integration = r.body;
    expect(integration.secrets).toEqual({ token: '••••cdef', apiKey: '••••dcba' });
    expect(JSON.stringify((await call(t.url, 'GET', '/api/v1/integrations', ws.tokens.supervisor)).body)).not.toContain(TOKEN);

    const link = await surveyLink('crm-1');
    crm.respondWith.push(503);
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '2' }), redirect: 'manual' })).status).toBe(303);
    const [first, second] = await crm.waitFor(2);
    expect(second!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(second!.headers['x-score']).toBe('2');
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.json).toEqual({
      properties: {
        email: null, csat: 2, comment: null, agent: 'Budi Agent', channel: 'Web', tags: 'vip,billing', link: `${t.url}/conversations/crm-1`,
        event: 'response.created', answered: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/), key: API_KEY,
      },
    });
    const [d] = await eventually(async () => ((await log()).every((x) => x.status === 'delivered') ? log() : null));
    expect(d).toMatchObject({ event: 'response.created', status: 'delivered', attempts: 2, replayOf: null, response: { status: 200, body: 'ok' } });
    expect(d.request.url).toBe(`${crm.url}?kind=csat`);
    expect(d.request.headers).toEqual({ Authorization: '[redacted]', 'X-Score': '2', 'Content-Type': 'application/json' });
    const text = JSON.stringify(await log());
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(API_KEY);
    expect(JSON.parse(d.request.body).properties.key).toBe('[redacted]');
    crm.received.length = 0;

    // The follow-up is refused with a 400: final at once, its answer in the log.
    crm.respondWith.push(400);
    await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'follow_up:csat', text: 'Too slow' }), redirect: 'manual' });
    const failed = await eventually(async () => (await log()).find((x) => x.event === 'response.follow_up' && x.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 1, error: 'HTTP 400: nope', response: { status: 400, body: 'nope' } });
    expect(JSON.parse(failed.request.body).properties.comment).toBe('Too slow');
    expect(crm.received).toHaveLength(1);

    // Replay: a new delivery of the same event, delivered this time.
    const replay = await call(t.url, 'POST', `/api/v1/integrations/${integration.id}/deliveries/${failed.id}/replay`, ws.tokens.admin);
    expect(replay.status).toBe(201);
    const again = await eventually(async () => (await log()).find((x) => x.id === replay.body.id && x.status === 'delivered'));
    expect(again).toMatchObject({ event: 'response.follow_up', replayOf: failed.id, attempts: 1 });
    expect(crm.received[1]!.json.properties.comment).toBe('Too slow');
    expect((await call(t.url, 'POST', `/api/v1/integrations/${integration.id}/deliveries/${integration.id}/replay`, ws.tokens.admin)).status).toBe(404);
    crm.received.length = 0;
  });

  it('sends a test with the last answer and shows the rendered request and the answer', async () => {
    const r = await call(t.url, 'POST', `/api/v1/integrations/${integration.id}/test`, ws.tokens.admin);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, sample: false, error: null, response: { status: 200, body: 'ok' } });
    expect(JSON.parse(r.body.request.body).properties).toMatchObject({ csat: 2, comment: 'Too slow', event: 'test', key: '[redacted]' });
    expect(crm.received[0]!.json.properties.key).toBe(API_KEY);
    crm.received.length = 0;
  });

  it('sends nothing while disabled', async () => {
    expect((await call(t.url, 'PATCH', `/api/v1/integrations/${integration.id}`, ws.tokens.admin, { enabled: false })).body.enabled).toBe(false);
    const link = await surveyLink('crm-2');
    await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '5' }), redirect: 'manual' });
    const { createIntegrationDeliveries } = await import('../../src/store/integrations.js');
    expect(await createIntegrationDeliveries(t.db, ws.workspaceId, 'response.created', null, {})).toEqual([]);
    expect((await call(t.url, 'PATCH', `/api/v1/integrations/${integration.id}`, ws.tokens.admin, { enabled: true })).body.enabled).toBe(true);
  });

  it('keeps a delivery committed with the answer while no worker runs, and delivers it when one starts', async () => {
    const link = await surveyLink('crm-3');
    await t.close();
    const down = await startApp(t.dbUrl, { workers: false });
    const path = new URL(link).pathname;
    expect((await fetch(down.url + path, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '4' }), redirect: 'manual' })).status).toBe(303);
    const pending = await down.db.selectFrom('integration_deliveries').select(['id', 'status']).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
    await down.close();
    t = await startApp(t.dbUrl);
    const [got] = await crm.waitFor(1);
    expect(got!.json.properties.csat).toBe(4);
    await eventually(async () => (await t.db.selectFrom('integration_deliveries').select('status').where('id', '=', pending[0]!.id).executeTakeFirst())?.status === 'delivered');
  });
});
