import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WHATSAPP } from '../helpers/channels.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';

let t: TestApp;
let a: Seeded;
let b: Seeded;
const bIds: Record<string, string> = {};

beforeAll(async () => {
  t = await startApp();
  a = await seedWorkspace(t.db, 'alpha');
  b = await seedWorkspace(t.db, 'beta');
  bIds.channel = (await call(t.url, 'POST', '/api/v1/channels', b.tokens.admin, { name: 'B WhatsApp', ...WHATSAPP })).body.id;
  bIds.division = (await call(t.url, 'POST', '/api/v1/divisions', b.tokens.admin, { name: 'B Support', supervisorId: b.supervisorId, agentIds: [b.agentId], channelIds: [bIds.channel] })).body.id;
  bIds.user = b.agentId;
  bIds.token = (await call(t.url, 'GET', '/api/v1/tokens', b.tokens.admin)).body.items[0].id;
});
afterAll(() => t.close());

describe('workspace isolation', () => {
  it('answers 404 (not 403) to a workspace-A admin for every workspace-B resource', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/v1/channels/${bIds.channel}`],
      ['PATCH', `/api/v1/channels/${bIds.channel}`, { name: 'stolen' }],
      ['DELETE', `/api/v1/channels/${bIds.channel}`],
      ['GET', `/api/v1/divisions/${bIds.division}`],
      ['PATCH', `/api/v1/divisions/${bIds.division}`, { name: 'stolen' }],
      ['DELETE', `/api/v1/divisions/${bIds.division}`],
      ['GET', `/api/v1/users/${bIds.user}`],
      ['PATCH', `/api/v1/users/${bIds.user}`, { name: 'stolen' }],
      ['DELETE', `/api/v1/users/${bIds.user}`],
      ['DELETE', `/api/v1/tokens/${bIds.token}`],
    ];
    for (const [method, path, body] of attempts) {
      const r = await call(t.url, method, path, a.tokens.admin, body);
      expect({ method, path, status: r.status, code: r.body.error?.code }).toEqual({ method, path, status: 404, code: 'not_found' });
    }
  });

  it('does not let workspace A reference workspace-B ids', async () => {
    const div = await call(t.url, 'POST', '/api/v1/divisions', a.tokens.admin, { name: 'A', supervisorId: b.supervisorId, agentIds: [b.agentId], channelIds: [bIds.channel] });
    expect(div.status).toBe(422);
    expect(div.body.error.details.map((d: any) => d.path)).toEqual(['supervisorId', 'agentIds.0', 'channelIds.0']);

    const s = (await call(t.url, 'GET', '/api/v1/settings/survey', a.tokens.admin)).body.settings;
    s.csat.channelScope = 'selected';
    s.csat.channelIds = [bIds.channel];
    const put = await call(t.url, 'PUT', '/api/v1/settings/survey', a.tokens.admin, s);
    expect(put.status).toBe(422);
    expect(put.body.error.details[0].path).toBe('csat.channelIds.0');

    const preview = await call(t.url, 'POST', '/api/v1/settings/survey/preview', a.tokens.admin, { channelId: bIds.channel });
    expect(preview.status).toBe(422);
    const tok = await call(t.url, 'POST', '/api/v1/tokens', a.tokens.admin, { name: 'x', role: 'agent', userId: b.agentId });
    expect(tok.status).toBe(422);
  });

  it('lists only its own data, and B is untouched', async () => {
    expect((await call(t.url, 'GET', '/api/v1/channels', a.tokens.admin)).body.items).toEqual([]);
    expect((await call(t.url, 'GET', '/api/v1/divisions', a.tokens.admin)).body.items).toEqual([]);
    const users = (await call(t.url, 'GET', '/api/v1/users', a.tokens.admin)).body.items.map((u: any) => u.email);
    expect(users.every((e: string) => e.endsWith('@alpha.test'))).toBe(true);
    expect((await call(t.url, 'GET', '/api/v1/tokens', a.tokens.admin)).body.items).toHaveLength(3);
    expect((await call(t.url, 'GET', `/api/v1/channels/${bIds.channel}`, b.tokens.admin)).body.name).toBe('B WhatsApp');
    expect((await call(t.url, 'GET', `/api/v1/divisions/${bIds.division}`, b.tokens.admin)).body.name).toBe('B Support');
    expect((await call(t.url, 'GET', '/api/v1/users/me', b.tokens.agent)).body.name).toBe('Budi Agent');
  });

  it('keeps survey settings versions per workspace', async () => {
    const s = (await call(t.url, 'GET', '/api/v1/settings/survey', a.tokens.admin)).body.settings;
    s.sending.cooldownDays = 30;
    expect((await call(t.url, 'PUT', '/api/v1/settings/survey', a.tokens.admin, s)).body.version).toBe(2);
    const bNow = await call(t.url, 'GET', '/api/v1/settings/survey', b.tokens.admin);
    expect(bNow.body.version).toBe(1);
    expect(bNow.body.settings.sending.cooldownDays).toBe(7);
  });
});
