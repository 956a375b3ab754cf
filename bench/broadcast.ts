/**
 * Broadcast at scale (issue 12): BENCH_BROADCAST_CONTACTS (10,000 by default) contacts uploaded as a CSV
 * and sent an NPS survey through a Telegram channel to a fake Bot API on 127.0.0.1 at the highest rate a
 * channel takes (6,000 a minute). Reports the time from the broadcast's creation to its last send,
 * duplicates (sendMessage calls per chat beyond one) and the most sends in any one-second window against
 * what the rate allows (100 a second plus the pacer's one-second burst). Telegram shapes as in
 * test/http/broadcasts.test.ts (https://core.telegram.org/bots/api#sendmessage).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fmt, result, startBench } from './lib.js';

const CONTACTS = Number(process.env.BENCH_BROADCAST_CONTACTS ?? 10_000);
const PER_MINUTE = 6_000;
const TOKEN = '7012345678:AAH-bench-bot-token-abcdefghijklmnop';

const perChat = new Map<string, number>();
const sendTimes: number[] = [];
let messageId = 0;
const telegram = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const json = body ? JSON.parse(body) : {};
    const reply = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    if (req.url!.endsWith('/getMe')) return reply({ id: 7012345678, is_bot: true, first_name: 'Bench', username: 'bench_bot' });
    if (req.url!.endsWith('/setWebhook')) return reply(true);
    if (req.url!.endsWith('/sendMessage')) {
      const chat = String(json.chat_id);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
      sendTimes.push(performance.now());
    }
    return reply({ message_id: ++messageId, chat: { id: Number(json.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000), text: json.text });
  });
});
await new Promise<void>((r) => telegram.listen(0, '127.0.0.1', r));
const tgUrl = `http://127.0.0.1:${(telegram.address() as AddressInfo).port}`;

const b = await startBench({ workers: true });
const call = async (method: string, path: string, body?: unknown) => {
  const r = await fetch(`${b.url}${path}`, { method, headers: { authorization: `Bearer ${b.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json() as any;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
};
const settings = (await call('GET', '/api/v1/settings/survey')).settings;
settings.nps.enabled = true;
await call('PUT', '/api/v1/settings/survey', settings);
const channel = await call('POST', '/api/v1/channels', { name: 'Telegram', type: 'telegram', config: { apiBaseUrl: tgUrl }, credentials: { botToken: TOKEN } });

const csv = ['name,telegram_id,language', ...Array.from({ length: CONTACTS }, (_, i) => `Customer ${i + 1},${900_000 + i},id`)].join('\n');
console.log(`\nBroadcast: ${fmt(CONTACTS)} contacts by CSV, NPS through Telegram at ${fmt(PER_MINUTE)} a minute`);
const t0 = performance.now();
const broadcast = await call('POST', '/api/v1/broadcasts', { name: 'Bench NPS', channelId: channel.id, surveyType: 'nps', audience: { kind: 'csv', csv }, perMinute: PER_MINUTE });
const created = performance.now();
const deadline = Date.now() + 30 * 60_000;
while (perChat.size < CONTACTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
const done = performance.now();
// Late duplicates would arrive after the last first send: give the send loop a moment to show any.
await new Promise((r) => setTimeout(r, 3_000));

const duplicates = [...perChat.values()].reduce((n, v) => n + v - 1, 0);
sendTimes.sort((x, y) => x - y);
let most = 0;
for (let i = 0, j = 0; i < sendTimes.length; i++) {
  while (sendTimes[i]! - sendTimes[j]! >= 1000) j++;
  most = Math.max(most, i - j + 1);
}
const allowed = PER_MINUTE / 60 + Math.max(1, Math.floor(PER_MINUTE / 60));
const report = (await call('GET', `/api/v1/broadcasts/${broadcast.id}`)).report;
const seconds = (done - t0) / 1000;
console.log(`  created (CSV read, ${fmt(CONTACTS)} recipients stored): ${((created - t0) / 1000).toFixed(1)} s`);
console.log(`  all sent after: ${seconds.toFixed(1)} s (the rate alone needs ${(CONTACTS / (PER_MINUTE / 60)).toFixed(0)} s)`);
console.log(`  chats reached: ${fmt(perChat.size)} of ${fmt(CONTACTS)}, duplicates: ${duplicates}`);
console.log(`  most sends in any 1 s: ${most} (allowed ${allowed})`);
console.log(`  broadcast report: sent ${report.sent}, skipped ${JSON.stringify(report.skipped ?? {})}`);
result({ path: `broadcast, ${fmt(CONTACTS)} contacts`, nilai: `${seconds.toFixed(1)} s`, baseline: `rate floor ${(CONTACTS / (PER_MINUTE / 60)).toFixed(0)} s`, value: duplicates, unit: 'duplicates', goal: '0 duplicates, rate held', pass: duplicates === 0 && most <= allowed && perChat.size === CONTACTS });

await b.close();
telegram.close();
