/**
 * Surveys sent twice after a crash, on the chat channels. A fake provider on 127.0.0.1 answers each send
 * after BENCH_PROVIDER_MS (400 ms by default, about what the real APIs take). Conversations are resolved
 * in a stream; `serve` (on a scratch PostgreSQL through DATABASE_URL) is killed with SIGKILL while sends
 * are in flight, at a moment the most of them are open, and started again. Then a backlog of 100 surveys
 * shows what the bound on open sends costs in throughput. A send the provider received
 * but whose answer the dead process never recorded is sent again by the retry: that customer gets the
 * survey twice. Reported per channel: sends open at the kill, duplicates, lost (must be 0).
 *
 * Telegram: the Bot API's answer is all there is. WhatsApp: like Meta, the fake also reports each message
 * in a signed "sent" status webhook carrying the message's biz_opaque_callback_data, retried every 2 s
 * while nilai is down (Meta retries failed webhooks for days; how soon is not documented).
 * BENCH_CHANNELS=telegram,whatsapp picks the channels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/lib/free-port.js';
import { fmt, scratchDatabase } from './lib.js';

type Channel = 'telegram' | 'whatsapp';
const LATENCY_MS = Number(process.env.BENCH_PROVIDER_MS ?? 400);
const CHANNELS = (process.env.BENCH_CHANNELS ?? 'telegram,whatsapp').split(',') as Channel[];
const ROOT = path.resolve(import.meta.dirname, '..');
const BOT = '7012345678:AAH-bench-bot-token-abcdefghijklmnop';
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'bench-app-secret-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(type: Channel) {
  let base = '';
  let channelId = '';
  // The fake provider: Telegram's { ok, result: Message }, or Meta's { contacts, messages } plus a status webhook.
  const calls: { to: string; at: number }[] = [];
  let open = 0;
  let most = 0;
  const reportSent = async (wamid: string, to: string, ref: string) => {
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100001111', phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: wamid, status: 'sent', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: to, biz_opaque_callback_data: ref }] } }] }],
    });
    const signature = `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;
    for (;;) {
      const ok = await fetch(`${base}/webhooks/whatsapp/${channelId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw }).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(2000);
    }
  };
  const provider = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const json = body ? JSON.parse(body) : {};
      const to = String(json.chat_id ?? json.to);
      calls.push({ to, at: performance.now() });
      const n = calls.length;
      most = Math.max(most, ++open);
      setTimeout(() => {
        open--;
        const answer = type === 'telegram'
          ? { ok: true, result: { message_id: n, chat: { id: Number(to), type: 'private' }, date: Math.floor(Date.now() / 1000), text: json.text } }
          : { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.BENCH${n}` }] };
        if (type === 'whatsapp' && json.biz_opaque_callback_data) void reportSent(`wamid.BENCH${n}`, to, json.biz_opaque_callback_data);
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      }, LATENCY_MS);
    });
  });
  await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
  const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;

  const scratch = await scratchDatabase('nilai-bench-crash-');
  const { databaseUrl } = scratch;
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const env = { ...process.env, DATABASE_URL: databaseUrl, NILAI_SECRET_KEY: 'bench-application-key-0123456789abcdef', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, LOG_LEVEL: 'warn' };
  const main = path.join(ROOT, 'src/cli/main.ts');
  const serve = () => new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('nilai is running')) resolve(child);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', () => reject(new Error(`serve exited:\n${out}`)));
  });
  const cli = (args: string[]) => new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', () => resolve(out.trim()));
  });

  let server = await serve();
  const token = await cli(['token', 'create', '--name', 'bench', '--role', 'admin']);
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const channel = type === 'telegram'
    ? { name: 'Telegram', type, config: { apiBaseUrl: providerUrl }, credentials: { botToken: BOT } }
    : { name: 'WhatsApp', type, config: { phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: providerUrl }, credentials: { accessToken: 'EAAG-bench-access-token', appSecret: APP_SECRET } };
  channelId = (await api('POST', '/api/v1/channels', channel)).body.id;

  // The stream: batches of 50 conversations resolved one after another, each its own chat.
  let next = 0;
  let streaming = true;
  const t0 = Date.now() - 30 * 60_000;
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  const conversations = (n: number) => Array.from({ length: n }, () => {
    const i = next++;
    const address = type === 'telegram' ? { handle: String(100000 + i) } : { phone: `+62 812 ${String(10000000 + i)}` };
    const conversation = { id: `crash-${i}`, channelId, contact: { id: `k-${i}`, locale: 'id', ...address } };
    return ([['conversation.opened', 0], ['message.created', 1, 'customer'], ['message.created', 3, 'agent'], ['conversation.resolved', 10]] as const).map(([t, min, sender]) => ({
      id: `crash-${i}-${t}-${min}`, type: t, occurredAt: at(min), conversation, ...(sender && { message: { sender } }),
    }));
  }).flat();
  const stream = (async () => {
    while (streaming) {
      const r = await api('POST', '/api/v1/events', conversations(50)).catch(() => null);
      if (r?.status !== 200) break;
    }
  })();

  // Kill while the stream runs, once 50 sends went out, at a moment the most sends are open.
  while (calls.length < 50) await sleep(5);
  const waitUntil = Date.now() + 20_000;
  while (open < most && Date.now() < waitUntil) await new Promise((r) => setImmediate(r));
  const openAtKill = open;
  server.kill('SIGKILL');
  streaming = false;
  await stream;
  await sleep(LATENCY_MS + 100);

  const restarted = Date.now();
  server = await serve();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const pending = async () => Number((await db.query(`select count(*) from invitations where status in ('scheduled', 'sending')`)).rows[0].count);
  while ((await pending()) > 0 && Date.now() - restarted < 180_000) await sleep(500);
  await sleep(2000); // would a late copy still arrive?
  const recovered = (Date.now() - restarted) / 1000;
  const invitations = Number((await db.query(`select count(*) from invitations`)).rows[0].count);
  const distinct = new Set(calls.map((c) => c.to)).size;
  const twice = calls.length - distinct;

  // How fast a backlog drains: 100 surveys queued at once.
  const from = calls.length;
  await Promise.all([api('POST', '/api/v1/events', conversations(50)), api('POST', '/api/v1/events', conversations(50))]);
  while (calls.length < from + 100) await sleep(20);
  const drainPerSecond = 99 / ((calls[from + 99]!.at - calls[from]!.at) / 1000);
  await db.end();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  provider.close();
  await scratch.stop();
  return { type, openAtKill, most, invitations, lost: invitations - distinct, twice, recovered, drainPerSecond };
}

console.log(`\nsurveys sent twice after a SIGKILL during a stream (provider answering after ${LATENCY_MS} ms, one nilai process)`);
for (const type of CHANNELS) {
  const r = await measure(type);
  console.log(`  ${type.padEnd(9)}: ${r.openAtKill} sends open at the kill (most at once: ${r.most}), ${r.twice} sent twice, ${r.lost} lost of ${fmt(r.invitations)}; ` +
    `all sent ${r.recovered.toFixed(0)} s after the restart; a backlog of 100 drains at ${fmt(r.drainPerSecond)} sends/s`);
}
