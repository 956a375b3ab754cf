/**
 * Background jobs on pg-boss (same PostgreSQL). Jobs are enqueued inside the caller's transaction, so
 * an invitation and its dispatch job commit together or not at all.
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Db, Statement } from '../store/db.js';
import type { Send } from '../store/pipelined.js';
import { notifySql, wakeStatement } from './wakeups.js';

export const DISPATCH_QUEUE = 'dispatch-invitation';
export const ALERT_QUEUE = 'send-alert';
export const INBOUND_QUEUE = 'process-webhook';
export const REBUILD_QUEUE = 'rebuild-rollups';
export const WEBHOOK_QUEUE = 'deliver-webhook';
export const INBOX_ACTION_QUEUE = 'inbox-action';
export const ALLOCATE_QUEUE = 'allocate-conversations';
export const TICKET_QUEUE = 'deliver-ticket';
export const REPORT_QUEUE = 'send-scheduled-report';
export const INTEGRATION_QUEUE = 'deliver-integration';
/** Every queue nilai uses (what /metrics reports on). */
export const QUEUES = [DISPATCH_QUEUE, ALERT_QUEUE, INBOUND_QUEUE, REBUILD_QUEUE, WEBHOOK_QUEUE, INBOX_ACTION_QUEUE, TICKET_QUEUE, REPORT_QUEUE, ALLOCATE_QUEUE, INTEGRATION_QUEUE] as const;

/** Retries with exponential backoff: 15 s, 30 s, 1 min … about 1 h in total across 8 tries. */
export const DISPATCH_RETRY: RetryPolicy = { retryLimit: 8, retryDelay: 15, retryBackoff: true };

export interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
}

export interface DispatchJob {
  invitationId: string;
  /** The survey's one reminder, not its first send. */
  reminder?: true;
}

export interface AlertJob {
  deliveryId: string;
}

/**
 * The stored webhooks one job processes: those a group commit stored together (one job for the group,
 * written by the statement that stores them). `webhookId`: one webhook, the shape earlier versions of
 * nilai queued (such jobs may still wait in the queue after an upgrade).
 */
export type InboundJob = { webhookIds: string[] } | { webhookId: string };

/** The webhooks of an inbound job. */
export const webhookIdsOf = (job: InboundJob): string[] => ('webhookIds' in job ? job.webhookIds : [job.webhookId]);

export interface RebuildJob {
  workspaceId: string;
}

export interface WebhookJob {
  deliveryId: string;
}

export interface AllocateJob {
  workspaceId: string;
}

export interface InboxActionJob {
  actionId: string;
}

export interface ReportJob {
  runId: string;
}

export interface IntegrationJob {
  deliveryId: string;
}

/** What the rest of nilai needs from the job system. */
export interface Jobs {
  /** Enqueue the dispatch of an invitation in the transaction `trx`. */
  enqueueDispatch(trx: Db, invitationId: string, startAfter: Date): Promise<void>;
  /** The same for a batch of invitations, in one statement sent on `send` without waiting (store/pipelined), with the wake-up of due ones: the statements' answers. */
  sendDispatches(send: Send, list: { invitationId: string; startAfter: Date }[]): Promise<unknown>;
  /** Enqueue an alert delivery (email, ticket webhook) in the transaction `trx`. */
  enqueueAlert(trx: Db, deliveryId: string): Promise<void>;
  /** Enqueue the processing of stored provider webhooks (one job for them all) in the transaction `trx`. */
  enqueueInbound(trx: Db, webhookIds: string[]): Promise<void>;
  /**
   * The INSERT of the processing jobs of stored webhooks, to run as a data-modifying CTE of the statement
   * that stores them (one round trip for both): `ids` is a SQL expression of the webhook ids (a uuid[]),
   * and the statement's own parameters are numbered from `offset + 1`.
   */
  inboundJobsInsert(ids: string, offset: number): Statement;
  /** Enqueue the rebuild of a workspace's report rollups (after a time-zone change) in `trx`. */
  enqueueRollupRebuild(trx: Db, workspaceId: string): Promise<void>;
  /** Enqueue an outgoing webhook delivery in `trx`. */
  enqueueWebhook(trx: Db, deliveryId: string): Promise<void>;
  /** Enqueue the reminder of an invitation (through the send loop, as dispatches) in `trx`. */
  enqueueReminder(trx: Db, invitationId: string): Promise<void>;
  /** Enqueue the execution of an inbox action (services/inbox-actions) in `trx`. */
  enqueueInboxAction(trx: Db, actionId: string): Promise<void>;
  /** Enqueue a ticket's POST to the ticket webhook in `trx`. */
  enqueueTicket(trx: Db, ticketId: string): Promise<void>;
  /** Enqueue the sending of a scheduled report's run (one schedule, one period) in `trx`. */
  enqueueReport(trx: Db, runId: string): Promise<void>;
  /** Enqueue an allocation round of a workspace in `trx` (at most one waiting per workspace). */
  enqueueAllocation(trx: Db, workspaceId: string): Promise<void>;
  /** Enqueue an integration delivery (services/integrations) in `trx`. */
  enqueueIntegration(trx: Db, deliveryId: string): Promise<void>;
}

