import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/demo.js';
import { foldRollups } from '../../src/store/reports/rebuild.js';
import { createToken } from '../../src/store/tokens.js';
import { call, startApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  await loadDemo(t.db, { slug: 'demo', conversations: 300 });
  await foldRollups(t.db);
  const ws = await t.db.selectFrom('workspaces').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  token = (await createToken(t.db, ws.id, { name: 'test', role: 'admin' })).token;
}, 120_000);
afterAll(() => t.close());

describe('demo workspace', () => {
  it('has believable, consistent data for the reports', async () => {
    const from = new Date(Date.now() - 61 * 86400_000).toISOString().slice(0, 10);
    const r = await call(t.url, 'GET', `/api/v1/reports/summary?from=${from}&groupBy=division`, token);
    expect(r.status).toBe(200);
    const o = r.body.overall;
    expect(o.resolvedConversations).toBe(300);
    expect(o.csat.n).toBeGreaterThan(100);
    expect(o.csat.percent).toBeGreaterThan(50);
    expect(o.nps.n).toBe(o.csat.n);
    expect(o.ces.n).toBeGreaterThan(0);
    expect(o.invitations.answered).toBe(o.csat.n);
    expect(o.invitations.delivered).toBeGreaterThanOrEqual(o.invitations.answered);
    expect(o.invitations.scheduled + o.invitations.skippedTotal).toBe(300);
    expect(Object.keys(o.invitations.skipped).sort()).toEqual(['cooldown', 'no_agent_message']);
    expect(o.timings.firstResponse.business.medianSeconds).toBeLessThanOrEqual(o.timings.firstResponse.wall.medianSeconds);
    expect(r.body.groups.map((g: any) => g.label)).toEqual(['Billing', 'Sales', 'Technical']);
    const comments = await call(t.url, 'GET', '/api/v1/responses?hasFollowUp=true&limit=100', token);
    expect(comments.body.items.length).toBeGreaterThan(5);
    expect(comments.body.items.some((x: any) => x.language === 'id') && comments.body.items.some((x: any) => x.language === 'en')).toBe(true);
  });

  it('refuses to load twice into the same slug', async () => {
    await expect(loadDemo(t.db, { slug: 'demo', conversations: 1 })).rejects.toThrow('already exists');
  });
});
