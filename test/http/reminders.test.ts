/**
 * Reminders end to end through the web channel (signed callbacks): exactly one reminder for an unanswered
 * survey however often the sweep runs, none after an answer, a reopen or an opt-out, none past the link's
 * life, and the funnel counts them. Time passing is simulated by moving `reminder_due_at` into the past
 * (the plan itself, N hours after the send, is checked on the stored value).
 */
import { Webhook } from 'standardwebhooks';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let channel: { id: string; signingSecret: string };

const post = (events: unknown) => call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
const conversation = (id: string) => call(t.url, 'GET', `/api/v1/conversations/${id}`, ws.tokens.admin);
const callbacks = (conversationId: string) =>
  rx.received.map((d) => new Webhook(channel.signingSecret).verify(d.body, d.headers as Record<string, string>) as any).filter((p) => p.data?.conversationId === conversationId);

/** Resolves a conversation and waits until its survey is delivered; returns the invitation. */
async function surveyed(id: string) {
  const e = eventsFor({ conversationId: id, channelId: channel.id, contactId: `cust-${id}`, locale: 'en-US' });
  expect((await post([e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
  const inv = await eventually(async () => {
    const c = await conversation(id);
    return c.body.invitations[0]?.status === 'delivered' && c.body.invitations[0]?.reminder && c.body.invitations[0];
  });
  return { inv, e };
}
/** The hours pass: the reminder is due now. */
const makeDue = (invitationId: string) => sql`update invitations set reminder_due_at = now() where id = ${invitationId}`.execute(t.db);
const reminderOf = async (id: string) => (await conversation(id)).body.invitations[0].reminder;

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Website chat', type: 'web', config: { callbackUrl: rx.url } });
  channel = c.body;
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.sending.expiryHours = 48;
    s.sending.reminderAfterHours = 20;
    s.sending.reminderInBusinessHours = false;
  });
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('reminders', () => {
  it('refuses a reminder that would come after the link expires, with the field and a sentence', async () => {
    const r = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { sending: { reminderAfterHours: 48 } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toContainEqual({ path: 'sending.reminderAfterHours', message: expect.stringContaining('choose fewer than 48 hours') });
  });

  it('plans one reminder N hours after the send and sends exactly one, however often the sweep runs', async () => {
    const { inv } = await surveyed('rem-1');
    expect(inv.reminder.status).toBe('due');
    expect(Date.parse(inv.reminder.dueAt) - Date.parse(inv.sentAt)).toBe(20 * 3_600_000);
    await makeDue(inv.id);
    const reminder = await eventually(async () => (await reminderOf('rem-1'))?.status === 'sent' && (await reminderOf('rem-1')));
    expect(reminder.sentAt).toEqual(expect.any(String));
    // Coming due again changes nothing: the sweep only takes reminders still due (checked again at the end,
    // after the sweeps the other tests wait for).
    await makeDue(inv.id);
    const got = callbacks('rem-1');
    expect(got.map((p) => p.type)).toEqual(['survey.invitation', 'survey.reminder']);
    // Same link: the reminder opens the same survey.
    expect(got[1].data.url).toBe(got[0].data.url);
    const delivery = rx.received.find((d) => d.headers['webhook-id'] === `rem_${inv.id}`);
    expect(delivery).toBeDefined();
  });

  it('sends no reminder once the survey is answered', async () => {
    const { inv } = await surveyed('rem-2');
    const link = callbacks('rem-2')[0].data.url;
    const answered = await fetch(`${link}?lang=en`, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '4' }), redirect: 'manual' });
    expect(answered.status).toBe(303);
    await makeDue(inv.id);
    const reminder = await eventually(async () => (await reminderOf('rem-2'))?.status === 'skipped' && (await reminderOf('rem-2')));
    expect(reminder.reason).toBe('The survey was answered.');
    expect(callbacks('rem-2').map((p) => p.type)).toEqual(['survey.invitation']);
  });

  it('drops the reminder when the conversation is reopened, or the contact opts out', async () => {
    const a = await surveyed('rem-3');
    expect((await post([a.e.reopened])).status).toBe(200);
    expect(await reminderOf('rem-3')).toMatchObject({ status: 'skipped', reason: 'The conversation was reopened.' });

    const b = await surveyed('rem-4');
    expect((await call(t.url, 'POST', '/api/v1/contacts/cust-rem-4/opt-out', ws.tokens.admin)).status).toBe(200);
    expect(await reminderOf('rem-4')).toMatchObject({ status: 'skipped', reason: 'The contact opted out of surveys.' });
    await makeDue(a.inv.id);
    await makeDue(b.inv.id);
    // Even if they come due, nothing is sent: the sweep only takes reminders still due.
    await eventually(async () => (await sql<{ n: number }>`select count(*)::int n from invitations where reminder_status = 'due' and reminder_due_at <= now()`.execute(t.db)).rows[0]!.n === 0);
    expect(callbacks('rem-3').map((p) => p.type)).toEqual(['survey.invitation']);
    expect(callbacks('rem-4').map((p) => p.type)).toEqual(['survey.invitation']);
  });

  it('skips a reminder due when the link has nearly expired, with the reason', async () => {
    const { inv } = await surveyed('rem-5');
    await sql`update invitations set expires_at = now() + interval '5 minutes' where id = ${inv.id}`.execute(t.db);
    await makeDue(inv.id);
    const reminder = await eventually(async () => (await reminderOf('rem-5'))?.status === 'skipped' && (await reminderOf('rem-5')));
    expect(reminder.reason).toBe('The link expires too soon.');
  });

  it('counts reminders and the answers after them in the funnel', async () => {
    const link = callbacks('rem-1')[0].data.url;
    expect((await fetch(`${link}?lang=en`, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '5' }), redirect: 'manual' })).status).toBe(303);
    const funnel = await eventually(async () => {
      const r = await call(t.url, 'GET', '/api/v1/reports/summary', ws.tokens.admin);
      return r.body.overall.invitations.answeredAfterReminder === 1 && r.body.overall.invitations;
    });
    expect(funnel).toMatchObject({ reminded: 1, answeredAfterReminder: 1, answered: 2 });
    // The rebuild from the facts agrees with the rollups folded from the triggers.
    await sql`select nilai_rebuild_rollups(${ws.workspaceId}::uuid)`.execute(t.db);
    const rebuilt = (await call(t.url, 'GET', '/api/v1/reports/summary', ws.tokens.admin)).body.overall.invitations;
    expect(rebuilt).toMatchObject({ reminded: 1, answeredAfterReminder: 1, answered: 2 });
    expect(callbacks('rem-1').map((p) => p.type)).toEqual(['survey.invitation', 'survey.reminder']);
  });

  it('retries a reminder the receiver refused for now, and sends it once it is taken', async () => {
    const { inv } = await surveyed('rem-6');
    rx.respondWith.push(503);
    await makeDue(inv.id);
    // The first try claimed it (`sending`) and failed; its retry takes the claim over and sends.
    const reminder = await eventually(async () => (await reminderOf('rem-6'))?.status === 'sent' && (await reminderOf('rem-6')));
    expect(reminder.sentAt).toEqual(expect.any(String));
    expect(callbacks('rem-6').map((p) => p.type)).toEqual(['survey.invitation', 'survey.reminder', 'survey.reminder']);
    expect(rx.received.filter((d) => d.headers['webhook-id'] === `rem_${inv.id}`)).toHaveLength(2);
  });
});
