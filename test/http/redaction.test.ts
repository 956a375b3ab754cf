/**
 * Provider errors never repeat a secret: a proxy in front of the provider answers with an error page
 * that echoes the request line, headers and body (as misconfigured nginx or corporate proxies do). The
 * bot token in Telegram's URL path, WhatsApp's Bearer token and Chatwoot's api_access_token header must
 * not reach "Test connection", the invitation's failure reason or the job table; a callback URL's
 * user:password@ is masked in the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPATCH_QUEUE } from '../../src/jobs/queue.js';
import { maskUrlUserinfo, redactSecrets } from '../../src/lib/redact.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { startFakeProvider, type FakeProvider, type ProviderCall } from '../helpers/fake-provider.js';
import { eventually } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let proxy: FakeProvider;

const BOT_TOKEN = '7012345678:AAH-test-bot-token-abcdefghijklmnop';
const WA_TOKEN = 'EAAG-test-access-token-0123456789';
const CW_TOKEN = 'cw-agent-token-9f8e7d6c5b';
const CALLBACK_PASSWORD = 's3cret-callback-pass';

/** What a careless proxy says: the whole request, in the provider's error fields and as plain text. */
function echo(c: ProviderCall) {
  const page = `502 Bad Gateway while proxying ${c.method} ${c.path} with headers ${JSON.stringify(c.headers)} and body ${JSON.stringify(c.json)}`;
  if (c.path.endsWith('/getMe')) return { status: 502, body: page };
  return { status: 400, body: { ok: false, description: page, error: { message: page, code: 100 }, message: page } };
}
const leaks = (text: string) => [BOT_TOKEN, BOT_TOKEN.split(':')[1]!, WA_TOKEN, CW_TOKEN, CALLBACK_PASSWORD].filter((s) => text.includes(s));

beforeAll(async () => {
  proxy = await startFakeProvider(echo);
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(async () => {
  await t.close();
  await proxy.close();
});

async function channel(body: object) {
  const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, body);
  expect(r.status).toBe(201);
  return r.body;
}
const testConnection = async (id: string) => (await call(t.url, 'POST', `/api/v1/channels/${id}/test`, ws.tokens.admin)).body;

describe('provider errors that echo the request', () => {
  it('"Test connection" shows the provider\'s words without the bot token, access token or API token', async () => {
    const tg = await channel({ name: 'TG', type: 'telegram', config: { apiBaseUrl: proxy.url }, credentials: { botToken: BOT_TOKEN } });
    const wa = await channel({ name: 'WA', type: 'whatsapp', config: { phoneNumberId: '106540352242922', apiBaseUrl: proxy.url }, credentials: { accessToken: WA_TOKEN, appSecret: 'test-app-secret-0123456789' } });
    const cw = await channel({ name: 'CW', type: 'chatwoot', config: { baseUrl: proxy.url, accountId: 1 }, credentials: { apiToken: CW_TOKEN } });
    for (const c of [tg, wa, cw]) {
      const r = await testConnection(c.id);
      expect(r.ok).toBe(false);
      expect(r.detail).toMatch(/502 Bad Gateway while proxying (GET|POST) \//); // Chatwoot's test posts (bot tokens may not read the profile)
      expect(r.detail).toContain('[redacted]');
      expect(leaks(r.detail)).toEqual([]);
    }
    // The secret really was echoed: the proxy saw it and put it in its page.
    expect(proxy.callsTo(`/bot${BOT_TOKEN}/getMe`)).toHaveLength(1);
    expect((await testConnection(tg.id)).detail).toContain('/bot[redacted]/getMe');
  });

  it('stores a failed send\'s reason and the job\'s errors without the token', async () => {
    const tg = await channel({ name: 'TG send', type: 'telegram', config: { apiBaseUrl: proxy.url }, credentials: { botToken: BOT_TOKEN } });
    // Two temporary failures first (each kept in the job table until the retry), then the echoing 400.
    const unavailable = { status: 503, body: `Service Unavailable: POST /bot${BOT_TOKEN}/sendMessage` };
    proxy.script('/sendMessage', unavailable, unavailable);
    const e = eventsFor({ conversationId: 'tg-1', channelId: tg.id, contactId: 'tg-555', agentId: ws.agentId });
    const conversation = { ...e.opened.conversation, contact: { ...e.opened.conversation.contact, handle: '555001' } };
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation })))).status).toBe(200);
    const jobError = await eventually(async () => {
      const rows = await t.db.withSchema('pgboss').selectFrom('job' as never).select(['output' as never]).where('name' as never, '=', DISPATCH_QUEUE as never).execute();
      return rows.map((r: any) => r.output?.message as string | undefined).find((m) => m?.includes('HTTP 503'));
    });
    expect(jobError).toBe('Telegram answered HTTP 503: "Service Unavailable: POST /bot[redacted]/sendMessage"');
    const invitation = async () => (await call(t.url, 'GET', '/api/v1/conversations/tg-1', ws.tokens.admin)).body.invitations[0];
    await eventually(async () => (await invitation())?.status === 'failed', 20_000);
    expect(proxy.callsTo('/sendMessage')).toHaveLength(3);
    const stored = await t.db.selectFrom('invitations').select('status_reason').executeTakeFirstOrThrow();
    expect(stored.status_reason).toContain('Telegram refused it (HTTP 400): 502 Bad Gateway while proxying POST /bot[redacted]/sendMessage');
    expect(leaks(stored.status_reason!)).toEqual([]);
    expect(leaks(JSON.stringify(await invitation()))).toEqual([]);
  });
});

