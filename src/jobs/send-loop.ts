/**
 * Survey sends in batches, with at most `concurrency` sends open in a process: a send is open from the
 * moment it starts until its result is committed. That is what bounds the surveys a crash can send
 * twice (the provider has them, the dead process never recorded them): at most `concurrency`. Around
 * that bound everything is batched so the database costs little per send:
 *
 * - jobs are fetched in one call for the free slots plus a lookahead (the sends recorded in the last
 *   second, at least the loop's capacity, at most 500: one fetch per second of sends), and claimed in one
 *   transaction (`claim`); a claimed send waiting for a slot is no risk (nothing went out: its retry
 *   sends it once), and one that waited longer than `maxWaitMs` is left to pg-boss's expiry and retry
 *   rather than sent late (by then another process may hold its job);
 * - sends that finish while a record is being committed are recorded together by the next (`record`,
 *   one transaction), so a slot is free again one commit after its send answered;
 * - jobs are completed (and retries failed) in one call per record, after the commit: a job that comes
 *   back meanwhile finds its send recorded and sends nothing.
 *
 * With the provider answering in L seconds a process sends at most concurrency / (L + one commit)
 * surveys a second. Sends whose receiver drops a repeat by its key (h.lane names them) have a bound of
 * their own (`lanes`): a crash repeating them costs nothing, so more of them may be open at once.
 */
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { redactSecrets } from '../lib/redact.js';

export interface SendLoop {
  /** Looks for due jobs now instead of at the end of the polling interval (a job was committed). */
  wake(): void;
  /** Claims no more jobs and waits for the sends claimed to be sent and recorded. */
  stop(): Promise<void>;
}

type Job<T extends object> = PgBoss.JobWithMetadata<T>;

/** The most sends claimed ahead of free slots. */
const MAX_LOOKAHEAD = 500;

export interface SendBatches<T extends object, S, R> {
  /** Claims fetched jobs together: the send to make for each job id listed; the other jobs are done. */
  claim(jobs: Job<T>[]): Promise<Map<string, S>>;
  /** The lane of a send whose bound is in `lanes` (none: `concurrency`). */
  lane?(s: S): string | undefined;
  /** One send (no database write). Never throws: a failure is part of its result. */
  send(job: Job<T>, s: S): Promise<R>;
  /** Records answered sends together; returns the jobs to fail, with the message (pg-boss retries them). */
  record(done: { job: Job<T>; s: S; r: R }[]): Promise<Map<string, string>>;
}

