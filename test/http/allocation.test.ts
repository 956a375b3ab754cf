/**
 * Allocation settings, the idle rule and takeover/reassign permissions, against a fake Chatwoot account
 * (shapes: test/helpers/fake-chatwoot-agents.ts, from chatwoot/chatwoot's agents and assignments API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createUser } from '../../src/store/users.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { startFakeChatwootAccount, type FakeChatwootAccount } from '../helpers/fake-chatwoot-agents.js';
import { eventually } from '../helpers/receiver.js';

const ACCOUNT = 3;
let t: TestApp;
let ws: Seeded;
let cw: FakeChatwootAccount;
let channelId = '';
let divisionId = '';
let otherId = '';

const conversation = (n: number) => ({ id: `chatwoot:${ACCOUNT}:${n}`, channelId, contact: { id: `chatwoot:k${n}` } });
const at = (minAgo: number) => new Date(Date.now() - minAgo * 60_000).toISOString();
const open = async (n: number, minAgo = 2) => {
  const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [
    { id: `k-${n}-created`, type: 'conversation.opened', occurredAt: at(minAgo), conversation: conversation(n) },
    { id: `k-${n}-msg`, type: 'message.created', occurredAt: at(minAgo - 1), conversation: conversation(n), message: { sender: 'customer' } },
  ]);
  expect(r.status).toBe(200);
};
const settings = (over: object) => ({ divisionId, enabled: true, method: 'round_robin', workloadLimit: null, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: null, chatwootTeamId: null, ...over });
const put = (over: object, token = ws.tokens.admin) => call(t.url, 'PUT', '/api/v1/automation/allocation', token, { divisions: [settings(over)] });
const assignedTo = (displayId: string) => cw.assignments.filter((x) => x.displayId === displayId).map((x) => x.agentId);

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  const other = await createUser(t.db, ws.workspaceId, { name: 'Citra', email: 'citra@cs.test', role: 'agent' }, null);
  otherId = other.id;
  const agentEmail = (await t.db.selectFrom('users').select('email').where('id', '=', ws.agentId).executeTakeFirstOrThrow()).email;
  cw = await startFakeChatwootAccount(ACCOUNT, [
    { id: 201, name: 'Budi Agent', email: agentEmail, availability_status: 'online' },
    { id: 202, name: 'Citra', email: 'citra@cs.test', availability_status: 'online' },
  ]);
  const ch = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: cw.provider.url, accountId: ACCOUNT }, credentials: { apiToken: 'cw-user-token-0123456789abcdef' } });
  channelId = ch.body.id;
  const d = await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Layanan', agentIds: [ws.agentId, other.id], channelIds: [channelId] });
  divisionId = d.body.id;
});
afterAll(async () => {
  await t?.close();
  await cw?.provider.close();
});

describe('allocation settings', () => {
  it('answers defaults, refuses unknown divisions by path and agents saving', async () => {
    const g = await call(t.url, 'GET', '/api/v1/automation/allocation', ws.tokens.supervisor);
    expect(g.status).toBe(200);
    expect(g.body.divisions).toEqual([{ divisionId, divisionName: 'Layanan', enabled: false, method: 'round_robin', workloadLimit: null, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: null, chatwootTeamId: null, chatwootInboxIds: [] }]);
    const unknown = await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [settings({}), { ...settings({}), divisionId: 'nope' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([{ path: 'divisions.1.divisionId', message: 'No such division in this workspace.' }]);
    const shape = await put({ workloadLimit: 0, method: 'fastest' });
    expect(shape.status).toBe(422);
    expect(shape.body.error.details.map((d: any) => d.path).sort()).toEqual(['divisions.0.method', 'divisions.0.workloadLimit']);
    expect((await put({}, ws.tokens.agent)).status).toBe(403);
    expect((await call(t.url, 'GET', '/api/v1/automation/allocation', ws.tokens.agent)).status).toBe(403);
  });
});

describe('takeover and reassign', () => {
  it('lets an agent take an unassigned conversation only when allowed, and reassign only when allowed', async () => {
    expect((await put({ enabled: false, takeoverAllowed: false, workloadLimit: 1 })).status).toBe(200);
    await open(1);
    const path = `/api/v1/automation/allocation/conversations/${encodeURIComponent(conversation(1).id)}/assign`;
    const refused = await call(t.url, 'POST', path, ws.tokens.agent, { userId: ws.agentId });
    expect(refused.status).toBe(403);
    expect((await put({ enabled: false, takeoverAllowed: true, workloadLimit: 1 })).status).toBe(200);
    const took = await call(t.url, 'POST', path, ws.tokens.agent, { userId: ws.agentId });
    expect(took.status).toBe(202);
    expect(took.body).toMatchObject({ kind: 'takeover', userId: ws.agentId });
    await eventually(async () => assignedTo('1').length === 1);
    expect(assignedTo('1')).toEqual([201]);
    // Over the limit of 1: another conversation cannot be taken.
    await open(2);
    const full = await call(t.url, 'POST', path.replace('%3A1', '%3A2'), ws.tokens.agent, { userId: ws.agentId });
    expect(full.status).toBe(409);
    // Reassigning is not allowed to agents here, always to supervisors.
    expect((await call(t.url, 'POST', path, ws.tokens.agent, { userId: otherId })).status).toBe(403);
    const moved = await call(t.url, 'POST', path, ws.tokens.supervisor, { userId: otherId });
    expect(moved.status).toBe(202);
    expect(moved.body.kind).toBe('reassign');
    await eventually(async () => assignedTo('1').length === 2);
    expect(assignedTo('1')).toEqual([201, 202]);
    expect((await call(t.url, 'POST', path, ws.tokens.supervisor, { userId: ws.adminId })).status).toBe(422);
    const page = await call(t.url, 'GET', `/api/v1/conversations/${encodeURIComponent(conversation(1).id)}`, ws.tokens.admin);
    expect(page.body.actions.map((x: any) => x.source)).toEqual(['takeover', 'reassign']);
  });

  it('answers an agent outside the conversation\'s division 404, as reading it does, even when reassigning is allowed', async () => {
    expect((await put({ enabled: false, takeoverAllowed: true, reassignAllowed: true })).status).toBe(200);
    const outsider = await createUser(t.db, ws.workspaceId, { name: 'Dewi', email: 'dewi@cs.test', role: 'agent' }, null);
    const token = (await call(t.url, 'POST', '/api/v1/tokens', ws.tokens.admin, { name: 'Dewi', role: 'agent', userId: outsider.id })).body.token;
    await open(3);
    const path = `/api/v1/automation/allocation/conversations/${encodeURIComponent(conversation(3).id)}/assign`;
    for (const userId of [otherId, outsider.id]) {
      const r = await call(t.url, 'POST', path, token, { userId });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    expect((await call(t.url, 'GET', `/api/v1/conversations/${encodeURIComponent(conversation(3).id)}`, token)).status).toBe(404);
    expect(cw.assignments.filter((x) => x.displayId === '3')).toEqual([]);
    // An agent of the division may, as allowed.
    expect((await call(t.url, 'POST', path, ws.tokens.agent, { userId: otherId })).status).toBe(202);
  });
});

describe('idle rule', () => {
  it('gives a conversation whose customer waited past the idle period to another agent, never the same', async () => {
    expect((await put({ enabled: true, idleMinutes: 5 })).status).toBe(200);
    await open(10, 9);
    await eventually(async () => assignedTo('10').length === 1);
    const first = assignedTo('10')[0]!;
    // Ten minutes pass for the allocation (the customer's message is 8 minutes old).
    const c = await t.db.selectFrom('conversations').select('id').where('external_id', '=', conversation(10).id).executeTakeFirstOrThrow();
    await t.db.updateTable('conversation_allocations').set({ assigned_at: sql`now() - interval '10 minutes'` }).where('conversation_id', '=', c.id).execute();
    await eventually(async () => assignedTo('10').length === 2);
    const second = assignedTo('10')[1]!;
    expect(second).not.toBe(first);
    const actions = await t.db.selectFrom('inbox_actions').select(['source', 'reason']).where('conversation_id', '=', c.id).orderBy('created_at').execute();
    expect(actions.map((x) => x.source)).toEqual(['allocation', 'idle_rule']);
    expect(actions[1]!.reason).toContain('5 minutes');
  });
});
