/**
 * The batched half of bench/events.ts (100 events per request, 4 connections) alone, for profiling:
 * ROUNDS rounds of nilai then the raw batched INSERT (a ratio per round), with the node CPU per event
 * (server and load generator: this process). BENCH_PGSS=1 adds, per round, pg_stat_statements' top-level
 * statement time per 100-event batch, the statements by total time (BRIEF=1: only the per-batch figure)
 * and what nilai's connections waited on, with the statements of the sessions blocking them. Run it on
 * two checkouts in turn (A/B/A/B) to compare changes: `BENCH_PGSS=1 ROUNDS=1 npx tsx bench/events-batched-profile.ts`.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { fmt, startBench } from './lib.js';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PGSS = process.env.BENCH_PGSS === '1';
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const b = await startBench(PGSS ? { postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all', '-c', 'pg_stat_statements.track_planning=on'] } : {});
if (PGSS) await b.nilai.db.executeQuery(sql`create extension if not exists pg_stat_statements`.compile(b.nilai.db));
const channel = await (await fetch(`${b.url}/api/v1/channels`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } }) })).json() as { id: string };
let counter = 0;
const TYPES = [['conversation.opened', null], ['message.created', 'customer'], ['message.created', 'agent'], ['conversation.resolved', null]] as const;
function nextEvent() {
  const n = counter++; const conv = Math.floor(n / 4); const [type, sender] = TYPES[n % 4]!;
  return { id: `ev-${n}`, type, occurredAt: new Date(Date.now() - 60_000 + (n % 4) * 1000).toISOString(), conversation: { id: `c-${conv}`, channelId: channel.id, contact: { id: `k-${conv}`, locale: 'id' } }, ...(sender && { message: { sender } }) };
}
const waits = new Map<string, number>();
if (PGSS) {
  const sampler = new pg.Client({ connectionString: b.databaseUrl }); sampler.on('error', () => undefined); await sampler.connect();
  setInterval(() => {
    sampler.query(`select coalesce(a.wait_event_type || ':' || a.wait_event, 'cpu') as w, left(regexp_replace(a.query, '[[:space:]]+', ' ', 'g'), 50) as q,
      (select string_agg(left(regexp_replace(x.query, '[[:space:]]+', ' ', 'g'), 40) || ' [' || x.state || ']', ' | ') from pg_stat_activity x where x.pid = any(pg_blocking_pids(a.pid))) as blk
      from pg_stat_activity a where a.state = 'active' and a.pid <> pg_backend_pid() and a.backend_type = 'client backend'`).then((r) => {
      for (const row of r.rows) { const k = `${row.w}  ${row.q}${row.blk ? '  <= ' + row.blk : ''}`; waits.set(k, (waits.get(k) ?? 0) + 1); }
    }, () => undefined);
  }, 20).unref();
}
async function top() {
  if (!PGSS) return;
  const t = await sql<{ ms: number; plan: number; batches: string }>`select sum(total_exec_time) filter (where toplevel) as ms, sum(total_plan_time) filter (where toplevel) as plan, max(calls) filter (where query like 'insert into "events"%' or query like 'with k as%insert into events%') as batches from pg_stat_statements where query not ilike '%pg_stat%' and query not ilike '%pgboss.job WHERE (state%'`.execute(b.nilai.db);
  console.log(`  DB top-level statement time per 100-event batch: ${(t.rows[0]!.ms / Number(t.rows[0]!.batches)).toFixed(1)} ms executing, ${(t.rows[0]!.plan / Number(t.rows[0]!.batches)).toFixed(1)} ms planning, over ${t.rows[0]!.batches} batches`);
  if (process.env.BRIEF) { waits.clear(); await sql`select pg_stat_statements_reset()`.execute(b.nilai.db); return; }
  for (const [k, n] of [...waits].sort((x, y) => y[1] - x[1]).slice(0, 12)) console.log(`  ${String(n).padStart(6)}  ${k}`);
  waits.clear();
  const { rows } = await sql<{ calls: string; plans: string; total: number; mean: number; plan: number; query: string }>`select calls, plans, total_exec_time as total, mean_exec_time as mean, mean_plan_time as plan, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) as query from pg_stat_statements where query not ilike '%pg_stat%' order by total_exec_time desc limit 18`.execute(b.nilai.db);
  for (const r of rows) console.log(`  ${String(r.calls).padStart(7)} calls ${r.total.toFixed(0).padStart(7)} ms ${r.mean.toFixed(2).padStart(7)} ms/call ${r.plan.toFixed(2).padStart(6)} ms plan × ${r.plans}  ${r.query}`);
  await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
}
async function run(batch: number, connections: number) {
  const r = await autocannon({ url: `${b.url}/api/v1/events`, connections, duration: DURATION, requests: [{ method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify(Array.from({ length: batch }, nextEvent)) }) }] });
  if (r.non2xx) throw new Error(`${r.non2xx} non-2xx`);
  return r.requests.total * batch / DURATION;
}
/** CPU seconds of every PostgreSQL process so far (Linux /proc; exited backends are not counted, and nilai's connections live through a run). */
function postgresCpu(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* gone */ }
  }
  return ticks / 100;
}
let rawN = 0;
async function rawInsert(total: number) {
  const client = new pg.Client({ connectionString: b.databaseUrl }); await client.connect();
  const conv = (await client.query(`select id from conversations limit 1`)).rows[0].id;
  const t0 = performance.now();
  for (let done = 0; done < total; done += 1000) {
    const ids = Array.from({ length: Math.min(1000, total - done) }, () => `raw-${rawN++}`);
    await client.query(`insert into events (workspace_id, event_id, conversation_id, type, occurred_at, payload) select $1, id, $2, 'message.created', now(), jsonb_build_object('id', id) from unnest($3::text[]) as id`, [b.workspaceId, conv, ids]);
  }
  const s = (performance.now() - t0) / 1000; await client.end(); return total / s;
}
if (process.env.WARM) {
  // As a database autovacuum has seen: some traffic, then ANALYZE (prepared statements replan on new statistics).
  await autocannon({ url: `${b.url}/api/v1/events`, connections: 4, duration: Number(process.env.WARM), requests: [{ method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify(Array.from({ length: 100 }, nextEvent)) }) }] });
  await sql`analyze`.execute(b.nilai.db);
}
if (PGSS) await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
const ratios: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpu();
  const n = await run(100, 4);
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = postgresCpu() - pg0;
  console.log(`  CPU per 100-event batch: node (server + load generator) ${((cpu.user + cpu.system) / (n * DURATION / 100) / 1000).toFixed(1)} ms, PostgreSQL ${(pgCpu * 1e3 / (n * DURATION / 100)).toFixed(1)} ms`);
  await top();
  const raw = await rawInsert(Math.max(20_000, n * DURATION));
  ratios.push(n / raw);
  console.log(`round ${i}: nilai ${fmt(n)} events/s, raw ${fmt(raw)} rows/s, ratio ${(n / raw).toFixed(3)}`);
}
console.log(`ratios ${ratios.map((r) => r.toFixed(3)).join(' ')} median-ish ${ratios.sort()[Math.floor(ratios.length / 2)]!.toFixed(3)}`);
await b.close();
