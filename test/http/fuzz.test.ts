/**
 * A bounded fuzz of every operation in /openapi.json, with admin, agent, no and bad credentials, plus the
 * public survey page and the provider webhooks: valid-ish params, query and bodies generated from the
 * operation's own schemas, and hostile ones (NUL, lone surrogates, CR/LF, huge numbers, deep JSON, wrong
 * types, long strings, bad encodings and content types). Every answer must be below 500; on the API an
 * error is `{ error: { code, message, details } }` with a status the operation documents; on /s/ it is
 * a page. The seed is fixed so a failure reproduces (the failing request is printed).
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { BAD_AUTH, enc, hostileQueryValue, hostileString, RAW_BODIES, RAW_SEGMENTS, segment, sometimes } from '../helpers/hostile-http.js';
import { mutated, valueOf, type Schema } from '../helpers/schema-arbitrary.js';
import { APP_SECRET, PHONE_NUMBER_ID, signWhatsapp, waStatus, waText } from '../helpers/whatsapp.js';

const SEED = 16_0507;
/** Requests per operation and credential; with the webhooks, the survey page and the rest, about 1,100 requests. */
const PER_OPERATION = { admin: 8, agent: 3, none: 1, bad: 1 } as const;
type Credential = keyof typeof PER_OPERATION;

let t: TestApp;
let ws: Seeded;
/** Ids of this workspace's records by the path segment before `{id}` (`channels`, `users`, …). */
const pools: Record<string, string[]> = {};
const ids: string[] = [];
const remember = (pool: string, ...values: string[]) => {
  (pools[pool] ??= []).push(...values);
  ids.push(...values);
};
const surveyTokens: string[] = [];
const hookChannels: Record<'whatsapp' | 'telegram' | 'chatwoot', string> = { whatsapp: '', telegram: '', chatwoot: '' };
const TG_SECRET = 'tg-webhook-secret-0123456789';
const CW_SECRET = 'cw-webhook-secret-0123456789';

interface FuzzRequest {
  /** `METHOD /template/{path}` of the operation, or a label for the public routes. */
  op: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Statuses the OpenAPI document lists for the operation (null: not in the document). */
  documented: Set<string> | null;
  /** The hosted survey page: errors are HTML pages, not JSON. */
  page: boolean;
}

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  const admin = ws.tokens.admin;
  const made = async (path: string, body: object) => {
    const r = await call(t.url, 'POST', path, admin, body);
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    remember(path.split('/').at(-1)!, r.body.id ?? r.body.record?.id);
    return r.body;
  };
  await changeSettings(t.url, admin, (s) => {
    s.nps.enabled = true;
    s.nps.followUp.mode = 'per_category';
  });
  const web = await made('/api/v1/channels', { name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/callback' } });
  await made('/api/v1/channels', { name: 'Web 2', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/callback' } });
  // Provider channels (shapes as in test/helpers/channels.ts) pointed at a closed local port; kept out of
  // the id pool so that the API fuzz does not archive them before their webhooks are fuzzed.
  const provider = async (body: object) => {
    const r = await call(t.url, 'POST', '/api/v1/channels', admin, body);
    if (r.status !== 201) throw new Error(JSON.stringify(r.body));
    return r.body.id as string;
  };
  hookChannels.whatsapp = await provider({ name: 'WA', type: 'whatsapp', config: { phoneNumberId: PHONE_NUMBER_ID, apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { accessToken: 'EAAG-test-access-token-0123456789', appSecret: APP_SECRET } });
  hookChannels.telegram = await provider({ name: 'TG', type: 'telegram', config: { apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { botToken: '123456789:AAtest-bot-token-0123456789abcdef', webhookSecret: TG_SECRET } });
  hookChannels.chatwoot = await provider({ name: 'CW', type: 'chatwoot', config: { baseUrl: 'http://127.0.0.1:9', accountId: 7 }, credentials: { apiToken: 'cw-api-token-abcdef0123456789', webhookSecret: CW_SECRET } });
  remember('whatsapp', hookChannels.whatsapp);
  const user = await made('/api/v1/users', { name: 'Fuzz Agent', email: 'fuzz-agent@fuzz.test', role: 'agent' });
  remember('agents', user.id, ws.agentId);
  await made('/api/v1/divisions', { name: 'Fuzz division', supervisorId: ws.supervisorId, agentIds: [user.id], channelIds: [web.id] });
  await made('/api/v1/tokens', { name: 'spare', role: 'supervisor' });
  await made('/api/v1/alert-rules', { name: 'Low CSAT', surveyType: 'csat', maxScore: 2 });
  await made('/api/v1/sla-policies', { name: 'Default', firstResponseMinutes: 30, resolutionMinutes: 240, businessHours: false });
  const week = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '08:00', end: '17:00' }]]));
  await made('/api/v1/office-hours', { timeZone: 'Asia/Jakarta', weekly: week, holidays: [] });
  await made('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['response.created'] });
  for (const n of [1, 2, 3]) {
    const e = eventsFor({ conversationId: `fuzz-conv-${n}`, channelId: web.id, contactId: `fuzz-contact-${n}`, locale: 'en', agentId: ws.agentId });
    const r = await call(t.url, 'POST', '/api/v1/events', admin, [e.opened, e.customer, e.agent, e.resolved()]);
    const inv = r.body.conversations?.[0]?.invitation;
    if (!inv) throw new Error(JSON.stringify(r.body));
    surveyTokens.push(t.keys.invitationToken(inv.id));
    remember('conversations', `fuzz-conv-${n}`);
    remember('contacts', `fuzz-contact-${n}`);
  }
  remember('versions', '1', '2');
});
afterAll(() => t?.close());

