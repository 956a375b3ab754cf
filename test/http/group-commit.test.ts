/** Group commit (store/group-commit.ts) on the real PostgreSQL: units share commits, and one unit's failure is its own. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../src/domain/conversations/event-schema.js';
import { acceptWebhook } from '../../src/services/inbound-webhooks.js';
import { checkBatch } from '../../src/services/ingest-events.js';
import { addSingleEvent } from '../../src/services/single-events.js';
import { GroupCommit, type Batched } from '../../src/store/group-commit.js';
import { Later, pipedTransaction } from '../../src/store/pipelined.js';
import { INBOUND_QUEUE } from '../../src/jobs/queue.js';
import { call, seedWorkspace, startApp, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';

let a: TestApp;
beforeAll(async () => {
  a = await startApp(undefined, { workers: false });
  await sql`create table group_commit_probe (id int primary key)`.execute(a.db);
});
afterAll(async () => a?.close());

const stored = async () => (await sql<{ id: number }>`select id from group_commit_probe order by id`.execute(a.db)).rows.map((r) => r.id);

describe('group commit', () => {
  it('commits units that arrive together in one transaction, each told its own result after the commit', async () => {
    const gc = new GroupCommit(a.db);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => gc.run(async (trx) => {
      await sql`insert into group_commit_probe values (${i})`.execute(trx);
      return (await sql<{ x: string }>`select txid_current()::text as x`.execute(trx)).rows[0]!.x;
    })));
    expect(await stored()).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // All twenty in one transaction (they were all queued before the first group went out).
    expect(new Set(results).size).toBe(1);
    expect(gc.stats).toEqual({ groups: 1, units: 20, fallbacks: 0 });
  });

  it('keeps the others when one unit throws after writing, or breaks the transaction with a duplicate key', async () => {
    const gc = new GroupCommit(a.db);
    const outcomes = await Promise.allSettled([100, 101, 0, 102, -1, 103].map((id) => gc.run(async (trx) => {
      await sql`insert into group_commit_probe values (${id === -1 ? 200 : id})`.execute(trx); // 0 exists already
      if (id === -1) throw new Error('unit -1 refused');
      return id;
    })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toContain('duplicate key');
    expect((outcomes[4] as PromiseRejectedResult).reason.message).toBe('unit -1 refused');
    // The unit that threw after its insert left nothing (its 200 is not stored); the others are.
    expect((await stored()).filter((id) => id === 0 || id >= 100)).toEqual([0, 100, 101, 102, 103]);
    expect(gc.stats.fallbacks).toBe(1);
  });

  it('writes the items of a batched kind with one call per group, in arrival order, each told its own result', async () => {
    const gc = new GroupCommit(a.db);
    const calls: number[][] = [];
    const kind: Batched<number, string> = {
      async many(trx, ids) {
        calls.push(ids);
        await sql`insert into group_commit_probe select unnest(${ids}::int[])`.execute(trx);
        return ids.map((id) => `stored ${id}`);
      },
    };
    const results = await Promise.all([300, 301, 302, 303, 304].map((id) => gc.add(kind, id)));
    expect(results).toEqual(['stored 300', 'stored 301', 'stored 302', 'stored 303', 'stored 304']);
    expect(calls).toEqual([[300, 301, 302, 303, 304]]);
    // A group whose batched write fails runs each item alone: the bad one fails, the others are stored.
    const outcomes = await Promise.allSettled([310, 0, 311].map((id) => gc.add(kind, id)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await stored()).filter((id) => id >= 300)).toEqual([300, 301, 302, 303, 304, 310, 311]);
    expect(gc.stats.fallbacks).toBe(1);
  });

  it('stores the webhooks of one group in arrival order, a repeated body once, each with its job', async () => {
    const ws = await seedWorkspace(a.db);
    const channel = (await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', config: { apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { botToken: '7012345678:AAH-group-commit-abcdefghijklmnop', webhookSecret: 'group-secret' } })).body;
    // Telegram Update with a message (core.telegram.org/bots/api#update, #message): one chat, five messages.
    const update = (n: number) => ({ update_id: 9000 + n, message: { message_id: n, from: { id: 77, first_name: 'Rina' }, chat: { id: 77, type: 'private' }, date: 1795440000 + n, text: `pesan ${n}` } });
    const bodies = [1, 2, 3, 2, 4, 5].map((n) => JSON.stringify(update(n)));
    const gc = new GroupCommit(a.db);
    const outcomes = await Promise.all(bodies.map((raw) => acceptWebhook(a.db, a.app.jobs, { id: channel.id, workspaceId: ws.workspaceId, version: null }, raw, JSON.parse(raw), gc)));
    expect(outcomes).toEqual(['queued', 'queued', 'queued', 'duplicate', 'queued', 'queued']);
    expect(gc.stats).toEqual({ groups: 1, units: 6, fallbacks: 0 });
    const rows = (await sql<{ id: string; n: number }>`select id, (payload->'message'->>'message_id')::int as n from inbound_webhooks where channel_id = ${channel.id} order by received_at, id`.execute(a.db)).rows;
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
    // One job for the group's webhooks, written by the statement that stored them.
    const jobs = (await sql<{ ids: string[] }>`select data->'webhookIds' as ids from pgboss.job where name = 'process-webhook' and data->'webhookIds' ?| ${rows.map((r) => r.id)}::text[]`.execute(a.db)).rows;
    expect(jobs.length).toBe(1);
    expect([...jobs[0]!.ids].sort()).toEqual(rows.map((r) => r.id).sort());
  });
});

describe('pipelined transactions', () => {
  const probe = (id: number) => ({ sql: 'insert into group_commit_probe values ($1)', parameters: [id] });

  it('commits what was sent without waiting, and answers the results after the commit', async () => {
    const r = await pipedTransaction(a.db, async (trx, send) => {
      // A read through Kysely waits its turn behind what was sent: it sees the row.
      void send(probe(400));
      const seen = (await sql<{ n: number }>`select count(*)::int as n from group_commit_probe where id = 400`.execute(trx)).rows[0]!.n;
      const later = send<{ id: number }>({ sql: 'insert into group_commit_probe values ($1), ($2) returning id', parameters: [401, 402] });
      return new Later(later.then((x) => ({ seen, ids: x.rows.map((row) => row.id) })));
    });
    expect(r).toEqual({ seen: 1, ids: [401, 402] });
    expect((await stored()).filter((id) => id >= 400 && id < 500)).toEqual([400, 401, 402]);
  });

  it('rolls back everything when a sent statement fails, with that statement\'s error, or when the work throws', async () => {
    const failed = await pipedTransaction(a.db, async (_trx, send) => {
      void send(probe(410));
      void send(probe(0)); // exists: a duplicate key, which aborts the transaction
      void send(probe(411)); // refused then ("current transaction is aborted"): not the error reported
      return new Later(Promise.resolve('never'));
    }).catch((err: Error & { code?: string }) => err);
    expect((failed as { code?: string }).code).toBe('23505');
    const thrown = await pipedTransaction(a.db, async (_trx, send) => {
      void send(probe(412));
      throw new Error('work refused');
    }).catch((err: Error) => err.message);
    expect(thrown).toBe('work refused');
    expect((await stored()).filter((id) => id >= 410 && id < 420)).toEqual([]);
    // The connection is fine afterwards.
    expect(await pipedTransaction(a.db, async (_trx, send) => new Later(send(probe(413)).then(() => 'ok')))).toBe('ok');
    expect((await stored()).filter((id) => id >= 410 && id < 420)).toEqual([413]);
  });

  it("queues webhook jobs inside the store statement with the same settings as pg-boss's own send, none for no webhook", async () => {
    const ids = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000a2', '00000000-0000-4000-8000-0000000000a3'];
    const insert = a.app.jobs.inboundJobsInsert('$1::uuid[]', 1);
    const run = (list: string[] | null) => a.db.executeQuery({ sql: `with j as (${insert.sql}) select 1`, parameters: [list, ...insert.parameters], query: { kind: 'RawNode' } } as never);
    await run(ids.slice(0, 2));
    const queued = async () => (await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${INBOUND_QUEUE}`.execute(a.db)).rows[0]!.n;
    const before = await queued();
    await run(null); // a group whose webhooks were all repeats: array_agg of no rows, no job
    expect(await queued()).toBe(before);
    await a.app.jobs.enqueueInbound(a.db, ids.slice(2));
    const rows = (await sql<Record<string, unknown>>`
      select data, retry_limit, retry_delay, retry_backoff, expire_in::text, policy, (keep_until - created_on)::text as kept, state
      from pgboss.job where name = ${INBOUND_QUEUE} and data->'webhookIds' ?| ${ids}::text[] order by data->>'webhookIds'`.execute(a.db)).rows;
    expect(rows.map((r) => r.data)).toEqual([{ webhookIds: ids.slice(0, 2) }, { webhookIds: ids.slice(2) }]);
    const { data: _a, ...first } = rows[0]!;
    const { data: _c, ...second } = rows[1]!;
    // The same retry policy (the test app's), expiry, retention and queue policy as pg-boss's own send gave.
    expect(first).toEqual(second);
    expect(first.state).toBe('created');
  });
});

describe('single events in one group', () => {
  it('applies the single events of one group as one batch, each request told its own result', async () => {
    const ws = await seedWorkspace(a.db);
    const channel = (await call(a.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } })).body;
    const one = eventsFor({ conversationId: 'gc-1', channelId: channel.id, contactId: 'gc-k1' });
    const two = eventsFor({ conversationId: 'gc-2', channelId: channel.id, contactId: 'gc-k2' });
    // Conversation 1 whole (the resolve in the middle of the group), the same event twice, and conversation 2 opened.
    const events = [one.opened, one.customer, one.resolved(), one.agent, one.customer, two.opened];
    const deps = { db: a.db, keys: a.app.keys, jobs: a.app.jobs };
    const checked = await Promise.all(events.map((e) => checkBatch(deps, ws.workspaceId, [e as ConversationEvent], false)));
    const gc = new GroupCommit(a.db);
    const answers = await Promise.all(checked.map((c) => addSingleEvent(deps, gc, c)));
    expect(gc.stats).toEqual({ groups: 1, units: 6, fallbacks: 0 });
    expect(answers.map((r) => r.results[0]!.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'duplicate', 'applied']);
    // The state after the commit for each; the invitation only to the request that resolved; nothing to the duplicate.
    expect(answers[2]!.conversations).toEqual([{ conversationId: 'gc-1', status: 'resolved', invitation: { id: expect.any(String), sendAfter: expect.any(String) } }]);
    for (const i of [0, 1, 3]) expect(answers[i]!.conversations).toEqual([{ conversationId: 'gc-1', status: 'resolved' }]);
    expect(answers[4]!.conversations).toEqual([]);
    expect(answers[5]!.conversations).toEqual([{ conversationId: 'gc-2', status: 'open' }]);
    const stored = (await call(a.url, 'GET', '/api/v1/conversations/gc-1', ws.tokens.admin)).body;
    expect(stored.messages.map((m: { sender: string }) => m.sender)).toEqual(['customer', 'agent']);
    expect(stored.invitations.map((i: { id: string }) => i.id)).toEqual([answers[2]!.conversations[0]!.invitation!.id]);
  });
});
