/** `npm run bench`: every benchmark in turn (BENCH_SECONDS sets the length of each measurement). */
import { spawnSync } from 'node:child_process';

for (const file of ['bench/events.ts', 'bench/survey-page.ts']) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
