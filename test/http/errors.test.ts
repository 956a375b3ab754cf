import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
/** The web channel's callback: it takes the survey, so the link stays open for the page tests (a refused callback would mark it failed). */
let callback: Receiver;
beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  callback = await startReceiver();
});
afterAll(async () => {
  await t.close();
  await callback.close();
});

const isErrorShape = (body: any) =>
  typeof body?.error?.code === 'string' && typeof body.error.message === 'string' && Array.isArray(body.error.details);

describe('HTTP errors', () => {
  it('answers malformed JSON with 400 in the error shape, never a stack trace', async () => {
    const r = await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, '{"languages": ', {});
    expect(r.status).toBe(400);
    expect(isErrorShape(r.body)).toBe(true);
    expect(JSON.stringify(r.body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('words the rule a field breaks for a person, in English and Indonesian (no regular expressions, no "must NOT")', async () => {
    const details = async (path: string, body: unknown, lang: string) => {
      const r = await call(t.url, 'POST', path, ws.tokens.admin, body, { 'accept-language': lang });
      expect(r.status).toBe(422);
      return Object.fromEntries(r.body.error.details.map((d: any) => [d.path, d.message]));
    };
    const field = { key: 'Tier', type: 'text', label: { id: 'Tingkat', en: 'Tier' } };
    expect((await details('/api/v1/contact-fields', field, 'en'))['key']).toBe('must start with a lower-case letter and hold only lower-case letters, digits and _ (at most 40)');
    expect((await details('/api/v1/contact-fields', field, 'id'))['key']).toBe('harus diawali huruf kecil dan hanya berisi huruf kecil, angka, dan _ (maksimal 40)');
    const user = { name: '', email: 'x@example.test', role: 'agent', phone: 'call me' };
    expect(await details('/api/v1/users', user, 'en')).toMatchObject({ name: 'must not be empty', phone: 'must be a phone number: digits, spaces, ( ) and -, optionally starting with +' });
    expect(await details('/api/v1/users', user, 'id')).toMatchObject({ name: 'tidak boleh kosong', phone: 'harus nomor telepon: angka, spasi, ( ) dan -, boleh diawali +' });
    expect(await details('/api/v1/divisions', { name: '   ' }, 'en')).toEqual({ name: 'must not be blank' });
    expect(await details('/api/v1/sla-policies', { name: 'x', firstResponseMinutes: 1.5, resolutionMinutes: 0, businessHours: 'yes' }, 'en'))
      .toMatchObject({ firstResponseMinutes: 'must be a whole number or null', businessHours: 'must be true or false' });
  });

  it('rejects bodies that are too large (413) and non-JSON bodies (415)', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), type: 'web' });
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect(r.body.error.message).toBe('The request body is larger than the 1 MiB this endpoint accepts.');
    const form = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, undefined, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
  });

  it('says how many events a batch holds, for an empty batch and one of 1,001', async () => {
    for (const size of [0, 1001]) {
      const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, Array(size).fill({ id: 'e', type: 'conversation.opened' }));
      expect(r.status).toBe(422);
      expect(r.body.error.details).toEqual([{ path: '', message: `A batch holds 1 to 1,000 events; this one has ${size.toLocaleString('en')}. Send one event as an object, or split the batch.` }]);
    }
  });

  it('needs authentication (401) and the right role (403)', async () => {
    const none = await call(t.url, 'GET', '/api/v1/channels');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthorized');
    expect((await call(t.url, 'GET', '/api/v1/channels', 'nilai_not-a-real-token')).status).toBe(401);
    expect((await call(t.url, 'GET', '/api/v1/channels', undefined, undefined, { authorization: 'Basic abc' })).status).toBe(401);
    const forbidden = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.supervisor, { name: 'x', type: 'web' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });

  it('answers unknown routes and ids with 404 in the error shape', async () => {
    const r = await call(t.url, 'GET', '/api/v1/nothing-here', ws.tokens.admin);
    expect(r.status).toBe(404);
    expect(isErrorShape(r.body)).toBe(true);
    expect((await call(t.url, 'GET', '/api/v1/channels/not-a-uuid', ws.tokens.admin)).status).toBe(404);
    expect((await call(t.url, 'GET', '/api/v1/settings/survey/versions/99', ws.tokens.admin)).status).toBe(404);
  });

  it('validates query strings with paths', async () => {
    const r = await call(t.url, 'GET', '/api/v1/settings/survey/versions?limit=1000', ws.tokens.admin);
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([{ path: 'query.limit', message: 'must be at most 100' }]);
  });

  it('checks the database in /healthz and serves the OpenAPI document and /docs', async () => {
    expect((await call(t.url, 'GET', '/healthz')).body).toEqual({ status: 'ok', database: 'ok' });
    const spec = await call(t.url, 'GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.0.3');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/api/v1/settings/survey', '/api/v1/settings/survey/preview', '/api/v1/channels/{id}', '/api/v1/tokens']));
    const put = spec.body.paths['/api/v1/settings/survey'].put;
    expect(put.requestBody.content['application/json'].schema.properties.csat).toBeDefined();
    const docs = await fetch(`${t.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});

/** One raw HTTP exchange, for what fetch refuses to send (bad header bytes, oversized headers). */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(t.url).port), '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
const page = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(t.url + path, { redirect: 'manual', ...init });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), headers: res.headers };
};
const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
const flawed = (path: string) => [{ path, message: 'must not contain NUL characters or unpaired UTF-16 surrogates' }];

describe('input nilai cannot store, and requests Fastify rejects itself', () => {
  let channelId = '';
  let surveyLink = '';
  beforeAll(async () => {
    channelId = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: callback.url } })).body.id;
    const e = eventsFor({ conversationId: 'err-conv', channelId, contactId: 'err-contact', locale: 'en' });
    const r = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
    surveyLink = `/s/${t.keys.invitationToken(r.body.conversations[0].invitation.id)}`;
  });

  it('refuses NUL and unpaired surrogates with 422 naming the field, in body, query and path', async () => {
    const login = await call(t.url, 'POST', '/api/v1/auth/login', null, { email: 'a\u0000@x.test', password: 'x' });
    expect(login.status).toBe(422);
    expect(login.body.error.details).toEqual(flawed('email'));
    const e = eventsFor({ conversationId: 'err-conv-2', channelId, contactId: 'c2', tags: ['ok', 'bad\ud800'] });
    const events = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, { ...e.customer, id: 'x\udfff' }]);
    expect(events.status).toBe(422);
    expect(events.body.error.details).toEqual(flawed('0.conversation.tags.1'));
    const named = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, { ...e.opened, conversation: { ...e.opened.conversation, tags: [], contact: { id: 'c2', name: 'Dewi\u0000' } } });
    expect(named.body.error.details).toEqual(flawed('conversation.contact.name'));
    const rubric = await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.admin, { criteria: [{ id: 'tone', name: 'T\u0000', weight: 10 }] });
    expect(rubric.body.error.details).toEqual(flawed('criteria.0.name'));
    // Keys too: they are stored in jsonb like the values.
    expect((await call(t.url, 'POST', '/api/v1/conversations/err-conv/reviews', ws.tokens.admin, { scores: { 'a\u0000': 3 } })).body.error.details).toEqual(flawed('scores.a\ufffd'));
    const path = await call(t.url, 'GET', '/api/v1/conversations/a%00b', ws.tokens.admin);
    expect(path.status).toBe(422);
    expect(path.body.error.details).toEqual(flawed('params.id'));
    expect((await call(t.url, 'POST', '/api/v1/contacts/a%00/opt-out', ws.tokens.admin)).body.error.details).toEqual(flawed('params.id'));
    // In a URL a lone surrogate can only be sent as bytes that are not UTF-8: a bad URL.
    expect((await call(t.url, 'POST', '/api/v1/contacts/%ED%A0%80/opt-out', ws.tokens.admin)).status).toBe(400);
    // Paired surrogates (emoji) are ordinary text.
    expect((await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Tim 😀' })).status).toBe(201);
    const query = await call(t.url, 'GET', '/api/v1/responses?tag=%00', ws.tokens.admin, undefined, { 'accept-language': 'id' });
    expect(query.body.error.details).toEqual([{ path: 'query.tag', message: 'tidak boleh berisi karakter NUL atau surrogate UTF-16 yang tidak berpasangan' }]);
  });

  it('acknowledges a signed provider webhook it cannot store (200, dropped, logged) instead of 500', async () => {
    const secret = 'tg-secret-0123456789';
    const tg = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'TG', type: 'telegram', config: { apiBaseUrl: 'http://127.0.0.1:9' }, credentials: { botToken: '123456789:AAtest-bot-token-0123456789abcdef', webhookSecret: secret } });
    // A Telegram update as in test/http/telegram-channel.test.ts, with a NUL in the text.
    const update = { update_id: 1, message: { message_id: 2, from: { id: 555, is_bot: false, first_name: 'Rina' }, chat: { id: 555, type: 'private' }, date: 1_700_000_000, text: 'a\u0000b' } };
    const hook = (body: unknown, token = secret) => call(t.url, 'POST', `/webhooks/telegram/${tg.body.id}`, null, body, { 'x-telegram-bot-api-secret-token': token });
    expect(await hook(update)).toMatchObject({ status: 200, body: { received: true, duplicate: false, dropped: true } });
    expect(await hook({ ...update, message: { ...update.message, text: '\ud800' } })).toMatchObject({ status: 200, body: { dropped: true } });
    expect(await hook(`{"update_id":1,"deep":${'['.repeat(5000)}${']'.repeat(5000)}}`)).toMatchObject({ status: 200, body: { dropped: true } });
    // A verified body that is no object (JSON null, a number, a string, an array).
    for (const sent of ['null', '42', '"text"', '[]']) expect({ sent, ...(await hook(sent)) }).toMatchObject({ sent, status: 200, body: { dropped: true } });
    expect((await hook(update, 'wrong')).status).toBe(401);
    const stored = await t.db.selectFrom('inbound_webhooks').select('id').where('channel_id', '=', tg.body.id).execute();
    expect(stored).toEqual([]);
  });

  it('answers the other former 500s with 2xx or a clear 4xx', async () => {
    const before = (await call(t.url, 'GET', '/api/v1/workspace', ws.tokens.admin)).body;
    expect(await call(t.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, {})).toMatchObject({ status: 200, body: before });
    expect(await call(t.url, 'PATCH', '/api/v1/workspace', ws.tokens.admin, { timeZone: before.timeZone })).toMatchObject({ status: 200, body: before });
    const deep = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toBe('The JSON body is nested more than 64 levels deep.');
    const nested = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, `{"greetings":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`);
    expect(nested.status).toBe(422);
    expect(nested.body.error.details[0].message).toBe('is nested more than 32 levels deep');
    const cursor = await call(t.url, 'GET', '/api/v1/settings/survey/versions?before=1e40', ws.tokens.admin);
    expect(cursor.status).toBe(422);
    expect(cursor.body.error.details).toEqual([{ path: 'query.before', message: 'must be at most 2147483647' }]);
    expect((await call(t.url, 'GET', '/api/v1/reports/summary?settingsVersion=1e40', ws.tokens.admin)).status).toBe(422);
    for (const [method, init] of [['GET', {}], ['POST', form('step=rating:csat&score=5')]] as const) {
      const crlf = await page('/s/%0D%0ASet-Cookie:%20x=1', { method, ...init });
      expect(crlf.status).toBe(404);
      expect(crlf.type).toMatch(/^text\/html/);
      expect(crlf.headers.get('set-cookie')).toBeNull();
    }
  });

  it('answers Fastify\'s own rejections in the error shape on the API', async () => {
    const badUrl = await call(t.url, 'GET', '/api/v1/channels/%E0%A4%A', ws.tokens.admin);
    expect(badUrl.status).toBe(400);
    expect(isErrorShape(badUrl.body)).toBe(true);
    const long = await call(t.url, 'GET', `/api/v1/channels/${'x'.repeat(3000)}`, ws.tokens.admin);
    expect(long.status).toBe(404);
    expect(isErrorShape(long.body)).toBe(true);
    const empty = await call(t.url, 'DELETE', '/api/v1/channels/00000000-0000-0000-0000-000000000000', ws.tokens.admin, '');
    expect(empty.status).toBe(404); // an empty JSON body is no body
    for (const type of ['application/xml', 'not a media type', 'multipart/form-data; boundary=x']) {
      const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, '{}', { 'content-type': type });
      expect(r.status).toBe(415);
      expect(isErrorShape(r.body)).toBe(true);
    }
    const api = await rawExchange('GET /api/v1/channels HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n');
    expect(api).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(api.split('\r\n\r\n')[1]!)).toEqual({ error: { code: 'bad_request', message: 'The request is not valid HTTP.', details: [] } });
  });

  it('answers every error under /s/ with a page in the customer\'s language, not JSON', async () => {
    const cases: [string, RequestInit, number][] = [
      ['/s/%E0%A4%A', {}, 400],
      [`/s/${'A'.repeat(3000)}`, {}, 404],
      ['/s/', {}, 404],
      ['/s/a/b/c', {}, 404],
      ['/l/%00', {}, 404],
      [`${surveyLink}?lang=english`, {}, 422],
      [surveyLink, form(`step=follow_up:csat&text=${'x'.repeat(40_000)}`), 413],
      [surveyLink, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }, 415],
      [surveyLink, form('step=follow_up:csat&text=a%00b'), 422],
    ];
    for (const [path, init, status] of cases) {
      const r = await page(path, init);
      expect({ path, status: r.status, type: r.type }).toEqual({ path, status, type: 'text/html; charset=utf-8' });
      expect(r.text).toContain('<h1>');
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    expect((await page('/s/%E0%A4%A', { headers: { 'accept-language': 'id' } })).text).toContain('Permintaan ini tidak dapat diproses');
    const huge = await rawExchange(`GET ${surveyLink} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    expect(huge).toMatch(/content-type: text\/html/i);
  });

  it('refuses unknown query parameters with 400 naming them; pages keep their own parameters', async () => {
    const r = await call(t.url, 'GET', `/api/v1/responses?channel=${channelId}&limit=5`, ws.tokens.admin);
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: 'bad_request', message: 'The query has a parameter this endpoint does not know.', details: [{ path: 'query.channel', message: 'is not a known parameter' }] });
    expect((await call(t.url, 'GET', `/api/v1/responses?channelId=${channelId}&limit=5`, ws.tokens.admin)).status).toBe(200);
    // Routes without query parameters refuse any, cache busters included.
    const none = await call(t.url, 'GET', '/api/v1/channels?_=1700000000000&x[y]=1', ws.tokens.admin);
    expect(none.body.error.details.map((d: any) => d.path)).toEqual(['query._', 'query.x[y]']);
    expect((await call(t.url, 'GET', '/healthz?probe=1')).status).toBe(400);
    const survey = await page(`${surveyLink}?lang=en&score=5&utm_source=email&fbclid=abc`);
    expect(survey.status, survey.text.slice(0, 400)).toBe(200);
    expect(survey.text).toContain('aria-pressed="true"');
    expect((await page('/?from=2024-01-01&tag=vip')).status).toBe(200);
    expect((await page('/openapi.json?v=2')).status).toBe(200);
  });

  it('documents every status an operation can answer, with the error schema', async () => {
    const spec = (await call(t.url, 'GET', '/openapi.json')).body;
    const statuses = (path: string, method: string) => Object.keys(spec.paths[path][method].responses).sort();
    expect(statuses('/api/v1/channels', 'get')).toEqual(['200', '400', '401']);
    expect(statuses('/api/v1/channels', 'post')).toEqual(['201', '400', '401', '403', '409', '413', '415', '422']);
    expect(statuses('/api/v1/channels/{id}', 'delete')).toEqual(['204', '400', '401', '403', '404', '409', '413', '415', '422']);
    expect(statuses('/api/v1/auth/login', 'post')).toEqual(['200', '400', '401', '409', '413', '415', '422', '429']);
    expect(statuses('/healthz', 'get')).toEqual(['200', '400', '503']);
    expect(spec.paths['/api/v1/responses'].get.responses['400'].content['application/json'].schema.properties.error.required).toEqual(['code', 'message', 'details']);
  });
});
