/** A low score posted to the alert rule's Slack incoming webhook, as Block Kit, against a fake Slack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let slack: FakeSlack;
let channel: string;

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  slack = await startFakeSlack();
  channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
});
afterAll(async () => {
  await t.close();
  await rx.close();
  await slack.close();
});

async function answer(conversationId: string, score: number, comment?: string) {
  const e = eventsFor({ conversationId, channelId: channel, contactId: `k-${conversationId}`, agentId: ws.agentId });
  await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
  const delivery = await eventually(async () => rx.received.find((r) => r.json.data.conversationId === conversationId));
  const link = delivery.json.data.url;
  if (comment) {
    // The comment first reaches the rating step's follow-up; the alert is sent on the rating.
    await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
    await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'follow_up:csat', text: comment, action: 'send' }), redirect: 'manual' });
  } else await fetch(link, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
}

const deliveryOf = (conversation: string) => eventually(async () => {
  const rows = await t.db.selectFrom('alert_deliveries as ad').innerJoin('responses as r', 'r.id', 'ad.response_id').innerJoin('conversations as c', 'c.id', 'r.conversation_id')
    .select(['ad.status', 'ad.detail', 'ad.done']).where('c.external_id', '=', conversation).where('ad.status', '!=', 'pending').execute();
  return rows[0];
});

describe('Slack alerts', () => {
  it('refuses a webhook URL that is not https, naming the field', async () => {
    const r = await call(t.url, 'POST', '/api/v1/alert-rules', ws.tokens.admin, { name: 'x', surveyType: 'csat', maxScore: 2, slackWebhookUrl: 'ftp://hooks.slack.com/x' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path)).toEqual(['slackWebhookUrl']);
  });

  it('posts a Block Kit alert with the score, agent, channel and a link to the conversation; the URL is never shown again', async () => {
    const rule = await call(t.url, 'POST', '/api/v1/alert-rules', ws.tokens.admin, { name: 'Unhappy', surveyType: 'csat', maxScore: 2, notifySupervisor: false, slackWebhookUrl: slack.url });
    expect(rule.status).toBe(201);
    expect(rule.body.slackWebhook).toBe(`${new URL(slack.url).origin}/…1234`);
    expect(JSON.stringify((await call(t.url, 'GET', '/api/v1/alert-rules', ws.tokens.supervisor)).body)).not.toContain('fakeSlackSecret');

    // Slack rate-limits the first try (429, Retry-After: 1): nilai waits and posts once.
    slack.answers.push({ rateLimited: 1 });
    await answer('sad', 1);
    expect(await deliveryOf('sad')).toMatchObject({ status: 'sent', detail: 'posted to Slack', done: ['slack'] });
    expect(slack.messages).toHaveLength(1);
    const m = slack.messages[0]!;
    expect(m.text).toBe('CSAT 1 (1–5) from Customer k-sad');
    expect(m.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(m.blocks[2].fields.map((f: any) => f.text)).toEqual(['*Score*\nCSAT 1 (1–5)', '*Agent*\nBudi Agent', '*Channel*\nWeb', '*Division*\n-']);
    expect(m.blocks[3].text.text).toBe(`<${t.url}/conversations/sad|Open conversation sad in nilai>`);

    await answer('fine', 5);
    await call(t.url, 'PATCH', `/api/v1/alert-rules/${rule.body.id}`, ws.tokens.admin, { name: 'Unhappy!' });
    // A PATCH that does not name the webhook keeps it.
    expect((await call(t.url, 'GET', '/api/v1/alert-rules', ws.tokens.admin)).body.items[0].slackWebhook).toBe(rule.body.slackWebhook);
  });

  it('records a webhook Slack no longer knows (404 no_service) in words, and does not retry it', async () => {
    slack.answers.push('no_service');
    const before = slack.requests;
    await answer('gone', 2);
    const d = await deliveryOf('gone');
    expect(d).toMatchObject({ status: 'failed', done: ['slack'] });
    expect(d!.detail).toBe('Slack not posted: Slack refused it (HTTP 404): this webhook no longer exists in Slack (no_service): create a new incoming webhook and paste its URL');
    expect(d!.detail).not.toContain('fakeSlackSecret');
    expect(slack.requests).toBe(before + 1);
    expect(slack.messages.map((m) => m.text)).not.toContain('CSAT 5 (1–5) from k-fine');
  });
});
