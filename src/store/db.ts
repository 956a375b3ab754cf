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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
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
