/**
 * Jobs wake the workers of every process at commit (LISTEN/NOTIFY, src/jobs/wakeups.ts): here the worker
 * process polls every 10 minutes, so only a wake-up can explain a send or a delivery within the test.
 * One process takes the HTTP requests (no workers), the other runs the workers.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let web: TestApp;
let worker: TestApp;
let ws: Seeded;
let inbox: Receiver;
let hooks: Receiver;
let channelId: string;

beforeAll(async () => {
  web = await startApp(undefined, { workers: false });
  worker = await startApp(web.dbUrl, { pollingIntervalSeconds: 600 });
  ws = await seedWorkspace(web.db);
  inbox = await startReceiver();
  hooks = await startReceiver();
  channelId = (await call(web.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: inbox.url } })).body.id;
  expect((await call(web.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: hooks.url, events: ['response.created'] })).status).toBe(201);
  // The worker process listens once its connection is up.
  await eventually(async () => (await listeners()) === 1);
});
afterAll(async () => {
  await worker?.close();
  await web?.close();
  await inbox?.close();
  await hooks?.close();
});

async function listeners(): Promise<number> {
  const r = await sql<{ n: number }>("select count(*)::int as n from pg_stat_activity where application_name = 'nilai-wakeups' and datname = current_database()");
  return r[0]!.n;
}
async function sql<T>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: web.dbUrl });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}
const resolve = (id: string) => {
  const e = eventsFor({ conversationId: id, channelId, contactId: `c-${id}`, locale: 'en', agentId: ws.agentId });
  return call(web.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
};

describe('job wake-ups across processes', () => {
  it('sends a survey resolved through another process at once, and delivers the answer webhook, though workers poll every 10 minutes', async () => {
    expect((await resolve('wake-1')).status).toBe(200);
    const [invite] = await inbox.waitFor(1);
    expect(invite!.json.data).toMatchObject({ conversationId: 'wake-1' });
    const rate = await fetch(invite!.json.data.url, { method: 'POST', body: new URLSearchParams({ step: 'rating:csat', score: '5' }), redirect: 'manual' });
    expect(rate.status).toBe(303);
    const [created] = await hooks.waitFor(1);
    expect(created!.json).toMatchObject({ type: 'response.created', data: { score: 5, surveyType: 'csat' } });
  });

  it('listens again after its connection is cut, and wakes as before', async () => {
    await sql("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'nilai-wakeups' and datname = current_database()");
    await eventually(async () => (await listeners()) === 1);
    expect((await resolve('wake-2')).status).toBe(200);
    const [, second] = await inbox.waitFor(2);
    expect(second!.json.data).toMatchObject({ conversationId: 'wake-2' });
  });
});
