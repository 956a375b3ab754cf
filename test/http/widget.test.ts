/**
 * The website widget's public side over HTTP: the script file (cache, ETag, gzip), CORS for the listed
 * origins only, open → ticket → answer (once per ticket), the signed identity of signed-in visitors
 * (forged ids refused), recontact for them, URL patterns, and the answers in the responses list.
 */
import { createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { identityMessage } from '../../src/domain/widget/identity.js';

let t: TestApp;
let ws: Seeded;
let key: string;
let secret: string;
const SITE = 'https://shop.example.com';
const site = { origin: SITE };
const sign = (id: string, attributes: Record<string, string> = {}) => createHmac('sha256', secret).update(identityMessage(id, attributes)).digest('hex');

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, {
    name: 'Website', type: 'widget', config: { allowedOrigins: [SITE], rules: { delaySeconds: 0, urlPatterns: ['/checkout/*', '/help'], recontactDays: 30 } },
  });
  expect(r.status).toBe(201);
  key = r.body.id;
  secret = r.body.signingSecret;
  expect(secret).toMatch(/^wid_/);
});
afterAll(() => t?.close());

describe('the widget channel', () => {
  it('needs its allowed origins, each an origin', async () => {
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'W2', type: 'widget', config: { allowedOrigins: ['https://a.example.com/path'] } });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([{ path: 'config.allowedOrigins.0', message: expect.stringContaining('origin') }]);
    const none = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'W3', type: 'widget' });
    expect(none.status).toBe(422);
    expect(none.body.error.details[0].path).toBe('config.allowedOrigins');
  });
});

describe('/widget/v1.js', () => {
  it('is cacheable with an ETag, gzipped on request', async () => {
    const r = await fetch(`${t.url}/widget/v1.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('javascript');
    expect(r.headers.get('cache-control')).toContain('max-age=86400');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"/);
    expect((await r.text()).length).toBeGreaterThan(1000);
    const again = await fetch(`${t.url}/widget/v1.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Node's fetch decompresses; read the raw bytes through a plain request to see the gzip itself.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get }) => get(`${t.url}/widget/v1.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
      }).on('error', reject));
    });
    expect(gunzipSync(raw).toString()).toContain('nilai');
  });
});

