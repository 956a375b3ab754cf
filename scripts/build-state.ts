/** What the build scripts share: whether an output is newer than its sources, and running one as a command. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest modification time in `path` (a file, or a directory and everything under it); 0 when missing. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** True when `output` exists and is no older than every one of `sources`. */
export function isCurrent(output: string, sources: string[]): boolean {
  return existsSync(output) && statSync(output).mtimeMs >= Math.max(...sources.map(newest));
}

/** Runs `build` when the module at `moduleUrl` is the script Node was started with (`--force` passed on); a failure is one line on stderr and exit 1. */
export function runAsScript(moduleUrl: string, build: (force: boolean) => void): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  try {
    build(process.argv.includes('--force'));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
