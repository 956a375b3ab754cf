/**
 * A batch is written set-based (one statement per table, services/ingest-events) but decided as if its
 * conversations came one by one in the order their latest events happened: the cooldown of a contact's
 * second conversation in one batch counts the first one's invitation, whatever the order in the batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { DISPATCH_QUEUE } from '../../src/jobs/queue.js';

let t: TestApp;
let ws: Seeded;
let channelId = '';
const post = (events: unknown) => call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } });
  channelId = r.body.id;
}, 120_000);
afterAll(async () => t?.close());

describe('one batch, several conversations of one contact', () => {
  it('invites for the conversation resolved first and skips the later one for the cooldown; the contact keeps the latest name', async () => {
    // "b-late" sorts first and comes first in the batch, but resolved 20 minutes after "z-early".
    const late = eventsFor({ conversationId: 'b-late', channelId, contactId: 'same-contact' }, new Date(Date.now() - 30 * 60_000).toISOString());
    const early = eventsFor({ conversationId: 'z-early', channelId, contactId: 'same-contact' }, new Date(Date.now() - 50 * 60_000).toISOString());
    const named = (e: typeof late.opened, name: string) => ({ ...e, conversation: { ...e.conversation, contact: { ...e.conversation.contact, name } } });
    const r = await post([late.opened, late.customer, late.agent, named(late.resolved(), 'Rina Late'), early.opened, early.customer, early.agent, named(early.resolved(), 'Rina Early')]);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.conversations.map((c: any) => [c.conversationId, c]));
    expect(byId['z-early'].invitation).toBeDefined();
    expect(byId['b-late'].skipped).toBe('cooldown');
    const contact = await t.db.selectFrom('contacts').select('name').where('external_id', '=', 'same-contact').executeTakeFirstOrThrow();
    expect(contact.name).toBe('Rina Late');
    const jobs = await t.db.selectFrom('pgboss.job' as any).select('data').where('name', '=', DISPATCH_QUEUE).execute() as { data: { invitationId: string } }[];
    expect(jobs.map((j) => j.data.invitationId)).toContain(byId['z-early'].invitation.id);
  });
});
