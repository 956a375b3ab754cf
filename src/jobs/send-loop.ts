/**
 * Survey sends, at most `concurrency` at a time in a process. A job is claimed only when a slot is free
 * (so nothing waits claimed behind other sends) and completed as soon as its own send is recorded, not
 * when a whole batch is done. This is what bounds the surveys a crash can send twice: the sends open
 * at the moment of a SIGKILL, whose answers the dead process never recorded, are at most `concurrency`
 * (a pg-boss batch of 25 × 2 loops sent up to 50 at once). With the provider answering in L seconds,
 * a process sends at most concurrency / L surveys a second.
 */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { redactSecrets } from '../lib/redact.js';

export interface SendLoop {
  /** Claims no more jobs and waits for the sends in progress to finish. */
  stop(): Promise<void>;
}

export function startSendLoop<T extends object>(
  boss: PgBoss,
  queue: string,
  o: { concurrency: number; pollingIntervalMs: number; log: Logger },
  handle: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): SendLoop {
  const running = new Set<Promise<void>>();
  const runningIds = new Set<string>();
  let stopping = false;
  let wake: (() => void) | null = null;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = ms > 0 ? setTimeout(() => { wake = null; resolve(); }, ms) : null;
    wake = () => { if (timer) clearTimeout(timer); wake = null; resolve(); };
  });

  const run = async (job: PgBoss.JobWithMetadata<T>) => {
    try {
      await handle(job);
      await boss.complete(queue, job.id);
    } catch (err) {
      await boss.fail(queue, job.id, { message: redactSecrets((err as Error).message) }).catch((e: Error) => o.log.error({ err: e, jobId: job.id }, 'could not mark a job failed; pg-boss retries it once it expires'));
    }
  };

  const loop = (async () => {
    while (!stopping) {
      const free = o.concurrency - running.size;
      if (free <= 0) {
        await pause(0); // until a send finishes
        continue;
      }
      let jobs: PgBoss.JobWithMetadata<T>[] = [];
      try {
        jobs = (await boss.fetch<T>(queue, { batchSize: free, includeMetadata: true })) ?? [];
      } catch (err) {
        o.log.error({ err, queue }, 'claiming jobs failed');
      }
      for (const job of jobs) {
        // A send slower than the job's expiry (timeouts plus a Retry-After waited in place) comes back as
        // a retry of the same job while it is still being sent here: the running send completes it.
        if (runningIds.has(job.id)) continue;
        runningIds.add(job.id);
        const p = run(job).finally(() => {
          running.delete(p);
          runningIds.delete(job.id);
          wake?.();
        });
        running.add(p);
      }
      // Fewer jobs than free slots: the queue is empty for now.
      if (jobs.length < free && !stopping) await pause(o.pollingIntervalMs);
    }
    await Promise.all(running);
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
