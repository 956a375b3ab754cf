/**
 * Flat cost per event: BENCH_FLAT_EVENTS (5,000) events posted one per request, one after another, into
 * one conversation (customer, agent and bot messages taking turns, in time order, as a bot-heavy chat
 * receives them). Reports ms per event for the first 100 and the last 100 (goal: last ≤ 1.5× first),
 * and the median around a few message counts on the way.
 */
import { startBench } from './lib.js';

const TOTAL = Number(process.env.BENCH_FLAT_EVENTS ?? 5000);
const b = await startBench();
const headers = { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' };
const channel = await (await fetch(`${b.url}/api/v1/channels`, {
  method: 'POST', headers, body: JSON.stringify({ name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/none' } }),
})).json() as { id: string };

const SENDERS = ['customer', 'bot', 'agent'] as const;
const start = Date.now() - TOTAL * 10_000 - 60_000;
const ms: number[] = [];
for (let n = 0; n < TOTAL; n++) {
  const event = {
    id: `flat-${n}`, type: n === 0 ? 'conversation.opened' : 'message.created', occurredAt: new Date(start + n * 10_000).toISOString(),
    conversation: { id: 'flat-1', channelId: channel.id, contact: { id: 'flat-k', locale: 'id' } },
    ...(n > 0 && { message: { sender: SENDERS[n % 3] } }),
  };
  const t0 = performance.now();
  const r = await fetch(`${b.url}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify(event) });
  await r.arrayBuffer();
  ms.push(performance.now() - t0);
  if (!r.ok) throw new Error(`event ${n}: ${r.status}`);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const first = ms.slice(0, 100);
const last = ms.slice(-100);
console.log(`\nflat cost per event (${TOTAL} events into one conversation, one per request; 2 cores, embedded PostgreSQL, workers off)`);
console.log(`  first 100 events : mean ${mean(first).toFixed(2)} ms, median ${median(first).toFixed(2)} ms per event`);
console.log(`  last 100 events  : mean ${mean(last).toFixed(2)} ms, median ${median(last).toFixed(2)} ms per event`);
for (const at of [100, 500, 1000, 2000].filter((n) => n + 50 <= TOTAL)) console.log(`  median around message ${at}: ${median(ms.slice(at - 50, at + 50)).toFixed(2)} ms`);
console.log(`  ratio last / first (means) = ${(mean(last) / mean(first)).toFixed(2)}   (goal ≤ 1.5)`);
await b.close();
