/**
 * Survey page requests per second (`GET /s/:token`: token lookup, settings version, answers so far,
 * HTML render) against a bare Fastify route answering the same bytes: the page and its own
 * headers (the five security headers made the bare route 10–12 % slower when it gained them, measured
 * in one run: the load generator parses every header line), both served from this process and measured in the same run with autocannon on 127.0.0.1.
 */
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { alternate, fmt, freePort, result, startBench } from './lib.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const b = await startBench({ workers: true });
const post = (path: string, body: unknown) =>
  fetch(`${b.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);

// A web channel whose callback is this process, to learn the survey link.
let link = '';
const receiver = Fastify();
receiver.post('/hook', async (req) => {
  link = (req.body as any).data.url;
  return 'ok';
});
const rxPort = await freePort();
await receiver.listen({ port: rxPort, host: '127.0.0.1' });
const channel = await post('/api/v1/channels', { name: 'Web', type: 'web', config: { callbackUrl: `http://127.0.0.1:${rxPort}/hook` } });
const at = (s: number) => new Date(Date.now() - 120_000 + s * 1000).toISOString();
const conversation = { id: 'c1', channelId: channel.id, contact: { id: 'k1', locale: 'en' } };
await post('/api/v1/events', [
  { id: 'e1', type: 'conversation.opened', occurredAt: at(0), conversation },
  { id: 'e2', type: 'message.created', occurredAt: at(1), conversation, message: { sender: 'customer' } },
  { id: 'e3', type: 'message.created', occurredAt: at(2), conversation, message: { sender: 'agent' } },
  { id: 'e4', type: 'conversation.resolved', occurredAt: at(3), conversation },
]);
while (!link) await new Promise((r) => setTimeout(r, 50));
const pageResponse = await fetch(link);
const html = await pageResponse.text();
// The headers the page sets itself (Fastify adds the same content-length, date and connection to both).
const OWN_HEADERS = ['content-security-policy', 'referrer-policy', 'x-robots-tag', 'cache-control', 'x-content-type-options'];
const pageHeaders: Record<string, string> = {};
for (const h of OWN_HEADERS) pageHeaders[h] = pageResponse.headers.get(h) ?? (() => { throw new Error(`the page lacks its ${h} header`); })();

const bare = Fastify();
bare.get('/bare', async (_req, reply) => reply.headers(pageHeaders).type('text/html; charset=utf-8').send(html));
const barePort = await freePort();
await bare.listen({ port: barePort, host: '127.0.0.1' });

// Alternating slices of the page and the baseline, so the shared machine's load weighs on both alike.
const load = (url: string) => (duration: number) => autocannon({ url, connections: 16, duration });
const [page, baseline] = await alternate(load(link), load(`http://127.0.0.1:${barePort}/bare`), DURATION);
if (page.non2xx || baseline.non2xx) throw new Error(`${page.non2xx + baseline.non2xx} non-2xx answers`);
console.log(`\nsurvey page (${DURATION} s each in alternating slices, 16 connections, 2 cores; page ${fmt(Buffer.byteLength(html))} bytes, the same headers from both)`);
console.log(`  GET /s/:token    : ${fmt(page.rate)} req/s (p50 ${page.p50} ms, p99 ${page.p99} ms)`);
console.log(`  bare Fastify GET : ${fmt(baseline.rate)} req/s (p50 ${baseline.p50} ms, p99 ${baseline.p99} ms)`);
const ratio = page.rate / baseline.rate;
console.log(`  CPU of this process per request: ${fmt(page.cpuPerRequest)} µs vs ${fmt(baseline.cpuPerRequest)} µs (nilai and the load generator; the bare route's load generator alike)`);
console.log(`  ratio            = ${ratio.toFixed(3)}`);
result({ path: 'GET /s/:token', nilai: `${fmt(page.rate)} req/s (p50 ${page.p50} ms, p99 ${page.p99} ms)`, baseline: `bare Fastify ${fmt(baseline.rate)} req/s`, value: ratio, goal: '≥ 0.5', pass: ratio >= 0.5 });
await bare.close();
await receiver.close();
await b.close();
