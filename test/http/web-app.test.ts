/**
 * Every page of the admin app answers its HTML on a direct load (a bookmark, a reload, a link in an email),
 * not only when the browser app navigates there: the paths are read from the app's own router
 * (web/src/main.tsx), so a page added there and not to the server fails here.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
});
afterAll(() => t?.close());

const router = readFileSync(new URL('../../web/src/main.tsx', import.meta.url), 'utf8');
const paths = [...router.matchAll(/\{ path: '([^']+)'/g)].map((m) => m[1]!).filter((p) => p !== '*');

describe('admin app pages', () => {
  it('reads the router', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths).toContain('/broadcasts');
  });

  it.each(paths)('GET %s answers the app', async (path) => {
    const res = await fetch(`${t.url}${path.replace(/:[a-z]+/g, '3f9b1c2e-0000-4000-8000-000000000001')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await res.text()).toMatch(/^<!doctype html>/i);
  });

  it('leaves other paths to the API: a JSON 404', async () => {
    const res = await fetch(`${t.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
