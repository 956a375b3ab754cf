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

describe('invitations written by a batch', () => {
  it('are stored with the columns intake decided, as one statement for any number of them', async () => {
    // Three conversations of three contacts, one with tags: three invitations in one statement (store/invitations INSERT_INTAKE_INVITATIONS).
    const convs = ['inv-a', 'inv-b', 'inv-c'].map((id, i) => eventsFor({ conversationId: id, channelId, contactId: `inv-contact-${i}`, ...(i === 1 && { tags: ['vip', 'billing'] }) }));
    const r = await post(convs.flatMap((c) => [c.opened, c.customer, c.agent, c.resolved()]));
    expect(r.status).toBe(200);
    const outcomes = r.body.conversations as { conversationId: string; invitation?: { id: string; sendAfter: string } }[];
    expect(outcomes.map((o) => o.invitation !== undefined)).toEqual([true, true, true]);
    const rows = await t.db.selectFrom('invitations').innerJoin('conversations', 'conversations.id', 'invitations.conversation_id')
      .select(['invitations.id', 'conversations.external_id', 'invitations.contact_id', 'conversations.contact_id as conversation_contact', 'invitations.channel_id', 'invitations.tags', 'invitations.survey_types', 'invitations.status', 'invitations.trigger', 'invitations.send_after', 'invitations.expires_at', 'invitations.token_hash', 'invitations.agent_id', 'invitations.division_id', 'invitations.settings_version', 'invitations.language'])
      .where('conversations.external_id', 'in', ['inv-a', 'inv-b', 'inv-c']).orderBy('conversations.external_id').execute();
    expect(rows.map((x) => x.external_id)).toEqual(['inv-a', 'inv-b', 'inv-c']);
    for (const [i, row] of rows.entries()) {
      const outcome = outcomes.find((o) => o.conversationId === row.external_id)!;
      expect(row.id).toBe(outcome.invitation!.id);
      expect(row.send_after.toISOString()).toBe(outcome.invitation!.sendAfter);
      expect(row.expires_at.getTime()).toBeGreaterThan(row.send_after.getTime());
      expect(row).toMatchObject({ contact_id: row.conversation_contact, channel_id: channelId, status: 'scheduled', trigger: 'resolve', agent_id: null, division_id: null, settings_version: expect.any(Number), language: 'id' });
      expect(row.survey_types).toEqual(['csat']);
      expect(row.tags).toEqual(i === 1 ? ['vip', 'billing'] : []);
      expect(Buffer.isBuffer(row.token_hash) && row.token_hash.length).toBe(32);
    }
  });
});

describe('contacts written by a batch', () => {
  it('are updated only when the events change their fields', async () => {
    const c = eventsFor({ conversationId: 'k-same', channelId, contactId: 'k-same-contact' });
    const named = (e: typeof c.opened, name: string) => ({ ...e, conversation: { ...e.conversation, contact: { ...e.conversation.contact, name } } });
    const row = () => t.db.selectFrom('contacts').select(['name', 'updated_at']).where('external_id', '=', 'k-same-contact').executeTakeFirstOrThrow();
    expect((await post([named(c.opened, 'Sari')])).status).toBe(200);
    const first = await row();
    expect(first.name).toBe('Sari');
    // The same name again: nothing to write (updated_at stays).
    expect((await post([named(c.customer, 'Sari')])).status).toBe(200);
    expect(await row()).toEqual(first);
    // Another name: written.
    expect((await post([named(c.agent, 'Sari Dewi')])).status).toBe(200);
    const third = await row();
    expect(third.name).toBe('Sari Dewi');
    expect(third.updated_at.getTime()).toBeGreaterThan(first.updated_at.getTime());
  });
});
