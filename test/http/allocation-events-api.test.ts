/**
 * Auto allocation for an events-API inbox: agents' availability reported through
 * PUT /api/v1/agents/:id/availability, each decision delivered as a signed `action.requested` webhook
 * (kind assign) to a receiver standing in for the inbox, the workload limit held, a waiting conversation
 * assigned once an agent reports online. (The webhook shape is nilai's own: docs/automation.md.)
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/store/users.js';
import { createToken } from '../../src/store/tokens.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let inbox: Receiver;
let secret = '';
let channelId = '';
let otherId = '';
let otherToken = '';

const assigns = () => inbox.received.filter((r) => r.json?.data?.kind === 'assign');
const open = (n: number) => {
  const e = eventsFor({ conversationId: `ea-${n}`, channelId, contactId: `ea-c${n}` });
  return call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer]);
};

beforeAll(async () => {
  inbox = await startReceiver();
  t = await startApp();
  ws = await seedWorkspace(t.db);
  const other = await createUser(t.db, ws.workspaceId, { name: 'Citra', email: 'citra@ea.test', role: 'agent' }, null);
  otherId = other.id;
  otherToken = (await createToken(t.db, ws.workspaceId, { name: 'citra', role: 'agent', userId: other.id })).token;
  channelId = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Helpdesk', type: 'web', config: { callbackUrl: `${inbox.url}/callback` } })).body.id;
  secret = (await call(t.url, 'POST', '/api/v1/webhooks', ws.tokens.admin, { url: inbox.url, events: ['action.requested'] })).body.secret;
  const division = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Helpdesk', agentIds: [ws.agentId, other.id], channelIds: [channelId] })).body.id;
  const put = await call(t.url, 'PUT', '/api/v1/automation/allocation', ws.tokens.admin, { divisions: [{ divisionId: division, enabled: true, method: 'round_robin', workloadLimit: 1, workloadScope: 'all_channels', takeoverAllowed: true, reassignAllowed: false, idleMinutes: null, chatwootTeamId: null }] });
  expect(put.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await inbox?.close();
});

describe('allocation for an events-API inbox', () => {
  it('refuses another agent\'s availability to an agent, unknown users and values', async () => {
    expect((await call(t.url, 'PUT', `/api/v1/agents/${ws.agentId}/availability`, otherToken, { availability: 'offline' })).status).toBe(403);
    expect((await call(t.url, 'PUT', '/api/v1/agents/00000000-0000-4000-8000-000000000000/availability', ws.tokens.admin, { availability: 'online' })).status).toBe(404);
    const bad = await call(t.url, 'PUT', `/api/v1/agents/${otherId}/availability`, otherToken, { availability: 'away' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('availability');
  });

  it('assigns only online agents under the limit through signed action.requested webhooks, and the rest when an agent comes online', async () => {
    const off = await call(t.url, 'PUT', `/api/v1/agents/${otherId}/availability`, otherToken, { availability: 'offline' });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ userId: otherId, availability: 'offline' });
    expect((await open(1)).status).toBe(200);
    expect((await open(2)).status).toBe(200);
    const [first] = await eventually(async () => (assigns().length >= 1 ? assigns() : null));
    expect(() => new Webhook(secret).verify(first!.body, first!.headers as Record<string, string>)).not.toThrow();
    expect(first!.json).toMatchObject({ type: 'action.requested', data: { kind: 'assign', source: 'allocation', payload: { assigneeUserId: ws.agentId, chatwootAgentId: null }, conversation: { id: 'ea-1', channelId } } });
    // Budi holds 1 of 1; Citra is offline: ea-2 waits.
    const waiting = await t.db.selectFrom('conversation_allocations as a').innerJoin('conversations as c', 'c.id', 'a.conversation_id').select(['c.external_id', 'a.status']).orderBy('c.external_id').execute();
    expect(waiting).toEqual([{ external_id: 'ea-1', status: 'assigned' }, { external_id: 'ea-2', status: 'waiting' }]);
    expect(assigns()).toHaveLength(1);

    // The inbox reports Citra online (a supervisor's token may, as an integration would): ea-2 goes to her.
    expect((await call(t.url, 'PUT', `/api/v1/agents/${otherId}/availability`, ws.tokens.supervisor, { availability: 'online' })).status).toBe(200);
    const second = await eventually(async () => assigns().find((r) => r.json.data.conversation.id === 'ea-2'));
    expect(second.json.data.payload.assigneeUserId).toBe(otherId);
    expect(assigns()).toHaveLength(2);
    expect(await eventually(async () => (await call(t.url, 'GET', '/api/v1/conversations/ea-2', ws.tokens.admin)).body.actions.find((a: any) => a.status === 'done'))).toMatchObject({ kind: 'assign', source: 'allocation' });
  });
});
