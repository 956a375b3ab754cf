/**
 * One running nilai: HTTP app, job system and workers on one database. `serve` and the integration
 * tests both start nilai through here, so tests exercise the real wiring.
 */
import type { FastifyInstance } from 'fastify';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Mailer } from '../channels/email/mailer.js';
import { ADAPTERS } from '../channels/registry.js';
import { buildApp, type AppConfig } from '../http/app.js';
import { bossJobs, startBoss, type RetryPolicy } from '../jobs/queue.js';
import { listenForWakeups, type Wakeups } from '../jobs/wakeups.js';
import { startWorkers, type Workers } from '../jobs/workers.js';
import { deriveKeys } from '../lib/keys.js';
import { Metrics } from '../lib/metrics.js';
import { createDb, type Db } from '../store/db.js';

export interface InstanceOptions {
  databaseUrl: string;
  appKey: string;
  config: AppConfig;
  log: Logger;
  /** Run the job workers in this process (default true). */
  workers?: boolean;
  pollingIntervalSeconds?: number;
  sweepIntervalMs?: number;
  /** How often scheduled reports are checked for a due period (default 60 s). */
  scheduleIntervalMs?: number;
  /** Retry policy of survey sends (tests shorten it). */
  dispatchRetry?: RetryPolicy;
  /** Outgoing email (alerts); null when SMTP is not configured. */
  mailer?: Mailer | null;
}

export interface Instance {
  app: FastifyInstance;
  db: Db;
  boss: PgBoss;
  /**
   * Stops in the order that leaves nothing using what is already gone: HTTP stops accepting and finishes
   * its requests (which may enqueue jobs), the workers and the send loop finish the jobs in progress,
   * then the job system and last the pool. The caller stops the database after this.
   */
  close(): Promise<void>;
}

export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const db = createDb(o.databaseUrl);
  const keys = deriveKeys(o.appKey);
  const boss = await startBoss(o.databaseUrl, o.log);
  const jobs = bossJobs(boss, o.dispatchRetry);
  const metrics = new Metrics();
  const app = await buildApp({ db, config: o.config, keys, jobs, metrics });
  let workers: Workers | null = null;
  let wakeups: Wakeups | null = null;
  if (o.workers !== false) {
    wakeups = listenForWakeups(o.databaseUrl, o.log);
    workers = await startWorkers(boss, { db, keys, publicUrl: o.config.publicUrl, eventWindow: o.config.eventWindow, adapters: ADAPTERS, log: o.log, mailer: o.mailer ?? null, jobs, metrics, wakeups }, { pollingIntervalSeconds: o.pollingIntervalSeconds, sweepIntervalMs: o.sweepIntervalMs, scheduleIntervalMs: o.scheduleIntervalMs, sendConcurrency: o.config.sendConcurrency, keyedSendConcurrency: o.config.keyedSendConcurrency, availabilityPollMs: o.config.chatwootAvailabilityPollSeconds !== undefined ? o.config.chatwootAvailabilityPollSeconds * 1000 : undefined });
  }
  return {
    app,
    db,
    boss,
    async close() {
      await app.close();
      await workers?.stop();
      await wakeups?.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
      await db.destroy();
    },
  };
}