const scalar = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v));

function paramArb(schema: Schema, pool: readonly string[] = ids): fc.Arbitrary<string> {
  const encoded = fc.oneof(
    { arbitrary: fc.constantFrom(...(pool.length ? pool : ids)), weight: 5 },
    { arbitrary: valueOf(schema, { ids }).map(scalar), weight: 1 },
    { arbitrary: hostileString, weight: 3 },
  ).map((s) => enc(segment(s)));
  return fc.oneof({ arbitrary: encoded, weight: 9 }, { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 });
}

function bodyArb(schema: Schema | undefined, method: string): fc.Arbitrary<{ type?: string; body?: string }> {
  const raw = fc.constantFrom(...RAW_BODIES);
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return fc.constant({});
  if (!schema) return fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: raw, weight: 1 });
  const valid = valueOf(schema, { ids });
  const json = (a: fc.Arbitrary<unknown>) => a.map((v) => ({ type: 'application/json', body: JSON.stringify(v) ?? 'null' }));
  return fc.oneof({ arbitrary: json(valid), weight: 4 }, { arbitrary: json(mutated(valid)), weight: 4 }, { arbitrary: raw, weight: 2 });
}

function queryArb(params: Schema[]): fc.Arbitrary<string> {
  const each = params.map((p) =>
    sometimes(fc.oneof({ arbitrary: valueOf(p.schema, { ids }).map(scalar), weight: 3 }, { arbitrary: hostileQueryValue, weight: 2 }).map((v) => `${enc(p.name)}=${enc(v)}`), 50),
  );
  const extra = sometimes(fc.constantFrom('channel=x', 'limit=1&limit=2', 'unknown=1', 'a=%E0%A4%A', '%=%', 'q=%00', '_=1700000000000', 'x[y]=1'), 15);
  return fc.tuple(fc.tuple(...each), extra).map(([parts, more]) => {
    const all = [...parts, more].filter((x): x is string => !!x);
    return all.length ? `?${all.join('&')}` : '';
  });
}

const authArb = (c: Credential): fc.Arbitrary<Record<string, string>> =>
  c === 'admin' ? fc.constant({ authorization: `Bearer ${ws.tokens.admin}` })
    : c === 'agent' ? fc.constant({ authorization: `Bearer ${ws.tokens.agent}` })
      : c === 'none' ? fc.constant({}) : fc.constantFrom(...BAD_AUTH);

