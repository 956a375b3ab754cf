/**
 * Per-division settings, targeting and the version history through the API: the survey a conversation
 * gets follows its division, targeting skips are recorded with their reason (conversation and funnel),
 * a diff between versions and restoring an old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';

let t: TestApp;
let ws: Seeded;
let channelId = '';
let divisionId = '';
const post = (events: unknown) => call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events);
const settings = () => call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin);

beforeAll(async () => {
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  // The callback is never called: workers are off, invitations stay scheduled.
  const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Website chat', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/callback' } });
  channelId = c.body.id;
  const d = await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Sales' });
  expect(d.status).toBe(201);
  divisionId = d.body.id;
});
afterAll(() => t.close());

function resolvedConversation(id: string, o: { divisionId?: string; tags?: string[] } = {}) {
  const e = eventsFor({ conversationId: id, channelId, contactId: `cust-${id}`, ...o });
  return [e.opened, e.customer, e.agent, e.resolved()];
}

describe('division overrides', () => {
  it('refuses an override of an unknown division or of a scale, with paths, in one answer', async () => {
    const s = (await settings()).body.settings;
    s.divisionOverrides = { '00000000-0000-4000-8000-000000000099': {}, [divisionId]: { nps: { scale: { min: 1 } }, sending: { delayMinutes: 'soon' } } };
    const r = await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, s);
    expect(r.status).toBe(422);
    expect(r.body.error.details).toEqual([
      { path: `divisionOverrides.${divisionId}.sending.delayMinutes`, message: `The field divisionOverrides.${divisionId}.sending.delayMinutes must be a whole number.` },
      { path: 'divisionOverrides.00000000-0000-4000-8000-000000000099', message: 'Division 00000000-0000-4000-8000-000000000099 does not exist in this workspace; remove its overrides.' },
      { path: `divisionOverrides.${divisionId}.nps.scale.min`, message: 'nps.scale.min is set for the whole workspace (reports compare divisions on one scale); a division cannot override it.' },
    ]);
  });

  it('gives a conversation its division\'s survey types and delay; others keep the workspace\'s', async () => {
    await changeSettings(t.url, ws.tokens.admin, (s) => {
      s.divisionOverrides = { [divisionId]: { nps: { enabled: true }, sending: { delayMinutes: 60 } } };
    });
    const r = await post([...resolvedConversation('sales-1', { divisionId }), ...resolvedConversation('plain-1')]);
    expect(r.status).toBe(200);
    const byId = Object.fromEntries(r.body.conversations.map((c: any) => [c.conversationId, c]));
    const resolvedAt = Date.parse(eventsFor({ conversationId: 'x', channelId, contactId: 'x' }).at(10));
    expect(Date.parse(byId['sales-1'].invitation.sendAfter) - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(Date.parse(byId['plain-1'].invitation.sendAfter)).toBeLessThanOrEqual(Date.now());
    expect(resolvedAt).toBeLessThan(Date.now());
    const sales = await call(t.url, 'GET', '/api/v1/conversations/sales-1', ws.tokens.admin);
    const plain = await call(t.url, 'GET', '/api/v1/conversations/plain-1', ws.tokens.admin);
    expect(sales.body.invitations[0].surveyTypes).toEqual(['csat', 'nps']);
    expect(plain.body.invitations[0].surveyTypes).toEqual(['csat']);
    // One version names both: the invitation keeps the version, the division is on the invitation.
    expect(sales.body.invitations[0].settingsVersion).toBe(plain.body.invitations[0].settingsVersion);
  });

  it('previews what the division gets', async () => {
    const p = await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.admin, { divisionId });
    expect(p.status).toBe(200);
    expect(p.body.surveyTypes).toEqual(['csat', 'nps']);
    expect((await call(t.url, 'POST', '/api/v1/settings/survey/preview', ws.tokens.admin, {})).body.surveyTypes).toEqual(['csat']);
  });
});

describe('targeting', () => {
  it('records the skip reason on the conversation and in the funnel', async () => {
    await changeSettings(t.url, ws.tokens.admin, (s) => {
      s.csat.targeting = { excludeTags: ['spam'], minCustomerMessages: 1 };
    });
    const r = await post(resolvedConversation('spam-1', { tags: ['Spam'] }));
    expect(r.body.conversations[0].skipped).toBe('excluded_tag');
    const c = await call(t.url, 'GET', '/api/v1/conversations/spam-1', ws.tokens.admin);
    expect(c.body.skips.map((s: any) => s.reason)).toEqual(['excluded_tag']);
    const summary = await call(t.url, 'GET', '/api/v1/reports/summary', ws.tokens.admin);
    expect(summary.status).toBe(200);
    expect(summary.body.overall.invitations.skipped).toMatchObject({ excluded_tag: 1 });
  });
});

describe('version history', () => {
  it('lists who saved each version, diffs two versions and restores an old one as a new version', async () => {
    const history = await call(t.url, 'GET', '/api/v1/settings/survey/versions?limit=5', ws.tokens.supervisor);
    const [latest, previous] = history.body.items;
    expect(latest.createdBy).toEqual({ userId: ws.adminId, tokenId: expect.any(String), name: 'Ayu Admin' });
    const diff = await call(t.url, 'GET', `/api/v1/settings/survey/versions/${latest.version}/diff`, ws.tokens.supervisor);
    expect(diff.body).toEqual({
      from: previous.version, to: latest.version,
      changes: [{ path: 'csat.targeting.excludeTags', after: ['spam'] }, { path: 'csat.targeting.minCustomerMessages', after: 1 }],
    });
    const against = await call(t.url, 'GET', `/api/v1/settings/survey/versions/${latest.version}/diff?against=1`, ws.tokens.supervisor);
    expect(against.body.changes.map((c: any) => c.path)).toEqual([
      'csat.targeting.excludeTags', 'csat.targeting.minCustomerMessages',
      `divisionOverrides.${divisionId}.nps.enabled`, `divisionOverrides.${divisionId}.sending.delayMinutes`,
    ]);

    const restored = await call(t.url, 'POST', '/api/v1/settings/survey/versions/1/restore', ws.tokens.admin, undefined, { 'if-match': `"${latest.version}"` });
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(latest.version + 1);
    const v1 = await call(t.url, 'GET', '/api/v1/settings/survey/versions/1', ws.tokens.supervisor);
    expect(restored.body.settings).toEqual(v1.body.settings);
    expect((await call(t.url, 'POST', '/api/v1/settings/survey/versions/1/restore', ws.tokens.supervisor)).status).toBe(403);
    expect((await call(t.url, 'POST', '/api/v1/settings/survey/versions/999/restore', ws.tokens.admin)).status).toBe(404);
  });
});

describe('deleting a division', () => {
  it('is refused (409, naming the override) while the settings in force set fields for it, and done once they are reset', async () => {
    const d = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Sementara' })).body.id as string;
    const s = (await settings()).body.settings;
    s.divisionOverrides = { ...s.divisionOverrides, [d]: { sending: { delayMinutes: 3 } } };
    expect((await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, s)).status).toBe(200);
    const refused = await call(t.url, 'DELETE', `/api/v1/divisions/${d}`, ws.tokens.admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([{ path: `divisionOverrides.${d}`, message: 'sets fields for this division' }]);
    // The settings still save (the division is still there).
    expect((await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { sending: { delayMinutes: 0 } }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
    const after = (await settings()).body.settings;
    delete after.divisionOverrides[d];
    expect((await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, after)).status).toBe(200);
    expect((await call(t.url, 'DELETE', `/api/v1/divisions/${d}`, ws.tokens.admin)).status).toBe(204);
    expect((await call(t.url, 'PATCH', '/api/v1/settings/survey', ws.tokens.admin, { sending: { delayMinutes: 1 } }, { 'content-type': 'application/merge-patch+json' })).status).toBe(200);
  });
});
