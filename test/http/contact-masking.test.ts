/**
 * Contact masking: with masking on, no body any GET route of /openapi.json answers a masked role (nor
 * any CSV / XLSX export) holds a seeded contact's phone number or email, while admins see them whole
 * and the survey still reaches the customer.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let channel: string;
const ids: string[] = [];

/** The seeded contacts: one whose inbox id is its phone number, one whose name is its email. */
const CONTACTS = [
  { id: 'cust-1', name: 'Budi Santoso', phone: '+62 812-3456-7890', email: 'budi.santoso@example.com', attributes: { alt_phone: '0813 9876 5432' } },
  { id: '+6285711223344', name: 'rina.w@example.co.id', phone: '+6285711223344', email: 'rina.w@example.co.id', attributes: {} },
];
/** Every form a value could leak in: as given, its digits alone, an email's name part. */
const SECRETS = CONTACTS.flatMap((c) => [c.phone, c.phone.replace(/\D/g, ''), c.email, c.email.split('@')[0]!, ...Object.values(c.attributes), ...Object.values(c.attributes).map((v) => v.replace(/\D/g, ''))]);
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const admin = ws.tokens.admin;
  channel = (await call(t.url, 'POST', '/api/v1/channels', admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  expect((await call(t.url, 'POST', '/api/v1/contact-fields', admin, { key: 'alt_phone', type: 'text', label: { en: 'Other phone' } })).status).toBe(201);
  for (const [i, c] of CONTACTS.entries()) {
    const e = eventsFor({ conversationId: `conv-${i}`, channelId: channel, contactId: c.id, agentId: ws.agentId });
    const contact = { id: c.id, name: c.name, phone: c.phone, email: c.email, attributes: c.attributes };
    const withContact = (ev: any) => ({ ...ev, conversation: { ...ev.conversation, contact } });
    expect((await call(t.url, 'POST', '/api/v1/events', admin, [e.opened, e.customer, e.agent, e.resolved()].map(withContact))).status).toBe(200);
    const d = await eventually(async () => rx.received.find((x) => x.json.data.conversationId === `conv-${i}`));
    // The survey reaches the customer with the whole address, whatever the masking.
    expect(d.json.data.contact.phone).toBe(c.phone);
    await fetch(d.json.data.url, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '2' }), redirect: 'manual' });
    ids.push(`conv-${i}`, c.id);
  }
  await eventually(async () => (await call(t.url, 'GET', '/api/v1/responses', admin)).body.items.length === 2);
  const responses = (await call(t.url, 'GET', '/api/v1/responses', admin)).body.items;
  ids.push(...responses.map((r: any) => r.id), ws.agentId, ws.supervisorId, ws.adminId, channel, 'alt_phone');
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

/** Every GET operation of the document, each path parameter tried with every known id. */
async function everyGetBody(token: string) {
  const doc = (await call(t.url, 'GET', '/openapi.json')).body;
  const bodies: { url: string; status: number; text: string }[] = [];
  for (const [path, ops] of Object.entries<any>(doc.paths)) {
    if (!ops.get) continue;
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const fills = params.length === 0 ? [path] : ids.map((id) => path.replace(/\{\w+\}/g, encodeURIComponent(id)));
    const formats = (ops.get.parameters ?? []).some((p: any) => p.name === 'format') ? ['', 'csv', 'xlsx'] : [''];
    for (const url of fills) {
      for (const format of formats) {
        const full = format ? `${url}${url.includes('?') ? '&' : '?'}format=${format}` : url;
        const res = await fetch(t.url + full, { headers: { authorization: `Bearer ${token}` } });
        const buf = Buffer.from(await res.arrayBuffer());
        let text = buf.toString('utf8');
        if (format === 'xlsx' && res.status === 200) {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(buf as never);
          text = book.worksheets.flatMap((s) => s.getSheetValues().flat().map(String)).join('\n');
        }
        bodies.push({ url: full, status: res.status, text });
      }
    }
  }
  return bodies;
}

describe('contact masking', () => {
  it('is an admin setting, off by default', async () => {
    expect((await call(t.url, 'GET', '/api/v1/settings/contact-masking', ws.tokens.agent)).body).toEqual({ mode: 'off' });
    expect((await call(t.url, 'PUT', '/api/v1/settings/contact-masking', ws.tokens.supervisor, { mode: 'agents' })).status).toBe(403);
    expect((await call(t.url, 'PUT', '/api/v1/settings/contact-masking', ws.tokens.admin, { mode: 'everyone' })).status).toBe(422);
  });

  it('masks phones and emails the way the seed shows', async () => {
    expect((await call(t.url, 'PUT', '/api/v1/settings/contact-masking', ws.tokens.admin, { mode: 'agents_supervisors' })).body).toEqual({ mode: 'agents_supervisors' });
    const conv = await call(t.url, 'GET', '/api/v1/conversations/conv-0', ws.tokens.agent);
    expect(conv.body.contact).toMatchObject({ id: 'cust-1', name: 'Budi Santoso', phone: '+62 812-••••-•890', email: 'b•••@example.com', attributes: { alt_phone: '0813 9••• •432' } });
    const other = await call(t.url, 'GET', '/api/v1/conversations/conv-1', ws.tokens.supervisor);
    expect(other.body.contact).toMatchObject({ id: '+62857•••••344', name: 'r•••@example.co.id', email: 'r•••@example.co.id' });
  });

  for (const role of ['agent', 'supervisor'] as const) {
    it(`leaks no phone or email to a masked ${role} through any GET route or export`, async () => {
      const bodies = await everyGetBody(ws.tokens[role]);
      const ok = bodies.filter((b) => b.status === 200);
      // The walk reaches the routes that carry contacts (and many more).
      expect(ok.map((b) => b.url)).toEqual(expect.arrayContaining(['/api/v1/conversations/conv-0', '/api/v1/responses', '/api/v1/responses?format=csv', '/api/v1/responses?format=xlsx']));
      if (role === 'supervisor') expect(ok.map((b) => b.url)).toContain('/api/v1/contacts/cust-1');
      expect(ok.length).toBeGreaterThan(20);
      expect(bodies.filter((b) => leaks(b.text).length).map((b) => `${b.url}: ${leaks(b.text).join(', ')}`)).toEqual([]);
    });
  }

  it('shows admins the whole values, and supervisors too with the agents-only mode', async () => {
    const adminBodies = (await everyGetBody(ws.tokens.admin)).filter((b) => b.status === 200).map((b) => b.text).join('\n');
    for (const c of CONTACTS) {
      expect(adminBodies).toContain(c.phone);
      expect(adminBodies).toContain(c.email);
    }
    await call(t.url, 'PUT', '/api/v1/settings/contact-masking', ws.tokens.admin, { mode: 'agents' });
    expect((await call(t.url, 'GET', '/api/v1/conversations/conv-0', ws.tokens.supervisor)).body.contact.phone).toBe('+62 812-3456-7890');
    expect((await call(t.url, 'GET', '/api/v1/conversations/conv-0', ws.tokens.agent)).body.contact.phone).toBe('+62 812-••••-•890');
  });
});
