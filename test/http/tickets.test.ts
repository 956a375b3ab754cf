/**
 * Settings → Ticket: a conversation becomes a ticket by a person's button or an alert rule; each ticket
 * is POSTed signed (Standard Webhooks), retried on a temporary failure, and logged with its outcome.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let desk: Receiver;
let channel: string;
let secret: string;
const admin = (method: string, path: string, body?: unknown) => call(t.url, method, path, ws.tokens.admin, body);

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  desk = await startReceiver();
  channel = (await admin('POST', '/api/v1/channels', { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
});
afterAll(async () => {
  await t.close();
  await rx.close();
  await desk.close();
});

async function answered(conversationId: string, score: number, agentId = ws.agentId) {
  const e = eventsFor({ conversationId, channelId: channel, contactId: `k-${conversationId}`, agentId });
  await admin('POST', '/api/v1/events', [e.opened, e.customer, e.agent, e.resolved()]);
  const d = await eventually(async () => rx.received.find((x) => x.json.data.conversationId === conversationId));
  await fetch(d.json.data.url, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
}
const ticketsOf = async (id: string) => (await admin('GET', `/api/v1/conversations/${id}/tickets`)).body.items;

describe('tickets', () => {
  it('are off by default and refused until an admin turns them on with a webhook', async () => {
    await answered('c1', 2);
    const s = await call(t.url, 'GET', '/api/v1/settings/ticket', ws.tokens.agent);
    expect(s.body).toMatchObject({ enabled: false, buttonLabel: { en: 'Create ticket', id: 'Buat tiket' }, hasSigningSecret: false });
    const off = await call(t.url, 'POST', '/api/v1/conversations/c1/tickets', ws.tokens.agent, {});
    expect(off.status).toBe(409);
    const bad = await admin('PUT', '/api/v1/settings/ticket', { enabled: true, titleTemplate: 'CSAT {{score}} {{nope}}', buttonLabel: {}, webhookUrl: null });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['titleTemplate', 'webhookUrl', 'buttonLabel']);
    const saved = await admin('PUT', '/api/v1/settings/ticket', { enabled: true, titleTemplate: '{{survey}} {{score}} – {{contact.name}}', buttonLabel: { en: 'Open ticket', id: 'Buka tiket' }, webhookUrl: desk.url });
    expect(saved.status).toBe(200);
    expect(saved.body.signingSecret).toMatch(/^whsec_/);
    secret = saved.body.signingSecret;
    expect((await admin('PUT', '/api/v1/settings/ticket', { ...saved.body, signingSecret: undefined, hasSigningSecret: undefined, variables: undefined, updatedAt: undefined })).body.signingSecret).toBeNull();
    expect((await call(t.url, 'PUT', '/api/v1/settings/ticket', ws.tokens.supervisor, { enabled: false, titleTemplate: 'x', buttonLabel: { en: 'x' }, webhookUrl: null })).status).toBe(403);
  });

  it('a person creates one: signed POST with the rendered title, retried after a 503, logged delivered', async () => {
    desk.respondWith = [503];
    const r = await call(t.url, 'POST', '/api/v1/conversations/c1/tickets', ws.tokens.agent, {});
    expect(r.status).toBe(201);
    expect(r.body.title).toBe('CSAT 2 – Customer k-c1');
    const [first, second] = await desk.waitFor(2);
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    const payload = new Webhook(secret).verify(second!.body, second!.headers as Record<string, string>) as any;
    expect(payload).toMatchObject({
      type: 'ticket.created',
      data: { ticketId: r.body.id, title: 'CSAT 2 – Customer k-c1', source: 'manual', conversation: { id: 'c1', agent: 'Budi Agent' }, contact: { id: 'k-c1' }, response: { surveyType: 'csat', score: 2 } },
    });
    const [logged] = await eventually(async () => {
      const items = await ticketsOf('c1');
      return items[0]?.status === 'delivered' && items;
    });
    expect(logged).toMatchObject({ source: 'manual', attempts: 2, createdBy: 'Budi Agent', error: null });
  });

  it('a refusal is final and logged with the reason; agents cannot ticket others\' conversations', async () => {
    desk.respondWith = [400];
    await call(t.url, 'POST', '/api/v1/conversations/c1/tickets', ws.tokens.supervisor, {});
    const failed = await eventually(async () => (await ticketsOf('c1')).find((x: any) => x.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 1, error: 'HTTP 400: nope', createdBy: 'Sari Supervisor' });
    await answered('c-admin', 5, ws.adminId);
    expect((await call(t.url, 'POST', '/api/v1/conversations/c-admin/tickets', ws.tokens.agent, {})).status).toBe(404);
    expect((await call(t.url, 'GET', '/api/v1/conversations/c-admin/tickets', ws.tokens.agent)).status).toBe(404);
  });

  it('an alert rule submits one automatically for a bad answer', async () => {
    const rule = await admin('POST', '/api/v1/alert-rules', { name: 'Unhappy', surveyType: 'csat', maxScore: 2, notifySupervisor: false, createTicket: true });
    expect(rule.body.createTicket).toBe(true);
    const before = desk.received.length;
    await answered('c2', 1);
    await answered('c3', 5);
    const [ticket] = await eventually(async () => {
      const items = await ticketsOf('c2');
      return items[0]?.status === 'delivered' && items;
    });
    expect(ticket).toMatchObject({ source: 'alert', title: 'CSAT 1 – Customer k-c2', createdBy: null });
    expect(desk.received.slice(before).map((x) => x.json.data.conversation.id)).toEqual(['c2']);
    expect(await ticketsOf('c3')).toEqual([]);
  });
});
