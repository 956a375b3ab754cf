/** Runs the real CLI as `npm start` does (the build of src/cli/main.ts, scripts/build-server.ts) as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/lib/free-port.js';
import { SERVER_MAIN } from '../../scripts/build-server.js';
export { freePort };

const ROOT = path.resolve(import.meta.dirname, '../..');
// Built by the global setup (test/helpers/global-setup.ts) when src/ changed.
const ARGS = ['--enable-source-maps', SERVER_MAIN];

export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nilai-data-'));
  await chmod(dir, 0o755); // reachable by the postgres user when tests run as root
  return dir;
}


export interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `serve` and resolves once it prints that it is running. With `ownProcessGroup` the server
 * leads a process group of its own, which `signalGroup` signals as a terminal's Ctrl-C does. `nodeArgs`
 * go to node before the script (e.g. `--cpu-prof`).
 */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000, ownProcessGroup = false, nodeArgs: string[] = []): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, ...ARGS, 'serve'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: ownProcessGroup });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), timeoutMs);
    const check = () => {
      if (out.includes('nilai is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

/** Sends `signal` to every process in the server's group (started with `ownProcessGroup`). */
export function signalGroup(server: Server, signal: NodeJS.Signals): void {
  process.kill(-server.child.pid!, signal);
}

/**
 * Stops a server started with `ownProcessGroup`: SIGTERM (its orderly shutdown), then after at most 20 s
 * SIGKILL to everything left in its process group.
 */
export async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
  try {
    process.kill(-server.child.pid!, 'SIGKILL');
  } catch {
    // the group is gone
  }
  await server.exited;
}

/** The lines a server logged at level error (pino level 50) or above. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((line) => {
    const level = /^\{"level":(\d+)/.exec(line)?.[1];
    return level !== undefined && Number(level) >= 50;
  });
}

/** Runs a CLI command to completion. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
