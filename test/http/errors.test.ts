import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let t: TestApp;
let ws: Seeded;
beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
});
afterAll(() => t.close());

const isErrorShape = (body: any) =>
  typeof body?.error?.code === 'string' && typeof body.error.message === 'string' && Array.isArray(body.error.details);

describe('HTTP errors', () => {
  it('answers malformed JSON with 400 in the error shape, never a stack trace', async () => {
    const r = await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, '{"languages": ', {});
    expect(r.status).toBe(400);
    expect(isErrorShape(r.body)).toBe(true);
    expect(JSON.stringify(r.body)).not.toMatch(/at \w+ \(|node_modules/);
  });

  it('rejects bodies that are too large (413) and non-JSON bodies (415)', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), type: 'web' });
    const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    const form = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, undefined, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
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
    expect(r.body.error.details).toEqual([{ path: 'query.limit', message: 'must be <= 100' }]);
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
