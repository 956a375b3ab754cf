/**
 * Signing in: one email may have an account in several workspaces (unique per workspace, and nothing
 * tells one workspace's admin about another's users); limits that a client cannot dodge: X-Forwarded-For
 * is believed only from the proxies named in TRUST_PROXY; attempts are limited per email whatever the
 * address, and per address.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenCommand } from '../../src/cli/admin-commands.js';
import { loadConfig, parseTrustProxy } from '../../src/config.js';
import { LOGIN_ATTEMPTS } from '../../src/http/routes/auth.js';
import { call, freshDatabase, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

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
    const spray = await Promise.all(Array.from({ length: LOGIN_ATTEMPTS.perAddress }, (_, i) => login(direct, { email: `spray-${i}@victim.test`, password: 'Password123' }, ip(i))));
    expect(spray.map((r) => r.status)).toEqual(spray.map(() => 401));
    const blocked = await login(direct, { email: 'spray-new@victim.test', password: 'Password123' }, ip(200));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toBe('Too many sign-in attempts from your address. Try again in 15 minutes.');
    expect(Number(blocked.retryAfter)).toBeGreaterThan(800);
  });

  it('believes the nearest proxy when TRUST_PROXY=1: addresses are limited apart, spoofed entries further left do not count', async () => {
    // The client put its own guess in front; the proxy appended the real address.
    const spray = await Promise.all(Array.from({ length: LOGIN_ATTEMPTS.perAddress }, (_, i) => login(proxied, { email: `spray-${i}@victim.test`, password: 'Password123' }, `${ip(i)}, 198.51.100.7`)));
    expect(spray.map((r) => r.status)).toEqual(spray.map(() => 401));
    expect((await login(proxied, { email: 'spray-new@victim.test', password: 'Password123' }, '198.51.100.7')).status).toBe(429);
    expect((await login(proxied, { email: 'spray-new@victim.test', password: 'Password123' }, '198.51.100.8')).status).toBe(401);
  });
});

describe('one email in two workspaces', () => {
  const SHARED = 'Rina.Shared@example.test';
  let a: Seeded;
  let b: Seeded;
  let inA: any;
  let inB: any;
  // Last in the file: with several workspaces each sign-in checks several hashes (LOGIN_CHECKS), and
  // these addresses are apart from the limits tested above.
  const from = (n: number) => `192.0.2.${n}`;

  beforeAll(async () => {
    a = await seedWorkspace(direct.db, 'toko-a');
    b = await seedWorkspace(direct.db, 'toko-b');
  });

  it('lets each workspace add the address, without a 409 that would reveal the other one', async () => {
    inB = await call(direct.url, 'POST', '/api/v1/users', b.tokens.admin, { name: 'Rina (B)', email: SHARED, role: 'agent', password: 'password of rina in b' });
    expect(inB.status).toBe(201);
    inA = await call(direct.url, 'POST', '/api/v1/users', a.tokens.admin, { name: 'Rina (A)', email: SHARED.toLowerCase(), role: 'supervisor', password: 'password of rina in a' });
    expect(inA.status).toBe(201);
    expect(inA.body.email).toBe('rina.shared@example.test');
    // Still unique inside one workspace, also by a change of address.
    const again = await call(direct.url, 'POST', '/api/v1/users', a.tokens.admin, { name: 'Other', email: SHARED.toUpperCase(), role: 'agent' });
    expect([again.status, again.body.error.details]).toEqual([409, [{ path: 'email', message: 'This email is already used.' }]]);
    const moved = await call(direct.url, 'PATCH', `/api/v1/users/${a.agentId}`, a.tokens.admin, { email: SHARED });
    expect(moved.status).toBe(409);
    // …while an address used only in another workspace is free.
    expect((await call(direct.url, 'PATCH', `/api/v1/users/${a.agentId}`, a.tokens.admin, { email: b.adminEmail })).status).toBe(200);
    // Each admin sees only their own user.
    const listA = (await call(direct.url, 'GET', '/api/v1/users', a.tokens.admin)).body.items;
    expect(listA.filter((u: any) => u.email === 'rina.shared@example.test').map((u: any) => u.id)).toEqual([inA.body.id]);
  });

  it('signs in to the workspace whose password matches, and answers a miss the same way whatever exists', async () => {
    const toA = await login(proxied, { email: SHARED, password: 'password of rina in a' }, from(1));
    expect([toA.status, toA.body.workspaceId, toA.body.userId, toA.body.role]).toEqual([200, a.workspaceId, inA.body.id, 'supervisor']);
    const toB = await login(proxied, { email: SHARED, password: 'password of rina in b' }, from(1));
    expect([toB.status, toB.body.workspaceId, toB.body.userId]).toEqual([200, b.workspaceId, inB.body.id]);
    // Naming the workspace: only that account is tried.
    expect((await login(proxied, { email: SHARED, password: 'password of rina in b', workspace: 'toko-b' }, from(1))).status).toBe(200);
    const misses = [
      await login(proxied, { email: SHARED, password: 'password of rina in b', workspace: 'toko-a' }, from(1)),
      await login(proxied, { email: SHARED, password: 'password of rina in a', workspace: 'no-such-workspace' }, from(1)),
      await login(proxied, { email: SHARED, password: 'a wrong password' }, from(1)),
      await login(proxied, { email: 'nobody@example.test', password: 'a wrong password' }, from(1)),
    ];
    for (const m of misses) expect([m.status, m.body]).toEqual([401, { error: { code: 'unauthorized', message: 'The email or password is incorrect.', details: [] } }]);
  });

  it('asks which workspace when the same password opens both, naming only those', async () => {
    for (const [ws, user] of [[a, inA], [b, inB]] as const) {
      expect((await call(direct.url, 'PATCH', `/api/v1/users/${user.body.id}`, ws.tokens.admin, { password: 'one password everywhere' })).status).toBe(200);
    }
    const both = await login(proxied, { email: SHARED, password: 'one password everywhere' }, from(2));
    expect([both.status, both.body.error.code, both.body.error.details]).toEqual([409, 'conflict', [{ path: 'workspace', message: 'toko-b, toko-a' }]]);
    const chosen = await login(proxied, { email: SHARED, password: 'one password everywhere', workspace: 'toko-a' }, from(2));
    expect([chosen.status, chosen.body.workspaceId]).toEqual([200, a.workspaceId]);
  });

  it('creates a CLI token for the account of the workspace given', async () => {
    const printed: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    try {
      await createTokenCommand(direct.db, b.workspaceId, { name: 'rina cli', role: 'agent', user: SHARED });
    } finally {
      out.mockRestore();
    }
    const token = printed.join('').trim();
    const me = await call(direct.url, 'GET', '/api/v1/auth/me', token);
    expect([me.body.workspaceId, me.body.userId]).toEqual([b.workspaceId, inB.body.id]);
  });
});
