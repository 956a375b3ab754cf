/**
 * GET /metrics after a survey loop: off without METRICS_TOKEN, refused without the token, and the values
 * count what happened (events posted, surveys sent, requests by route pattern, queues, fold lag).
 */
import { QUEUES } from '../../src/jobs/queue.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
let ws: Seeded;
let rx: Receiver;

interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of the Prometheus text format (no escaped quotes appear in nilai's label values). */
function parse(text: string): Sample[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l)!;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    return { name: m[1]!, labels, value: Number(m[3]) };
  });
}
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
const scrape = async () => {
  const r = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toContain('text/plain');
  return parse(await r.text());
};

beforeAll(async () => {
  t = await startApp(undefined, { metricsToken: TOKEN });
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('GET /metrics', () => {
  it('answers 404 when METRICS_TOKEN is not set and 401 without the right token', async () => {
    const off = await startApp(t.dbUrl, { workers: false });
    try {
      const r = await call(off.url, 'GET', '/metrics', TOKEN);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    } finally {
      await off.close();
    }
    expect((await call(t.url, 'GET', '/metrics')).status).toBe(401);
    const wrong = await call(t.url, 'GET', '/metrics', 'metrics-token-wrong-000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('counts the events posted, the surveys sent and the requests by route pattern', async () => {
    const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } });
    expect(c.status).toBe(201);
    const a = eventsFor({ conversationId: 'm-1', channelId: c.body.id, contactId: 'cust-1', agentId: ws.agentId });
    const b = eventsFor({ conversationId: 'm-2', channelId: c.body.id, contactId: 'cust-2', agentId: ws.agentId });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [a.opened, a.customer, a.agent, a.resolved()])).status).toBe(200);
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [b.opened, b.customer, b.agent, b.resolved()])).status).toBe(200);
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, a.opened)).body.results[0].status).toBe('duplicate');
    expect((await call(t.url, 'GET', '/api/v1/conversations/m-1', ws.tokens.admin)).status).toBe(200);
    await rx.waitFor(2);

    // The send is counted right after the provider answers and its job completed right after that; the
    // scrape may come a moment before either.
    const m = await eventually(async () => {
      const s = await scrape();
      return value(s, 'nilai_survey_sends_total', { channel_type: 'web', outcome: 'delivered' }) === 2 && value(s, 'nilai_queue_jobs', { queue: 'dispatch-invitation' }) === 0 && s;
    });
    expect(value(m, 'nilai_events_ingested_total', { status: 'applied' })).toBe(8);
    expect(value(m, 'nilai_events_ingested_total', { status: 'duplicate' })).toBe(1);
    expect(value(m, 'nilai_survey_sends_total', { outcome: 'failed' })).toBe(0);
    expect(value(m, 'nilai_http_request_duration_seconds_count', { route: '/api/v1/events', method: 'POST', status: '2xx' })).toBe(3);
    expect(value(m, 'nilai_http_request_duration_seconds_count', { route: '/api/v1/conversations/:id', method: 'GET', status: '2xx' })).toBe(1);
    expect(value(m, 'nilai_http_request_duration_seconds_count', { route: '/metrics', status: '4xx' })).toBe(2);
    expect(m.some((s) => s.labels.route?.includes('m-1'))).toBe(false);
    // Every queue is reported; both dispatch jobs are done.
    expect(m.filter((s) => s.name === 'nilai_queue_jobs' && s.labels.state === 'due').map((s) => s.labels.queue).sort()).toEqual([...QUEUES].sort());
    expect(value(m, 'nilai_queue_jobs', { queue: 'dispatch-invitation' })).toBe(0);
    expect(value(m, 'nilai_queue_oldest_due_job_age_seconds', { queue: 'dispatch-invitation' })).toBe(0);
    expect(m.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(m.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('shows the fold lag: 0 once the report rollups have folded the survey loop', async () => {
    const m = await eventually(async () => {
      const s = await scrape();
      return s.some((x) => x.name === 'nilai_rollup_fold_lag_seconds') && value(s, 'nilai_rollup_fold_lag_seconds') === 0 && s;
    });
    expect(value(m, 'nilai_rollup_fold_lag_seconds')).toBe(0);
  });

  it('reports a queue\'s due and scheduled jobs and how long the oldest due one has waited', async () => {
    // A database of its own with no workers, so the jobs stay where this test puts them.
    const idle = await startApp(undefined, { workers: false, metricsToken: TOKEN });
    try {
      await idle.db.transaction().execute(async (trx) => {
        await idle.app.jobs.enqueueRollupRebuild(trx, randomUUID());
        await idle.app.jobs.enqueueDispatch(trx, randomUUID(), new Date(Date.now() + 3600_000));
      });
      await sql`update pgboss.job set start_after = now() - interval '90 seconds' where name = 'rebuild-rollups'`.execute(idle.db);
      const r = await fetch(`${idle.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const m = parse(await r.text());
      expect(value(m, 'nilai_queue_jobs', { queue: 'rebuild-rollups', state: 'due' })).toBe(1);
      expect(value(m, 'nilai_queue_jobs', { queue: 'dispatch-invitation', state: 'scheduled' })).toBe(1);
      expect(value(m, 'nilai_queue_jobs', { queue: 'dispatch-invitation', state: 'due' })).toBe(0);
      const age = value(m, 'nilai_queue_oldest_due_job_age_seconds', { queue: 'rebuild-rollups' });
      expect(age).toBeGreaterThanOrEqual(90);
      expect(age).toBeLessThan(600);
    } finally {
      await idle.close();
    }
  });
});
