/** A bad answer becomes an email to the division supervisor and a ticket through the webhook. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/channels/email/mailer.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';
import { startSmtp } from '../helpers/smtp.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let tickets: Receiver;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let channel: string;
let division: string;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startApp(undefined, { mailer: createMailer(smtp.url, 'nilai <alerts@nilai.test>') });
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  tickets = await startReceiver();
  channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  division = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Billing', supervisorId: ws.supervisorId, agentIds: [ws.agentId], channelIds: [channel] })).body.id;
});
afterAll(async () => {
  await t.close();
  await rx.close();
  await tickets.close();
  await smtp.close();
});

async function answer(conversationId: string, score: number, comment?: string) {
  const e = eventsFor({ conversationId, channelId: channel, contactId: `k-${conversationId}`, agentId: ws.agentId, divisionId: division, tags: ['refund'] });
  await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
  const delivery = await eventually(async () => rx.received.find((r) => r.json.data.conversationId === conversationId));
  const link = delivery.json.data.url;
  await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
  if (comment) await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'follow_up:csat', text: comment, action: 'send' }), redirect: 'manual' });
}

describe('alerts', () => {
  it('validates rules', async () => {
    const r = await call(t.url, 'POST', '/api/v1/alert-rules', ws.tokens.admin, { name: 'x', surveyType: 'csat', maxScore: 7, ticketWebhookUrl: 'ftp://nope' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path)).toEqual(['maxScore', 'ticketWebhookUrl']);
    expect((await call(t.url, 'POST', '/api/v1/alert-rules', ws.tokens.supervisor, { name: 'x', surveyType: 'csat', maxScore: 2 })).status).toBe(403);
  });

  it('emails the division supervisor and calls the ticket webhook for CSAT ≤ 2, and stays quiet otherwise', async () => {
    const rule = await call(t.url, 'POST', '/api/v1/alert-rules', ws.tokens.admin, { name: 'Unhappy customer', surveyType: 'csat', maxScore: 2, ticketWebhookUrl: tickets.url });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ notifySupervisor: true, enabled: true });

    await answer('happy', 5);
    await answer('unhappy', 1);
    const [ticket] = await tickets.waitFor(1);
    expect(ticket!.headers['webhook-id']).toMatch(/^alert_/);
    expect(ticket!.json).toMatchObject({
      type: 'alert.triggered',
      data: { rule: 'Unhappy customer', response: { surveyType: 'csat', score: 1 }, conversation: { id: 'unhappy', agent: 'Budi Agent', division: 'Billing', tags: ['refund'] }, contact: { id: 'k-unhappy' } },
    });
    const mail = await eventually(async () => smtp.mails[0]);
    expect(mail.to).toEqual([`sup@${(await call(t.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body.slug}.test`]);
    expect(mail.raw).toContain('Subject: =?UTF-8?Q?=5Bnilai=5D_CSAT_1_');
    expect(mail.raw).toContain('Customer k-unhappy answered CSAT 1');
    const delivery = await eventually(async () => (await t.db.selectFrom('alert_deliveries').selectAll().executeTakeFirst())?.status === 'sent' && (await t.db.selectFrom('alert_deliveries').selectAll().execute()));
    expect(delivery).toHaveLength(1);
    expect(delivery[0]!.detail).toContain('emailed sup@');
    await new Promise((r) => setTimeout(r, 500));
    expect(tickets.received).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
  });
});
