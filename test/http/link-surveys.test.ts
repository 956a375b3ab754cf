/**
 * Link surveys over HTTP: the shareable link gives each browser (cookie) one survey on the hosted page,
 * answered anonymously with source link; a personal link is for one contact, answers once, expires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let t: TestApp;
let ws: Seeded;
let channelId: string;

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Counter QR', type: 'link' });
  expect(r.status).toBe(201);
  channelId = r.body.id;
});
afterAll(() => t?.close());

const open = (path: string, cookie?: string) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) } });
const answer = (surveyPath: string) => fetch(`${t.url}${surveyPath}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'step=rating:csat&score=5' });

describe('the shareable link', () => {
  it('gives one browser one survey, answered anonymously with source link', async () => {
    const first = await open(`/l/${channelId}`);
    expect(first.status).toBe(303);
    const survey = first.headers.get('location')!;
    expect(survey).toMatch(/^\/s\/[A-Za-z0-9_-]{22}$/);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect((await (await fetch(`${t.url}${survey}`)).text())).toContain('How satisfied are you');
    expect((await answer(survey)).status).toBe(303);
    // The same browser comes back to the same survey (now its thank-you page); another browser gets its own.
    const again = await open(`/l/${channelId}`, cookie);
    expect(again.headers.get('location')).toBe(survey);
    expect(await (await fetch(`${t.url}${survey}`)).text()).toContain('What could we do better?');
    const other = await open(`/l/${channelId}`);
    expect(other.headers.get('location')).not.toBe(survey);
    const list = await call(t.url, 'GET', '/api/v1/responses?source=link', ws.tokens.admin);
    expect(list.body.items).toMatchObject([{ score: 5, source: 'link', conversation: { id: null, contact: null, channel: { id: channelId, type: 'link' } } }]);
  });

  it('of an unknown channel is an unknown survey', async () => {
    const r = await open('/l/00000000-0000-0000-0000-000000000000');
    expect((await fetch(`${t.url}${r.headers.get('location')}`)).status).toBe(404);
  });
});

describe('personal links', () => {
  it('are for one contact and answer once', async () => {
    const r = await call(t.url, 'POST', `/api/v1/channels/${channelId}/links`, ws.tokens.admin, { contact: { id: 'inv-77', name: 'Budi', locale: 'id-ID' }, expiresInHours: 48 });
    expect(r.status).toBe(201);
    const path = new URL(r.body.url).pathname;
    expect(Date.parse(r.body.expiresAt) - Date.now()).toBeGreaterThan(47 * 3_600_000);
    expect(await (await fetch(`${t.url}${path}`)).text()).toContain('Seberapa puas');
    expect((await answer(path)).status).toBe(303);
    expect((await answer(path)).status).toBe(303);
    expect(await (await fetch(`${t.url}${path}`)).text()).toContain('Apa yang bisa kami tingkatkan?');
    const list = await call(t.url, 'GET', '/api/v1/responses?source=link&scoreMin=5', ws.tokens.admin);
    expect(list.body.items.filter((i: any) => i.conversation.contact?.id === 'inv-77')).toMatchObject([{ conversation: { contact: { id: 'inv-77', name: 'Budi' } } }]);
  });

  it('belong to link channels only', async () => {
    const web = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: 'https://inbox.example.com/x' } });
    const r = await call(t.url, 'POST', `/api/v1/channels/${web.body.id}/links`, ws.tokens.admin, { contact: { id: 'c1' } });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('params.id');
    expect((await call(t.url, 'POST', '/api/v1/channels/nope/links', ws.tokens.admin, { contact: { id: 'c1' } })).status).toBe(404);
  });
});

describe('the public score badge', () => {
  it('is off until an admin turns it on, then shows the CSAT and its n, cached, without personal data', async () => {
    const off = await call(t.url, 'GET', '/api/v1/badge', ws.tokens.supervisor);
    expect(off.body).toMatchObject({ enabled: false, key: null, days: 90, survey: 'csat', svgUrl: null });
    expect((await call(t.url, 'PATCH', '/api/v1/badge', ws.tokens.supervisor, { enabled: true })).status).toBe(403);
    const on = await call(t.url, 'PATCH', '/api/v1/badge', ws.tokens.admin, { enabled: true, days: 30 });
    expect(on.status).toBe(200);
    expect(on.body.svgUrl).toMatch(/\/badge\/bdg_[A-Za-z0-9_-]+\.svg$/);
    // Earlier tests answered CSAT 5 twice (the shareable link and Budi's personal link); one more answers 2.
    const r = await open(`/l/${channelId}`);
    await fetch(`${t.url}${r.headers.get('location')}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'step=rating:csat&score=2' });
    const svg = await fetch(on.body.svgUrl);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('public, max-age=300');
    const text = await svg.text();
    expect(text).toContain('67% · n=3');
    const page = await (await fetch(on.body.pageUrl)).text();
    expect(page).toContain('67%');
    expect(page).toContain('3 answers');
    expect(page).not.toContain('Budi');
    await call(t.url, 'PATCH', '/api/v1/badge', ws.tokens.admin, { enabled: false });
    expect((await fetch(on.body.svgUrl)).status).toBe(404);
  });
});

describe('page views arriving together', () => {
  const personal = async (id: string, locale: string) => new URL((await call(t.url, 'POST', `/api/v1/channels/${channelId}/links`, ws.tokens.admin, { contact: { id, locale } })).body.url).pathname;

  it('share one lookup and each shows its own invitation in its current state', async () => {
    const [a, b, c] = [await personal('batch-a', 'en'), await personal('batch-b', 'id-ID'), await personal('batch-c', 'en')];
    expect((await answer(b)).status).toBe(303);
    // Sent at once, the views of several tokens (and an unknown one) are looked up together.
    const paths = [a, b, c, '/s/AAAAAAAAAAAAAAAAAAAAAA', a, b, c];
    const pages = await Promise.all(paths.map(async (p) => {
      const r = await fetch(`${t.url}${p}`);
      return { status: r.status, text: await r.text() };
    }));
    for (const i of [0, 2, 4, 6]) expect(pages[i]).toMatchObject({ status: 200, text: expect.stringContaining('How satisfied are you') });
    for (const i of [1, 5]) expect(pages[i]!.text).toContain('Apa yang bisa kami tingkatkan?');
    expect(pages[3]!.status).toBe(404);
    expect(pages[0]!.text).toContain(`action="${a}?lang=en"`);
    expect(pages[2]!.text).toContain(`action="${c}?lang=en"`);
    // The answered state shows at once, also to the next view of an earlier batch's token.
    expect((await answer(a)).status).toBe(303);
    expect(await (await fetch(`${t.url}${a}`)).text()).toContain('What could we do better?');
  });

  it('use a new settings version at once, and an earlier link keeps the version it was made with', async () => {
    const before = await personal('version-old', 'en');
    expect(await (await fetch(`${t.url}${before}`)).text()).toContain('Customer satisfaction survey');
    await changeSettings(t.url, ws.tokens.admin, (s) => {
      s.greetings.title.en = 'Toko Test feedback';
    });
    const after = await personal('version-new', 'en');
    expect(await (await fetch(`${t.url}${after}`)).text()).toContain('Toko Test feedback');
    expect(await (await fetch(`${t.url}${before}`)).text()).toContain('Customer satisfaction survey');
  });
});