export async function startBoss(connectionString: string, log: Logger): Promise<PgBoss> {
  // A send takes at most sendTimeoutMs() (10 s, 15 s at most); a job still "active" after 20 s belongs to a process that died,
  // and maintenance every 15 s hands it to a live worker.
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 5, supervise: true, maintenanceIntervalSeconds: 15 });
  // pg's errors carry the whole client (connection parameters, type tables, socket state): log what helps.
  boss.on('error', (err: Error & { code?: string }) => log.error({ err: { type: err.name, message: err.message, code: err.code, stack: err.stack } }, 'job system error'));
  await boss.start();
  await ensureFetchIndex(boss);
  await boss.createQueue(DISPATCH_QUEUE, { name: DISPATCH_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 20, retentionDays: 14 });
  await boss.createQueue(ALERT_QUEUE, { name: ALERT_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  await boss.createQueue(INBOUND_QUEUE, { name: INBOUND_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  // A rebuild of millions of facts takes minutes (16 for 10 M responses here).
  await boss.createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  await boss.createQueue(INBOX_ACTION_QUEUE, { name: INBOX_ACTION_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  await boss.createQueue(TICKET_QUEUE, { name: TICKET_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  await boss.createQueue(REPORT_QUEUE, { name: REPORT_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 120, retentionDays: 14 });
  // Stately: one round waiting per workspace (more requests fold into it) besides the one running.
  await boss.createQueue(ALLOCATE_QUEUE, { name: ALLOCATE_QUEUE, policy: 'stately', ...DISPATCH_RETRY, retryDelay: 2, expireInSeconds: 60, retentionDays: 1 });
  await boss.createQueue(INTEGRATION_QUEUE, { name: INTEGRATION_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 60, retentionDays: 14 });
  await boss.createQueue(REBUILD_QUEUE, { name: REBUILD_QUEUE, ...DISPATCH_RETRY, expireInSeconds: 3600, retentionDays: 14 });
  return boss;
}

/**
 * pg-boss's fetch takes the due jobs of a queue in priority, created_on, id order, but its index is on
 * start_after, so every fetch sorted the whole due queue (300 ms at 100,000 due jobs on an idle machine,
 * about 1 s on a busy one). An index in the fetch's order lets it read the first jobs and stop (0.9 ms).
 * Created on the partitioned job table, so every queue's partition has it, the new ones too. Processes
 * starting together take turns (advisory lock); the index exists after the first start.
 */
async function ensureFetchIndex(boss: PgBoss): Promise<void> {
  await boss.getDb().executeSql(`begin;
    select pg_advisory_xact_lock(7357040);
    create index if not exists job_fetch_order on pgboss.job (name, priority desc, created_on, id) include (start_after) where state < 'active';
    commit;`, []);
}

/** pg-boss runs its insert on the caller's transaction connection. */
const inTransaction = (trx: Db) => ({
  executeSql: async (text: string, values: unknown[]) => {
    const r = await trx.executeQuery(CompiledQuery.raw(text, values));
    return { rows: r.rows as unknown[] };
  },
});

/**
 * pg-boss's own job INSERT statement, with its input (`json_to_recordset($1)`, a json array of jobs)
 * replaced by a SQL expression and its other parameters (its configured defaults) numbered from
 * `offset + 1`: the same columns, defaults and queue policies as boss.insert, inside another statement.
 * `jobs` gets the first parameter number free after pg-boss's own, for the expression's `extra` values.
 */
export function bossInsertSql(boss: PgBoss, offset: number, jobs: (next: number) => string, extra: unknown[]): Statement {
  const captured = bossInsert(boss, []);
  const input = 'json_to_recordset($1)';
  if (captured.sql.split(input).length !== 2) throw new Error('pg-boss insert statement not recognised (pg-boss upgraded?)');
  const own = captured.parameters.slice(1);
  const [head, tail] = captured.sql.split(input).map((part) => part.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) - 1 + offset}`));
  return { sql: `${head}json_to_recordset(${jobs(offset + own.length + 1)})${tail}`, parameters: [...own, ...extra] };
}

/** boss.insert's statement for `jobs`, to send as nilai sends its own (boss.insert hands it to `executeSql` at once, before any await of its own). */
function bossInsert(boss: PgBoss, jobs: PgBoss.JobInsert[]): Statement {
  let captured: Statement | undefined;
  void boss.insert(jobs, { db: { executeSql: async (text: string, values: unknown[]) => ((captured = { name: 'nilai_boss_insert', sql: text, parameters: values }), { rows: [] }) } });
  if (!captured) throw new Error('pg-boss insert statement not handed over at once (pg-boss upgraded?)');
  return captured;
}

export function bossJobs(boss: PgBoss, retry: RetryPolicy = DISPATCH_RETRY): Jobs {
  /** Sends one job to `queue` in `trx`, and wakes the queue's workers at commit (jobs/wakeups.ts). */
  const send = async (trx: Db, queue: string, data: object, options: PgBoss.SendOptions = {}) => {
    await boss.send(queue, data, { ...retry, ...options, db: inTransaction(trx) });
    await announce(trx, [queue]);
  };
  return {
    async enqueueDispatch(trx, invitationId, startAfter) {
      await boss.send(DISPATCH_QUEUE, { invitationId } satisfies DispatchJob, { startAfter, singletonKey: invitationId, ...retry, db: inTransaction(trx) });
      // A survey due later is found by polling; waking the workers now would find nothing.
      if (startAfter.getTime() <= Date.now()) await announce(trx, [DISPATCH_QUEUE]);
    },
    sendDispatches(send, list) {
      if (!list.length) return Promise.resolve();
      const answer = send(bossInsert(boss, list.map(({ invitationId, startAfter }) => ({ name: DISPATCH_QUEUE, data: { invitationId } satisfies DispatchJob, startAfter, singletonKey: invitationId, ...retry }))));
      const now = Date.now();
      // A survey due later is found by polling; waking the workers now would find nothing.
      return list.some((d) => d.startAfter.getTime() <= now) ? Promise.all([answer, send(wakeStatement([DISPATCH_QUEUE]))]) : answer;
    },
    enqueueReminder: (trx, invitationId) => send(trx, DISPATCH_QUEUE, { invitationId, reminder: true } satisfies DispatchJob, { singletonKey: `reminder:${invitationId}` }),
    enqueueAlert: (trx, deliveryId) => send(trx, ALERT_QUEUE, { deliveryId } satisfies AlertJob, { singletonKey: deliveryId }),
    // No singleton key: a second time-zone change during a rebuild must rebuild again.
    enqueueRollupRebuild: (trx, workspaceId) => send(trx, REBUILD_QUEUE, { workspaceId } satisfies RebuildJob),
    enqueueWebhook: (trx, deliveryId) => send(trx, WEBHOOK_QUEUE, { deliveryId } satisfies WebhookJob, { singletonKey: deliveryId }),
    enqueueReport: (trx, runId) => send(trx, REPORT_QUEUE, { runId } satisfies ReportJob, { singletonKey: runId }),
    enqueueInbound: (trx, webhookIds) => send(trx, INBOUND_QUEUE, { webhookIds } satisfies InboundJob),
    // One job for the webhooks of a statement (none when it stored none): a job per webhook was 0.37 ms
    // of PostgreSQL's 0.99 ms for a group of 16 (EXPLAIN ANALYZE).
    inboundJobsInsert: (ids, offset) => bossInsertSql(boss, offset,
      (options) => `coalesce((select json_build_array($${options}::jsonb || jsonb_build_object('data', jsonb_build_object('webhookIds', to_jsonb(g.ids)))) from (select ${ids} as ids) g where g.ids is not null), '[]')`,
      [JSON.stringify({ name: INBOUND_QUEUE, ...retry })]),
    enqueueInboxAction: (trx, actionId) => send(trx, INBOX_ACTION_QUEUE, { actionId } satisfies InboxActionJob, { singletonKey: actionId }),
    enqueueTicket: (trx, ticketId) => send(trx, TICKET_QUEUE, { ticketId }, { singletonKey: ticketId }),
    enqueueAllocation: (trx, workspaceId) => send(trx, ALLOCATE_QUEUE, { workspaceId } satisfies AllocateJob, { singletonKey: workspaceId, retryDelay: 2 }),
    enqueueIntegration: (trx, deliveryId) => send(trx, INTEGRATION_QUEUE, { deliveryId } satisfies IntegrationJob, { singletonKey: deliveryId }),
  };
}

/** `pg_notify` for these queues in `trx`: PostgreSQL delivers it at commit, to every process listening. */
async function announce(trx: Db, queues: string[]): Promise<void> {
  await trx.executeQuery(CompiledQuery.raw(notifySql, [queues]));
}
