/**
 * Dispatch throughput: BENCH_INVITATIONS (100,000 by default) survey invitations due at once, sent through
 * a web channel to a fake receiver on 127.0.0.1 that answers at once. One invitation comes from real
 * events (POST /api/v1/events); the rest are copies of it made in SQL (same conversation, contact and
 * settings version, own id and token hash) with their dispatch jobs inserted through pg-boss, so the run
 * times sending, not intake. Reports the time from the first send to the last, sends per second and
 * duplicates (the receiver counts each `webhook-id`, `inv_<invitation id>`). Goal: ≤ 60 s, 0 duplicates.
 * BENCH_SEND_CONCURRENCY and BENCH_WEB_SEND_CONCURRENCY override NILAI_SEND_CONCURRENCY's and
 * NILAI_WEB_SEND_CONCURRENCY's defaults (10 sends open per process, besides 100 web callbacks). BENCH_PGSS=1
 * prints the statements of the sending by total time. CPU per send is reported for nilai, PostgreSQL and
 * the receiver (a process of its own, bench/dispatch-receiver.ts): all three share the machine.
 * BENCH_FETCH_PROBE=1 samples, every 5 s, the dispatch fetch's read of its index (EXPLAIN (ANALYZE,
 * BUFFERS) of pg-boss's due-order select, without its locks) and the index's live and dead entries
 * (pgstattuple): whether entries of jobs already taken pile up at the head of the due order.
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import { DISPATCH_QUEUE } from '../src/jobs/queue.js';
import { fmt, postgresCpuSeconds, result, startBench } from './lib.js';

const TOTAL = Number(process.env.BENCH_INVITATIONS ?? 100_000);
// BENCH_PGSS=1: pg_stat_statements loaded, and the statements of the sending printed by total time.
const PGSS = process.env.BENCH_PGSS === '1';
const PROBE = process.env.BENCH_FETCH_PROBE === '1';
let probeReady = false;
interface Received { distinct: number; duplicates: number; first: number; last: number; cpuMs: number }
// The receiver runs in a process of its own, so its CPU is counted apart from nilai's.
const receiver = fork(new URL('./dispatch-receiver.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
const rxPort = await new Promise<number>((r) => receiver.once('message', (m: { port: number }) => r(m.port)));
const received = () => new Promise<Received>((r) => {
  receiver.once('message', (m: Received) => r(m));
  receiver.send({ report: true });
});

const b = await startBench(PGSS ? { workers: false, postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] } : { workers: false });
if (PGSS) await sql`create extension if not exists pg_stat_statements`.execute(b.nilai.db);
const post = (path: string, body: unknown) =>
  fetch(`${b.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
const channel = await post('/api/v1/channels', { name: 'Web', type: 'web', config: { callbackUrl: `http://127.0.0.1:${rxPort}/hook` } });
const at = (s: number) => new Date(Date.now() - 120_000 + s * 1000).toISOString();
const conversation = { id: 'd1', channelId: channel.id, contact: { id: 'k1', locale: 'id' } };
await post('/api/v1/events', [
  { id: 'e1', type: 'conversation.opened', occurredAt: at(0), conversation },
  { id: 'e2', type: 'message.created', occurredAt: at(1), conversation, message: { sender: 'customer' } },
  { id: 'e3', type: 'message.created', occurredAt: at(2), conversation, message: { sender: 'agent' } },
  { id: 'e4', type: 'conversation.resolved', occurredAt: at(3), conversation },
]);
const db = b.nilai.db;
const template = await db.selectFrom('invitations').select('id').executeTakeFirstOrThrow();
// The real invitation's own job goes; every invitation (it too) gets one job below.
await sql`delete from pgboss.job where name = ${DISPATCH_QUEUE}`.execute(db);
await sql`update invitations set send_after = now() where id = ${template.id}`.execute(db);
const t0 = performance.now();
const ids: string[] = [template.id];
for (let done = 1; done < TOTAL; done += 10_000) {
  const n = Math.min(10_000, TOTAL - done);
  const rows = await sql<{ id: string }>`
    insert into invitations (workspace_id, conversation_id, contact_id, channel_id, token_hash, survey_types, settings_version, language, trigger, status, send_after, expires_at, agent_id, division_id, tags)
    select i.workspace_id, i.conversation_id, i.contact_id, i.channel_id, decode(md5(i.id::text || (g + ${done})::text), 'hex'), i.survey_types, i.settings_version, i.language, i.trigger, i.status, i.send_after, i.expires_at, i.agent_id, i.division_id, i.tags
    from invitations i, generate_series(0, ${n - 1}) g where i.id = ${template.id} returning id`.execute(db);
  ids.push(...rows.rows.map((r) => r.id));
}
for (let i = 0; i < ids.length; i += 5000) {
  await b.nilai.boss.insert(ids.slice(i, i + 5000).map((invitationId) => ({ name: DISPATCH_QUEUE, data: { invitationId }, singletonKey: invitationId })));
}
const seeded = (performance.now() - t0) / 1000;

// The workers start now, on a queue of TOTAL due jobs.
const { startWorkers } = await import('../src/jobs/workers.js');
const { ADAPTERS } = await import('../src/channels/registry.js');
const { bossJobs } = await import('../src/jobs/queue.js');
const { deriveKeys } = await import('../src/lib/keys.js');
const { Metrics } = await import('../src/lib/metrics.js');
const pino = (await import('pino')).default;
if (PGSS) await sql`select pg_stat_statements_reset()`.execute(db);
const rx0 = await received();
const pg0 = await postgresCpuSeconds(db);
const cpu0 = process.cpuUsage();
const start = Date.now();
const workers = await startWorkers(b.nilai.boss, { db, keys: deriveKeys(b.appKey), publicUrl: b.url, adapters: ADAPTERS, log: pino({ level: 'silent' }), mailer: null, jobs: bossJobs(b.nilai.boss), metrics: new Metrics() }, { pollingIntervalSeconds: 0.5, ...(process.env.BENCH_SEND_CONCURRENCY && { sendConcurrency: Number(process.env.BENCH_SEND_CONCURRENCY) }), ...(process.env.BENCH_WEB_SEND_CONCURRENCY && { keyedSendConcurrency: Number(process.env.BENCH_WEB_SEND_CONCURRENCY) }) });
const deadline = start + 30 * 60_000;
let rx = rx0;
let probedAt = start;
while (rx.distinct < TOTAL && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 200));
  rx = await received();
  if (PROBE && Date.now() - probedAt >= 5_000) {
    probedAt = Date.now();
    console.log(`  ${((probedAt - start) / 1000).toFixed(0).padStart(4)} s, ${fmt(rx.distinct).padStart(7)} sent: ${await probeFetch()}`);
  }
}
const cpu = process.cpuUsage(cpu0);
const pg1 = await postgresCpuSeconds(db);
const seconds = (rx.last - start) / 1000;
const { duplicates } = rx;
const stored = await db.selectFrom('invitations').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
const perSend = (ms: number) => `${((ms * 1000) / TOTAL).toFixed(0)} µs`;
const nilaiMs = (cpu.user + cpu.system) / 1000;
const rxMs = rx.cpuMs - rx0.cpuMs;
const pgMs = pg0 === null || pg1 === null ? null : (pg1 - pg0) * 1000;
const machine = (ms: number) => `${((ms / 1000 / seconds / os.cpus().length) * 100).toFixed(0)} % of the machine`;
console.log(`\ndispatch (${fmt(TOTAL)} due invitations, web channel, receiver on 127.0.0.1 answering at once; seeded in ${seeded.toFixed(1)} s; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
console.log(`  all sent in ${seconds.toFixed(1)} s from the workers' start (first send after ${((rx.first - start) / 1000).toFixed(1)} s): ${fmt(TOTAL / seconds)} sends/s`);
console.log(`  received ${fmt(rx.distinct)} distinct, ${fmt(duplicates)} duplicates; invitations: ${stored.map((s) => `${s.status} ${fmt(Number(s.n))}`).join(', ')}`);
console.log(`  CPU per send: nilai ${perSend(nilaiMs)} (${machine(nilaiMs)}), PostgreSQL ${pgMs === null ? '?' : `${perSend(pgMs)} (${machine(pgMs)})`}, receiver ${perSend(rxMs)} (${machine(rxMs)})`);
if (PGSS) {
  const { rows } = await sql<{ calls: string; total: number; mean: number; query: string }>`
    select calls, total_exec_time as total, mean_exec_time as mean, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 150) as query
    from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 20`.execute(db);
  console.log('  top statements while sending:');
  for (const r of rows) console.log(`  ${String(r.calls).padStart(7)} calls ${r.total.toFixed(0).padStart(7)} ms ${r.mean.toFixed(2).padStart(7)} ms/call  ${r.query}`);
}
/** The fetch's index read now (time, buffers, rows) and its index's entries (live, dead). */
async function probeFetch(): Promise<string> {
  if (!probeReady) {
    await sql`create extension if not exists pgstattuple`.execute(db);
    probeReady = true;
  }
  const { rows: [plan] } = await sql<{ 'QUERY PLAN': any }>`explain (analyze, buffers, format json)
    select id from pgboss.job where name = ${DISPATCH_QUEUE} and state < 'active' and start_after < now() order by priority desc, created_on, id limit 500`.execute(db);
  const p = plan!['QUERY PLAN'][0];
  // job_fetch_order is on the partitioned table: its partitions' indexes are its children; the dispatch queue's is the largest.
  const { rows: [ix] } = await sql<{ live: number; dead: number; pages: number }>`
    select s.tuple_count as live, s.dead_tuple_count as dead, s.table_len / 8192 as pages
    from pg_inherits h, pgstattuple(h.inhrelid) s
    where h.inhparent = 'pgboss.job_fetch_order'::regclass
    order by s.table_len desc limit 1`.execute(db);
  const node = (n: any): any => (n['Node Type'] === 'Index Scan' || n['Node Type'] === 'Index Only Scan' ? n : (n.Plans ?? []).map(node).find(Boolean));
  const scan = node(p.Plan);
  const shape = (n: any): string => [n['Node Type'] + (n['Index Name'] ? ` ${n['Index Name'].slice(-12)}` : ''), ...(n.Plans ?? []).map(shape)].join(' > ');
  return `fetch ${p['Execution Time'].toFixed(1)} ms, ${p.Plan['Shared Hit Blocks'] + (p.Plan['Shared Read Blocks'] ?? 0)} buffers, ${p.Plan['Actual Rows']} rows${scan?.['Index Name']?.includes('priority') ? ' in due order' : ` (${shape(p.Plan)})`}; job_fetch_order ${ix ? `${fmt(Number(ix.live))} entries (${fmt(Number(ix.dead))} dead), ${fmt(Number(ix.pages))} pages` : '?'}`;
}
result({ path: `dispatch, ${fmt(TOTAL)} due invitations`, nilai: `${seconds.toFixed(1)} s, ${fmt(TOTAL / seconds)} sends/s, ${duplicates} duplicates`, baseline: '—', value: seconds, unit: ' s', goal: '≤ 60 s, 0 duplicates', pass: rx.distinct === TOTAL && duplicates === 0 && seconds <= 60 });
await workers.stop();
await b.close();
receiver.send({ stop: true });
