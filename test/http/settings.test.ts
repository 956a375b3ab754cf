import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHATSAPP, TELEGRAM } from '../helpers/channels.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let t: TestApp;
let ws: Seeded;
beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(() => t.close());

const get = (token = ws.tokens.admin) => call(t.url, 'GET', '/api/v1/settings/survey', token);
const put = (body: unknown, token = ws.tokens.admin, headers: Record<string, string> = {}) => call(t.url, 'PUT', '/api/v1/settings/survey', token, body, headers);

describe('survey settings', () => {
  it('starts with complete default settings as version 1, in Indonesian and English', async () => {
    const r = await get();
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    expect(r.headers.get('etag')).toBe('"1"');
    expect(r.body.settings.languages).toEqual({ enabled: ['id', 'en'], default: 'id' });
    expect(r.body.settings.csat.question.id.length).toBeGreaterThanOrEqual(20);
    expect(r.body.settings.csat.question.en.length).toBeGreaterThanOrEqual(20);
    expect(r.body.settings.sending).toEqual({ method: 'automatic', delayMinutes: 0, expiryHours: 24, cooldownDays: 7, reminderAfterHours: 0, reminderInBusinessHours: true });
  });

  it('saves each change as a new immutable version and lists the history', async () => {
    const s = (await get()).body.settings;
    s.nps.enabled = true;
    s.sending.method = 'manual';
    const saved = await put(s);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.body.createdBy.tokenId).toBeTruthy();
    s.sending.delayMinutes = 15;
    expect((await put(s)).body.version).toBe(3);

    const now = await get();
    expect(now.body.version).toBe(3);
    expect(now.body.settings.sending).toMatchObject({ method: 'manual', delayMinutes: 15 });

    const history = await call(t.url, 'GET', '/api/v1/settings/survey/versions?limit=2', ws.tokens.supervisor);
    expect(history.body.items.map((v: any) => v.version)).toEqual([3, 2]);
    expect(history.body.nextCursor).toBe(2);
    const older = await call(t.url, 'GET', '/api/v1/settings/survey/versions?limit=2&before=2', ws.tokens.supervisor);
    expect(older.body.items.map((v: any) => v.version)).toEqual([1]);
    expect(older.body.nextCursor).toBeNull();
    const v2 = await call(t.url, 'GET', '/api/v1/settings/survey/versions/2', ws.tokens.supervisor);
    expect(v2.body.settings.sending.delayMinutes).toBe(0);
    expect(v2.body.settings.nps.enabled).toBe(true);
  });

  it('reports every problem at once with its field path (422)', async () => {
    const s = (await get()).body.settings;
    s.csat.question.en = 'Too short';
    s.nps.enabled = true;
    s.nps.followUp = { mode: 'per_category', perCategory: { detractor: { id: 'Kenapa?', en: 'Why?' } } };
    s.ces.enabled = true;
    s.ces.followUp = { mode: 'per_category' };
    s.csat.channelScope = 'selected';
    const r = await put(s);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('validation_failed');
    expect(r.body.error.details.map((d: any) => d.path)).toEqual([
      'csat.question.en',
      'csat.channelIds',
      'ces.followUp.mode',
      'nps.followUp.perCategory.passive.id',
      'nps.followUp.perCategory.passive.en',
      'nps.followUp.perCategory.promoter.id',
      'nps.followUp.perCategory.promoter.en',
    ]);
    expect(r.body.error.details[0].message).toBe('The CSAT question in English must be at least 20 characters (it has 9).');
    expect((await get()).body.version).toBe(3);
  });

  it('rejects wrong types, unknown fields and out-of-range numbers with paths', async () => {
    const s = (await get()).body.settings;
    s.csat.enabled = 'yes';
    s.ces.scale.max = 11;
    s.nps.scale.min = 2;
    s.sending.delayMinutes = 1441;
    s.sending.surprise = true;
    delete s.greetings.title;
    const r = await put(s);
    expect(r.status).toBe(422);
    const byPath = Object.fromEntries(r.body.error.details.map((d: any) => [d.path, d.message]));
    expect(byPath).toMatchObject({
      'csat.enabled': 'The field csat.enabled must be true or false.',
      'ces.scale.max': 'The field ces.scale.max must be at most 10.',
      'nps.scale.min': 'The field nps.scale.min must be one of: 0, 1.',
      'sending.delayMinutes': 'The field sending.delayMinutes must be at most 1440.',
      'sending.surprise': 'There is no field sending.surprise; remove it.',
      'greetings.title': 'The field greetings.title is required.',
    });
  });

  it('words its problems in the reader\'s language (Accept-Language: id)', async () => {
    const cur = await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin);
    const s = structuredClone(cur.body.settings);
    s.csat.question.id = 'Puas?';
    s.nps.enabled = true;
    s.nps.channelScope = 'selected';
    s.nps.channelIds = [];
    const r = await put(s, ws.tokens.admin, { 'accept-language': 'id-ID,id;q=0.9,en;q=0.8' });
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([
      { path: 'csat.question.id', message: 'Pertanyaan CSAT dalam bahasa Indonesia minimal 20 karakter (saat ini 5).' },
      { path: 'nps.channelIds', message: 'Pilih minimal satu channel untuk NPS, atau pilih "All channel".' },
    ]);
    s.sending.delayMinutes = 1.5;
    // Shape and rule problems in one answer, the shape problem worded as a sentence too.
    const shape = await put(s, ws.tokens.admin, { 'accept-language': 'id' });
    expect(shape.body.error).toMatchObject({
      message: 'Pengaturan survei memiliki 3 masalah.',
      details: [
        { path: 'sending.delayMinutes', message: 'Kolom sending.delayMinutes harus bilangan bulat.' },
        { path: 'csat.question.id', message: 'Pertanyaan CSAT dalam bahasa Indonesia minimal 20 karakter (saat ini 5).' },
        { path: 'nps.channelIds', message: 'Pilih minimal satu channel untuk NPS, atau pilih "All channel".' },
      ],
    });
    expect((await put(s, ws.tokens.admin, { 'accept-language': 'en-US' })).body.error.details[0].message).toBe('The field sending.delayMinutes must be a whole number.');
  });

  it('refuses a save based on an outdated version with If-Match (409)', async () => {
    const cur = await get();
    const stale = await put(cur.body.settings, ws.tokens.admin, { 'if-match': `"${cur.body.version - 1}"` });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    const fresh = await put(cur.body.settings, ws.tokens.admin, { 'if-match': `"${cur.body.version}"` });
    expect(fresh.status).toBe(200);
    expect(fresh.body.version).toBe(cur.body.version + 1);
  });

  it('applies a JSON merge patch and validates the result', async () => {
    const before = await get();
    const patched = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { nps: { enabled: true }, sending: { delayMinutes: 45 } }, { 'content-type': 'application/merge-patch+json' });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(before.body.version + 1);
    expect(patched.body.settings.nps.enabled).toBe(true);
    expect(patched.body.settings.sending).toEqual({ ...before.body.settings.sending, delayMinutes: 45 });
    expect(patched.body.settings.csat).toEqual(before.body.settings.csat);
    const bad = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { csat: { question: { en: 'short' } }, sending: { cooldownDays: null } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { path: 'sending.cooldownDays', message: 'The field sending.cooldownDays is required.' },
      { path: 'csat.question.en', message: 'The CSAT question in English must be at least 20 characters (it has 5).' },
    ]);
    const rule = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { csat: { question: { en: 'short' } } });
    expect(rule.body.error.details[0].path).toBe('csat.question.en');
    expect((await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.supervisor, {})).status).toBe(403);
  });

  it('lets only admins save; supervisors and agents read', async () => {
    const s = (await get()).body.settings;
    expect((await put(s, ws.tokens.supervisor)).status).toBe(403);
    expect((await put(s, ws.tokens.agent)).status).toBe(403);
    expect((await get(ws.tokens.agent)).status).toBe(200);
    expect((await call(t.url, 'GET', '/api/v1/settings/survey/versions', ws.tokens.agent)).status).toBe(403);
  });

  it('previews unsaved settings per channel and language, with the follow-up per NPS category and the thank-you page', async () => {
    const ch = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'WhatsApp Sales', ...WHATSAPP });
    const s = (await get()).body.settings;
    s.nps.enabled = true;
    s.nps.channelScope = 'selected';
    s.nps.channelIds = [ch.body.id];
    s.greetings.thankYou.en = 'Thanks a lot, see you soon!';
    const p = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.agent, { settings: s, channelId: ch.body.id, language: 'en' });
    expect(p.status).toBe(200);
    expect(p.body.surveyTypes).toEqual(['csat', 'nps']);
    expect(p.body.channel).toMatchObject({ name: 'WhatsApp Sales', type: 'whatsapp' });
    const nps = p.body.steps.find((x: any) => x.kind === 'rating' && x.surveyType === 'nps');
    expect(nps.options).toHaveLength(11);
    expect(p.body.firstChatMessage.text).toMatch(/^Your conversation has been resolved\./);
    expect(p.body.firstChatMessage.choices.map((c: any) => c.title)).toEqual(['😡 Very unhappy', '😕 Unhappy', '😐 Neutral', '🙂 Happy', '😍 Very happy']);
    expect(nps.text).toContain('0 = Not at all likely … 10 = Extremely likely');
    const follow = p.body.steps.find((x: any) => x.kind === 'follow_up' && x.surveyType === 'nps');
    expect(follow.variants.map((v: any) => v.category)).toEqual(['detractor', 'passive', 'promoter']);
    expect(p.body.thankYou.message).toBe('Thanks a lot, see you soon!');
    expect(p.body.problems).toEqual([]);

    const other = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.agent, { settings: s, language: 'id' });
    expect(other.body.closing).toMatch(/^Percakapan Anda telah selesai/);
    expect((await get()).body.settings.greetings.thankYou.en).not.toBe('Thanks a lot, see you soon!');

    const unknownChannel = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.agent, { channelId: '00000000-0000-4000-8000-000000000000' });
    expect(unknownChannel.status).toBe(422);
  });

  it('previews an email channel as the email and a web channel as the callback body, without chat prompts', async () => {
    const email = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Email CS', type: 'email', config: { from: 'cs@example.test' }, credentials: { smtpUrl: 'smtp://127.0.0.1:2525' } });
    const web = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web inbox', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/callback' } });
    const mail = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.agent, { channelId: email.body.id, language: 'en' });
    expect(mail.status).toBe(200);
    expect(mail.body.firstChatMessage).toBeNull();
    expect(mail.body.callback).toBeNull();
    expect(mail.body.email.subject).toBe(mail.body.title);
    expect(mail.body.email.text).toContain('😍 Very happy: https://nilai.example/s/preview?lang=en&score=5');
    expect(mail.body.email.html).toContain('href="https://nilai.example/s/preview/unsubscribe"');
    expect(mail.body.email.text).not.toMatch(/SKIP|Reply with/);

    const hook = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.agent, { channelId: web.body.id, language: 'id' });
    expect(hook.body.firstChatMessage).toBeNull();
    expect(hook.body.email).toBeNull();
    expect(hook.body.callback.type).toBe('survey.invitation');
    expect(Object.keys(hook.body.callback.data).sort()).toEqual(['contact', 'conversationId', 'expiresAt', 'invitationId', 'language', 'survey', 'url']);
    expect(hook.body.callback.data.url).toBe('https://nilai.example/s/preview');
    expect(hook.body.callback.data.survey.steps[0]).toMatchObject({ kind: 'rating', surveyType: 'csat' });
    expect(hook.body.callback.data.survey.closing).toMatch(/^Percakapan Anda telah selesai/);
  });

  it('refuses to archive a channel the settings in force select, then allows it once deselected', async () => {
    const ch = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram Bot', ...TELEGRAM });
    const s = (await get()).body.settings;
    s.ces.enabled = true;
    s.ces.channelScope = 'selected';
    s.ces.channelIds = [ch.body.id];
    expect((await put(s)).status).toBe(200);
    const refused = await call(t.url, 'DELETE', `/api/v1/channels/${ch.body.id}`, ws.tokens.admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('CES');
    s.ces.channelScope = 'all';
    s.ces.channelIds = [];
    expect((await put(s)).status).toBe(200);
    expect((await call(t.url, 'DELETE', `/api/v1/channels/${ch.body.id}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(t.url, 'GET', `/api/v1/channels/${ch.body.id}`, ws.tokens.admin)).status).toBe(404);
    s.ces.channelScope = 'selected';
    s.ces.channelIds = [ch.body.id];
    const r = await put(s);
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('ces.channelIds.0');
  });
});