function operationRequests(spec: any, seed: number): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  let n = 0;
  for (const [template, ops] of Object.entries<any>(spec.paths)) {
    for (const [m, op] of Object.entries<any>(ops)) {
      const method = m.toUpperCase();
      if (template.startsWith('/webhooks/') && method === 'POST') continue; // signed bodies: webhookRequests
      if (op.tags?.includes('Customer pages')) continue; // HTML pages: surveyPageRequests and the list below
      const params: Schema[] = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const documented = new Set(Object.keys(op.responses ?? {}));
      const arb = fc.record({
        path: fc.tuple(...pathParams.map((p) => paramArb(p.schema, pools[template.split('/{')[0]!.split('/').at(-1)!]))),
        query: queryArb(params.filter((p) => p.in === 'query')),
        body: bodyArb(op.requestBody?.content?.['application/json']?.schema, method),
      });
      for (const cred of Object.keys(PER_OPERATION) as Credential[]) {
        const samples = fc.sample(fc.tuple(arb, authArb(cred)), { seed: seed + n++, numRuns: PER_OPERATION[cred] });
        for (const [r, auth] of samples) {
          let i = 0;
          const path = template.replace(/\{[^}]+\}/g, () => r.path[i++]!);
          out.push({
            op: `${method} ${template}`, method, url: path + r.query, documented, page: false,
            headers: { ...auth, ...(r.body.type && { 'content-type': r.body.type }) }, body: r.body.body,
          });
        }
      }
    }
  }
  return out;
}

