/**
 * Allocation across two nilai processes on one database: 200 new Chatwoot conversations arrive at once,
 * split over both, with a workload limit of 3 per agent. No agent ever holds more than 3 in the
 * assignments the fake Chatwoot receives, no conversation is assigned twice, the rest wait and are
 * assigned as slots free (resolves) and when an agent comes online; a Chatwoot failure is retried.
 * Chatwoot shapes: test/helpers/fake-chatwoot-agents.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/store/users.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { startFakeChatwootAccount, type FakeChatwootAccount } from '../helpers/fake-chatwoot-agents.js';
import { eventually } from '../helpers/receiver.js';

const ACCOUNT = 7;
const LIMIT = 3;
const N = 200;
let a: TestApp;
let b: TestApp;
let ws: Seeded;
let cw: FakeChatwootAccount;
let channelId = '';

const conversation = (n: number) => ({ id: `chatwoot:${ACCOUNT}:${n}`, channelId, contact: { id: `chatwoot:c${n}`, name: `Pelanggan ${n}` } });
const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
const open = (n: number) => [
  { id: `cw-${n}-created`, type: 'conversation.opened', occurredAt: at(2), conversation: conversation(n) },
  { id: `cw-${n}-msg`, type: 'message.created', occurredAt: at(1), conversation: conversation(n), message: { sender: 'customer' } },
];
const resolve = (n: number) => [{ id: `cw-${n}-resolved`, type: 'conversation.resolved', occurredAt: at(0), conversation: conversation(n) }];
const post = async (app: TestApp, events: object[]) => {
  const r = await call(app.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
  expect(r.status).toBe(200);
};
const counts = async () => {
  const rows = await a.db.selectFrom('conversation_allocations').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
};

beforeAll(async () => {
  a = await startApp();
  b = await startApp(a.dbUrl);
  ws = await seedWorkspace(a.db);
  const users = [];
  for (let i = 1; i <= 5; i++) users.push(await createUser(a.db, ws.workspaceId, { name: `Agen ${i}`, email: `agen${i}@cs.test`, role: 'agent' }, null));
  // Agents 1–4 online, 5 offline; Chatwoot agent ids 101–105 matched to the users by email.
  cw = await startFakeChatwootAccount(ACCOUNT, users.map((u, i) => ({ id: 101 + i, name: u.name, email: u.email, availability_status: i < 4 ? 'online' : 'offline' })));
  const ch = await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.provider.url, accountId: ACCOUNT }, credentials: { apiToken: 'cw-user-token-0123456789abcdef' } });
  expect(ch.status).toBe(201);
  channelId = ch.body.id;
  const d = await call(a.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Support', agentIds: users.map((u) => u.id), channelIds: [channelId] });
  expect(d.status).toBe(201);
  const s = await call(a.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, {
    divisions: [{ divisionId: d.body.id, enabled: true, method: 'least_open', workloadLimit: LIMIT, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: null, chatwootTeamId: 9 }],
  });
  expect(s.status).toBe(200);
  expect(s.body.divisions[0]).toMatchObject({ divisionName: 'Support', enabled: true, workloadLimit: LIMIT });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await cw?.provider.close();
});

describe('allocation with a workload limit across two processes', () => {
  it('never exceeds the limit nor assigns a conversation twice under 200 concurrent new conversations', async () => {
    // The first assignment Chatwoot receives fails (a gateway error): retried, never lost.
    cw.provider.script('/assignments', { status: 502, body: { error: 'Bad Gateway' } });
    const ns = Array.from({ length: N }, (_, i) => i + 1);
    await Promise.all(ns.map((n) => post(n % 2 ? a : b, open(n))));
    await eventually(async () => JSON.stringify(await counts()) === JSON.stringify({ assigned: 4 * LIMIT, waiting: N - 4 * LIMIT }), 120_000);
    await eventually(async () => cw.assignments.length >= 4 * LIMIT, 120_000);
    expect(cw.assignments.length).toBe(4 * LIMIT);
    const first = cw.assignments.map((x) => x.displayId);
    expect(new Set(first).size).toBe(first.length);
    for (const id of [101, 102, 103, 104]) expect(cw.most(id)).toBe(LIMIT);
    expect(cw.most(105)).toBe(0); // offline
    // The oldest conversations got the slots; the team is set before the agent.
    expect(cw.teamAssignments.length).toBeGreaterThanOrEqual(4 * LIMIT);
    expect(cw.teamAssignments.every((t) => t.teamId === 9)).toBe(true);
  }, 300_000);

  it('assigns waiting conversations as slots free and when an agent comes online, still within the limit', async () => {
    const held = [...cw.holder.keys()].slice(0, 6);
    for (const d of held) cw.release(d);
    await Promise.all(held.map((d, i) => post(i % 2 ? a : b, resolve(Number(d)))));
    await eventually(async () => cw.assignments.length >= 4 * LIMIT + 6, 120_000);
    expect(cw.assignments.length).toBe(4 * LIMIT + 6);
    cw.agents[4]!.availability_status = 'online';
    await eventually(async () => cw.assignments.length >= 5 * LIMIT + 6, 120_000);
    expect(cw.assignments.length).toBe(5 * LIMIT + 6);
    expect(await counts()).toEqual({ assigned: 5 * LIMIT, waiting: N - 5 * LIMIT - 6 });
    const all = cw.assignments.map((x) => x.displayId);
    expect(new Set(all).size).toBe(all.length);
    for (const x of cw.assignments) expect(x.openAfter).toBeLessThanOrEqual(LIMIT);
    for (const id of [101, 102, 103, 104, 105]) expect(cw.most(id)).toBe(LIMIT);
    // Each assignment is logged on its conversation as an inbox action.
    const actions = await a.db.selectFrom('inbox_actions').select(['status', 'source']).where('kind', '=', 'assign').execute();
    expect(actions.length).toBe(5 * LIMIT + 6);
    await eventually(async () => (await a.db.selectFrom('inbox_actions').select('status').where('kind', '=', 'assign').where('status', '!=', 'done').execute()).length === 0, 20_000);
    expect(new Set(actions.map((x) => x.source))).toEqual(new Set(['allocation']));
    // A team and an agent request per assignment, plus the one the gateway error made nilai retry.
    expect(cw.provider.callsTo('/assignments').length).toBe(2 * (5 * LIMIT + 6) + 1);
  }, 300_000);
});
