/**
 * Sign-in limits that a client cannot dodge: X-Forwarded-For is believed only from the proxies named
 * in TRUST_PROXY; attempts are limited per email whatever the address, and per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { LOGIN_ATTEMPTS } from '../../src/http/routes/auth.js';
import { freshDatabase, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let direct: TestApp;
let proxied: TestApp;
let ws: Seeded;

beforeAll(async () => {
  const dbUrl = await freshDatabase();
  [direct, proxied] = await Promise.all([startApp(dbUrl, { workers: false }), startApp(dbUrl, { workers: false, trustProxy: 1 })]);
  ws = await seedWorkspace(direct.db);
});
afterAll(async () => {
  await Promise.all([direct.close(), proxied.close()]);
});

async function login(app: TestApp, body: Record<string, string>, forwardedFor?: string) {
  const res = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor && { 'x-forwarded-for': forwardedFor }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}
const ip = (i: number) => `203.0.113.${i}`;

describe('TRUST_PROXY', () => {
  it('reads a hop count, addresses and CIDR ranges, and refuses true and garbage', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('0')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy(' 10.0.0.0/8, ::1 ,loopback,fd00::/8')).toEqual(['10.0.0.0/8', '::1', 'loopback', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.0/33', '::1/129', 'proxy.example.com', '10.0.0.1/8/8', '1.2.3']) expect(parseTrustProxy(bad)).toBeNull();
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be the number of proxies/);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
  });
});

describe('sign-in limits', () => {
  it('limits attempts per email whatever X-Forwarded-For says, also behind a trusted proxy', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS.perEmail; i++) expect((await login(proxied, { email: 'target@victim.test', password: `guess ${i}` }, ip(i))).status).toBe(401);
    const blocked = await login(proxied, { email: 'TARGET@victim.test', password: 'one more' }, ip(99));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(800);
    expect(blocked.body.error).toEqual({ code: 'rate_limited', message: 'Too many sign-in attempts for this email. Try again in 15 minutes.', details: [] });
    // Someone else still signs in.
    expect((await login(proxied, { email: ws.adminEmail, password: ws.adminPassword }, ip(99))).status).toBe(200);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a new header each time does not reset the per-address limit', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS.perAddress; i++) {
      expect((await login(direct, { email: `spray-${i}@victim.test`, password: 'Password123' }, ip(i))).status).toBe(401);
    }
    const blocked = await login(direct, { email: 'spray-new@victim.test', password: 'Password123' }, ip(200));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toBe('Too many sign-in attempts from your address. Try again in 15 minutes.');
    expect(Number(blocked.retryAfter)).toBeGreaterThan(800);
  });

  it('believes the nearest proxy when TRUST_PROXY=1: addresses are limited apart, spoofed entries further left do not count', async () => {
    for (let i = 0; i < LOGIN_ATTEMPTS.perAddress; i++) {
      // The client put its own guess in front; the proxy appended the real address.
      expect((await login(proxied, { email: `spray-${i}@victim.test`, password: 'Password123' }, `${ip(i)}, 198.51.100.7`)).status).toBe(401);
    }
    expect((await login(proxied, { email: 'spray-new@victim.test', password: 'Password123' }, '198.51.100.7')).status).toBe(429);
    expect((await login(proxied, { email: 'spray-new@victim.test', password: 'Password123' }, '198.51.100.8')).status).toBe(401);
  });
});
