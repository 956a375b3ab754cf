/**
 * A task run every `ms` by one process: a round starts only when the previous one has finished (a slow
 * database does not pile rounds up), its failure is logged, and `stop()` waits for a round in progress,
 * so nothing queries the pool after the process has closed it.
 */
import type { Logger } from 'pino';

export interface Periodic {
  stop(): Promise<void>;
}

export function every(ms: number, what: string, log: Logger, task: () => Promise<unknown>): Periodic {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = task().then(() => undefined, (err: unknown) => log.error({ err }, `${what} failed`)).finally(() => { running = null; });
  }, ms);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
