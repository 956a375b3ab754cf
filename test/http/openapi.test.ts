/**
 * /openapi.json is complete: every operation has an example for its request body, its success answer
 * and each error status, every example is valid against the schema it illustrates, the export
 * operations list their CSV and XLSX forms, and the customer pages are documented. Some examples are
 * sent to the running server to show they are not just well-shaped but accepted.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_EXAMPLES } from '../../src/http/openapi/request-examples.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let t: TestApp;
let ws: Seeded;
let spec: any;

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  spec = (await call(t.url, 'GET', '/openapi.json')).body;
}, 120_000);
afterAll(async () => t?.close());

const operations = () =>
  Object.entries<any>(spec.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
/** Most schemas repeat (the error shape on every operation): compile each distinct one once. */
const problemsOf = (schema: object, value: unknown) => {
  const key = JSON.stringify(schema);
  const validate = compiled.get(key) ?? ajv.compile(schema);
  compiled.set(key, validate);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
};

describe('the OpenAPI document', () => {
  it('has a valid example on every JSON request body, success answer and error', () => {
    const missing: string[] = [];
    const invalid: string[] = [];
    let checked = 0;
    for (const { key, op } of operations()) {
      const media: [string, any][] = [];
      const body = op.requestBody?.content?.['application/json'];
      if (body) media.push(['request', body]);
      for (const [status, r] of Object.entries<any>(op.responses ?? {})) {
        const m = r.content?.['application/json'];
        if (m && m.schema?.type !== 'null') media.push([status, m]);
      }
      for (const [where, m] of media) {
        if (m.example === undefined) { missing.push(`${key} ${where}`); continue; }
        checked++;
        const problems = problemsOf(m.schema, m.example);
        if (problems.length) invalid.push(`${key} ${where}: ${problems.join('; ')}`);
      }
    }
    expect(missing).toEqual([]);
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(600);
  });

  it('uses every written request example, and uses it as written', () => {
    const keys = new Set(operations().map((o) => o.key));
    expect(Object.keys(REQUEST_EXAMPLES).filter((k) => !keys.has(k))).toEqual([]);
    const events = spec.paths['/api/v1/events'].post.requestBody.content['application/json'].example;
    expect(events).toEqual(REQUEST_EXAMPLES['POST /api/v1/events']);
    expect(spec.paths['/api/v1/channels/{id}'].get.responses['404'].content['application/json'].example.error.code).toBe('not_found');
    // A date field's example is a date (was an email sender's, for a field named `from`).
    expect(spec.paths['/api/v1/integrations/{id}/backfill'].post.requestBody.content['application/json'].example).toEqual({ from: '2026-11-01', to: '2026-11-01' });
    expect(spec.paths['/api/v1/channels'].post.responses['422'].content['application/json'].example.error.details[0].path).toBeTypeOf('string');
  });

  it('lists the CSV and XLSX forms of the exports with their columns', () => {
    for (const path of ['/api/v1/responses', '/api/v1/reports/summary']) {
      const ok = spec.paths[path].get.responses['200'];
      expect(Object.keys(ok.content)).toEqual(['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
      expect(ok.description).toContain('format=csv');
    }
    expect(spec.paths['/api/v1/responses'].get.responses['200'].content['text/csv'].example).toMatch(/^\uFEFFanswered_at,survey_type,score,/);
    expect(spec.paths['/api/v1/reports/summary'].get.responses['200'].description).toContain('`csat_percent`');
  });

  it('documents /healthz 503 and the customer pages', () => {
    expect(spec.paths['/healthz'].get.responses['503'].content['application/json'].example.error.code).toBe('unavailable');
    expect(Object.keys(spec.paths['/s/{token}'])).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/s/{token}'].get.responses)).toEqual(['200', '404', '410']);
    expect(spec.paths['/s/{token}'].post.responses['422'].content['text/html']).toBeDefined();
    for (const path of ['/s/{token}/unsubscribe', '/l/{channelId}', '/widget/v1.js', '/badge/{key}']) expect(spec.paths[path].get.tags).toEqual(['Customer pages']);
  });

  it('documents answers the server really gives for the customer pages', async () => {
    const unknown = await fetch(`${t.url}/s/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/html');
    expect(Object.keys(spec.paths['/s/{token}'].get.responses)).toContain(String(unknown.status));
    const script = await fetch(`${t.url}/widget/v1.js`);
    expect(script.status).toBe(200);
    expect(Object.keys(spec.paths['/widget/v1.js'].get.responses['200'].content)[0]).toBe(script.headers.get('content-type')!.split(';')[0]);
  });

  it('has request examples the server accepts', async () => {
    const example = (key: string) => structuredClone(REQUEST_EXAMPLES[key]) as any;
    const patched = await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, example('PATCH /api/v1/settings/survey'));
    expect(patched.status).toBe(200);
    expect(patched.body.settings.csat.question.id).toBe('Seberapa puas Kakak dengan bantuan kami hari ini?');
    expect((await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, example('PUT /api/v1/settings/survey'))).status).toBe(200);
    const channel = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Inbox API', type: 'web', config: { callbackUrl: 'https://inbox.example.com/nilai' } });
    expect(channel.status).toBe(201);
    const fields = await call(t.url, 'POST', '/api/v1/contact-fields', ws.tokens.admin, example('POST /api/v1/contact-fields'));
    expect(fields.status).toBe(201);
    const events = example('POST /api/v1/events').map((e: any) => {
      const { agentId: _a, divisionId: _d, ...conversation } = e.conversation;
      return { ...e, conversation: { ...conversation, channelId: channel.body.id } };
    });
    const sent = await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
    expect(sent.status).toBe(200);
    expect(sent.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const division = await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { ...example('POST /api/v1/divisions'), supervisorId: undefined, agentIds: [], channelIds: [] });
    expect(division.status).toBe(201);
    expect((await call(t.url, 'PUT', '/api/v1/automation/auto-resolve', ws.tokens.admin, example('PUT /api/v1/automation/auto-resolve'))).status).toBe(200);
    expect((await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.admin, example('PUT /api/v1/review-rubric'))).status).toBe(200);
  });
});
