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

async function login(email: string, password: string) {
  const res = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { res, cookie: res.headers.get('set-cookie') ?? '' };
}

describe('login sessions', () => {
  it('signs in with an HTTP-only cookie that authenticates API calls, and signs out', async () => {
    const { res, cookie } = await login(ws.adminEmail.toUpperCase(), ws.adminPassword);
    expect(res.status).toBe(200);
    expect(cookie).toMatch(/nilai_session=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0]!;
    const me = await call(t.url, 'GET', '/api/v1/users/me', null, undefined, { cookie: session });
    expect(me.body.email).toBe(ws.adminEmail);
    await call(t.url, 'POST', '/api/v1/auth/logout', null, undefined, { cookie: session });
    expect((await call(t.url, 'GET', '/api/v1/users/me', null, undefined, { cookie: session })).status).toBe(401);
  });

  it('refuses a wrong password or unknown email with the same message', async () => {
    const wrong = await login(ws.adminEmail, 'wrong password!');
    const unknown = await login('nobody@nowhere.test', 'wrong password!');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(await wrong.res.json()).toEqual(await unknown.res.json());
  });

  it('slows password guessing: 10 attempts per email per 15 minutes, then 429 with Retry-After', async () => {
    for (let i = 0; i < 10; i++) expect((await login('guess@target.test', `guess ${i}`)).res.status).toBe(401);
    const blocked = await login('Guess@Target.test', 'guess 11');
    expect(blocked.res.status).toBe(429);
    expect(Number(blocked.res.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(await blocked.res.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many sign-in attempts for this email. Try again in 15 minutes.', details: [] } });
    // Other accounts are not locked out by someone guessing this one.
    expect((await login(ws.adminEmail, ws.adminPassword)).res.status).toBe(200);
  });
});

describe('users', () => {
  it('creates a user with a generated password shown once, who can then sign in', async () => {
    const r = await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: 'Citra', email: 'Citra@Example.test', phone: '+62 812 3456 7890', address: 'Jl. Sudirman 1, Jakarta', role: 'agent' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Citra', email: 'citra@example.test', phone: '+62 812 3456 7890', role: 'agent', divisionIds: [] });
    expect(r.body.initialPassword).toHaveLength(18);
    expect((await login('citra@example.test', r.body.initialPassword)).res.status).toBe(200);
    expect((await call(t.url, 'GET', `/api/v1/users/${r.body.id}`, ws.tokens.admin)).body).not.toHaveProperty('initialPassword');
    const dup = await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: 'Other', email: 'citra@example.test', role: 'agent' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('email');
  });

  it('validates user fields with paths', async () => {
    const r = await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: '', email: 'not-an-email', role: 'boss', password: 'short' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual(['email', 'name', 'password', 'role']);
  });

  it('keeps at least one admin', async () => {
    const r = await call(t.url, 'PATCH', `/api/v1/users/${ws.adminId}`, ws.tokens.admin, { role: 'agent' });
    expect(r.status).toBe(409);
    expect((await call(t.url, 'DELETE', `/api/v1/users/${ws.adminId}`, ws.tokens.admin)).status).toBe(409);
  });

  it('lets agents read only themselves', async () => {
    expect((await call(t.url, 'GET', '/api/v1/users', ws.tokens.agent)).status).toBe(403);
    expect((await call(t.url, 'GET', `/api/v1/users/${ws.agentId}`, ws.tokens.agent)).status).toBe(200);
    expect((await call(t.url, 'GET', `/api/v1/users/${ws.adminId}`, ws.tokens.agent)).status).toBe(404);
    expect((await call(t.url, 'GET', '/api/v1/users', ws.tokens.supervisor)).status).toBe(200);
  });

  it('keeps one admin when two admins are demoted or deleted at the same time', async () => {
    const admins = () => t.db.selectFrom('users').select('id').where('workspace_id', '=', ws.workspaceId).where('role', '=', 'admin').execute();
    for (let round = 0; round < 6; round++) {
      // Two admins of their own (the seeded admin set aside meanwhile), both changed at once.
      const pair = [];
      for (const n of [1, 2]) pair.push((await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: `Admin ${round}.${n}`, email: `admin-${round}-${n}@example.test`, role: 'admin', password: 'another admin password 1' })).body.id as string);
      await t.db.updateTable('users').set({ role: 'agent' }).where('id', '=', ws.adminId).execute();
      const change = (id: string) => (round % 2 ? call(t.url, 'DELETE', `/api/v1/users/${id}`, ws.tokens.admin) : call(t.url, 'PATCH', `/api/v1/users/${id}`, ws.tokens.admin, { role: 'agent' }));
      const statuses = (await Promise.all(pair.map(change))).map((r) => r.status).sort();
      expect({ round, statuses }).toEqual({ round, statuses: [round % 2 ? 204 : 200, 409] });
      expect(await admins()).toHaveLength(1);
      await t.db.updateTable('users').set({ role: 'admin' }).where('id', '=', ws.adminId).execute();
      await t.db.deleteFrom('users').where('id', 'in', pair).execute();
    }
    expect((await admins()).map((a) => a.id)).toEqual([ws.adminId]);
  });

  it('changes the own password with the current one', async () => {
    const u = await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: 'Dewi', email: 'dewi@example.test', role: 'supervisor', password: 'first password 1' });
    const { cookie } = await login('dewi@example.test', 'first password 1');
    const session = cookie.split(';')[0]!;
    const other = (await login('dewi@example.test', 'first password 1')).cookie.split(';')[0]!;
    const me = (s: string) => call(t.url, 'GET', '/api/v1/auth/me', null, undefined, { cookie: s });
    const bad = await call(t.url, 'POST', '/api/v1/auth/password', null, { currentPassword: 'nope', newPassword: 'second password 2' }, { cookie: session });
    expect(bad.status).toBe(422);
    const ok = await call(t.url, 'POST', '/api/v1/auth/password', null, { currentPassword: 'first password 1', newPassword: 'second password 2' }, { cookie: session });
    expect(ok.status).toBe(204);
    // The session that changed it stays; the other one (perhaps stolen) is ended.
    expect((await me(session)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect((await login('dewi@example.test', 'second password 2')).res.status).toBe(200);
    // Guessing the current password is limited like signing in: 10 tries in 15 minutes, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(t.url, 'POST', '/api/v1/auth/password', null, { currentPassword: `guess ${i}`, newPassword: 'third password 3' }, { cookie: session })).status);
    expect(statuses).toEqual([...Array(8).fill(422), 429, 429]);
    const limited = await call(t.url, 'POST', '/api/v1/auth/password', null, { currentPassword: 'second password 2', newPassword: 'third password 3' }, { cookie: session });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(u.status).toBe(201);
  });
});

describe('API tokens', () => {
  it('shows a new token once, stores only a hash, records last use and stops working when revoked', async () => {
    const created = await call(t.url, 'POST', '/api/v1/tokens', ws.tokens.admin, { name: 'Zapier', role: 'supervisor' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^nilai_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', created.body.record.id).executeTakeFirstOrThrow();
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(token).toString('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(created.body.record.lastUsedAt).toBeNull();

    expect((await call(t.url, 'GET', '/api/v1/channels', token)).status).toBe(200);
    const listed = (await call(t.url, 'GET', '/api/v1/tokens', ws.tokens.admin)).body.items.find((x: any) => x.id === created.body.record.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(listed).not.toHaveProperty('token');
    expect(listed.prefix).toBe(token.slice(0, 12));

    expect((await call(t.url, 'POST', '/api/v1/channels', token, { name: 'x', type: 'web' })).status).toBe(403);
    expect((await call(t.url, 'DELETE', `/api/v1/tokens/${created.body.record.id}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(t.url, 'GET', '/api/v1/channels', token)).status).toBe(401);
  });

  it('requires an agent user for agent tokens', async () => {
    const r = await call(t.url, 'POST', '/api/v1/tokens', ws.tokens.admin, { name: 'agent', role: 'agent' });
    expect(r.status).toBe(422);
    expect(r.body.error.details[0].path).toBe('userId');
  });
});

describe('channels and divisions', () => {
  it('creates, renames and lists channels; names are unique per workspace', async () => {
    const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Email Support', type: 'email', config: { from: 'cs@example.test' }, credentials: { smtpUrl: 'smtp://127.0.0.1:2525' } });
    expect(c.status).toBe(201);
    expect((await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'email support', ...TELEGRAM })).status).toBe(409);
    expect((await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Fax', type: 'fax' })).body.error.details[0]).toEqual({ path: 'type', message: 'must be one of: "whatsapp", "telegram", "email", "web", "chatwoot", "widget", "link"' });
    const renamed = await call(t.url, 'PATCH', `/api/v1/channels/${c.body.id}`, ws.tokens.admin, { name: 'Email CS' });
    expect(renamed.body).toMatchObject({ name: 'Email CS', type: 'email', config: { from: 'cs@example.test' }, hasSecret: true });
    expect((await call(t.url, 'PATCH', `/api/v1/channels/${c.body.id}`, ws.tokens.admin, { type: 'web' })).status).toBe(422);
  });

  it('manages divisions with a supervisor, agents and channels, visible on the users', async () => {
    const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'WA Billing', ...WHATSAPP });
    const d = await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Billing', supervisorId: ws.supervisorId, agentIds: [ws.agentId], channelIds: [c.body.id] });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ name: 'Billing', supervisorId: ws.supervisorId, agentIds: [ws.agentId], channelIds: [c.body.id] });
    expect((await call(t.url, 'GET', '/api/v1/users/me', ws.tokens.agent)).body.divisionIds).toEqual([d.body.id]);
    const p = await call(t.url, 'PATCH', `/api/v1/divisions/${d.body.id}`, ws.tokens.admin, { agentIds: [] });
    expect(p.body).toMatchObject({ name: 'Billing', agentIds: [], channelIds: [c.body.id] });
    expect((await call(t.url, 'DELETE', `/api/v1/divisions/${d.body.id}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(t.url, 'GET', `/api/v1/divisions/${d.body.id}`, ws.tokens.admin)).status).toBe(404);
  });
});
