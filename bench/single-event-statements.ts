// Statements per single-event request (sequential), via pg_stat_statements.
import { sql } from 'kysely';
import { startBench } from './lib.js';
const b = await startBench({ postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=top'] });
await sql`create extension if not exists pg_stat_statements`.execute(b.nilai.db);
const channel = await (await fetch(`${b.url}/api/v1/channels`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } }) })).json() as { id: string };
const TYPES = [['conversation.opened', null], ['message.created', 'customer'], ['message.created', 'agent'], ['conversation.resolved', null]] as const;
const post = (n: number) => { const [type, sender] = TYPES[n % 4]!; const conv = Math.floor(n / 4);
  return fetch(`${b.url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: `ev-${n}`, type, occurredAt: new Date(Date.now() - 60_000 + (n % 4) * 1000).toISOString(), conversation: { id: `c-${conv}`, channelId: channel.id, contact: { id: `k-${conv}`, locale: 'id' } }, ...(sender && { message: { sender } }) }) }).then((r) => r.json()); };
for (let n = 0; n < 8; n++) await post(n); // warm
await sql`select pg_stat_statements_reset()`.execute(b.nilai.db);
const N = 40;
for (let n = 8; n < 8 + N; n++) await post(n);
const { rows } = await sql<{ calls: number; query: string }>`select calls, left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) as query from pg_stat_statements where query not ilike '%pg_stat_statements%' and query not ilike '%pgboss.job%fetch%' order by calls desc`.execute(b.nilai.db);
let total = 0;
for (const r of rows) { total += Number(r.calls); console.log(String((Number(r.calls) / N).toFixed(2)).padStart(6), r.query); }
console.log('statements per request', (total / N).toFixed(2));
await b.close();
