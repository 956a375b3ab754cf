/**
 * Job wake-ups across processes. A transaction that enqueues a job also sends `pg_notify('nilai_jobs',
 * queue)`; PostgreSQL delivers it when (and only if) the transaction commits, to every process LISTENing,
 * whose workers of that queue then fetch at once instead of at their next poll. Workers still poll, for
 * what no notification announces (retries and delayed jobs falling due, a process that was disconnected),
 * so a lost notification costs one polling interval, never a job.
 *
 * LISTEN needs a session: behind PgBouncer in transaction mode notifications do not arrive and nilai
 * works by polling alone (docs/deploy.md).
 */
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';

export const WAKE_CHANNEL = 'nilai_jobs';

export interface Wakeups {
  /** Calls `wake` whenever a job of `queue` has been committed, by this process or another. */
  on(queue: string, wake: () => void): void;
  stop(): Promise<void>;
}

/** The statement that announces, at commit, jobs in these queues. */
export const notifySql = `select pg_notify('${WAKE_CHANNEL}', q) from unnest($1::text[]) q`;

/**
 * notifySql as a named statement for a pipelined transaction (store/db Statement.name: parsed once per
 * connection, not at every group of webhooks or batch of events that queues jobs).
 */
export const wakeStatement = (queues: string[]) => ({ name: 'nilai_wake', sql: notifySql, parameters: [queues] });

/** Listens on one connection of its own, reconnecting (after `retryMs`) when it drops. */
export function listenForWakeups(connectionString: string, log: Logger, retryMs = 1_000): Wakeups {
  const handlers = new Map<string, (() => void)[]>();
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const again = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs).unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'nilai-wakeups' });
    c.on('notification', (msg) => {
      for (const wake of handlers.get(msg.payload ?? '') ?? []) wake();
    });
    // A dropped connection (database restart, network): polling carries on; listen again soon.
    c.on('error', (err) => {
      if (!stopped) log.warn({ err: err.message }, 'job wake-ups lost their connection; polling until it is back');
    });
    c.on('end', () => {
      if (client === c) client = null;
      again();
    });
    try {
      await c.connect();
      await c.query(`listen ${WAKE_CHANNEL}`);
      if (stopped) await c.end();
      else client = c;
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'job wake-ups could not listen; polling until they can');
      await c.end().catch(() => undefined);
      again();
    }
  };
  void connect();

  return {
    on(queue, wake) {
      handlers.set(queue, [...(handlers.get(queue) ?? []), wake]);
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}

/** `boss.work` whose workers also fetch when their queue is announced (or plain `boss.work` without wake-ups). */
export function workWithWakeups(boss: PgBoss, wakeups: Wakeups | undefined): PgBoss['work'] {
  const work = boss.work.bind(boss) as (name: string, ...rest: unknown[]) => Promise<string>;
  if (!wakeups) return work as PgBoss['work'];
  return (async (name: string, ...rest: unknown[]) => {
    const id = await work(name, ...rest);
    wakeups.on(name, () => boss.notifyWorker(id));
    return id;
  }) as PgBoss['work'];
}
