import { CompiledQuery, Kysely, PostgresDialect, type Compilable } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

export type Db = Kysely<Database>;

// Return bigint counts as numbers: every count nilai handles fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** The pool behind each database handle made here (a transaction handle has none). */
const pools = new WeakMap<Db, pg.Pool>();

export function createDb(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: endingPiped(pool) }) });
  pools.set(db, pool);
  return db;
}

/** A statement for `Piped.send`: a Kysely CompiledQuery, or text with its values. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  /**
   * A name for a statement whose text never changes: on a pipeline-mode connection it is prepared once
   * (parsed, and after a few runs planned, once per connection) instead of at every run. Planning was
   * 0.15–0.32 ms of each of intake's and the webhooks' statements (pg_stat_statements track_planning).
   */
  name?: string;
}

/**
 * One connection of a database handle in pg's pipeline mode, for one transaction: `send` writes a
 * statement to the server at once, behind the ones already written, without waiting for their answers
 * (so statements that need nothing from each other cost one round trip together); `db` is a Kysely
 * handle on the same connection, whose queries take their turn in the same queue.
 */
export interface Piped {
  db: Db;
  send<R = Record<string, unknown>>(statement: Statement): Promise<pg.QueryResult<R & pg.QueryResultRow>>;
}

/** Per database handle: its pipeline-mode pool (made on first use), ended with the handle's own. */
const pipedPools = new WeakMap<pg.Pool, pg.Pool>();
/**
 * Per pipeline-mode client, a Kysely handle whose queries run on it: its pool hands out that client (with
 * a release that leaves it to withPiped). Made once per connection, which lives as long as the pool keeps it.
 */
const kyselyOf = new WeakMap<pg.PoolClient, Db>();
function kyselyOn(client: pg.PoolClient): Db {
  let db = kyselyOf.get(client);
  if (!db) {
    const held = { query: client.query.bind(client), release: () => undefined };
    kyselyOf.set(client, (db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => undefined } as unknown as pg.Pool }) })));
  }
  return db;
}

/** `statement` under `name` (Statement.name: prepared once per connection; its text must never change). */
export const named = (name: string, statement: Statement): Statement => ({ sql: statement.sql, parameters: statement.parameters, name });

/** Compiles Kysely queries into statements for `Piped.send` (it runs nothing itself). */
export const statementCompiler: Db = new Kysely<Database>({
  dialect: new PostgresDialect({ pool: { connect: async () => { throw new Error('statementCompiler runs no queries'); }, end: async () => undefined } as unknown as pg.Pool }),
});

function endingPiped(pool: pg.Pool): pg.Pool {
  const end = pool.end.bind(pool);
  pool.end = (async () => {
    await pipedPools.get(pool)?.end();
    await end();
  }) as pg.Pool['end'];
  return pool;
}

/** Whether `db` is a handle made by createDb (withPiped can run on it), not a transaction's. */
export const isPipeable = (db: Db): boolean => pools.has(db);

/**
 * Runs `work` on a connection of `db`'s pipeline-mode pool (as many connections as `db`'s pool at most,
 * opened when needed). `work` calls `broken()` when the connection may be out of step (a ROLLBACK that
 * failed): it is closed then, not handed out again; so is one that reported an error of its own.
 */
export async function withPiped<T>(db: Db, work: (p: Piped, broken: (err: Error) => void) => Promise<T>): Promise<T> {
  const base = pools.get(db);
  if (!base) throw new Error('withPiped: not a database handle made by createDb');
  let pool = pipedPools.get(base);
  if (!pool) {
    pool = new pg.Pool({ ...base.options, pipeline: true } as pg.PoolConfig);
    pool.on('error', () => undefined);
    pipedPools.set(base, pool);
  }
  const client = await pool.connect();
  let failed: Error | undefined;
  const broken = (err: Error) => (failed ??= err);
  client.on('error', broken);
  try {
    return await kyselyOn(client).connection().execute((conn) => work({
      db: conn,
      send: (st) => client.query({ text: st.sql, values: [...st.parameters], ...(st.name && { name: st.name }) }),
    }, broken));
  } finally {
    client.off('error', broken);
    client.release(failed);
  }
}

/**
 * A query on a hot path (every survey page view, every provider webhook), built by Kysely once and run
 * as a named prepared statement: PostgreSQL parses and plans it once per connection instead of once per
 * request, and no query builder runs per request. `build` gets placeholder values, which `run` replaces
 * by its own (same order, same count). On a transaction handle it runs as an ordinary query. Named
 * statements need a session of their own (a direct connection or PgBouncer in session mode, which is what
 * nilai supports; PgBouncer ≥ 1.21 also keeps them in transaction mode, with `max_prepared_statements`).
 */
export function prepared<R, A extends unknown[]>(name: string, build: (db: Db, ...placeholders: A) => Compilable<R>, placeholders: A) {
  let compiled: CompiledQuery<R> | null = null;
  return async (db: Db, ...values: A): Promise<R[]> => {
    if (!compiled) {
      compiled = build(db, ...placeholders).compile();
      if (compiled.parameters.length !== values.length) throw new Error(`prepared ${name}: ${compiled.parameters.length} parameters, ${values.length} values`);
    }
    const pool = pools.get(db);
    if (!pool) return (await db.executeQuery(CompiledQuery.raw(compiled.sql, values))).rows as R[];
    return (await pool.query<R & pg.QueryResultRow>({ name, text: compiled.sql, values: values as unknown[] })).rows;
  };
}
