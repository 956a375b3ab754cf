/**
 * `npm run bench`: every benchmark in turn, then one table of the issue-18 paths: each measured value
 * next to its baseline from the same run and its goal. BENCH_SECONDS sets the length of each load
 * measurement, BENCH_EXPORT_ROWS the export size, BENCH_RESPONSES the reports data set (10 million by
 * default: about 30 minutes on 2 cores, mostly building the rollups), BENCH_INVITATIONS the dispatch
 * size (100,000), BENCH_FLAT_EVENTS the events of the flat-cost bench (5,000). BENCH_ONLY=events,survey-page runs a subset. Benchmarks that another change may add
 * (bench/flat-cost.ts) run when their file exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ALL = ['events', 'flat-cost', 'survey-page', 'webhooks', 'dispatch', 'broadcast', 'crash-duplicates', 'export', 'reports', 'widget-size'];
const only = process.env.BENCH_ONLY?.split(',');
const results = path.join(mkdtempSync(path.join(os.tmpdir(), 'nilai-bench-')), 'results.jsonl');
for (const name of ALL.filter((n) => !only || only.includes(n))) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) continue;
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: results } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

interface Row { path: string; nilai: string; baseline: string; value: number; unit?: string; goal: string; pass: boolean }
const rows: Row[] = existsSync(results) ? readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const table = [['path', 'nilai', 'baseline (same run)', 'ratio', 'goal', ''], ...rows.map((r) => [
  r.path, r.nilai, r.baseline, r.unit ? `${r.value.toFixed(1)}${r.unit}` : r.value.toFixed(3), r.goal, r.pass ? 'met' : 'NOT MET',
])];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
console.log(`\nissue 18 goals (${os.cpus().length} cores; ratios within one run)`);
for (const row of table) console.log('  ' + row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
