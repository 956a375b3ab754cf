/**
 * The embedded PostgreSQL under DATA_DIR (used when DATABASE_URL is not set).
 *
 * DATA_DIR/
 *   pg/               the PostgreSQL cluster
 *   secrets.json      generated once: the database password (mode 0600)
 *   nilai.lock        {pid, pgPort} of the nilai process that runs the cluster now
 *
 * One process owns the cluster. `serve` refuses to start when another live process owns it; other CLI
 * commands connect to the running cluster instead of starting a second one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type { Logger } from 'pino';
import { freePort } from '../lib/free-port.js';
import { loadEmbeddedPostgres, spawningDetached } from './load-embedded-postgres.js';

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`The data directory ${dataDir} is in use by another nilai process (pid ${pid}). Stop it first, or set DATA_DIR to another directory.`);
    this.name = 'DataDirInUseError';
  }
}

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

interface LockInfo {
  pid: number;
  pgPort: number;
}

const DATABASE = 'nilai';
const USER = 'postgres';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}


export interface DataDirSecrets {
  pgPassword: string;
  /** The application key, used when NILAI_SECRET_KEY is not set. */
  appKey: string;
}

/** Secrets generated once into DATA_DIR/secrets.json (mode 0600); missing ones are added. */
export async function dataDirSecrets(dataDir: string): Promise<DataDirSecrets> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secrets.json');
  const existing = (await readJson<Partial<DataDirSecrets>>(file)) ?? {};
  if (existing.pgPassword && existing.appKey) return existing as DataDirSecrets;
  const complete = {
    pgPassword: existing.pgPassword ?? randomBytes(24).toString('base64url'),
    appKey: existing.appKey ?? randomBytes(32).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(complete, null, 2), { mode: 0o600 });
  return complete;
}

/** A postgres left running by a nilai process that was killed: stop it before starting ours. */
async function stopOrphanedPostgres(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  log.warn({ pid }, 'stopping a PostgreSQL left running by an earlier nilai process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) throw new Error(`PostgreSQL (pid ${pid}) in ${pgDir} did not stop; stop it by hand.`);
}

/** The uid and gid of the system user `postgres`, or null before embedded-postgres has created it. */
async function postgresIds(): Promise<{ uid: number; gid: number } | null> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '');
  const line = passwd.split('\n').find((l) => l.startsWith(`${USER}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : null;
}

/**
 * As root, PostgreSQL runs as the system user `postgres`, which must be able to enter DATA_DIR and every
 * directory above it: otherwise initdb fails deep inside with a permission error. `mktemp -d` makes a
 * directory of mode 0700, which root can use and postgres cannot.
 */
async function checkReachableByPostgres(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const pg = await postgresIds();
  for (let dir = path.resolve(dataDir); ; dir = path.dirname(dir)) {
    const { mode, uid, gid } = await stat(dir);
    const enters = (mode & 0o001) !== 0 || (pg !== null && ((uid === pg.uid && (mode & 0o100) !== 0) || (gid === pg.gid && (mode & 0o010) !== 0)));
    if (!enters) {
      const seen = `Started as root, the embedded PostgreSQL runs as the user "postgres", which cannot enter ${dir} (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`;
      throw new Error(dir === path.resolve(dataDir)
        ? `${seen}: run "chmod 755 ${dir}" (or "chown postgres ${dir}"), or set DATA_DIR to another directory, or run nilai as a regular user.`
        : `${seen}, a directory above DATA_DIR: set DATA_DIR to a directory it can reach (for example /var/lib/nilai), or run nilai as a regular user.`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * Waits (5 s at most) until no other session is connected. A pool's end() resolves once its clients are
 * told to close, before their connections are gone; stopped right then, postgres' fast shutdown would cut
 * those connections, and their owners (pg-boss's pool) report "terminating connection due to
 * administrator command" on an orderly shutdown.
 */
async function untilSessionsEnd(client: pg.Client, log: Logger): Promise<void> {
  try {
    await client.connect();
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()");
      if (rows[0]!.n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    log.warn('stopping the embedded PostgreSQL with sessions still connected');
  } catch (err) {
    log.debug({ err: (err as Error).message }, 'could not count the sessions before stopping PostgreSQL');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts (or, for `mode: 'client'`, reuses when running) the embedded cluster in `dataDir`.
 * `serve` uses mode 'owner': a live owner elsewhere is an error.
 */
export async function openEmbedded(dataDir: string, log: Logger, mode: 'owner' | 'client'): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  await checkReachableByPostgres(dataDir);
  const lockFile = path.join(dataDir, 'nilai.lock');
  const { pgPassword } = await dataDirSecrets(dataDir);
  const urlFor = (port: number) => `postgres://${USER}:${encodeURIComponent(pgPassword)}@127.0.0.1:${port}/${DATABASE}`;

  const lock = await readJson<LockInfo>(lockFile);
  if (lock && lock.pid !== process.pid && alive(lock.pid)) {
    if (mode === 'owner') throw new DataDirInUseError(dataDir, lock.pid);
    return { url: urlFor(lock.pgPort), owned: false, stop: async () => undefined };
  }

  const pgPort = await freePort();
  // 'wx' fails if another process created the lock between our read and now.
  if (lock) await unlink(lockFile).catch(() => undefined);
  try {
    await writeFile(lockFile, JSON.stringify({ pid: process.pid, pgPort } satisfies LockInfo), { flag: 'wx' });
  } catch {
    const other = await readJson<LockInfo>(lockFile);
    throw new DataDirInUseError(dataDir, other?.pid ?? 0);
  }
  const releaseLock = () => unlink(lockFile).catch(() => undefined);

  try {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pgDir = path.join(dataDir, 'pg');
    const isRoot = process.getuid?.() === 0;
    const pg = new EmbeddedPostgres({
      databaseDir: pgDir,
      user: USER,
      password: pgPassword,
      port: pgPort,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
      onLog: (m: string) => log.debug({ pg: m.trim() }, 'postgres'),
      onError: (m: unknown) => log.debug({ pg: String(m).trim() }, 'postgres'),
    });
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log.info({ pgDir }, 'initialising the embedded PostgreSQL cluster');
      await pg.initialise();
    } else {
      await stopOrphanedPostgres(pgDir, log);
    }
    await spawningDetached(() => pg.start()).catch(() => {
      throw new Error(`The embedded PostgreSQL in ${pgDir} did not start; run with LOG_LEVEL=debug to see its log.`);
    });
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`create database ${DATABASE}`);
    await client.end();
    return {
      url: urlFor(pgPort),
      owned: true,
      stop: async () => {
        await untilSessionsEnd(pg.getPgClient('postgres', '127.0.0.1'), log);
        await pg.stop();
        await releaseLock();
      },
    };
  } catch (err) {
    await releaseLock();
    throw err;
  }
}

