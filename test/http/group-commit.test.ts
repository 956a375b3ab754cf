/** Group commit (store/group-commit.ts) on the real PostgreSQL: units share commits, and one unit's failure is its own. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/store/group-commit.js';
import { startApp, type TestApp } from '../helpers/app.js';

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
});
