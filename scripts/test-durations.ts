/** Writes test/durations.json (each test file's seconds) from a vitest JSON report; see test/helpers/sequencer.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT as root } from '../src/lib/root.js';
import { DURATIONS_FILE } from '../test/helpers/sequencer.js';

const report = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as { testResults: { name: string; startTime: number; endTime: number }[] };
const rows = report.testResults
  .map((f) => [path.relative(root, f.name).split(path.sep).join('/'), Math.round((f.endTime - f.startTime) / 100) / 10] as const)
  .sort((a, b) => b[1] - a[1]);
writeFileSync(DURATIONS_FILE, `${JSON.stringify(Object.fromEntries(rows), null, 1)}\n`);
process.stdout.write(`wrote ${rows.length} durations to ${path.relative(process.cwd(), DURATIONS_FILE)}\n`);
