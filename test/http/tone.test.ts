/**
 * Writing tone: the tones' texts fill valid settings in both languages (and formal is the defaults); the
 * chat words follow `settings.tone`; "Rewrite in this tone" against a fake OpenAI-compatible endpoint.
 * The fake answers in the chat-completions shape of OpenAI's API reference (POST /v1/chat/completions →
 * { id, object: "chat.completion", created, model, choices: [{ index, message: { role, content },
 * finish_reason }], usage }), which Ollama's and vLLM's OpenAI-compatible servers also speak; errors as
 * { error: { message, type, code } }.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatPrompt, optOutConfirmation } from '../../src/domain/chat/prompts.js';
import { defaultSurveySettings } from '../../src/domain/settings/defaults.js';
import { TONES, applyTone } from '../../src/domain/settings/tones.js';
import { validateSurveySettings } from '../../src/domain/settings/validate-settings.js';
import { nextStep } from '../../src/domain/survey-progress.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';

let t: TestApp;
let ws: Seeded;
let llm: FakeProvider;
const completion = (content: string) => ({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1764547200, model: 'llama3.1',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 60, completion_tokens: 12, total_tokens: 72 },
});

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  llm = await startFakeProvider(() => ({ status: 200, body: completion('"Kak, gimana bantuan kami hari ini?"') }));
});
afterAll(async () => {
  await t.close();
  await llm.close();
});

describe('tones', () => {
  it('formal is exactly the defaults; every tone gives valid settings with all types on', () => {
    const all = defaultSurveySettings();
    for (const type of ['csat', 'ces', 'nps'] as const) all[type].enabled = true;
    expect(applyTone(all, 'formal')).toEqual({ ...all, tone: 'formal' });
    for (const tone of TONES) {
      const s = applyTone(all, tone);
      expect(validateSurveySettings(s, { channelIds: new Set() })).toEqual([]);
      expect(s.sending).toEqual(all.sending);
    }
    expect(applyTone(all, 'friendly').csat.question.id).toMatch(/^Kak, /);
  });

  it('saves a tone through the API, and the chat words follow it', async () => {
    const cur = await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin);
    const friendly = applyTone(cur.body.settings, 'friendly');
    const saved = await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, friendly);
    expect(saved.status).toBe(200);
    expect(saved.body.settings.tone).toBe('friendly');
    const step = nextStep(friendly, ['csat'], [], 'id');
    const prompt = chatPrompt({ settings: friendly, invitationId: 'i', language: 'id', url: 'https://x/s/t', step, first: true, retry: true });
    expect(prompt.text).toContain('Maaf, Kak');
    expect(prompt.typeHint).toContain('ya, Kak');
    expect(optOutConfirmation('en', 'friendly').text).toBe('No problem, no more surveys from us. Thanks!');
    const tones = await call(t.url, 'GET', '/api/v1/settings/tones', ws.tokens.supervisor);
    expect(tones.body.tones.map((x: any) => x.tone)).toEqual(['formal', 'semiformal', 'friendly']);
    expect(tones.body.tones[2].texts.id.closing).toContain('Yuk');
    const bad = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { tone: 'casual' });
    expect(bad.status).toBe(422);
  });
});

describe('rewrite in this tone', () => {
  it('answers 409 until an endpoint is connected; keys are stored masked', async () => {
    const r = await call(t.url, 'POST', '/api/v1/settings/rewrite', ws.tokens.admin, { text: 'Bagaimana layanan kami?', tone: 'friendly', language: 'id' });
    expect(r.status).toBe(409);
    expect((await call(t.url, 'GET', '/api/v1/settings/rewrite-endpoint', ws.tokens.admin)).body).toEqual({ endpoint: null });
    const bad = await call(t.url, 'PUT', '/api/v1/settings/rewrite-endpoint', ws.tokens.admin, { baseUrl: 'ftp://x', model: 'm' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('baseUrl');
    const put = await call(t.url, 'PUT', '/api/v1/settings/rewrite-endpoint', ws.tokens.admin, { baseUrl: `${llm.url}/v1`, model: 'llama3.1', apiKey: 'sk-test-0123456789abcdef' });
    expect(put.status).toBe(200);
    expect(put.body.endpoint).toMatchObject({ baseUrl: `${llm.url}/v1`, model: 'llama3.1', apiKey: '••••cdef' });
    expect(JSON.stringify((await call(t.url, 'GET', '/api/v1/settings/rewrite-endpoint', ws.tokens.admin)).body)).not.toContain('sk-test');
    expect((await call(t.url, 'GET', '/api/v1/settings/rewrite-endpoint', ws.tokens.supervisor)).status).toBe(403);
  });

  it('sends the chat-completions request and returns the rewrite unquoted, without saving it', async () => {
    const before = (await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin)).body.version;
    const r = await call(t.url, 'POST', '/api/v1/settings/rewrite', ws.tokens.admin, { text: 'Bagaimana layanan kami hari ini?', tone: 'friendly', language: 'id' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, text: 'Kak, gimana bantuan kami hari ini?' });
    const req = llm.callsTo('/v1/chat/completions').at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe('Bearer sk-test-0123456789abcdef');
    expect(req.json).toMatchObject({ model: 'llama3.1', stream: false, messages: [{ role: 'system' }, { role: 'user', content: 'Bagaimana layanan kami hari ini?' }] });
    expect(req.json.messages[0].content).toContain('Indonesian');
    expect((await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin)).body.version).toBe(before);
  });

  it('says in words what went wrong: the endpoint refusing, a lost placeholder, an off-shape answer', async () => {
    llm.script('/chat/completions', { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } });
    const refused = await call(t.url, 'POST', '/api/v1/settings/rewrite', ws.tokens.admin, { text: 'Halo {{contact.name}}', tone: 'formal', language: 'id' });
    expect(refused.body).toEqual({ ok: false, reason: expect.stringContaining('Incorrect API key provided.') });
    expect(refused.body.reason).not.toContain('sk-test');
    llm.script('/chat/completions', { status: 200, body: completion('Halo, Kak!') });
    const lost = await call(t.url, 'POST', '/api/v1/settings/rewrite', ws.tokens.admin, { text: 'Halo {{contact.name}}', tone: 'friendly', language: 'id' });
    expect(lost.body).toEqual({ ok: false, reason: expect.stringContaining('placeholders') });
    llm.script('/chat/completions', { status: 200, body: { result: 'x' } });
    const shape = await call(t.url, 'POST', '/api/v1/settings/rewrite', ws.tokens.admin, { text: 'Halo', tone: 'friendly', language: 'en' });
    expect(shape.body).toEqual({ ok: false, reason: expect.stringContaining('OpenAI-compatible') });
  });
});
