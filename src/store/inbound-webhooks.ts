/** Verified provider webhooks waiting for (or done with) their job. */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { statementCompiler, type Db, type Statement } from './db.js';
import { Later, type Send } from './pipelined.js';

export interface NewWebhook {
  workspaceId: string;
  channelId: string;
  /**
   * The channels.row_version (migration 0043) of the channel row that verified the webhook: stored only
   * if the channel is still at it and not archived (else `stale`: verify again on a fresh read). Null: no check.
   */
  channelVersion: number | null;
  /** The JSON text `payload` was parsed from (stored as it came; '' to store `payload` serialised). */
  rawBody: string;
  payload: unknown;
  orderingKey: string;
}

/** Stored (its id), a repeat of a stored body, or not stored because its channel changed since it was verified. */
export type StoreOutcome = { id: string } | 'duplicate' | 'stale';

/**
 * Stores webhook bodies once each (a provider's retry of the same body is a duplicate), with the job
 * that processes them, in one statement sent on `send` (store/pipelined: answered after the COMMIT is written
 * behind it); answers each one's outcome (a duplicate of a stored one or of an earlier one in `ws`;
 * stale: its channel's row changed since it was read). `jobs(ids, offset)` is the job's INSERT for the
 * stored ids (jobs/queue inboundJobsInsert), run as a data-modifying CTE. `received_at` follows the order
 * of `ws` (clock time plus the position in microseconds): the webhooks of one transaction would otherwise
 * share its start time, and a chat's be handled in random order.
 */
export function storeWebhooks(send: Send, ws: NewWebhook[], jobs: (ids: string, offset: number) => Statement): Later<StoreOutcome[]> {
  if (!ws.length) return new Later(Promise.resolve([]));
  const hashes = ws.map((w) => createHash('sha256').update(w.rawBody).digest('hex'));
  // One JSON parameter for all the rows: pg would otherwise quote every payload into an array literal,
  // character by character (the largest part of node's work on a group of webhooks, CPU profile). The
  // payload goes as the JSON text it arrived as (it parsed), not serialised again.
  const rows = `[${ws.map((w, i) => `{"w":${JSON.stringify(w.workspaceId)},"c":${JSON.stringify(w.channelId)},"h":"${hashes[i]}","p":${w.rawBody !== '' ? w.rawBody : JSON.stringify(w.payload) ?? 'null'},"k":${JSON.stringify(w.orderingKey)},"v":${w.channelVersion ?? 'null'},"n":${i + 1}}`).join(',')}]`;
  const statement = storeStatement(jobs);
  const answer = send<{ id: string | null; channel_id: string | null; body_hash: Buffer | null; stale: number | null }>({ ...statement, parameters: [rows, ...statement.parameters.slice(1)] });
  return new Later(answer.then(({ rows }) => {
    const stale = new Set(rows.flatMap((r) => (r.stale !== null ? [r.stale] : [])));
    const ids = new Map<string, string>(rows.flatMap((r): [string, string][] => (r.id ? [[`${r.channel_id}:${r.body_hash!.toString('hex')}`, r.id]] : [])));
    return ws.map((w, i): StoreOutcome => {
      if (stale.has(i + 1)) return 'stale';
      const key = `${w.channelId}:${hashes[i]}`;
      const id = ids.get(key);
      ids.delete(key); // a second copy in the same batch is a duplicate
      return id ? { id } : 'duplicate';
    });
  }));
}

/** Where the jobs' INSERT goes in storeWebhooks' statement (replaced after Kysely numbers its parameters). */
const JOBS = '/* jobs */ select 1';

/**
 * storeWebhooks' statement, built once per `jobs` (the jobs' INSERT it embeds is the same for every
 * group): its first parameter is the rows' JSON, filled in per group.
 */
function storeStatement(jobs: (ids: string, offset: number) => Statement): Statement {
  const known = statements.get(jobs);
  if (known) return known;
  const core = sql`
    with u as (
      select w, c, decode(h, 'hex') as h, p, k, v, n from jsonb_to_recordset(${'[]'}::jsonb) as x(w uuid, c uuid, h text, p jsonb, k text, v bigint, n bigint)
    ), fresh as (
      select * from u where v is null
        or exists (select from channels ch where ch.id = u.c and ch.row_version = u.v and ch.deleted_at is null)
    ), stored as (
      insert into inbound_webhooks (workspace_id, channel_id, body_hash, payload, ordering_key, received_at)
      select w, c, h, p, k, clock_timestamp() + (n - 1) * interval '1 microsecond' from fresh
      on conflict (channel_id, body_hash) do nothing
      returning id, channel_id, body_hash
    ), jobs as (${sql.raw(JOBS)})
    select id, channel_id, body_hash, null::int as stale from stored
    union all select null, null, null, n::int from u where not exists (select from fresh where fresh.n = u.n)`.compile(statementCompiler);
  const insert = jobs('(select array_agg(id) from stored)', core.parameters.length);
  const built = { name: 'nilai_store_webhooks', sql: core.sql.replace(JOBS, insert.sql), parameters: [...core.parameters, ...insert.parameters] };
  statements.set(jobs, built);
  return built;
}
const statements = new WeakMap<object, Statement>();

/** Stored webhooks by id (those already processed included, for the caller to skip). */
export async function getWebhooks(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('inbound_webhooks').select(COLUMNS).where('id', 'in', ids).execute();
}

const COLUMNS = ['id', 'workspace_id', 'channel_id', 'payload', 'received_at', 'processed_at', 'ordering_key'] as const;

/**
 * Holds the chat's lock until the transaction `trx` ends: one process at a time handles a chat's
 * webhooks. Transaction-level, so it is released even when the process dies (and works through a
 * transaction-mode pooler). Two-key form in nilai's class 7357003: apart from the single-key locks.
 */
export async function lockChat(trx: Db, channelId: string, orderingKey: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7357003, hashtext(${`${channelId}:${orderingKey}`}))`.execute(trx);
}

/**
 * The chat's webhooks not processed yet, up to the newest of `ids` (which are the chat's), in arrival
 * order: those whose jobs another process holds included. `ids` themselves are in it unless processed.
 */
export async function waitingWebhooksOfChat(db: Db, channelId: string, orderingKey: string, ids: string[]) {
  return db.selectFrom('inbound_webhooks').select(COLUMNS)
    .where('channel_id', '=', channelId)
    .where('processed_at', 'is', null)
    .where((eb) => eb.or([eb('ordering_key', '=', orderingKey), eb('id', 'in', ids)]))
    // Compared in the database: received_at has microseconds, a JavaScript Date only milliseconds.
    .where('received_at', '<=', (eb) => eb.selectFrom('inbound_webhooks').select((e) => e.fn.max('received_at').as('m')).where('id', 'in', ids))
    .orderBy('received_at').orderBy('id')
    .execute();
}

export type StoredWebhook = Awaited<ReturnType<typeof getWebhooks>>[number];

export async function markWebhookProcessed(db: Db, id: string): Promise<void> {
  await db.updateTable('inbound_webhooks').set({ processed_at: new Date() }).where('id', '=', id).execute();
}

