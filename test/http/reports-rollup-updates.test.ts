/**
 * The rollup triggers count per statement (0038_statement_rollup_triggers.sql): statements that change
 * many rows in different ways at once (a batch re-resolving, reopening and retagging conversations; one
 * UPDATE moving invitations to different milestones, reminders; broadcast invitations, left out) leave
 * the rollups equal to a rebuild from the facts. The first batch inserts its conversations already
 * resolved (each written once, 0045_conversations_written_once.sql): the INSERT trigger counts them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { foldRollups, rebuildRollups } from '../../src/store/reports/rebuild.js';
import { INVITATION_KINDS } from '../../src/store/reports/summary-facts.js';

let t: TestApp;
let ws: Seeded;

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
});
afterAll(async () => t.close());

const snapshot = async () => {
  const read = async (table: 'rollup_responses' | 'rollup_invitations' | 'rollup_conversations') =>
    (await t.db.selectFrom(table).selectAll().where('workspace_id', '=', ws.workspaceId).execute())
      // Rows whose counts all cancelled out (a conversation moved away) are no different from no row.
      .filter((r) => Object.values(r).some((v) => Array.isArray(v) && v.some((x) => Number(x) !== 0)))
      .map((r) => JSON.stringify({ ...r, day: (r.day as Date).toISOString() }))
      .sort();
  return { responses: await read('rollup_responses'), invitations: await read('rollup_invitations'), conversations: await read('rollup_conversations') };
};

it('keeps the rollups equal to a rebuild after multi-row updates of conversations and invitations', async () => {
  const channelId = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } })).body.id;
  const convs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => eventsFor({ conversationId: id, channelId, contactId: `k-${id}`, ...(i % 2 ? { agentId: ws.agentId } : {}), ...(i === 0 ? { tags: ['vip', 'billing'] } : {}) }));
  const first = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, convs.flatMap((e) => [e.opened, e.customer, e.agent, e.resolved()]));
  expect(first.status).toBe(200);

  // One batch: a re-resolved later (its timings change: out with the old, in with the new), b reopened
  // (its pending survey cancelled), c retagged after the resolve.
  const [a, b, c] = convs;
  const later = { ...a!.resolved(), id: 'a-resolved-again', occurredAt: a!.at(20) };
  const retag = { ...c!.agent, id: 'c-retag', occurredAt: c!.at(15), conversation: { ...c!.agent.conversation, tags: ['late'] } };
  const second = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [{ ...a!.reopened, occurredAt: a!.at(11) }, later, b!.reopened, retag]);
  expect(second.status).toBe(200);

  // One UPDATE taking the invitations to different milestones, with a reminder; then an answer after it.
  const inv = await t.db.selectFrom('invitations').innerJoin('conversations', 'conversations.id', 'invitations.conversation_id')
    .select(['invitations.id', 'conversations.external_id as conv']).where('invitations.workspace_id', '=', ws.workspaceId).where('invitations.status', '=', 'scheduled').execute();
  const of = (conv: string) => inv.find((i) => i.conv === conv)!.id;
  await sql`update invitations set
      status = case id when ${of('c')}::uuid then 'delivered' when ${of('d')}::uuid then 'failed' else 'sent' end,
      reminder_status = case when id = ${of('e')}::uuid then 'sent' end,
      reminded_at = case when id = ${of('e')}::uuid then now() end
    where id = any(${[of('c'), of('d'), of('e')]}::uuid[])`.execute(t.db);
  await sql`update invitations set status = 'answered', answered_at = now() where id = ${of('e')}::uuid`.execute(t.db);
  // A broadcast's invitation (inserted and answered) is not counted by either.
  await sql`insert into invitations (workspace_id, conversation_id, contact_id, channel_id, token_hash, survey_types, settings_version, language, trigger, status, send_after, expires_at, source)
    select workspace_id, conversation_id, contact_id, channel_id, '\\x00'::bytea || token_hash, survey_types, settings_version, language, 'broadcast', 'scheduled', send_after, expires_at, 'broadcast'
    from invitations where id = ${of('c')}::uuid`.execute(t.db);
  await sql`update invitations set status = 'answered' where source = 'broadcast' and workspace_id = ${ws.workspaceId}::uuid`.execute(t.db);

  await foldRollups(t.db);
  const before = await snapshot();
  // Packed counts (migration 0039): positions as in INVITATION_KINDS, which must be the database's list (a
  // skip reason missing there would not be counted).
  const dbKinds = await sql<{ k: string[] }>`select nilai_invitation_kinds() as k`.execute(t.db);
  expect(dbKinds.rows[0]!.k).toEqual([...INVITATION_KINDS]);
  // n[11] of a conversation row is 'resolved'.
  const invitationRows = before.invitations.map((r) => JSON.parse(r) as { grain: number; counts: string[] });
  const total = (kind: string, grain?: number) =>
    invitationRows.filter((r) => grain === undefined || r.grain === grain).reduce((s, r) => s + Number(r.counts[INVITATION_KINDS.indexOf(kind as never)]), 0);
  for (const k of ['scheduled', 'sent', 'delivered', 'answered', 'failed', 'cancelled', 'reminded', 'answered_after_reminder']) expect(total(k)).toBeGreaterThan(0);
  expect([total('scheduled', 1), total('answered', 1)]).toEqual([5, 1]); // not the broadcast's
  // Resolved: a (once, at its second resolve), c, d and e; b's resolve was taken out when it reopened.
  const resolved = before.conversations.map((r) => JSON.parse(r) as { grain: number; n: string[] }).filter((r) => r.grain === 1);
  expect(resolved.reduce((s, r) => s + Number(r.n[10]), 0)).toBe(4);
  await rebuildRollups(t.db, ws.workspaceId);
  expect(await snapshot()).toEqual(before);
});
