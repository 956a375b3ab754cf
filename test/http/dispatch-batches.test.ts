/**
 * Dispatch in batches, two instances on one database: a due set of survey invitations where one's link
 * expired before its send, one's conversation was reopened after the invitation was made (the race a
 * reopen's cancel can lose to a claim), and one's receiver refuses it. Both instances claim batches of
 * the same due set; every other survey reaches the receiver exactly once, each is recorded with its
 * outcome, and a job for a survey already sent sends nothing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/channels/registry.js';
import { dispatchInvitation } from '../../src/services/dispatch.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually } from '../helpers/receiver.js';

const N = 24;
let setup: TestApp;
let instances: TestApp[] = [];
let ws: Seeded;
let receiver: http.Server;
/** webhook-id → times received, and the contact each went to. */
const received = new Map<string, number>();
const contactOf = new Map<string, string>();

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      const contact = JSON.parse(body).data.contact.id as string;
      received.set(id, (received.get(id) ?? 0) + 1);
      contactOf.set(id, contact);
      // The receiver refuses this one customer's survey for good.
      if (contact === 'k-5') res.writeHead(410, { 'content-type': 'text/plain' }).end('gone');
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  setup = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(setup.db);
}, 60_000);
afterAll(async () => {
  await Promise.all([setup, ...instances].map((a) => a.close()));
  receiver.close();
});

describe('dispatch in batches', () => {
  it('sends each due survey once across two instances, recording expired, reopened and refused ones', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const channel = await call(setup.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: url } });
    expect(channel.status).toBe(201);
    const events = Array.from({ length: N }, (_, i) => {
      const e = eventsFor({ conversationId: `c-${i}`, channelId: channel.body.id, contactId: `k-${i}` });
      return [e.opened, e.customer, e.agent, e.resolved()];
    }).flat();
    expect((await call(setup.url, 'POST', '/api/v1/events', ws.tokens.admin, events)).status).toBe(200);
    const byConversation = async () => new Map((await setup.db.selectFrom('invitations').innerJoin('conversations', 'conversations.id', 'invitations.conversation_id')
      .select(['conversations.external_id', 'invitations.id', 'invitations.status', 'invitations.status_reason', 'invitations.attempts']).execute()).map((r) => [r.external_id, r]));
    const before = await byConversation();
    expect(before.size).toBe(N);
    expect([...before.values()].every((r) => r.status === 'scheduled')).toBe(true);
    // Before any instance sends: one link ends, one conversation is reopened without its cancel having run yet.
    await sql`update invitations set expires_at = now() - interval '1 second' where id = ${before.get('c-3')!.id}`.execute(setup.db);
    await sql`update conversations set status = 'open' where external_id = 'c-4' and workspace_id = ${ws.workspaceId}`.execute(setup.db);

    instances = await Promise.all([startApp(setup.dbUrl), startApp(setup.dbUrl)]);
    const settled = await eventually(async () => {
      const rows = await byConversation();
      return [...rows.values()].some((r) => r.status === 'scheduled' || r.status === 'sending') ? null : rows;
    }, 90_000);

    expect(settled.get('c-3')).toMatchObject({ status: 'expired' });
    expect(settled.get('c-4')).toMatchObject({ status: 'cancelled', status_reason: 'reopened' });
    expect(settled.get('c-5')).toMatchObject({ status: 'failed', status_reason: 'The callback answered HTTP 410: gone', attempts: 1 });
    const delivered = [...settled].filter(([c]) => !['c-3', 'c-4', 'c-5'].includes(c));
    expect(delivered.map(([, r]) => [r.status, r.attempts])).toEqual(delivered.map(() => ['delivered', 1]));
    // Each survey reached the receiver once, under its own invitation's id; none for the expired or reopened one.
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect([...received.keys()].sort()).toEqual([...delivered.map(([, r]) => `inv_${r.id}`), `inv_${settled.get('c-5')!.id}`].sort());
    expect(contactOf.get(`inv_${settled.get('c-7')!.id}`)).toBe('k-7');

    // A job coming back for a survey already sent (a retry, a second instance) sends nothing.
    const deps = { db: setup.db, keys: setup.keys, publicUrl: setup.url, adapters: ADAPTERS, log: pino({ level: 'silent' }) };
    expect(await dispatchInvitation(deps, settled.get('c-0')!.id, { retryCount: 1, retryLimit: 2 })).toBe('nothing_to_do');
    expect(received.get(`inv_${settled.get('c-0')!.id}`)).toBe(1);
  }, 120_000);
});
