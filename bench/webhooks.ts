/**
 * Provider webhooks: how fast nilai acknowledges a verified Telegram update (check the secret header,
 * store the body and its job in one transaction) against a bare Fastify route that only parses the same
 * JSON; then how fast the workers drain the stored updates (parse, look for an open survey, record).
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { alternate, fmt, freePort, result, startBench } from './lib.js';
import pino from 'pino';
import { bossJobs } from '../src/jobs/queue.js';
import { deriveKeys } from '../src/lib/keys.js';
import { processWebhooks } from '../src/services/inbound-webhooks.js';
import { getChannelForSending } from '../src/store/channels.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
// BENCH_PGSS=1: pg_stat_statements loaded, and the statements of the webhook slices printed by total time.
const PGSS = process.env.BENCH_PGSS === '1';
const b = await startBench(PGSS ? { workers: false, postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] } : { workers: false });
if (PGSS) await sql`create extension if not exists pg_stat_statements`.execute(b.nilai.db);
const channel = await fetch(`${b.url}/api/v1/channels`, {
  method: 'POST',
  headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Telegram', type: 'telegram', config: { apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { botToken: '7012345678:AAH-bench-token-abcdefghijklmnop', webhookSecret: 'bench-secret' } }),
}).then((r) => r.json() as Promise<any>);
if (!(await getChannelForSending(b.nilai.db, channel.id))) throw new Error('channel not created');

let updateId = 0;
const update = () => JSON.stringify({ update_id: ++updateId, message: { message_id: updateId, from: { id: 4242, first_name: 'Rina' }, chat: { id: 4242 + (updateId % 500), type: 'private' }, date: 1795440000, text: 'halo' } });
const load = (url: string, headers: Record<string, string>) => (duration: number) =>
  autocannon({
    url, method: 'POST', connections: 16, duration, headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: update() }) }],
  });

const bare = Fastify();
bare.post('/bare', async () => ({ received: true, duplicate: false }));
const barePort = await freePort();
await bare.listen({ port: barePort, host: '127.0.0.1' });

// Alternating slices of nilai and the baseline, so the shared machine's load weighs on both alike.
if (PGSS) await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
const [hook, baseline] = await alternate(load(`${b.url}/webhooks/telegram/${channel.id}`, { 'x-telegram-bot-api-secret-token': 'bench-secret' }), load(`http://127.0.0.1:${barePort}/bare`, {}), DURATION);
if (hook.non2xx) throw new Error(`${hook.non2xx} non-2xx webhook answers`);
const groups = { ...b.nilai.app.groupCommit.stats };
const sizes = [...b.nilai.app.groupCommit.sizes];
const statements = PGSS ? (await sql<{ calls: string; total: number; mean: number; query: string }>`
    select calls, total_exec_time as total, mean_exec_time as mean, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) as query
    from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 12`.execute(b.nilai.db)).rows : [];
const waits = { ...b.nilai.app.groupCommit.waits };
const stored = Number((await b.nilai.db.selectFrom('inbound_webhooks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

// Drain: what a worker does per stored update (here: no survey open for the chat, so no reply to send),
// one after another, then in batches of 25 as the worker takes them (chats side by side, each in order).
const DRAIN = Math.min(Math.floor(stored / 2), 2000);
const ids = (await b.nilai.db.selectFrom('inbound_webhooks').select('id').orderBy('received_at').limit(2 * DRAIN).execute()).map((r) => r.id);
const deps = { db: b.nilai.db, keys: deriveKeys(b.appKey), jobs: bossJobs(b.nilai.boss), publicUrl: b.url, log: pino({ level: 'silent' }) };
let t0 = performance.now();
for (const id of ids.slice(0, DRAIN)) await processWebhooks(deps, [id]);
const drainRate = DRAIN / ((performance.now() - t0) / 1000);
t0 = performance.now();
const rest = ids.slice(DRAIN);
for (let i = 0; i < rest.length; i += 25) await processWebhooks(deps, rest.slice(i, i + 25));
const laneRate = rest.length / ((performance.now() - t0) / 1000);

console.log(`\nwebhooks (${DURATION} s each in alternating slices, 16 connections, 2 cores)`);
console.log(`  POST /webhooks/telegram : ${fmt(hook.rate)} req/s (p50 ${hook.p50} ms, p99 ${hook.p99} ms), ${fmt(stored)} updates stored`);
console.log(`  bare Fastify POST       : ${fmt(baseline.rate)} req/s (p50 ${baseline.p50} ms, p99 ${baseline.p99} ms)`);
const ratio = hook.rate / baseline.rate;
console.log(`  CPU of this process per request: ${fmt(hook.cpuPerRequest)} µs vs ${fmt(baseline.cpuPerRequest)} µs (nilai and the load generator; the bare route's load generator alike)`);
console.log(`  ratio                   = ${ratio.toFixed(3)}`);
console.log(`  group commit            : ${fmt(groups.groups)} commits for ${fmt(groups.units)} webhooks (${(groups.units / Math.max(1, groups.groups)).toFixed(1)} per commit), ${groups.fallbacks} fallbacks; per webhook ${(waits.queuedMs / Math.max(1, groups.units)).toFixed(1)} ms queued, ${(waits.committedMs / Math.max(1, groups.units)).toFixed(1)} ms until its commit`);
const sizeList = sizes.flatMap((n, size) => (n ? [`${size}×${n}`] : []));
console.log(`  group sizes (units×groups): ${sizeList.join(' ')}`);
for (const r of statements) console.log(`  ${String(r.calls).padStart(7)} calls ${r.total.toFixed(0).padStart(6)} ms ${r.mean.toFixed(3).padStart(7)} ms/call  ${r.query}`);
result({ path: 'POST /webhooks/telegram', nilai: `${fmt(hook.rate)} req/s (p50 ${hook.p50} ms, p99 ${hook.p99} ms)`, baseline: `bare Fastify POST ${fmt(baseline.rate)} req/s`, value: ratio, goal: '≥ 0.25', pass: ratio >= 0.25 });
console.log(`  drain, one after another: ${fmt(drainRate)} updates/s (${fmt(DRAIN)} updates)`);
console.log(`  drain, worker batches   : ${fmt(laneRate)} updates/s (${fmt(rest.length)} updates, 500 chats, 25 per batch)`);
await bare.close();
await b.close();
