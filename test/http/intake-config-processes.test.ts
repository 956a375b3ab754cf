/**
 * Intake keeps each workspace's configuration in memory (services/intake-config) and checks it against
 * workspaces.config_version before each batch. Two instances on one database, as two replicas: what is
 * changed through one is used by the other's next event, with no wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';

let a: TestApp;
let b: TestApp;
let ws: Seeded;
const channel = async (app: TestApp, name: string) => {
  const r = await call(app.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name, type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const resolve = (app: TestApp, conversationId: string, channelId: string) => {
  const e = eventsFor({ conversationId, channelId, contactId: `k-${conversationId}` });
  return call(app.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
};

beforeAll(async () => {
  a = await startApp();
  b = await startApp(a.dbUrl);
  ws = await seedWorkspace(a.db);
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

describe('the intake configuration cache across two instances', () => {
  it('uses settings saved and channels added or removed through one instance at the other\'s next event', async () => {
    const first = await channel(a, 'Web');
    const before = await resolve(b, 'cfg-1', first); // B reads and keeps the configuration
    expect(before.status).toBe(200);
    expect(before.body.conversations[0].invitation).toBeDefined();

    await changeSettings(a.url, ws.tokens.admin, (s) => (s.sending.method = 'manual'));
    const manual = await resolve(b, 'cfg-2', first);
    expect(manual.status).toBe(200);
    expect(manual.body.conversations[0].skipped).toBe('manual_not_requested');

    const second = await channel(a, 'Web 2');
    expect((await resolve(b, 'cfg-3', second)).status).toBe(200);
    expect((await call(a.url, 'DELETE', `/api/v1/channels/${second}`, ws.tokens.admin)).status).toBe(204);
    const gone = await resolve(b, 'cfg-4', second);
    expect(gone.status).toBe(422);
    expect(gone.body.error.details.map((d: { path: string }) => d.path)).toContain('0.conversation.channelId');

    // A time-zone change (part of the time policies) raises the version too.
    const version = async () => (await a.db.selectFrom('workspaces').select('config_version').where('id', '=', ws.workspaceId).executeTakeFirstOrThrow()).config_version;
    const v = await version();
    expect((await call(a.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, { timeZone: 'Asia/Makassar' })).status).toBe(200);
    expect(BigInt(await version())).toBeGreaterThan(BigInt(v));

    // Auto allocation turned on through A for a division B knows: B's next open conversation on its
    // channel is queued for the division (migration 0044).
    const openOn = (conversationId: string) => {
      const e = eventsFor({ conversationId, channelId: first, contactId: `k-${conversationId}` });
      return call(b.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer]);
    };
    const queued = async (externalId: string) => (await a.db.selectFrom('conversation_allocations as q').innerJoin('conversations as c', 'c.id', 'q.conversation_id')
      .select('q.division_id').where('c.external_id', '=', externalId).executeTakeFirst())?.division_id ?? null;
    const division = (await call(a.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Front', agentIds: [ws.agentId], channelIds: [first] })).body.id;
    expect((await openOn('cfg-5')).status).toBe(200); // B keeps the division, not allocating
    expect(await queued('cfg-5')).toBeNull();
    const put = await call(a.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [{ divisionId: division, enabled: true, method: 'round_robin', workloadLimit: 1, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: null, chatwootTeamId: null }] });
    expect(put.status).toBe(200);
    expect((await openOn('cfg-6')).status).toBe(200);
    expect(await queued('cfg-6')).toBe(division);
  });
});
