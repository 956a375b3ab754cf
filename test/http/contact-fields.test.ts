/**
 * Contact fields end to end: definitions (never deleted), values through POST /api/v1/events with field
 * errors, stored on the contact and shown on the conversation, survey targeting by field, and fields as
 * response filters, export columns and a report dimension.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let channel: string;
const admin = (method: string, path: string, body?: unknown) => call(t.url, method, path, ws.tokens.admin, body);

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  channel = (await admin('POST', '/api/v1/channels', { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

/** A resolved conversation whose contact sends `attributes`; answers the CSAT with `score` if surveyed. */
async function resolveWith(conversationId: string, attributes: Record<string, unknown>, score?: number) {
  const e = eventsFor({ conversationId, channelId: channel, contactId: `c-${conversationId}`, agentId: ws.agentId });
  const opened = { ...e.opened, conversation: { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, attributes } } };
  const r = await admin('POST', '/api/v1/events', [opened, e.customer, e.agent, e.resolved()]);
  if (score !== undefined && r.status === 200 && r.body.conversations[0].invitation) {
    const delivery = await eventually(async () => rx.received.find((x) => x.json.data.conversationId === conversationId));
    await fetch(delivery.json.data.url, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
  }
  return r;
}

describe('contact fields', () => {
  it('are defined by admins, checked, never deleted, and their options only grow', async () => {
    const tier = await admin('POST', '/api/v1/contact-fields', {
      key: 'tier', type: 'choice', label: { id: 'Tingkat', en: 'Tier' },
      options: [{ value: 'gold', label: { en: 'Gold' } }, { value: 'silver', label: { en: 'Silver' } }],
    });
    expect(tier.status).toBe(201);
    expect(tier.body).toMatchObject({ key: 'tier', type: 'choice', hidden: false });
    expect((await admin('POST', '/api/v1/contact-fields', { key: 'city', type: 'text', label: { id: 'Kota', en: 'City' } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/contact-fields', { key: 'orders', type: 'number', label: { en: 'Orders' } })).status).toBe(201);
    expect((await admin('POST', '/api/v1/contact-fields', { key: 'since', type: 'date', label: { en: 'Customer since' } })).status).toBe(201);

    const dup = await admin('POST', '/api/v1/contact-fields', { key: 'tier', type: 'text', label: { en: 'Again' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('key');
    const bad = await admin('POST', '/api/v1/contact-fields', { key: 'plan', type: 'choice', label: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['label', 'options']);
    expect((await call(t.url, 'POST', '/api/v1/contact-fields', ws.tokens.supervisor, { key: 'x', type: 'text', label: { en: 'X' } })).status).toBe(403);

    const removeOption = await admin('PATCH', `/api/v1/contact-fields/${tier.body.id}`, { options: [{ value: 'gold', label: { en: 'Gold' } }] });
    expect(removeOption.status).toBe(422);
    expect(removeOption.body.error.details[0].message).toContain('"silver" cannot be removed');
    const grown = await admin('PATCH', `/api/v1/contact-fields/${tier.body.id}`, { options: [...tier.body.options, { value: 'bronze', label: { en: 'Bronze', id: 'Perunggu' } }] });
    expect(grown.status).toBe(200);
    expect(grown.body.options.map((o: any) => o.value)).toEqual(['gold', 'silver', 'bronze']);
    // No DELETE route: a field can only be hidden.
    expect((await admin('DELETE', `/api/v1/contact-fields/${tier.body.id}`)).status).toBe(404);
    const list = await call(t.url, 'GET', '/api/v1/contact-fields', ws.tokens.agent);
    expect(list.body.items.map((f: any) => f.key)).toEqual(['tier', 'city', 'orders', 'since']);
  });

  it('refuses bad values with the field path of the event, and stores good ones on the contact', async () => {
    const bad = await resolveWith('bad', { tier: 'platinum', orders: 'many', since: '2026-02-30', nope: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { path: '0.conversation.contact.attributes.tier', message: 'Tier must be one of: gold, silver, bronze.' },
      { path: '0.conversation.contact.attributes.orders', message: 'Orders must be a number.' },
      { path: '0.conversation.contact.attributes.since', message: 'Customer since must be a date (YYYY-MM-DD).' },
      { path: '0.conversation.contact.attributes.nope', message: expect.stringContaining('No contact field with this key') },
    ]);

    const ok = await resolveWith('gold-1', { tier: 'gold', city: 'Bandung', orders: '12', since: '2024-05-01' }, 5);
    expect(ok.status).toBe(200);
    const conv = await admin('GET', '/api/v1/conversations/gold-1');
    expect(conv.body.contact).toMatchObject({ id: 'c-gold-1', attributes: { tier: 'gold', city: 'Bandung', orders: 12, since: '2024-05-01' } });
    // A later event clears one value (null) and changes another; the rest is kept.
    const e = eventsFor({ conversationId: 'gold-1', channelId: channel, contactId: 'c-gold-1' });
    const later = { ...e.reopened, id: 'gold-1-later', occurredAt: e.at(20), conversation: { ...e.reopened.conversation, contact: { id: 'c-gold-1', attributes: { city: null, orders: 13 } } } };
    expect((await admin('POST', '/api/v1/events', later)).status).toBe(200);
    const contact = await call(t.url, 'GET', '/api/v1/contacts/c-gold-1', ws.tokens.supervisor);
    expect(contact.body.attributes).toEqual({ tier: 'gold', orders: 13, since: '2024-05-01' });
  });

  it('targets surveys by contact field: only tier = gold is surveyed', async () => {
    const bad = await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, { ...(await admin('GET', '/api/v1/settings/survey')).body.settings, contactTargeting: { rules: [{ field: 'tier', values: ['diamond'] }, { field: 'nope', values: ['x'] }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(['contactTargeting.rules.0.values.0', 'contactTargeting.rules.1.field']);
    await changeSettings(t.url, ws.tokens.admin, (s) => { s.contactTargeting = { rules: [{ field: 'tier', values: ['gold'] }] }; });
    const silver = await resolveWith('silver-1', { tier: 'silver', city: 'Surabaya' }, 2);
    expect(silver.body.conversations[0]).toMatchObject({ skipped: 'not_targeted_contact_field' });
    const none = await resolveWith('none-1', { city: 'Medan' });
    expect(none.body.conversations[0].skipped).toBe('not_targeted_contact_field');
    const gold = await resolveWith('gold-2', { tier: 'gold', city: 'Jakarta' }, 4);
    expect(gold.body.conversations[0].invitation).toBeDefined();
    await changeSettings(t.url, ws.tokens.admin, (s) => { delete s.contactTargeting; });
    expect((await resolveWith('silver-2', { tier: 'silver', city: 'Surabaya' }, 2)).body.conversations[0].invitation).toBeDefined();
  });

  it('filters responses and exports by field, and groups CSAT by tier', async () => {
    await eventually(async () => (await admin('GET', '/api/v1/responses')).body.items.length === 3);
    const gold = await admin('GET', '/api/v1/responses?contactField=tier&contactValue=gold');
    expect(gold.body.items.map((r: any) => r.conversation.id).sort()).toEqual(['gold-1', 'gold-2']);
    expect(gold.body.items[0].conversation.contact.attributes.tier).toBe('gold');
    expect((await admin('GET', '/api/v1/responses?contactField=tier')).body.error.details[0].path).toBe('query.contactValue');
    const csv = await fetch(`${t.url}/api/v1/responses?format=csv&contactField=tier&contactValue=silver`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } });
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toContain('contact.tier,contact.city,contact.orders,contact.since');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('silver,Surabaya');

    const report = await admin('GET', '/api/v1/reports/contact-fields/tier');
    expect(report.status).toBe(200);
    expect(report.body.field).toEqual({ key: 'tier', type: 'choice', label: 'Tier' });
    expect(report.body.overall.csat.n).toBe(3);
    expect(report.body.groups.map((g: any) => [g.key, g.label, g.csat.n, g.csat.satisfied])).toEqual([['gold', 'Gold', 2, 2], ['silver', 'Silver', 1, 0]]);
    const byCityForGold = await admin('GET', '/api/v1/reports/contact-fields/city?contactField=tier&contactValue=gold');
    expect(byCityForGold.body.groups.map((g: any) => [g.key, g.csat.n])).toEqual([['Jakarta', 1], ['', 1]]);
    expect((await admin('GET', '/api/v1/reports/contact-fields/unknown')).status).toBe(404);
    // Agents see their own figures only (these conversations are theirs).
    expect((await call(t.url, 'GET', '/api/v1/reports/contact-fields/tier', ws.tokens.agent)).body.overall.csat.n).toBe(3);
  });
});
