/**
 * Export memory: streams every response (BENCH_EXPORT_ROWS, default 1,000,000) as CSV and as XLSX over
 * HTTP and samples the server's resident memory meanwhile. Flat memory = the export streams.
 */
import pg from 'pg';
import { fmt, startBench } from './lib.js';

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const b = await startBench();
const client = new pg.Client({ connectionString: b.databaseUrl });
await client.connect();
const ws = b.workspaceId;
await client.query(`insert into channels (workspace_id, name, type) values ($1, 'Web', 'web')`, [ws]);
await client.query(`insert into contacts (workspace_id, external_id, name) values ($1, 'k', 'Sari')`, [ws]);
await client.query(`set session_replication_role = replica`);
await client.query(`
  insert into conversations (id, workspace_id, external_id, channel_id, contact_id, status, resolved_at)
  select gen_random_uuid(), $1, 'c' || g, (select id from channels where workspace_id = $1), (select id from contacts where workspace_id = $1), 'resolved', now()
  from generate_series(1, $2::int) g`, [ws, ROWS]);
await client.query(`
  insert into invitations (id, workspace_id, conversation_id, contact_id, channel_id, token_hash, survey_types, settings_version, language, trigger, status, send_after, expires_at)
  select gen_random_uuid(), workspace_id, id, contact_id, channel_id, sha256(id::text::bytea), array['csat'], 1, 'id', 'resolve', 'answered', now(), now()
  from conversations where workspace_id = $1`, [ws]);
await client.query(`
  insert into responses (workspace_id, invitation_id, conversation_id, survey_type, score, scale_min, scale_max, language, settings_version, channel_id, contact_id, follow_up_text, answered_at)
  select workspace_id, id, conversation_id, 'csat', 1 + (hashtext(id::text) & 3), 1, 5, 'id', 1, channel_id, contact_id,
    case when random() < 0.3 then 'Pelayanannya cepat, terima kasih 🙏' end, now() - random() * interval '300 days'
  from invitations where workspace_id = $1`, [ws]);
await client.query(`set session_replication_role = origin`);
await client.query(`vacuum analyze responses`);

/** Live heap after a full collection: what the process really holds, not what the collector has not freed yet. */
const liveHeap = () => {
  (globalThis as { gc?: () => void }).gc!();
  return process.memoryUsage().heapUsed;
};

async function measure(format: 'csv' | 'xlsx') {
  const before = liveHeap();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, liveHeap())), 500);
  const t0 = performance.now();
  const res = await fetch(`${b.url}/api/v1/responses?format=${format}`, { headers: { authorization: `Bearer ${b.token}` } });
  let bytes = 0;
  for await (const chunk of res.body!) bytes += (chunk as Uint8Array).byteLength;
  clearInterval(timer);
  return { seconds: (performance.now() - t0) / 1000, bytes, growthMb: (peak - before) / 2 ** 20, beforeMb: before / 2 ** 20 };
}

if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc (npm run bench does)');
console.log(`\nexport of ${fmt(ROWS)} responses (server in this process; live heap after a forced collection, sampled every 0.5 s)`);
for (const format of ['csv', 'xlsx'] as const) {
  const m = await measure(format);
  console.log(`  ${format}: ${(m.bytes / 2 ** 20).toFixed(0)} MiB in ${m.seconds.toFixed(1)} s; live heap ${m.beforeMb.toFixed(0)} MiB before, at most ${m.growthMb.toFixed(1)} MiB more during the export`);
}
await client.end();
await b.close();
