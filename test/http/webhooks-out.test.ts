/**
 * Outgoing webhooks: a customer's rating and follow-up reach a subscribed URL, signed (Standard
 * Webhooks), with the same webhook-id on a retry; the secret is shown once; deliveries are listed.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let inbox: Receiver;
let hooks: Receiver;
let endpoint: any;

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  inbox = await startReceiver();
  hooks = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await inbox.close();
  await hooks.close();
});

describe('outgoing webhooks', () => {
  it('subscribes a URL, shows the secret once, and refuses a bad one', async () => {
    const bad = await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: 'ftp://x', events: [] });
    expect(bad.status).toBe(422);
    expect((await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: 'ftp://x', events: ['response.created'] })).body.error.details).toEqual([{ path: 'url', message: 'Must be an http or https URL.' }]);
    expect((await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.supervisor, { url: hooks.url, events: ['response.created'] })).status).toBe(403);
    const r = await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: hooks.url, events: ['response.created', 'response.follow_up'] });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_/);
    endpoint = r.body;
    const listed = await call(t.url, 'GET', '/api/v1/webhooks', ws.tokens.admin);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);
    const ping = await call(t.url, 'POST', `/api/v1/webhooks/${endpoint.id}/test`, ws.tokens.admin);
    expect(ping.body).toEqual({ ok: true, detail: `${hooks.url} accepted a signed ping.` });
    expect(hooks.received[0]!.json).toMatchObject({ type: 'ping', data: { webhookId: endpoint.id } });
    hooks.received.length = 0;
  });

  it('posts the rating and the follow-up of an answered survey, signed, and retries with the same id', async () => {
    const channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: inbox.url } })).body;
    const e = eventsFor({ conversationId: 'hook-1', channelId: channel.id, contactId: 'cust-hook', locale: 'en', agentId: ws.agentId, tags: ['vip'] });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
    const [invite] = await inbox.waitFor(1);
    const link = invite!.json.data.url as string;
    hooks.respondWith.push(503);
    const rate = await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '2' }), redirect: 'manual' });
    expect(rate.status).toBe(303);
    const [failed, created] = await hooks.waitFor(2);
    expect(created!.headers['webhook-id']).toBe(failed!.headers['webhook-id']);
    expect(() => new Webhook(endpoint.secret).verify(created!.body, created!.headers as Record<string, string>)).not.toThrow();
    expect(created!.json).toMatchObject({
      type: 'response.created',
      data: { surveyType: 'csat', score: 2, scale: { min: 1, max: 5 }, followUp: { text: null, skipped: false }, conversation: { id: 'hook-1', channelId: channel.id, agentId: ws.agentId, tags: ['vip'] }, contact: { id: 'cust-hook' } },
    });
    await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'follow_up:csat', text: 'Too slow to answer' }), redirect: 'manual' });
    const [, , followUp] = await hooks.waitFor(3);
    expect(followUp!.json).toMatchObject({ type: 'response.follow_up', data: { surveyType: 'csat', score: 2, followUp: { text: 'Too slow to answer', skipped: false } } });
    const deliveries = await eventually(async () => {
      const d = (await call(t.url, 'GET', `/api/v1/webhooks/${endpoint.id}/deliveries`, ws.tokens.admin)).body.items;
      return d.every((x: any) => x.status === 'delivered') ? d : null;
    });
    expect(deliveries.map((d: any) => [d.type, d.status, d.attempts])).toEqual([['response.follow_up', 'delivered', 1], ['response.created', 'delivered', 2]]);
  });

  it('stops posting to a disabled endpoint and forgets a removed one', async () => {
    expect((await call(t.url, 'PATCH', `/api/v1/webhooks/${endpoint.id}`, ws.tokens.admin, { enabled: false })).body.enabled).toBe(false);
    const { createWebhookDeliveries } = await import('../../src/store/webhooks.js');
    expect(await createWebhookDeliveries(t.db, ws.workspaceId, 'response.created', {})).toEqual([]);
    expect((await call(t.url, 'DELETE', `/api/v1/webhooks/${endpoint.id}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(t.url, 'GET', `/api/v1/webhooks/${endpoint.id}/deliveries`, ws.tokens.admin)).status).toBe(404);
  });
});
