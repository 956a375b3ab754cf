/**
 * A batch is written set-based (one statement per table, services/ingest-events) but decided as if its
 * conversations came one by one in the order their latest events happened: the cooldown of a contact's
 * second conversation in one batch counts the first one's invitation, whatever the order in the batch.
 */
import { sql } from 'kysely';
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
  it('are created with their fields in one write: no UPDATE of a contact the batch creates', async () => {
    await sql`create table contact_updates (external_id text)`.execute(t.db);
    await sql`create function note_contact_update() returns trigger language plpgsql as $$ begin insert into contact_updates values (new.external_id); return null; end $$`.execute(t.db);
    await sql`create trigger count_contact_updates after update on contacts for each row execute function note_contact_update()`.execute(t.db);
    try {
      const a = eventsFor({ conversationId: 'once-a', channelId, contactId: 'once-1' });
      const b = eventsFor({ conversationId: 'once-b', channelId, contactId: 'once-1' });
      const c = eventsFor({ conversationId: 'once-c', channelId, contactId: 'once-2' });
      const as = (e: typeof a.opened, contact: object) => ({ ...e, conversation: { ...e.conversation, contact: { ...e.conversation.contact, ...contact } } });
      // once-1 in two conversations: the later conversation's name wins, the phone only it sends is kept.
      const batch = [
        as(a.opened, { name: 'Old name', locale: 'en' }), as(a.customer, {}),
        as({ ...b.opened, occurredAt: new Date(Date.parse(a.customer.occurredAt) + 1000).toISOString() }, { name: 'New name', phone: '+62 811 1' }),
        as(c.opened, { email: 'c@example.test', handle: '@c' }),
      ];
      expect((await post(batch)).status).toBe(200);
      const rows = await t.db.selectFrom('contacts').select(['external_id', 'name', 'phone', 'email', 'locale', 'handle']).where('external_id', 'in', ['once-1', 'once-2']).orderBy('external_id').execute();
      expect(rows).toEqual([
        { external_id: 'once-1', name: 'New name', phone: '+62 811 1', email: null, locale: 'id-ID', handle: null },
        { external_id: 'once-2', name: 'Customer once-2', phone: null, email: 'c@example.test', locale: 'id-ID', handle: '@c' },
      ]);
      expect((await sql<{ n: number }>`select count(*)::int as n from contact_updates`.execute(t.db)).rows[0]!.n).toBe(0);
      // A known contact is still locked (a no-op update) and written when its fields change.
      expect((await post([as(c.customer, { name: 'Citra' })])).status).toBe(200);
      expect((await sql<{ external_id: string }>`select external_id from contact_updates`.execute(t.db)).rows.every((r) => r.external_id === 'once-2')).toBe(true);
      expect((await t.db.selectFrom('contacts').select('name').where('external_id', '=', 'once-2').executeTakeFirstOrThrow()).name).toBe('Citra');
    } finally {
      await sql`drop trigger count_contact_updates on contacts; drop function note_contact_update(); drop table contact_updates`.execute(t.db);
    }
  });

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
