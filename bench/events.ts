/**
 * Events ingested per second by `POST /api/v1/events`, single and batched, against a raw batched SQL
 * insert of the same rows into the same table in the same run (the floor PostgreSQL itself sets).
 * Every conversation gets opened, customer message, agent message, resolved, so a quarter of the
 * events schedule a survey (invitation + job in the same transaction).
 * BENCH_PGSS=1 loads pg_stat_statements and prints, after each nilai run, its statements by total time and
 * what nilai's connections waited on (pg_stat_activity sampled every 20 ms): the profile of the database side.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { fmt, result, startBench, startProfile } from './lib.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
// BENCH_PGSS=1: pg_stat_statements loaded, and after each nilai run its statements by total time.
const PGSS = process.env.BENCH_PGSS === '1';
const b = await startBench(PGSS ? { postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] } : {});
if (PGSS) await b.nilai.db.executeQuery(sql`create extension if not exists pg_stat_statements`.compile(b.nilai.db));

/** The statements of the last run by total time (calls, ms, ms per call), then resets the counts. */
async function topStatements(label: string) {
  if (!PGSS) return;
  console.log(`\n  waits sampled every 20 ms, ${label}:`);
  for (const [k, n] of [...waits].sort((x, y) => y[1] - x[1]).slice(0, 10)) console.log(`  ${String(n).padStart(6)}  ${k}`);
  waits.clear();
  const { rows } = await sql<{ calls: string; total: number; mean: number; query: string }>`
    select calls, total_exec_time as total, mean_exec_time as mean, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 150) as query
    from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 15`.execute(b.nilai.db);
  console.log(`\n  top statements, ${label}:`);
  for (const r of rows) console.log(`  ${String(r.calls).padStart(7)} calls ${r.total.toFixed(0).padStart(7)} ms ${r.mean.toFixed(2).padStart(7)} ms/call  ${r.query}`);
  await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
}
const channel = await (await fetch(`${b.url}/api/v1/channels`, {
  method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } }),
})).json() as { id: string };

let counter = 0;
const TYPES = [['conversation.opened', null], ['message.created', 'customer'], ['message.created', 'agent'], ['conversation.resolved', null]] as const;
function nextEvent() {
  const n = counter++;
  const conv = Math.floor(n / 4);
  const [type, sender] = TYPES[n % 4]!;
  return {
    id: `ev-${n}`, type, occurredAt: new Date(Date.now() - 60_000 + (n % 4) * 1000).toISOString(),
    conversation: { id: `c-${conv}`, channelId: channel.id, contact: { id: `k-${conv}`, locale: 'id' } },
    ...(sender && { message: { sender } }),
  };
}

async function run(batch: number, connections: number, seconds = DURATION) {
  const start = counter;
  const gc = b.nilai.app.groupCommit;
  const before = { ...gc.stats, ...gc.waits };
  const profile = batch === 1 ? await startProfile() : null;
  const r = await autocannon({
    url: `${b.url}/api/v1/events`, connections, duration: seconds,
    requests: [{
      method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
      setupRequest: (req) => ({ ...req, body: JSON.stringify(batch === 1 ? nextEvent() : Array.from({ length: batch }, nextEvent)) }),
    }],
  });
  await profile?.();
  if (r.non2xx) throw new Error(`${r.non2xx} non-2xx answers`);
  const events = r.requests.total * batch;
  const units = gc.stats.units - before.units;
  const groups = { commits: gc.stats.groups - before.groups, units, fallbacks: gc.stats.fallbacks - before.fallbacks, queuedMs: (gc.waits.queuedMs - before.queuedMs) / Math.max(1, units), committedMs: (gc.waits.committedMs - before.committedMs) / Math.max(1, units) };
  return { events, perSecond: events / seconds, p50: r.latency.p50, p99: r.latency.p99, sent: counter - start, groups };
}