/** Provider webhooks, mostly correctly signed, bodies in the shapes of the channel tests' fixtures. */
function webhookRequests(spec: any, seed: number): FuzzRequest[] {
  const documented = (type: string) => new Set(Object.keys(spec.paths[`/webhooks/${type}/{channelId}`].post.responses));
  // Shapes: test/helpers/whatsapp.ts (Meta's webhook examples), test/http/telegram-channel.test.ts and
  // test/http/chatwoot-channel.test.ts (each from the provider's documentation).
  const telegram = { update_id: 1, message: { message_id: 2, from: { id: 555001, is_bot: false, first_name: 'Rina', language_code: 'id' }, chat: { id: 555001, first_name: 'Rina', type: 'private' }, date: 1_700_000_000, text: 'halo' } };
  const chatwoot = {
    event: 'message_created', id: 5001, content: 'halo', message_type: 'incoming', content_type: 'text', content_attributes: {}, private: false, created_at: '2024-01-01T00:00:00Z', source_id: null,
    sender: { id: 501, name: 'Dewi', email: 'dewi@pelanggan.test', phone_number: '+628120001', type: 'contact' },
    conversation: { display_id: 1, id: 10001, status: 'open', inbox_id: 3, meta: { sender: { id: 501, name: 'Dewi', type: 'contact' } } }, account: { id: 7, name: 'Toko' }, inbox: { id: 3, name: 'Website' },
  };
  const bodies = { whatsapp: fc.constantFrom(waText('6281234567890', '5'), waStatus('wamid.X', '6281234567890', 'delivered')), telegram: fc.constant(telegram), chatwoot: fc.constant(chatwoot) };
  const out: FuzzRequest[] = [];
  for (const type of ['whatsapp', 'telegram', 'chatwoot'] as const) {
    const arb = fc.record({
      body: fc.oneof({ arbitrary: bodies[type], weight: 1 }, { arbitrary: mutated(bodies[type]), weight: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
      signed: fc.boolean(),
      channel: fc.oneof({ arbitrary: fc.constant(hookChannels[type]), weight: 6 }, { arbitrary: paramArb({ type: 'string' }), weight: 1 }),
    });
    for (const r of fc.sample(arb, { seed: seed + out.length, numRuns: 30 })) {
      const ts = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (r.signed && type === 'whatsapp') headers['x-hub-signature-256'] = signWhatsapp(r.body);
      if (r.signed && type === 'telegram') headers['x-telegram-bot-api-secret-token'] = TG_SECRET;
      if (r.signed && type === 'chatwoot') Object.assign(headers, { 'x-chatwoot-signature': `sha256=${createHmac('sha256', CW_SECRET).update(`${ts}.${r.body}`).digest('hex')}`, 'x-chatwoot-timestamp': ts });
      out.push({ op: `POST /webhooks/${type}/{channelId}`, method: 'POST', url: `/webhooks/${type}/${r.channel}`, headers, body: r.body, documented: documented(type), page: false });
    }
  }
  return out;
}

/** The hosted survey page: real and broken tokens, its query parameters, form answers. */
function surveyPageRequests(seed: number): FuzzRequest[] {
  const token = fc.oneof(
    { arbitrary: fc.constantFrom(...surveyTokens), weight: 5 },
    { arbitrary: fc.constantFrom('AAAAAAAAAAAAAAAAAAAAAA', 'short'), weight: 1 },
    { arbitrary: hostileString.map((s) => enc(segment(s))), weight: 2 },
    { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 },
  );
  const value = (...ok: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...ok), weight: 3 }, { arbitrary: hostileString, weight: 1 });
  const query = fc.tuple(sometimes(value('id', 'en', 'fr'), 50), sometimes(value('1', '5', '9', '10'), 40), sometimes(value('1'), 20), sometimes(fc.constantFrom('utm_source=email', 'fbclid=abc'), 20))
    .map(([lang, score, done, extra]) => {
      const q = [lang !== null && `lang=${enc(lang)}`, score !== null && `score=${enc(score)}`, done !== null && `done=${enc(done)}`, extra].filter(Boolean);
      return q.length ? `?${q.join('&')}` : '';
    });
  const form = fc.record({
    step: value('rating:csat', 'rating:nps', 'follow_up:csat', 'follow_up:nps', 'rating:ces'),
    score: sometimes(value('1', '4', '5', '9', '10'), 70),
    text: sometimes(value('Pengirimannya cepat', 'ok'), 50),
    action: sometimes(value('skip'), 25),
  }).map((f) => Object.entries(f).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${enc(v!)}`).join('&'));
  const body = fc.oneof(
    { arbitrary: form.map((b) => ({ type: 'application/x-www-form-urlencoded', body: b })), weight: 8 },
    { arbitrary: fc.constantFrom(...RAW_BODIES, { type: 'application/x-www-form-urlencoded', body: `text=${'x'.repeat(20_000)}` }), weight: 2 },
  );
  const arb = fc.record({ kind: fc.constantFrom('GET', 'POST', 'POST', 'GET unsubscribe', 'POST unsubscribe'), token, query, body });
  return fc.sample(arb, { seed, numRuns: 160 }).map((r): FuzzRequest => {
    const [method, sub] = r.kind.split(' ') as [string, string | undefined];
    const hasBody = method === 'POST' && !sub;
    return {
      op: `${r.kind} /s/{token}`, method, url: `/s/${r.token}${sub ? '/unsubscribe' : ''}${r.query}`, documented: null, page: true,
      headers: hasBody && r.body.type ? { 'content-type': r.body.type } : ({} as Record<string, string>), body: hasBody ? r.body.body : undefined,
    };
  });
}

/** Routes outside the document and requests no generator makes: unknown paths, big bodies, odd methods. */
function otherRequests(spec: any): FuzzRequest[] {
  const admin = { authorization: `Bearer ${ws.tokens.admin}` };
  const doc = (template: string, method: string) => new Set(Object.keys(spec.paths[template][method].responses));
  const big = { 'content-type': 'application/json' };
  return [
    { op: 'GET unknown', method: 'GET', url: '/api/v1/nothing-here', headers: admin, documented: null, page: false },
    { op: 'GET unknown', method: 'GET', url: '/api/v1/%E0%A4%A', headers: admin, documented: null, page: false },
    { op: 'DELETE unknown', method: 'DELETE', url: '/api/v1/settings/survey', headers: admin, documented: null, page: false },
    { op: 'GET /s/', method: 'GET', url: '/s/', headers: {}, documented: null, page: true },
    { op: 'GET /s/ deeper', method: 'GET', url: '/s/a/b/c', headers: {}, documented: null, page: true },
    { op: 'GET /s/ bad url', method: 'GET', url: '/s/%E0%A4%A', headers: {}, documented: null, page: true },
    { op: 'GET /s/ long', method: 'GET', url: `/s/${'A'.repeat(3000)}`, headers: {}, documented: null, page: true },
    { op: 'GET /s/ CRLF', method: 'GET', url: '/s/%0D%0ASet-Cookie:%20x=1', headers: {}, documented: null, page: true },
    { op: 'POST /s/ CRLF', method: 'POST', url: '/s/%0D%0ASet-Cookie:%20x=1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'step=rating:csat&score=5', documented: null, page: true },
    { op: 'POST /s/ big', method: 'POST', url: `/s/${surveyTokens[2]}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `step=follow_up:csat&text=${'x'.repeat(1_100_000)}`, documented: null, page: true },
    { op: 'POST /api/v1/channels', method: 'POST', url: '/api/v1/channels', headers: { ...admin, ...big }, body: JSON.stringify({ name: 'x'.repeat(1_100_000), type: 'web' }), documented: doc('/api/v1/channels', 'post'), page: false },
    { op: 'POST /webhooks/telegram/{channelId}', method: 'POST', url: `/webhooks/telegram/${hookChannels.telegram}`, headers: big, body: `{"a":"${'x'.repeat(1_100_000)}"}`, documented: doc('/webhooks/telegram/{channelId}', 'post'), page: false },
    { op: 'GET /healthz', method: 'GET', url: '/healthz?probe=1', headers: {}, documented: doc('/healthz', 'get'), page: false },
    { op: 'GET /openapi.json', method: 'GET', url: '/openapi.json?v=1', headers: {}, documented: null, page: false },
    { op: 'GET /', method: 'GET', url: '/?from=2024-01-01&tag=%00', headers: {}, documented: null, page: false },
    { op: 'GET /assets', method: 'GET', url: '/assets/%E0%A4%A.js', headers: {}, documented: null, page: false },
    { op: 'GET /docs', method: 'GET', url: '/docs/%00', headers: {}, documented: null, page: false },
  ];
}

