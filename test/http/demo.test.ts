import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetPasswordCommand, resolveWorkspace } from '../../src/cli/admin-commands.js';
import { loadDemo } from '../../src/cli/demo.js';
import { ensureFirstRun } from '../../src/services/bootstrap.js';
import { foldRollups } from '../../src/store/reports/rebuild.js';
import { createToken } from '../../src/store/tokens.js';
import { call, startApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let token: string;
let loadedAt: Date;
beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  await loadDemo(t.db, { slug: 'demo', conversations: 300 });
  loadedAt = new Date();
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

  it('has nothing after the time it was loaded: no message, resolve, invitation or answer in the future', async () => {
    const latest = await sql<{ what: string; at: Date | null }>`
      select 'event' as what, max(occurred_at) as at from events
      union all select 'conversation', max(greatest(opened_at, first_customer_message_at, first_agent_response_at, resolved_at)) from conversations
      union all select 'invitation', max(greatest(created_at, send_after, sent_at, delivered_at, answered_at)) from invitations
      union all select 'skip', max(created_at) from survey_skips
      union all select 'response', max(greatest(answered_at, follow_up_at)) from responses`.execute(t.db);
    expect(latest.rows).toHaveLength(5);
    for (const { what, at } of latest.rows) {
      expect(at, what).not.toBeNull();
      expect(at!.getTime(), what).toBeLessThanOrEqual(loadedAt.getTime());
    }
  });

  it('is never the default workspace of CLI commands, nor stands in for the first-run workspace', async () => {
    await expect(resolveWorkspace(t.db, undefined)).rejects.toThrow('There is only the demo workspace so far (demo): choose it with --workspace');
    const first = await ensureFirstRun(t.db, { email: 'owner@example.com', password: 'a long enough password' });
    expect(first).toEqual({ workspaceSlug: 'default', email: 'owner@example.com', generatedPassword: null });
    expect(await ensureFirstRun(t.db, { email: 'owner@example.com', password: null })).toBeNull();
    const ws = await t.db.selectFrom('workspaces').select(['id', 'slug', 'demo']).orderBy('created_at').execute();
    expect(ws.map((w) => [w.slug, w.demo])).toEqual([['demo', true], ['default', false]]);
    expect(await resolveWorkspace(t.db, undefined)).toBe(ws[1]!.id);
    await expect(resetPasswordCommand(t.db, { email: 'nobody@example.com' })).rejects.toThrow('There is no user nobody@example.com.');
    await expect(resetPasswordCommand(t.db, { email: 'owner@example.com', workspace: 'nope' })).rejects.toThrow('There is no workspace "nope".');
  });

  it('refuses to load twice into the same slug', async () => {
    await expect(loadDemo(t.db, { slug: 'demo', conversations: 1 })).rejects.toThrow('already exists');
  });
});
