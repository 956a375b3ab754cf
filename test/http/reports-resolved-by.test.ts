/**
 * Reports filtered by who resolved the conversation (issue 17): nilai's auto resolve of an events-API
 * inbox (the sweep asks by an action.requested webhook, the inbox reports the resolve back) against
 * conversations an agent resolved, in the summary, its groups and the agent's own view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;
let web: string;
const MIN = 60;

const report = async (query: string, token = ws.tokens.supervisor) => {
  const r = await call(t.url, 'GET', `/api/v1/reports/summary?${query}`, token);
  expect(r.status).toBe(200);
  return r.body;
};
const events = async (list: object[]) => expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, list)).status).toBe(200);
const surveyLink = (id: string) => eventually(async () => rx.received.find((d) => d.json?.data?.conversationId === id && d.json.data.url)?.json.data.url as string | undefined);
async function answer(id: string, score: number) {
  const res = await fetch(await surveyLink(id), { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: String(score) }), redirect: 'manual' });
  expect(res.status).toBe(303);
}

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  web = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } })).body.id;
  expect((await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: rx.url, events: ['action.requested'] })).status).toBe(201);
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.csat.followUp.mode = 'off';
    s.sending.cooldownDays = 0;
  });
  const agentResolved: [string, string[], number][] = [['agent-1', ['billing'], 8], ['agent-2', [], 12]];
  for (const [id, tags, resolvedAt] of agentResolved) {
    const e = eventsFor({ conversationId: id, channelId: web, contactId: `k-${id}`, agentId: ws.agentId, tags });
    await events([e.opened, e.customer, e.agent, e.resolved({ occurredAt: e.at(resolvedAt) })]);
  }
  // Idle since the agent answered 27 minutes ago: the sweep asks the inbox to resolve it, with a survey.
  expect((await call(t.url, 'PUT', '/api/v1/automation/auto-resolve', ws.tokens.admin, { enabled: true, afterMinutes: 5, clock: 'wall', closingMessage: null, survey: true })).status).toBe(200);
  const auto = eventsFor({ conversationId: 'auto-1', channelId: web, contactId: 'k-auto-1', agentId: ws.agentId, tags: ['billing'] });
  await events([auto.opened, auto.customer, auto.agent]);
  await eventually(async () => rx.received.find((d) => d.json?.type === 'action.requested' && d.json.data.conversation.id === 'auto-1' && d.json.data.kind === 'resolve'));
  await events([auto.resolved({ occurredAt: auto.at(20) })]);
  expect((await call(t.url, 'GET', '/api/v1/conversations/auto-1', ws.tokens.admin)).body.autoResolved).toBe(true);
  await answer('auto-1', 5);
  await answer('agent-1', 4);
  await answer('agent-2', 1);
  await eventually(async () => (await t.db.selectFrom('invitations').select('id').where('status', '<>', 'answered').execute()).length === 0);
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('reports by who resolved', () => {
  it('splits scores, the funnel, resolved conversations and timings into auto- and agent-resolved', async () => {
    const all = await report('');
    expect(all.filters.resolvedBy).toBeNull();
    expect(all.overall).toMatchObject({ resolvedConversations: 3, csat: { n: 3, satisfied: 2 }, invitations: { scheduled: 3, sent: 3, answered: 3 } });

    const auto = await report('resolvedBy=auto');
    expect(auto.filters.resolvedBy).toBe('auto');
    expect(auto.overall).toMatchObject({ resolvedConversations: 1, csat: { n: 1, satisfied: 1, percent: 100, mean: 5 }, invitations: { scheduled: 1, sent: 1, answered: 1, skippedTotal: 0 } });
    expect(auto.overall.invitations.responseRate).toMatchObject({ numerator: 1, denominator: 1, percent: 100 });
    expect(auto.overall.timings.resolution.wall).toEqual({ n: 1, meanSeconds: 20 * MIN, medianSeconds: 20 * MIN, p90Seconds: 20 * MIN });
    expect(auto.overall.timings.firstResponse.wall).toMatchObject({ n: 1, meanSeconds: 2 * MIN });

    const agent = await report('resolvedBy=agent');
    expect(agent.overall).toMatchObject({ resolvedConversations: 2, csat: { n: 2, satisfied: 1, percent: 50, mean: 2.5 }, invitations: { scheduled: 2, answered: 2 } });
    expect(agent.overall.timings.resolution.wall).toMatchObject({ n: 2, meanSeconds: 10 * MIN, medianSeconds: 10 * MIN });
  });

  it('groups, combines with other filters, and scopes agents to their own figures', async () => {
    const byTag = await report('resolvedBy=agent&groupBy=tag');
    expect(byTag.groups.map((g: any) => [g.key, g.csat.n, g.csat.satisfied, g.resolvedConversations])).toEqual([['billing', 1, 1, 1]]);
    const byChannelAuto = await report('resolvedBy=auto&groupBy=channel');
    expect(byChannelAuto.groups.map((g: any) => [g.label, g.csat.n, g.invitations.answered])).toEqual([['Web', 1, 1]]);
    expect((await report('resolvedBy=auto&tag=billing')).overall.csat.n).toBe(1);
    expect((await report(`resolvedBy=agent&channelId=${web}&type=csat`)).overall.csat.mean).toBe(2.5);
    expect((await report('resolvedBy=auto&type=nps')).overall.csat.n).toBe(0);

    expect((await report('resolvedBy=agent', ws.tokens.agent)).overall.csat.n).toBe(2);
  });

  it('refuses an unknown value by its field', async () => {
    const r = await call(t.url, 'GET', '/api/v1/reports/summary?resolvedBy=bot', ws.tokens.admin);
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('query.resolvedBy');
  });
});
