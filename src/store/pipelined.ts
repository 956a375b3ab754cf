/**
 * Transactions whose statements go to the server without waiting for one another's answers (pg's
 * pipeline mode, store/db withPiped): BEGIN is written with the first statement, and the COMMIT right
 * behind the last writes, so a transaction of reads-then-writes costs a round trip for its reads and one
 * for all its writes with their COMMIT, instead of one per statement and two more for BEGIN and COMMIT.
 *
 * The work gets `trx` (a Kysely handle: each query waits for its answer, for reads whose answer the work
 * needs) and `send` (a statement written at once, behind everything written before). It answers its
 * result, or a `Later` whose promise settles from the answers of statements it sent: the COMMIT is then
 * written before those answers are in. A statement that fails aborts the transaction in PostgreSQL, so
 * the COMMIT behind it rolls back instead; the caller gets the first failed statement's error. A Later's
 * promise must fail only through a statement's error: a check of an answer in JavaScript would come
 * after the COMMIT (make the statement raise instead).
 */
import { CompiledQuery } from 'kysely';
import { isPipeable, withPiped, type Db, type Statement } from './db.js';

/** A result that is known once the statements sent for it are answered (after the COMMIT is written). */
export class Later<T> {
  constructor(readonly settled: Promise<T>) {
    settled.catch(() => undefined); // awaited by the transaction; not unhandled meanwhile
  }
}

/** Writes a statement without waiting for the ones before it; answers its rows (and command tag) when they come. */
export type Send = <R = Record<string, unknown>>(statement: Statement) => Promise<Answer<R>>;
export interface Answer<R> {
  rows: R[];
  command: string;
}

const text = (sql: string): Statement => ({ sql, parameters: [] });
const BEGIN = text('begin');
const COMMIT = text('commit');
const ROLLBACK = text('rollback');

/**
 * `send` for a Kysely handle (a transaction, say): each statement runs in its turn on it, waiting for the
 * one before (Kysely runs a connection's queries one at a time), for code written for `send` outside a
 * pipelined transaction.
 */
export function sendVia(db: Db): Send {
  return async <R>(statement: Statement): Promise<Answer<R>> => {
    const r = await db.executeQuery(CompiledQuery.raw(statement.sql, [...statement.parameters]));
    return { rows: r.rows as R[], command: '' };
  };
}

/**
 * Runs `work` in one transaction of its own on a pipeline-mode connection of `db`; answers its result
 * after the COMMIT. On a handle that has no pool of its own (a transaction), in a nested one instead,
 * its statements one after another.
 */
export async function pipedTransaction<T>(db: Db, work: (trx: Db, send: Send) => Promise<T | Later<T>>): Promise<T> {
  if (!isPipeable(db)) {
    return db.transaction().execute(async (trx) => {
      const sent: Promise<unknown>[] = [];
      const out = await work(trx, recording(sendVia(trx), sent));
      const value = out instanceof Later ? await out.settled : out;
      const failure = await firstFailure(sent);
      if (failure) throw failure;
      return value;
    });
  }
  return withPiped(db, async (piped, broken) => {
    const sent: Promise<unknown>[] = [];
    let ended = false;
    const recorded = recording(<R>(statement: Statement) => piped.send<R>(statement) as Promise<Answer<R>>, sent);
    const send: Send = <R>(statement: Statement): Promise<Answer<R>> => {
      if (ended) throw new Error('pipedTransaction: a statement sent after the transaction ended');
      return recorded<R>(statement);
    };
    void send(BEGIN);
    let out: T | Later<T>;
    try {
      out = await work(piped.db, send);
    } catch (err) {
      ended = true;
      await piped.send(ROLLBACK).catch(broken);
      throw err;
    }
    const commit = piped.send(COMMIT);
    commit.catch(() => undefined);
    ended = true;
    let value: T;
    try {
      value = out instanceof Later ? await out.settled : out;
    } catch (err) {
      throw (await firstFailure(sent)) ?? err;
    }
    const failure = await firstFailure(sent);
    if (failure) throw failure;
    // The COMMIT itself may fail (a lost connection, a constraint checked at commit): nothing was stored.
    const answer = await commit;
    if (answer.command !== 'COMMIT') throw new Error(`pipedTransaction: the transaction ended with ${answer.command}`);
    return value;
  });
}

/** `send` whose answers are kept in `sent`, in the order sent (for firstFailure), none unhandled meanwhile. */
function recording(send: Send, sent: Promise<unknown>[]): Send {
  return <R>(statement: Statement): Promise<Answer<R>> => {
    const answer = send<R>(statement);
    answer.catch(() => undefined);
    sent.push(answer);
    return answer;
  };
}

/** The error of the first statement (in the order sent) that failed, if any. */
async function firstFailure(sent: Promise<unknown>[]): Promise<unknown> {
  for (const answer of sent) {
    try {
      await answer;
    } catch (err) {
      return err ?? new Error('statement failed');
    }
  }
  return undefined;
}