describe('a callback URL with user:password@', () => {
  it('is masked in the API, kept when the masked value comes back, and never repeated by a test', async () => {
    const url = `http://nilai:${CALLBACK_PASSWORD}@127.0.0.1:9/hooks/nilai`;
    const web = await channel({ name: 'Web', type: 'web', config: { callbackUrl: url } });
    expect(web.config.callbackUrl).toBe('http://••••@127.0.0.1:9/hooks/nilai');
    const listed = (await call(t.url, 'GET', '/api/v1/channels', ws.tokens.agent)).body;
    expect(leaks(JSON.stringify(listed))).toEqual([]);
    // The admin app sends the form back whole: the masked URL must not replace the real one.
    const renamed = await call(t.url, 'PATCH', `/api/v1/channels/${web.id}`, ws.tokens.admin, { name: 'Web 2', config: { callbackUrl: web.config.callbackUrl } });
    expect(renamed.status).toBe(200);
    const row = await t.db.selectFrom('channels').select('config').where('id', '=', web.id).executeTakeFirstOrThrow();
    expect((row.config as any).callbackUrl).toBe(url);
    const r = await testConnection(web.id);
    expect(r.ok).toBe(false);
    expect(leaks(r.detail)).toEqual([]);
    expect(r.detail).toContain('http://[redacted]@127.0.0.1:9/hooks/nilai');
  });
});

describe('redactSecrets', () => {
  it('removes known secrets (also URL-encoded) and what looks like one, and keeps ordinary words', () => {
    expect(redactSecrets(`GET /bot${encodeURIComponent(BOT_TOKEN)}/x`)).toBe('GET /bot[redacted]/x');
    expect(redactSecrets('failed: my-secret-value and my%2Dsecret', ['my-secret-value'])).toBe('failed: [redacted] and my%2Dsecret');
    expect(redactSecrets('https://u:p@host/x?access_token=abc&hub.verify_token=def&page=2')).toBe('https://[redacted]@host/x?access_token=[redacted]&hub.verify_token=[redacted]&page=2');
    expect(redactSecrets('Authorization: Basic dXNlcjpwYXNz, authorization: Bearer abc.def')).toBe('Authorization: [redacted], authorization: [redacted]');
    expect(redactSecrets('sent with Bearer abc.def-123')).toBe('sent with Bearer [redacted]');
    expect(redactSecrets('api_access_token: zzz9 x-telegram-bot-api-secret-token: yyy8')).toBe('api_access_token: [redacted] x-telegram-bot-api-secret-token: [redacted]');
    expect(redactSecrets('{"secret_token":"abc","accessToken":"EAAGxyz","url":"https://n.example/x"}')).toBe('{"secret_token":"[redacted]","accessToken":"[redacted]","url":"https://n.example/x"}');
    expect(redactSecrets('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw leaked')).toBe('[redacted] leaked');
    const plain = 'Error validating access token: Session has expired. Basic authentication failed; (#131030) Recipient phone number not in allowed list';
    expect(redactSecrets(plain)).toBe(plain);
    expect(maskUrlUserinfo('https://a:b@c@host.example/p?q=1')).toBe('https://••••@host.example/p?q=1');
    expect(maskUrlUserinfo('https://host.example/p?u=a@b')).toBe('https://host.example/p?u=a@b');
  });
});
