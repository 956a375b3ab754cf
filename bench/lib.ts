/** Shared bench setup: a throwaway embedded PostgreSQL and a nilai instance on it. */
import type autocannon from 'autocannon';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';
import pino from 'pino';
import { freePort } from '../src/lib/free-port.js';
import { startInstance, type Instance } from '../src/runtime/instance.js';
import { migrate } from '../src/store/migrate.js';
import { startScratchPostgres } from '../src/store/scratch-postgres.js';
import { createToken } from '../src/store/tokens.js';
import { createWorkspace } from '../src/store/workspaces.js';

export { freePort };

export interface Bench {
  url: string;
  databaseUrl: string;
  nilai: Instance;
  token: string;
  workspaceId: string;
  appKey: string;
  close(): Promise<void>;
}

/** A throwaway PostgreSQL with an empty database `nilai`. */
export async function scratchDatabase(prefix = 'nilai-bench-', extraFlags: string[] = []): Promise<{ databaseUrl: string; stop(): Promise<void> }> {
  const server = await startScratchPostgres({ prefix, extraFlags });
  const admin = new pg.Client({ connectionString: `${server.serverUrl}/postgres` });
  await admin.connect();
  await admin.query('create database nilai');
  await admin.end();
  return { databaseUrl: `${server.serverUrl}/nilai`, stop: () => server.stop() };
}

export async function startBench(opts: { workers?: boolean; /** PostgreSQL settings (`-c`, `name=value`), e.g. to load pg_stat_statements. */ postgresFlags?: string[] } = {}): Promise<Bench> {
  const server = await scratchDatabase(undefined, opts.postgresFlags);
  const { databaseUrl } = server;
  await migrate(databaseUrl);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const appKey = 'bench-application-key-0123456789abcdef';
  const nilai = await startInstance({
    databaseUrl, appKey, log: pino({ level: 'silent' }),
    config: { publicUrl: url, cookieSecure: false, logLevel: 'silent' }, workers: opts.workers ?? false,
  });
  await nilai.app.listen({ port, host: '127.0.0.1' });
  const ws = await createWorkspace(nilai.db, { slug: 'bench', name: 'Bench' });
  const { token } = await createToken(nilai.db, ws.id, { name: 'bench', role: 'admin' });
  return {
    url, databaseUrl, nilai, token, workspaceId: ws.id, appKey,
    close: async () => {
      await nilai.close();
      await server.stop();
    },
  };
}

export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/**
 * One row of the final table `npm run bench` prints (bench/run.ts): appended as a JSON line to the file
 * named by BENCH_RESULTS, when set. `value` is what is compared with the goal; `pass` says whether it meets it.
 */
export function result(row: { path: string; nilai: string; baseline: string; value: number; unit?: string; goal: string; pass: boolean }): void {
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, JSON.stringify(row) + '\n');
}

export interface Load {
  /** Requests per second over all the slices. */
  rate: number;
  /** Latency percentiles (ms): the median of the slices' own. */
  p50: number;
  p99: number;
  non2xx: number;
  requests: number;
  /** CPU time of this process (nilai and the load generator) per request, µs: what the load on the machine moves least. */
  cpuPerRequest: number;
}

/**
 * Measures two loads in alternating slices (A, B, A, B …, `seconds` each in total), so a change in what
 * else the shared machine runs weighs on both sides of the ratio alike instead of on whichever ran first.
 */
export async function alternate(a: (seconds: number) => Promise<autocannon.Result>, b: (seconds: number) => Promise<autocannon.Result>, seconds: number, slices = Math.max(1, Math.round(seconds / 2))): Promise<[Load, Load]> {
  const runs: [autocannon.Result[], autocannon.Result[]] = [[], []];
  const cpu = [0, 0];
  const slice = Math.max(1, Math.round(seconds / slices));
  const timed = async (side: 0 | 1, run: typeof a) => {
    const before = process.cpuUsage();
    const profile = side === 0 ? await startProfile() : null;
    runs[side].push(await run(slice));
    await profile?.();
    const used = process.cpuUsage(before);
    cpu[side]! += used.user + used.system;
  };
  for (let i = 0; i < slices; i++) {
    await timed(0, a);
    await timed(1, b);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const sum = (rs: autocannon.Result[], side: 0 | 1): Load => {
    const requests = rs.reduce((n, r) => n + r.requests.total, 0);
    return {
      rate: requests / rs.reduce((t, r) => t + r.duration, 0),
      p50: median(rs.map((r) => r.latency.p50)),
      p99: median(rs.map((r) => r.latency.p99)),
      non2xx: rs.reduce((n, r) => n + r.non2xx, 0),
      requests,
      cpuPerRequest: cpu[side]! / Math.max(1, requests),
    };
  };
  return [sum(runs[0], 0), sum(runs[1], 1)];
}

let profiles = 0;
/**
 * BENCH_CPU_PROFILE=dir: a CPU profile of this process (nilai and the load generator) while `work`
 * runs, written to dir/slice-N.cpuprofile (open in Chrome DevTools, or sum the self times): unlike
 * `node --cpu-prof`, without the start, the seeding and the baseline. Answers the function that stops it.
 */
export async function startProfile(): Promise<(() => Promise<void>) | null> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // BENCH_CPU_PROFILE_US: the sampling interval (µs; V8's default is 1,000), finer for short slices.
  if (process.env.BENCH_CPU_PROFILE_US) await session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_CPU_PROFILE_US) });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/slice-${++profiles}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * CPU seconds the PostgreSQL server has used so far (Linux /proc): the postmaster with its ended
 * children, plus the live backends. Null where /proc is not readable.
 */
export async function postgresCpuSeconds(db: import('../src/store/db.js').Db): Promise<number | null> {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { sql } = await import('kysely');
  try {
    const pidFile = (await sql<{ t: string }>`select pg_read_file('postmaster.pid') as t`.execute(db)).rows[0]!.t;
    const pm = Number(pidFile.split('\n')[0]);
    const stat = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, 'utf8').slice(readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
    // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14); ticks of 1/100 s
    const own = stat(pm);
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const s = stat(pid);
        if (Number(s[1]) === pm) ticks += Number(s[11]) + Number(s[12]);
      } catch { /* ended meanwhile */ }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}
