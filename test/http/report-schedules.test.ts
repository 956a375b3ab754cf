/**
 * Scheduled reports end to end, with two nilai processes on one database: each period is sent once,
 * by email (HTML, PNG charts inline by cid, through the fake SMTP server of test/helpers/smtp.ts) and
 * to Slack (a Block Kit digest, fake incoming webhook of test/helpers/fake-slack.ts).
 */
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/channels/email/mailer.js';
import type { Jobs } from '../../src/jobs/queue.js';
import { runDueSchedules } from '../../src/services/scheduled-reports.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';
import { startSmtp } from '../helpers/smtp.js';

let a: TestApp;
let b: TestApp;
let ws: Seeded;
let rx: Receiver;
let slack: FakeSlack;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let division: string;
let yesterday: string;

async function answer(conversationId: string, channel: string, score: number, comment?: string) {
  const e = eventsFor({ conversationId, channelId: channel, contactId: `k-${conversationId}`, agentId: ws.agentId, divisionId: division });
  await call(a.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
  const link = (await eventually(async () => rx.received.find((r) => r.json.data.conversationId === conversationId))).json.data.url;
  await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
  if (comment) await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'follow_up:csat', text: comment, action: 'send' }), redirect: 'manual' });
}

beforeAll(async () => {
  smtp = await startSmtp();
  const mailer = createMailer(smtp.url, 'nilai <reports@nilai.test>');
  a = await startApp(undefined, { mailer });
  b = await startApp(a.dbUrl, { mailer });
  ws = await seedWorkspace(a.db);
  rx = await startReceiver();
  slack = await startFakeSlack();
  const channel = (await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  division = (await call(a.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Billing', supervisorId: ws.supervisorId, agentIds: [ws.agentId], channelIds: [channel] })).body.id;
  await answer('r-1', channel, 5);
  await answer('r-2', channel, 1, 'Nobody <b>answered</b> for hours');
  await eventually(async () => (await a.db.selectFrom('responses').select('follow_up_text').where('follow_up_text', 'is not', null).execute()).length === 1 || undefined);
  // The answers move to yesterday (workspace time zone), the period a daily schedule reports on; the rollups are rebuilt from the facts.
  await sql`update responses set answered_at = answered_at - interval '1 day' where workspace_id = ${ws.workspaceId}::uuid`.execute(a.db);
  await sql`select nilai_rebuild_rollups(${ws.workspaceId}::uuid)`.execute(a.db);
  const tz = (await call(a.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body.timeZone;
  yesterday = DateTime.now().setZone(tz).minus({ days: 1 }).toISODate()!;
});
afterAll(async () => {
  await a.close();
  await b.close();
  await rx.close();
  await slack.close();
  await smtp.close();
});

describe('report schedules', () => {
  it('refuses a Slack schedule without a webhook, a bad address and an unknown division, naming each field', async () => {
    const r = await call(a.url, 'POST', '/api/v1/report-schedules', ws.tokens.admin, { name: 'x', kind: 'slack', frequency: 'daily', divisionId: '00000000-0000-4000-8000-000000000000', recipients: ['nope'] });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path)).toEqual(['divisionId', 'recipients.0', 'slackWebhookUrl']);
  });

  it('previews the email with its charts as data URLs, sending nothing', async () => {
    const r = await call(a.url, 'POST', '/api/v1/report-schedules/preview', ws.tokens.supervisor, { name: 'Billing daily', kind: 'email', frequency: 'daily', divisionId: division });
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual({ from: yesterday, to: yesterday });
    expect(r.body.email.subject).toMatch(/^\[nilai\] Billing daily: .* — CSAT 50\.0 %, NPS –$/);
    expect(r.body.email.html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(r.body.email.html).toContain('Nobody &lt;b&gt;answered&lt;/b&gt; for hours');
    expect(smtp.mails).toHaveLength(0);
  });

  it('sends each period once although two processes check the schedules', async () => {
    const email = await call(a.url, 'POST', '/api/v1/report-schedules', ws.tokens.admin, { name: 'Billing daily', kind: 'email', frequency: 'daily', divisionId: division });
    expect(email.status).toBe(201);
    const digest = await call(a.url, 'POST', '/api/v1/report-schedules', ws.tokens.admin, { name: 'Daily digest', kind: 'slack', frequency: 'daily', slackWebhookUrl: slack.url });
    expect(digest.body.slackWebhook).toBe(`${new URL(slack.url).origin}/…1234`);

    const mail = await eventually(async () => smtp.mails[0]);
    expect(mail.to).toEqual([`sup@${(await call(a.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body.slug}.test`]);
    expect(mail.raw).toContain('Content-Type: image/png');
    expect(mail.raw).toMatch(/Content-ID: <scores-chart@nilai>/);
    expect(mail.raw).toContain('cid:agents-chart@nilai');
    const m = await eventually(async () => slack.messages[0]);
    expect(m.blocks[1].fields[0].text).toBe('*CSAT*\n50.0 % (n = 2)');
    // Either process may be the one that sends: the link carries its public URL.
    expect([a.url, b.url].map((u) => `*CSAT 1 (1–5)* · Budi Agent · Web · <${u}/conversations/r-2|r-2>\n>Nobody &lt;b&gt;answered&lt;/b&gt; for hours`)).toContain(m.blocks[4].text.text);

    const runs = await eventually(async () => {
      const r = (await call(b.url, 'GET', `/api/v1/report-schedules/${email.body.id}/runs`, ws.tokens.supervisor)).body.items;
      return r[0]?.status === 'sent' && r;
    });
    expect(runs).toEqual([expect.objectContaining({ periodFrom: yesterday, periodTo: yesterday, status: 'sent', detail: expect.stringMatching(/^emailed sup@/) })]);
    // Another check (as either process makes every 0.5 s) finds both periods taken and queues nothing.
    const queued: string[] = [];
    const jobs = { enqueueReport: async (_trx: unknown, id: string) => void queued.push(id) } as unknown as Jobs;
    expect(await runDueSchedules({ db: b.db, jobs })).toEqual([]);
    expect(queued).toEqual([]);
    expect(smtp.mails).toHaveLength(1);
    expect(slack.messages).toHaveLength(1);
    expect(Number((await sql<{ n: string }>`select count(*) as n from report_runs`.execute(a.db)).rows[0]!.n)).toBe(2);
  });
});
