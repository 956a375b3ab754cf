/**
 * Longest files first, by the durations in test/durations.json (seconds, from a whole run on an idle
 * machine), so three workers finish together instead of one running a long file alone at the end.
 * Vitest's own order needs the results cache of an earlier run, which a clean clone (CI) does not have;
 * there it would sort by file size, and the slowest files (the CLI tests that start servers) are small.
 * Files not in the list run first, as vitest runs files it has never timed. Refresh the list with
 * `npx vitest run --reporter=json --outputFile=/tmp/run.json && npx tsx scripts/test-durations.ts /tmp/run.json`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { ROOT } from '../../src/lib/root.js';

export const DURATIONS_FILE = path.join(ROOT, 'test', 'durations.json');

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Record<string, number>;
    const weight = (f: TestSpecification) => seconds[path.relative(ROOT, f.moduleId).split(path.sep).join('/')] ?? Infinity;
    const base = await super.sort(files);
    // Array.prototype.sort is stable: files of equal weight keep vitest's order.
    return [...base].sort((a, b) => weight(b) - weight(a));
  }
}