/** The same rows straight into `events` with one multi-row INSERT per 1,000 (no HTTP, no state). */
async function rawInsert(total: number) {
  const client = new pg.Client({ connectionString: b.databaseUrl });
  await client.connect();
  const conv = (await client.query(`select id from conversations limit 1`)).rows[0].id;
  const t0 = performance.now();
  for (let done = 0; done < total; done += 1000) {
    const ids = Array.from({ length: Math.min(1000, total - done) }, (_, i) => `raw-${done + i}`);
    await client.query(
      `insert into events (workspace_id, event_id, conversation_id, type, occurred_at, payload)
       select $1, id, $2, 'message.created', now(), jsonb_build_object('id', id) from unnest($3::text[]) as id`,
      [b.workspaceId, conv, ids],
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return total / seconds;
}

/** The floor for one event per request: one single-row INSERT and its COMMIT per request, 8 clients at once (connected before the clock starts). */
const oneRowClients: pg.Client[] = [];
let oneRowId = 0;
async function singleRowCommits(seconds: number, clients: number) {
  const conv = (await b.nilai.db.selectFrom('conversations').select('id').limit(1).executeTakeFirstOrThrow()).id;
  while (oneRowClients.length < clients) {
    const client = new pg.Client({ connectionString: b.databaseUrl });
    await client.connect();
    oneRowClients.push(client);
  }
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(oneRowClients.slice(0, clients).map(async (client) => {
    while (performance.now() < end) {
      await client.query(`insert into events (workspace_id, event_id, conversation_id, type, occurred_at, payload) values ($1, $2, $3, 'message.created', now(), '{}')`, [b.workspaceId, `one-${oneRowId++}`, conv]);
      n++;
    }
  }));
  return n / seconds;
}

/** What nilai's connections wait on (pg_stat_activity, sampled), by wait event and statement. */
const waits = new Map<string, number>();
if (PGSS) {
  await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
  const sampler = new pg.Client({ connectionString: b.databaseUrl });
  sampler.on('error', () => undefined); // the cluster stops at the end with this client still open
  await sampler.connect();
  const timer = setInterval(() => {
    sampler.query(`select coalesce(wait_event_type || ':' || wait_event, 'cpu') as w, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 60) as q
      from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and backend_type = 'client backend'`).then((r) => {
      for (const row of r.rows) waits.set(`${row.w}  ${row.q}`, (waits.get(`${row.w}  ${row.q}`) ?? 0) + 1);
    }, () => undefined);
  }, 20);
  timer.unref();
}
// Single events and their floor (single-row commits) in alternating 1 s slices, so the shared machine's
// load weighs on both alike; the rates are over all slices, the latencies the median of the slices'.
// One event first: a conversation for the single-row inserts to point at, and nilai's caches warm.
const warm = await fetch(`${b.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify(nextEvent()) });
if (!warm.ok) throw new Error(`warm-up event: ${warm.status}`);
const slices: Awaited<ReturnType<typeof run>>[] = [];
let oneRowTotal = 0;
for (let i = 0; i < DURATION; i++) {
  slices.push(await run(1, 8, 1));
  oneRowTotal += await singleRowCommits(1, 8);
}
const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const sumOf = (f: (g: (typeof slices)[number]['groups']) => number) => slices.reduce((n, s) => n + f(s.groups), 0);
const units = sumOf((g) => g.units);
const single = {
  perSecond: slices.reduce((n, s) => n + s.events, 0) / DURATION, p50: median(slices.map((s) => s.p50)), p99: median(slices.map((s) => s.p99)),
  groups: { commits: sumOf((g) => g.commits), units, fallbacks: sumOf((g) => g.fallbacks), queuedMs: sumOf((g) => g.queuedMs * g.units) / Math.max(1, units), committedMs: sumOf((g) => g.committedMs * g.units) / Math.max(1, units) },
};
const oneRow = oneRowTotal / DURATION;
await topStatements('1 per request');
// The batched requests start at a conversation's first event: a conversation split over two requests
// sent at once makes the second wait for the first's commit (its contact's row lock), and with every
// request offset alike each waits for the one before it (measured: 36 ms per batch waiting on that lock,
// 0.078 of raw instead of 0.2; bench/events-batched-profile.ts starts aligned too).
counter = Math.ceil(counter / 4) * 4;
const batched = await run(100, 4);
await topStatements('100 per request');
const raw = await rawInsert(Math.max(20_000, batched.events));
console.log(`\nevents intake (${DURATION} s each, 2 cores, embedded PostgreSQL, workers off)`);
console.log(`  single event per request, 8 connections : ${fmt(single.perSecond)} events/s (p99 ${single.p99} ms)`);
console.log(`  100 events per request, 4 connections   : ${fmt(batched.perSecond)} events/s (p99 ${batched.p99} ms)`);
console.log(`  raw batched SQL insert of the same rows  : ${fmt(raw)} rows/s`);
console.log(`  single-row INSERT + COMMIT, 8 clients   : ${fmt(oneRow)} rows/s (in 1 s slices alternating with the single events)`);
console.log(`  ratio single / raw  = ${(single.perSecond / raw).toFixed(3)}`);
console.log(`  ratio single / single-row commits = ${(single.perSecond / oneRow).toFixed(3)}`);
console.log(`  ratio batched / raw = ${(batched.perSecond / raw).toFixed(3)}`);
console.log(`  single event latency: p50 ${single.p50} ms, p99 ${single.p99} ms`);
const g = single.groups;
console.log(`  group commit, single events: ${fmt(g.commits)} commits for ${fmt(g.units)} events (${(g.units / Math.max(1, g.commits)).toFixed(1)} per commit), ${g.fallbacks} fallbacks; an event waited ${g.queuedMs.toFixed(1)} ms for its group to start, ${g.committedMs.toFixed(1)} ms until its commit`);
result({ path: 'POST /api/v1/events, 100 per request', nilai: `${fmt(batched.perSecond)} events/s`, baseline: `raw batched INSERT ${fmt(raw)} rows/s`, value: batched.perSecond / raw, goal: '≥ 0.25', pass: batched.perSecond / raw >= 0.25 });
result({ path: 'POST /api/v1/events, 1 per request, 8 conn.', nilai: `${fmt(single.perSecond)} events/s (p50 ${single.p50} ms, p99 ${single.p99} ms)`, baseline: `raw batched INSERT ${fmt(raw)} rows/s`, value: single.perSecond / raw, goal: '≥ 0.05', pass: single.perSecond / raw >= 0.05 });
result({ path: '  same, against single-row INSERT + COMMIT', nilai: `${fmt(single.perSecond)} events/s`, baseline: `${fmt(oneRow)} rows/s, 8 clients`, value: single.perSecond / oneRow, goal: '≥ 0.5', pass: single.perSecond / oneRow >= 0.5 });
for (const client of oneRowClients) await client.end();
const inv = await b.nilai.db.selectFrom('invitations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
console.log(`  invitations scheduled during the run: ${fmt(Number(inv.n))}`);
await b.close();