const isErrorShape = (b: any) =>
  typeof b?.error?.code === 'string' && typeof b.error.message === 'string' && Array.isArray(b.error.details) &&
  b.error.details.every((d: any) => typeof d?.path === 'string' && typeof d.message === 'string');

async function send(r: FuzzRequest): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(t.url + r.url, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** What is wrong with an answer, or null. */
function verdict(r: FuzzRequest, res: { status: number; type: string; text: string }): string | null {
  if (res.status >= 500) return '5xx';
  if (res.status >= 400) {
    if (r.page) {
      if (!res.type.startsWith('text/html')) return 'not a page';
    } else if (!r.url.startsWith('/docs') && !r.url.startsWith('/assets')) {
      if (!res.type.startsWith('application/json')) return 'not JSON';
      let body: unknown;
      try {
        body = JSON.parse(res.text);
      } catch {
        return 'not JSON';
      }
      if (!isErrorShape(body)) return 'off shape';
    }
  }
  if (r.documented && !r.documented.has(String(res.status))) return 'undocumented status';
  return null;
}

describe('fuzzing the API from its OpenAPI document', () => {
  it('never answers 5xx; API errors keep the error shape and a documented status; the survey page answers pages', async () => {
    const spec = (await call(t.url, 'GET', '/openapi.json')).body;
    // Deletions last, so the records they remove serve the other requests first.
    const api = operationRequests(spec, SEED).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const requests = [...webhookRequests(spec, SEED), ...surveyPageRequests(SEED), ...api, ...otherRequests(spec)];
    const found = new Map<string, { count: number; example: string }>();
    let statuses = 0;
    const started = Date.now();
    for (const r of requests) {
      const res = await send(r);
      if (res.status < 400) statuses++;
      const v = verdict(r, res);
      if (!v) continue;
      const key = `${r.op} → ${res.status} ${v}`;
      const seen = found.get(key);
      if (seen) seen.count++;
      else found.set(key, { count: 1, example: `${r.method} ${r.url.slice(0, 160)} ${JSON.stringify(r.headers).slice(0, 120)} ${(r.body ?? '').slice(0, 160)} ⇒ ${res.text.slice(0, 200)}` });
    }
    const report = [...found].map(([k, v]) => `${k} ×${v.count}\n    ${v.example}`);
    console.info(`fuzz: ${requests.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${statuses} below 400), ${[...found.values()].reduce((a, v) => a + v.count, 0)} bad answers in ${found.size} kinds${report.length ? `\n${report.join('\n')}` : ''}`);
    expect(report).toEqual([]);
  }, 120_000);
});
