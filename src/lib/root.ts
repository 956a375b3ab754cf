/**
 * nilai's own directory (where package.json, src/store/migrations and web/ are), found by walking up from
 * this module: the same answer when the TypeScript runs through tsx (src/lib/) and from the built
 * server (dist/server/, scripts/build-server.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'store', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`nilai's directory (with package.json and src/store/migrations) is not above ${from}.`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
