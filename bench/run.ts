/**
 * `npm run bench`: every benchmark in turn. BENCH_SECONDS sets the length of each load measurement,
 * BENCH_EXPORT_ROWS the export size, BENCH_RESPONSES the reports data set (10 million by default: about
 * 30 minutes on 2 cores, mostly building the rollups), BENCH_FLAT_EVENTS the events of the flat-cost bench.
 */
import { spawnSync } from 'node:child_process';

for (const file of ['bench/events.ts', 'bench/flat-cost.ts', 'bench/survey-page.ts', 'bench/webhooks.ts', 'bench/crash-duplicates.ts', 'bench/export.ts', 'bench/reports.ts', 'bench/widget-size.ts']) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
