/**
 * Reports at scale: 10 million synthetic responses (3.4 M conversations × CSAT, CES, NPS) over 400 days,
 * 50 agents in 5 divisions, 6 channels, 4 tags. Times `GET /api/v1/reports/summary` grouped by channel
 * over 90 days and by agent over 30 days (served from the rollups) against the naive GROUP BY over the
 * raw tables computing the same scores, funnel and timing percentiles, in the same run.
 *
 * BENCH_RESPONSES (default 10,000,000) sets the size; BENCH_RUNS (default 11) the timed runs of each (medians);
 * BENCH_HOLD=1 keeps the database running at the end and prints its URL.
 */
import pg from 'pg';
import { result, fmt, startBench } from './lib.js';

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const CONVERSATIONS = Math.ceil(RESPONSES / 3);
const DAYS = 400;

// BENCH_PGSS=1: pg_stat_statements loaded (track=all, so the rebuild's statements show), and the statements of
// the rebuild and of the timed reports printed by total time.
const PGSS = !!process.env.BENCH_PGSS;
const b = await startBench(PGSS ? { postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'] } : {});
const ws = b.workspaceId;
const t0 = performance.now();
const step = (label: string, since: number) => console.log(`  ${label}: ${((performance.now() - since) / 1000).toFixed(1)} s`);
console.log(`loading ${fmt(RESPONSES)} responses (${fmt(CONVERSATIONS)} conversations) over ${DAYS} days…`);

const client = new pg.Client({ connectionString: b.databaseUrl });
await client.connect();
await client.query(`set maintenance_work_mem = '1GB'; set work_mem = '256MB'`);
await client.query(`insert into channels (workspace_id, name, type) select $1, 'Channel ' || i, (array['whatsapp','telegram','email','web','chatwoot','web'])[i] from generate_series(1, 6) i`, [ws]);
await client.query(`insert into users (workspace_id, name, email, role) select $1, 'Agent ' || i, 'agent' || i || '@bench.test', 'agent' from generate_series(1, 50) i`, [ws]);
await client.query(`insert into divisions (workspace_id, name) select $1, 'Division ' || i from generate_series(1, 5) i`, [ws]);
await client.query(`insert into contacts (workspace_id, external_id) values ($1, 'bench-contact')`, [ws]);
// Facts are loaded with triggers and foreign-key checks off (replica role); the rollups are built once after.
await client.query(`set session_replication_role = replica`);
let since = performance.now();
await client.query(`
  create temp table dims as
  select (select array_agg(id order by name) from channels where workspace_id = $1) ch,
         (select array_agg(id order by email) from users where workspace_id = $1 and role = 'agent') ag,
         (select array_agg(id order by name) from divisions where workspace_id = $1) dv,
         (select id from contacts where workspace_id = $1) ct`, [ws]);
await client.query(`
  insert into conversations (id, workspace_id, external_id, channel_id, contact_id, agent_id, division_id, tags, status, opened_at, resolved_at,
    first_customer_message_at, first_agent_response_at, frt_ms, frt_business_ms, art_ms, art_business_ms, resolution_ms, resolution_business_ms,
    sla_first_response_met, sla_resolution_met)
  select gen_random_uuid(), $1, 'c' || g, d.ch[1 + g % 6], d.ct, d.ag[1 + (g / 7) % 50], d.dv[1 + ((g / 7) % 50) % 5],
    case g % 5 when 0 then array[]::text[] when 1 then array['billing'] when 2 then array['refund'] when 3 then array['billing', 'vip'] else array['complaint'] end,
    'resolved', r - make_interval(secs => res), r, r - make_interval(secs => res), r - make_interval(secs => res - frt),
    frt * 1000::bigint, frt * 600::bigint, frt * 800::bigint, frt * 500::bigint, res * 1000::bigint, res * 700::bigint, frt < 600, res < 14400
  from dims d, generate_series(1, $2::int) g,
    lateral (select now() - make_interval(secs => (g::bigint * 86400 * ${DAYS} / $2::int)) as r,
                    (30 + (g::bigint * 7919) % 3600)::int as frt, (600 + (g::bigint * 104729) % 86400)::int as res) x`, [ws, CONVERSATIONS]);
step('conversations', since);
since = performance.now();
await client.query(`
  insert into invitations (id, workspace_id, conversation_id, contact_id, channel_id, token_hash, survey_types, settings_version, language, trigger, status,
    send_after, expires_at, sent_at, delivered_at, answered_at, created_at, agent_id, division_id, tags)
  select gen_random_uuid(), workspace_id, id, contact_id, channel_id, sha256(id::text::bytea), array['csat','ces','nps'], 1, 'id', 'resolve', 'answered',
    resolved_at, resolved_at + interval '24 hours', resolved_at, resolved_at, resolved_at + interval '5 minutes', resolved_at, agent_id, division_id, tags
  from conversations where workspace_id = $1`, [ws]);
step('invitations', since);
since = performance.now();
await client.query(`
  insert into responses (workspace_id, invitation_id, conversation_id, survey_type, score, scale_min, scale_max, language, settings_version,
    channel_id, agent_id, division_id, tags, contact_id, answered_at)
  select i.workspace_id, i.id, i.conversation_id, t.type,
    case t.type when 'csat' then 1 + (h % 5) when 'ces' then 1 + ((h / 5) % 5) else (h / 25) % 11 end,
    case t.type when 'nps' then 0 else 1 end, case t.type when 'nps' then 10 else 5 end, 'id', 1,
    i.channel_id, i.agent_id, i.division_id, i.tags, i.contact_id, i.answered_at
  from invitations i, lateral (select hashtext(i.id::text) & 2147483647 as h) x,
    (values ('csat'), ('ces'), ('nps')) t(type)
  where i.workspace_id = $1
  limit $2`, [ws, RESPONSES]);
step('responses', since);
await client.query(`set session_replication_role = origin`);
if (PGSS) await client.query(`create extension if not exists pg_stat_statements; select pg_stat_statements_reset()`);
if (process.env.BENCH_EXPLAIN) {
  // The plans of the rebuild's statements (auto_explain, sent to this client as notices).
  client.on('notice', (m) => console.log(m.message));
  await client.query(`load 'auto_explain'; set auto_explain.log_min_duration = 200; set auto_explain.log_analyze = on;
    set auto_explain.log_nested_statements = on; set client_min_messages = log`);
}
since = performance.now();
await client.query(`select nilai_rebuild_rollups($1)`, [ws]);
if (process.env.BENCH_EXPLAIN) await client.query(`set client_min_messages = notice; set auto_explain.log_min_duration = -1`);
const rebuildMs = performance.now() - since;
step('rollups built', since);
await client.query(`vacuum analyze`);
// The load's dirty pages written out now, so that the timed reports (and the naive queries) do not share
// the machine with the checkpoint that would otherwise follow the load.
await client.query(`checkpoint`);
const counts = (await client.query(`select (select count(*) from responses) r, (select count(*) from invitations) i, (select count(*) from conversations) c,
  (select count(*) from rollup_responses) rr, (select count(*) from rollup_conversations) rc, (select count(*) from rollup_invitations) ri`)).rows[0];
const [facts, rollupRows] = [Number(counts.r) + Number(counts.i) + Number(counts.c), Number(counts.rr) + Number(counts.rc) + Number(counts.ri)];
console.log(`  loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${fmt(Number(counts.r))} responses; rollup rows: responses ${fmt(Number(counts.rr))}, conversations ${fmt(Number(counts.rc))}, invitations ${fmt(Number(counts.ri))}`);
console.log(`  rollup rows / fact rows: ${fmt(rollupRows)} / ${fmt(facts)} (responses + invitations + conversations) = ${((100 * rollupRows) / facts).toFixed(1)} %, `
  + `/ responses alone ${((100 * rollupRows) / Number(counts.r)).toFixed(1)} %; rebuild ${(rebuildMs / 1000).toFixed(1)} s`);

const days = (n: number) => {
  const to = new Date();
  const from = new Date(to.getTime() - (n - 1) * 86400_000);
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
};

/**
 * Untimed runs first: a report sends its queries at once, so the first runs also open the pool's
 * connections, and each new backend plans its statements and loads its catalog caches (measured, agents
 * over 30 days at 10 M: 143, 71, 36, 31 ms, then 14–25 ms). A running server's pool is warm.
 */
const WARMUP = 5;

async function timeApi(groupBy: string, n: number) {
  const { from, to } = days(n);
  const url = `${b.url}/api/v1/reports/summary?from=${from}&to=${to}&groupBy=${groupBy}`;
  const times: number[] = [];
  let body: any;
  for (let i = 0; i < RUNS + WARMUP; i++) {
    const s = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${b.token}` } });
    body = await res.json();
    if (res.status !== 200) throw new Error(JSON.stringify(body));
    if (i >= WARMUP) times.push(performance.now() - s);
  }
  return { ms: median(times), groups: body.groups.length, csatN: body.overall.csat.n };
}

/** The naive way: the same scores, funnel and percentiles straight from the raw tables. */
async function timeNaive(dim: 'channel_id' | 'agent_id', n: number) {
  const { from, to } = days(n);
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const s = performance.now();
    await client.query(`select ${dim}, survey_type, score, count(*) from responses where workspace_id = $1 and answered_at >= $2::date and answered_at < $3::date + 1 group by 1, 2, 3`, [ws, from, to]);
    await client.query(`select ${dim}, status, count(*) from invitations where workspace_id = $1 and created_at >= $2::date and created_at < $3::date + 1 group by 1, 2`, [ws, from, to]);
    await client.query(`select ${dim}, percentile_cont(array[0.5, 0.9]) within group (order by frt_ms), percentile_cont(array[0.5, 0.9]) within group (order by resolution_ms),
      avg(frt_ms), avg(sla_first_response_met::int) from conversations where workspace_id = $1 and resolved_at >= $2::date and resolved_at < $3::date + 1 group by 1`, [ws, from, to]);
    if (i > 0) times.push(performance.now() - s);
  }
  return median(times);
}

function median(xs: number[]) {
  const s = [...xs].sort((a, c) => a - c);
  return s[Math.floor(s.length / 2)]!;
}

if (process.env.BENCH_EXPLAIN) {
  const { from, to } = days(90);
  for (const q of [
    `select channel_id, survey_type, scale_max, sum(counts[1]), sum(counts[6]) from rollup_responses where workspace_id = '${ws}' and grain = 2 and day between '${from}' and '${to}' group by 1,2,3`,
    `select channel_id, sum(n[1]), sum(sum_ms[1]) from rollup_conversations where workspace_id = '${ws}' and grain = 2 and day between '${from}' and '${to}' group by 1`,
    `select channel_id, sum(counts[1]) from rollup_invitations where workspace_id = '${ws}' and grain = 2 and day between '${from}' and '${to}' group by 1`,
    `select coalesce(c.agent_id, '${ws}'::uuid)::text as key, c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms from conversations c where c.workspace_id = '${ws}' and c.sample < 10 and c.resolved_at >= now() - interval '30 days'`,
  ]) console.log((await client.query('explain analyze ' + q)).rows.map((r: any) => r['QUERY PLAN']).join('\n'));
}
async function topStatements(label: string) {
  if (!PGSS) return;
  const r = await client.query(`select calls, round(total_exec_time)::int as ms, round(mean_exec_time::numeric, 2) as mean, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as q
    from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 12`);
  console.log(`  statements, ${label}:`);
  for (const x of r.rows) console.log(`    ${x.ms} ms, ${x.calls} calls, mean ${x.mean} ms: ${x.q}`);
  await client.query(`select pg_stat_statements_reset()`);
}
await topStatements('rebuild');
const byChannel = await timeApi('channel', 90);
const byAgent = await timeApi('agent', 30);
await topStatements('the reports (both, runs + warm-up)');
const naiveChannel = await timeNaive('channel_id', 90);
const naiveAgent = await timeNaive('agent_id', 30);
console.log(`\nsummary report at ${fmt(RESPONSES)} responses (median of ${RUNS} runs, HTTP included for nilai)`);
console.log(`  by channel, 90 days: nilai ${byChannel.ms.toFixed(1)} ms (${byChannel.groups} groups, CSAT n ${fmt(byChannel.csatN)}) vs naive GROUP BY ${naiveChannel.toFixed(0)} ms → ${(naiveChannel / byChannel.ms).toFixed(1)}× faster`);
console.log(`  by agent, 30 days:   nilai ${byAgent.ms.toFixed(1)} ms (${byAgent.groups} groups, CSAT n ${fmt(byAgent.csatN)}) vs naive GROUP BY ${naiveAgent.toFixed(0)} ms → ${(naiveAgent / byAgent.ms).toFixed(1)}× faster`);
result({ path: `summary by channel, 90 days, ${fmt(RESPONSES)} responses`, nilai: `${byChannel.ms.toFixed(1)} ms`, baseline: `naive GROUP BY ${naiveChannel.toFixed(0)} ms`, value: naiveChannel / byChannel.ms, unit: '× faster', goal: '< 100 ms and ≥ 50×', pass: byChannel.ms < 100 && naiveChannel / byChannel.ms >= 50 });
result({ path: `summary by agent, 30 days, ${fmt(RESPONSES)} responses`, nilai: `${byAgent.ms.toFixed(1)} ms`, baseline: `naive GROUP BY ${naiveAgent.toFixed(0)} ms`, value: naiveAgent / byAgent.ms, unit: '× faster', goal: '< 100 ms and ≥ 50×', pass: byAgent.ms < 100 && naiveAgent / byAgent.ms >= 50 });
result({ path: `rollup rows / fact rows, ${fmt(RESPONSES)} responses`, nilai: `${fmt(rollupRows)} rollup rows`, baseline: `${fmt(facts)} fact rows`, value: (100 * rollupRows) / facts, unit: '%', goal: '≤ 5 %', pass: rollupRows <= 0.05 * facts });
result({ path: `rollup rebuild, ${fmt(RESPONSES)} responses`, nilai: `${(rebuildMs / 1000).toFixed(1)} s`, baseline: '—', value: rebuildMs / 1000, unit: 's', goal: 'a few minutes at 10 M', pass: rebuildMs < 300_000 });
if (process.env.BENCH_HOLD) {
  // Keep the database up for experiments (e.g. another nilai against it); stop with Ctrl-C.
  console.log(`holding: DATABASE_URL=${b.databaseUrl} workspace ${ws}`);
  await new Promise(() => undefined);
}
await client.end();
await b.close();