export function startSendLoop<T extends object, S, R>(
  boss: PgBoss,
  queue: string,
  o: { concurrency: number; /** Sends open at once per lane (h.lane), besides `concurrency`. */ lanes?: Record<string, number>; lookahead?: number; pollingIntervalMs: number; maxWaitMs?: number; log: Logger },
  h: SendBatches<T, S, R>,
): SendLoop {
  // The lookahead follows the sends recorded in the last second: one fetch per second of sends (pg-boss's
  // fetch reads an index in its order, jobs/queue.ts ensureFetchIndex; it used to sort the whole due queue).
  const recent = [0, 0];
  let second = Math.floor(performance.now() / 1000);
  const countRecorded = (n: number) => {
    const now = Math.floor(performance.now() / 1000);
    if (now !== second) [recent[0], recent[1]] = now === second + 1 ? [recent[1]!, 0] : [0, 0];
    second = now;
    recent[1]! += n;
  };
  const capacity = o.concurrency + Object.values(o.lanes ?? {}).reduce((a, n) => a + n, 0);
  const lookaheadNow = () => o.lookahead ?? Math.min(MAX_LOOKAHEAD, Math.max(capacity, recent[0]!, recent[1]!));
  const laneOf = (s: S) => {
    const lane = h.lane?.(s);
    return lane !== undefined && o.lanes?.[lane] !== undefined ? lane : '';
  };
  const limitOf = (lane: string) => (lane ? o.lanes![lane]! : o.concurrency);
  /** Sends open per lane ('' : the `concurrency` bound). */
  const openIn = new Map<string, number>();
  const maxWaitMs = o.maxWaitMs ?? 5_000;
  /** Jobs held here (claimed, waiting, sending or recording), by id: a job handed back meanwhile is not taken again. */
  const held = new Set<string>();
  const ready: { job: Job<T>; s: S; at: number }[] = [];
  const answered: { job: Job<T>; s: S; r: R; lane: string }[] = [];
  const settling = new Set<Promise<void>>();
  let open = 0;
  let recording: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  // A poke while the loop is not paused (say, a job committed during a fetch that ran before it) makes
  // the next pause return at once, so it is never lost.
  let poked = false;
  const poke = () => {
    poked = true;
    wake?.();
  };
  const pause = (ms: number) => new Promise<void>((resolve) => {
    if (poked) {
      poked = false;
      return resolve();
    }
    const timer = setTimeout(() => { wake = null; resolve(); }, ms);
    wake = () => { clearTimeout(timer); wake = null; poked = false; resolve(); };
  });

  const track = (p: Promise<void>) => {
    settling.add(p);
    void p.finally(() => settling.delete(p));
  };
  /** Completes (or fails) jobs after their sends are recorded or decided; then they may come back. */
  const settle = (done: string[], failed: Map<string, string>) => {
    const work = (async () => {
      if (done.length) {
        await boss.complete(queue, done).catch((err: Error) => o.log.error({ err, queue }, 'could not complete jobs; pg-boss hands them back once they expire, and their sends are recorded'));
      }
      await Promise.all([...failed].map(([id, message]) =>
        boss.fail(queue, id, { message: redactSecrets(message) }).catch((e: Error) => o.log.error({ err: e, jobId: id }, 'could not mark a job failed; pg-boss retries it once it expires'))));
      for (const id of [...done, ...failed.keys()]) held.delete(id);
    })();
    track(work);
  };

  const startSends = () => {
    const now = performance.now();
    let kept = 0;
    for (const next of ready) {
      if (now - next.at > maxWaitMs) {
        held.delete(next.job.id); // its job expires and comes back as a retry; its claim (`sending`) holds nothing
        continue;
      }
      const lane = laneOf(next.s);
      const inLane = openIn.get(lane) ?? 0;
      if (inLane >= limitOf(lane)) {
        ready[kept++] = next;
        continue;
      }
      open++;
      openIn.set(lane, inLane + 1);
      void h.send(next.job, next.s).then((r) => {
        answered.push({ job: next.job, s: next.s, r, lane });
        recordAnswered();
      });
    }
    ready.length = kept;
  };

  const recordAnswered = () => {
    if (recording || !answered.length) return;
    const batch = answered.splice(0);
    recording = (async () => {
      let failed: Map<string, string>;
      try {
        failed = await h.record(batch);
      } catch (err) {
        // Not recorded: their retries send them again (the same as a crash at this point).
        o.log.error({ err, queue, jobs: batch.length }, 'recording sends failed');
        failed = new Map(batch.map((b) => [b.job.id, `recording the send failed: ${(err as Error).message}`]));
      }
      open -= batch.length;
      for (const b of batch) openIn.set(b.lane, openIn.get(b.lane)! - 1);
      countRecorded(batch.length);
      settle(batch.map((b) => b.job.id).filter((id) => !failed.has(id)), failed);
      startSends();
      poke();
    })().finally(() => {
      recording = null;
      recordAnswered();
    });
  };

  const loop = (async () => {
    while (!stopping) {
      countRecorded(0);
      const room = capacity + lookaheadNow() - open - ready.length;
      if (room <= 0) {
        await pause(o.pollingIntervalMs); // until a record frees slots
        continue;
      }
      let jobs: Job<T>[] = [];
      try {
        jobs = (await boss.fetch<T>(queue, { batchSize: room, includeMetadata: true })) ?? [];
      } catch (err) {
        o.log.error({ err, queue }, 'claiming jobs failed');
      }
      // A send slower than the job's expiry comes back as a retry of the same job while it is still held here.
      const fresh = jobs.filter((j) => !held.has(j.id));
      for (const j of fresh) held.add(j.id);
      if (fresh.length) {
        try {
          const sends = await h.claim(fresh);
          const at = performance.now();
          for (const job of fresh) {
            const s = sends.get(job.id);
            if (s !== undefined) ready.push({ job, s, at });
          }
          settle(fresh.filter((j) => !sends.has(j.id)).map((j) => j.id), new Map());
          startSends();
        } catch (err) {
          o.log.error({ err, queue, jobs: fresh.length }, 'claiming sends failed');
          settle([], new Map(fresh.map((j) => [j.id, (err as Error).message])));
        }
      }
      // Fewer jobs than room: the queue is empty for now.
      if (jobs.length < room && !stopping) await pause(o.pollingIntervalMs);
    }
    // The claimed sends go out; then every record and completion is awaited.
    startSends();
    while (ready.length || open > 0 || recording) await pause(10);
    while (settling.size) await Promise.all(settling);
  })();

  return {
    wake: poke,
    async stop() {
      stopping = true;
      poke();
      await loop;
    },
  };
}
