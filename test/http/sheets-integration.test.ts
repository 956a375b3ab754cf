/**
 * Google Sheets end to end: an admin adds the integration with a service-account key, a customer's
 * rating appends one row with the mapped values, the follow-up rewrites that row, Google's 403 is
 * logged as a sentence, a 429 is retried, the test button writes nothing, and a backfill queues each
 * answer once. The fake Google (test/helpers/fake-google.ts) checks the JWT bearer grant and speaks the
 * Sheets API v4 shapes; its header names their sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { FAKE_SPREADSHEET_ID, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let g: FakeGoogle;
let inbox: Receiver;
let channelId: string;
let integration: any;
let n = 0;

const columns = [{ variable: 'answered_date' }, { variable: 'survey_type' }, { variable: 'score' }, { variable: 'comment' }, { variable: 'agent' }, { variable: 'channel' }, { variable: 'tags' }, { text: 'nilai' }];
const rows = () => g.sheets.get('Answers')!;
const deliveries = async (id = integration.id) => (await call(t.url, 'GET', `/api/v1/integrations/${id}/deliveries`, ws.tokens.admin)).body.items as any[];

/** A resolved conversation whose survey link the web channel received. */
async function surveyLink(): Promise<string> {
  const e = eventsFor({ conversationId: `sheet-${++n}`, channelId, contactId: `cust-${n}`, locale: 'en', agentId: ws.agentId, tags: ['vip'] });
  expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
  const got = await inbox.waitFor(n);
  return got[n - 1]!.json.data.url as string;
}
const post = (link: string, form: Record<string, string>) => fetch(link, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' });

beforeAll(async () => {
  g = await startFakeGoogle();
  process.env.NILAI_GOOGLE_SHEETS_URL = g.url;
  t = await startApp();
  ws = await seedWorkspace(t.db);
  inbox = await startReceiver();
  channelId = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: inbox.url } })).body.id;
});
afterAll(async () => {
  await t.close();
  await inbox.close();
  await g.close();
  delete process.env.NILAI_GOOGLE_SHEETS_URL;
});

describe('Google Sheets integration', () => {
  it('is added with a service-account key, which is checked, kept secret, and whose email is shown', async () => {
    const base = { kind: 'sheets', name: 'Answers sheet', events: ['response.created', 'response.follow_up'], config: { spreadsheet: `https://docs.google.com/spreadsheets/d/${FAKE_SPREADSHEET_ID}/edit`, sheetName: 'Answers', columns, followUp: 'update' } };
    const bad = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, { ...base, secrets: { serviceAccountKey: JSON.stringify({ type: 'authorized_user' }) } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(['secrets.serviceAccountKey.type', 'secrets.serviceAccountKey.private_key']));
    const r = await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, { ...base, secrets: { serviceAccountKey: g.keyFile } });
    expect(r.status).toBe(201);
    integration = r.body;
    expect(integration.config).toMatchObject({ spreadsheetId: FAKE_SPREADSHEET_ID, sheetName: 'Answers', clientEmail: g.clientEmail });
    const listed = JSON.stringify((await call(t.url, 'GET', '/api/v1/integrations', ws.tokens.admin)).body);
    expect(listed).not.toContain('PRIVATE KEY');
  });

  it('the test button reads the spreadsheet and writes nothing', async () => {
    const r = await call(t.url, 'POST', `/api/v1/integrations/${integration.id}/test`, ws.tokens.admin);
    expect(r.body).toMatchObject({ ok: true, error: null, request: { method: 'GET' } });
    expect(rows()).toHaveLength(1);
  });

  it('a rating appends one row with the mapped values; its follow-up rewrites that row', async () => {
    const link = await surveyLink();
    expect((await post(link, { step: 'rating:csat', score: '2' })).status).toBe(303);
    await g.waitFor(() => rows().length === 2);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Jakarta' });
    expect(rows()[1]).toEqual([expect.any(String), 'CSAT', 2, '', expect.any(String), 'Web', 'vip', 'nilai']);
    expect([today, new Date().toISOString().slice(0, 10)]).toContain(rows()[1]![0]);
    await eventually(async () => (await deliveries()).some((d) => d.status === 'delivered'));
    await post(link, { step: 'follow_up:csat', text: '=HYPERLINK("http://evil")' });
    await g.waitFor(() => g.callsTo('PUT', '/values/').length === 1);
    expect(rows()).toHaveLength(2);
    expect(rows()[1]![3]).toBe('\'=HYPERLINK("http://evil")');
    const log = await eventually(async () => { const d = await deliveries(); return d.every((x) => x.status === 'delivered') && d.length === 2 ? d : null; });
    expect(log.map((d) => [d.event, d.status])).toEqual([['response.follow_up', 'delivered'], ['response.created', 'delivered']]);
    expect(JSON.stringify(log)).not.toContain('ya29.');
  });

  it('403 is logged as "share the sheet with <email>"; 429 is retried until the row is written', async () => {
    g.script(':append', { status: 403, body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } } });
    await post(await surveyLink(), { step: 'rating:csat', score: '5' });
    const failed = await eventually(async () => (await deliveries()).find((d) => d.status === 'failed'));
    expect(failed.error).toContain(`share the sheet with ${g.clientEmail}`);
    expect(failed.response.status).toBe(403);
    g.script(':append', { status: 429, body: { error: { code: 429, message: "Quota exceeded for quota metric 'Write requests'", status: 'RESOURCE_EXHAUSTED' } } });
    await post(await surveyLink(), { step: 'rating:csat', score: '4' });
    await g.waitFor(() => rows().length === 3);
    expect(rows()[2]![2]).toBe(4);
    const retried = await eventually(async () => (await deliveries()).find((d) => d.status === 'delivered' && d.attempts === 2));
    expect(retried.event).toBe('response.created');
  });

  it('a backfill queues each answer of the period once', async () => {
    const second = (await call(t.url, 'POST', '/api/v1/integrations', ws.tokens.admin, {
      kind: 'sheets', name: 'Backfill sheet', events: ['response.created'], config: { spreadsheet: FAKE_SPREADSHEET_ID, sheetName: 'Answers', columns: [{ variable: 'score' }], followUp: 'append' }, secrets: { serviceAccountKey: g.keyFile },
    })).body;
    const day = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const bad = await call(t.url, 'POST', `/api/v1/integrations/${second.id}/backfill`, ws.tokens.admin, { from: day, to: '2026-02-30' });
    expect(bad.body.error.details).toEqual([{ path: 'to', message: expect.stringContaining('real date') }]);
    const first = await call(t.url, 'POST', `/api/v1/integrations/${second.id}/backfill`, ws.tokens.admin, { from: yesterday, to: tomorrow });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ queued: 3, more: false });
    expect((await call(t.url, 'POST', `/api/v1/integrations/${second.id}/backfill`, ws.tokens.admin, { from: yesterday, to: tomorrow })).body.queued).toBe(0);
    await g.waitFor(() => rows().length === 6);
    expect(rows().slice(3).map((r) => r[0]).sort()).toEqual([2, 4, 5]);
    expect((await call(t.url, 'POST', `/api/v1/integrations/${second.id}/backfill`, ws.tokens.supervisor, { from: day, to: day })).status).toBe(403);
  });
});