describe('CORS', () => {
  it('answers a preflight for a listed origin only', async () => {
    const ok = await fetch(`${t.url}/widget/api/v1/${key}/open`, { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    const other = await fetch(`${t.url}/widget/api/v1/${key}/open`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an unlisted origin as an unknown widget', async () => {
    const r = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help` }, { origin: 'https://evil.example.com' });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('open and answer', () => {
  it('refuses a page of another site than the calling one', async () => {
    const r = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: 'https://other.example.com/help' }, site);
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([{ path: 'body.pageUrl', message: expect.any(String) }]);
  });

  it('shows only on the pages its patterns name', async () => {
    const r = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/about` }, site);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ show: false, reason: 'page_not_included' });
  });

  it('records an anonymous answer once per ticket, with the page URL and source widget', async () => {
    const o = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/checkout/done?order=991#x`, lang: 'en-GB' }, site);
    expect(o.status).toBe(200);
    expect(o.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(o.body.show).toBe(true);
    expect(o.body.survey.language).toBe('en');
    expect(o.body.survey.steps[0]).toMatchObject({ kind: 'rating', surveyType: 'csat', question: 'How satisfied are you with the help you received today?' });
    expect(o.body.rules).toMatchObject({ delaySeconds: 0, recontactDays: 30, samplePercent: 100 });
    const body = { ticket: o.body.ticket, pageUrl: `${SITE}/checkout/done?order=991`, answers: [{ surveyType: 'csat', score: 2, followUp: 'Pengiriman lambat' }] };
    const a = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, body, site);
    expect(a.status).toBe(200);
    const twice = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, body, site);
    expect(twice.status).toBe(409);
    const list = await call(t.url, 'GET', '/api/v1/responses?source=widget', ws.tokens.admin);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      surveyType: 'csat', score: 2, followUpText: 'Pengiriman lambat', source: 'widget', pageUrl: `${SITE}/checkout/done`,
      conversation: { id: null, contact: null, channel: { id: key, type: 'widget' } },
    });
    const conversations = await call(t.url, 'GET', '/api/v1/responses?source=conversation', ws.tokens.admin);
    expect(conversations.body.items).toHaveLength(0);
    // The same reports as every other survey: by the widget channel.
    const report = await call(t.url, 'GET', `/api/v1/reports/summary?channelId=${key}`, ws.tokens.admin);
    expect(report.status).toBe(200);
    expect(report.body.overall.csat).toMatchObject({ n: 1, satisfied: 0, percent: 0 });
  });

  it('refuses a forged ticket, a score off the scale and a type not asked', async () => {
    const o = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help` }, site);
    const forged = `${o.body.ticket.split('.')[0]}.${'A'.repeat(43)}`;
    const r1 = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, { ticket: forged, pageUrl: `${SITE}/help`, answers: [{ surveyType: 'csat', score: 5 }] }, site);
    expect(r1.status).toBe(422);
    expect(r1.body.error.details).toEqual([{ path: 'body.ticket', message: expect.any(String) }]);
    const r2 = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, { ticket: o.body.ticket, pageUrl: `${SITE}/help`, answers: [{ surveyType: 'csat', score: 9 }] }, site);
    expect(r2.status).toBe(422);
    expect(r2.body.error.details[0].path).toBe('body.answers.0.score');
    const r3 = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, { ticket: o.body.ticket, pageUrl: `${SITE}/help`, answers: [{ surveyType: 'nps', score: 9 }] }, site);
    expect(r3.status).toBe(422);
    expect(r3.body.error.details[0].path).toBe('body.answers.0.surveyType');
  });
});

describe('signed-in visitors', () => {
  it('refuses a forged id, and a changed attribute', async () => {
    const forged = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help`, visitor: { id: 'u-2', signature: sign('u-1') } }, site);
    expect(forged.status).toBe(403);
    expect(forged.body.error.details).toEqual([{ path: 'body.visitor.signature', message: expect.any(String) }]);
    const changed = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help`, visitor: { id: 'u-1', attributes: { plan: 'enterprise' }, signature: sign('u-1', { plan: 'free' }) } }, site);
    expect(changed.status).toBe(403);
  });

  it('answers as the signed-in visitor, who is not asked again inside the recontact period', async () => {
    const visitor = { id: 'u-7', attributes: { name: 'Sari', plan: 'pro' }, signature: sign('u-7', { name: 'Sari', plan: 'pro' }) };
    const o = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help`, visitor }, site);
    expect(o.status).toBe(200);
    expect(o.body.show).toBe(true);
    const a = await call(t.url, 'POST', `/widget/api/v1/${key}/answer`, null, { ticket: o.body.ticket, pageUrl: `${SITE}/help`, answers: [{ surveyType: 'csat', score: 5 }] }, site);
    expect(a.status).toBe(200);
    const list = await call(t.url, 'GET', '/api/v1/responses?source=widget&scoreMin=5', ws.tokens.admin);
    expect(list.body.items[0].conversation.contact).toMatchObject({ id: 'u-7', name: 'Sari', phone: null, email: null });
    const again = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/help`, visitor }, site);
    expect(again.body).toEqual({ show: false, reason: 'recently_answered' });
  });
});

describe('/widget/demo', () => {
  it('shows the snippet of the first widget channel', async () => {
    const r = await fetch(`${t.url}/widget/demo`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain(`<script src="${t.url}/widget/v1.js" data-key="${key}" async></script>`);
  });
});

describe('limits', () => {
  // Last in this file: it uses up this address's opens for the minute.
  it('refuses more opens a minute from one address than the limit, with Retry-After', async () => {
    let r;
    for (let i = 0; i <= 60; i++) {
      r = await call(t.url, 'POST', `/widget/api/v1/${key}/open`, null, { pageUrl: `${SITE}/about` }, site);
      if (r.status === 429) break;
    }
    expect(r!.status).toBe(429);
    expect(r!.body.error.code).toBe('rate_limited');
    expect(Number(r!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
