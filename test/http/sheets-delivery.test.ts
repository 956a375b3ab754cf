/**
 * The Google Sheets kind against a fake Google on 127.0.0.1 (test/helpers/fake-google.ts, whose header
 * names the sources of each shape): the real JWT bearer grant through google-auth-library, then
 * values.append / values.update / spreadsheets.get as the Sheets API v4 reference describes them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverSheets, validateSheets, type StoredSheetsConfig } from '../../src/services/integrations/kinds/sheets.js';
import type { IntegrationVariables } from '../../src/services/integrations/variables.js';
import { FAKE_SPREADSHEET_ID, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';

let g: FakeGoogle;
beforeAll(async () => {
  g = await startFakeGoogle();
  process.env.NILAI_GOOGLE_SHEETS_URL = g.url;
});
afterAll(async () => {
  delete process.env.NILAI_GOOGLE_SHEETS_URL;
  await g.close();
});

const vars = (comment: string | null): IntegrationVariables => ({
  event: 'response.created', workspace: { name: 'Toko', time_zone: 'Asia/Jakarta' },
  response: {
    id: 'r-1', type: 'csat', score: 2, scale_min: 1, scale_max: 5, comment, follow_up_question: 'Why?', follow_up_skipped: false, follow_up_at: null, language: 'id', settings_version: 4,
    answered_at: '2026-12-02T06:30:00+07:00', answered_at_utc: '2026-12-01T23:30:00.000Z', answered_date: '2026-12-02', source: 'conversation', page_url: null, tags: ['vip'],
  },
  agent: { id: 'u-1', name: 'Budi', email: 'budi@example.com' }, channel: { id: 'c-1', name: 'WhatsApp CS', type: 'whatsapp' }, division: { id: 'd-1', name: 'Billing' },
  contact: { id: 'k-1', name: 'Sari', email: null, phone: '+62811', attributes: { plan: 'gold' } },
  conversation: {
    id: 'cw-9', link: 'http://n/conversations/cw-9', opened_at: null, resolved_at: null, reopen_count: 0, first_response_seconds: 61, first_response_business_seconds: 30,
    average_response_seconds: 40, resolution_seconds: 3600, resolution_business_seconds: 1800, sla_first_response_met: true, sla_resolution_met: null,
  },
  alert: null,
});

function config(over: Record<string, unknown> = {}): { config: StoredSheetsConfig; secrets: Record<string, string> } {
  const secrets = { serviceAccountKey: g.keyFile };
  const v = validateSheets({
    spreadsheet: `https://docs.google.com/spreadsheets/d/${FAKE_SPREADSHEET_ID}/edit#gid=0`, sheetName: 'Answers', followUp: 'update',
    columns: [{ variable: 'answered_at' }, { variable: 'survey_type' }, { variable: 'score' }, { variable: 'comment' }, { variable: 'agent' }, { variable: 'contact.plan' }, { variable: 'resolution_business_seconds' }, { text: 'nilai' }],
    ...over,
  }, secrets);
  expect(v.problems).toEqual([]);
  return { config: v.config, secrets };
}
const ctx = (c: ReturnType<typeof config>, event: IntegrationVariables['event'], comment: string | null, earlier: unknown = null, deliveryId = 'd-1') => ({
  integration: { id: 'i-1', workspaceId: 'w-1', name: 'Sheet', ...c }, event: event as 'response.created', deliveryId, variables: vars(comment), earlier,
});

describe('Google Sheets kind', () => {
  it('checks the key and the settings, and keeps the service account email to show', () => {
    expect(config().config).toMatchObject({ spreadsheetId: FAKE_SPREADSHEET_ID, clientEmail: g.clientEmail });
    const bad = validateSheets({ spreadsheet: 'x', sheetName: 'A', columns: [{ variable: 'nope' }] }, { serviceAccountKey: '{"type":"authorized_user"}' });
    expect(bad.problems.map((p) => p.path)).toEqual(['config.spreadsheet', 'config.columns.0.variable', 'secrets.serviceAccountKey.type', 'secrets.serviceAccountKey.client_email', 'secrets.serviceAccountKey.private_key', 'secrets.serviceAccountKey.token_uri']);
  });

  it('appends one row with the mapped values, signed in by the JWT bearer grant', async () => {
    const c = config();
    const o = await deliverSheets(ctx(c, 'response.created', null));
    expect(o).toMatchObject({ outcome: 'delivered', result: { row: 2, updatedRange: 'Answers!A2:H2' } });
    expect(g.sheets.get('Answers')![1]).toEqual(['2026-12-02 06:30:00', 'CSAT', 2, '', 'Budi', 'gold', 1800, 'nilai']);
    // The token endpoint verified the RS256 assertion with the key's public half (fake-google.ts token()).
    expect(g.grants[0]).toMatchObject({ iss: g.clientEmail, aud: 'https://oauth2.googleapis.com/token', scope: 'https://www.googleapis.com/auth/spreadsheets' });
    const [append] = g.callsTo('POST', ':append');
    expect(append!.path).toBe(`/v4/spreadsheets/${FAKE_SPREADSHEET_ID}/values/${encodeURIComponent("'Answers'!A1")}:append?valueInputOption=USER_ENTERED&insertDataOption=INSERT_ROWS`);
    expect(append!.json).toEqual({ range: "'Answers'!A1", majorDimension: 'ROWS', values: [['2026-12-02 06:30:00', 'CSAT', 2, '', 'Budi', 'gold', 1800, 'nilai']] });
    expect(append!.headers.authorization).toMatch(/^Bearer ya29\.fake-/);
  });

  it('a follow-up rewrites the answer\'s row in update mode, and appends in append mode', async () => {
    const o = await deliverSheets(ctx(config(), 'response.follow_up', '=HYPERLINK("x")', { row: 2, updatedRange: 'Answers!A2:H2' }));
    expect(o.outcome).toBe('delivered');
    expect(g.callsTo('PUT', '/values/')[0]!.path).toBe(`/v4/spreadsheets/${FAKE_SPREADSHEET_ID}/values/${encodeURIComponent("'Answers'!A2:H2")}?valueInputOption=USER_ENTERED`);
    expect(g.sheets.get('Answers')).toHaveLength(2);
    expect(g.sheets.get('Answers')![1]![3]).toBe('\'=HYPERLINK("x")');
    await deliverSheets(ctx(config({ followUp: 'append' }), 'response.follow_up', 'again', { row: 2 }));
    expect(g.sheets.get('Answers')).toHaveLength(3);
  });

  it('403 says whom to share the sheet with; 404 and a wrong sheet name say so; 429 and 503 are retried', async () => {
    const c = config();
    g.script(':append', { status: 403, body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } } });
    const denied = await deliverSheets(ctx(c, 'response.created', null));
    expect(denied).toMatchObject({ outcome: 'failed', error: expect.stringContaining(`share the sheet with ${g.clientEmail}`), response: { status: 403 } });
    expect(await deliverSheets(ctx(config({ spreadsheet: '1NoSuchSpreadsheet_000000' }), 'response.created', null))).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Spreadsheet not found') });
    expect(await deliverSheets(ctx(config({ sheetName: 'Jawaban' }), 'response.created', null))).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Sheet "Jawaban" not found') });
    g.script(':append', { status: 429, body: { error: { code: 429, message: "Quota exceeded for quota metric 'Write requests'", status: 'RESOURCE_EXHAUSTED' } } }, { status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } });
    expect(await deliverSheets(ctx(c, 'response.created', null))).toMatchObject({ outcome: 'retry', error: expect.stringContaining('quota') });
    expect(await deliverSheets(ctx(c, 'response.created', null))).toMatchObject({ outcome: 'retry' });
  });

  it('the test reads the spreadsheet\'s metadata and writes nothing', async () => {
    const rows = g.sheets.get('Answers')!.length;
    expect(await deliverSheets(ctx(config(), 'response.created', null, null, 'test_1'))).toMatchObject({ outcome: 'delivered' });
    expect(g.callsTo('GET', `/v4/spreadsheets/${FAKE_SPREADSHEET_ID}?fields=`)).toHaveLength(1);
    expect(await deliverSheets(ctx(config({ sheetName: 'Jawaban' }), 'response.created', null, null, 'test_2'))).toMatchObject({ outcome: 'failed', error: 'The spreadsheet has no sheet "Jawaban"; its sheets are: Answers.' });
    expect(g.sheets.get('Answers')).toHaveLength(rows);
  });

  it('a key Google does not know is refused in words', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
    const c = config();
    const secrets = { serviceAccountKey: JSON.stringify({ ...JSON.parse(g.keyFile), private_key: other }) };
    const o = await deliverSheets({ ...ctx(c, 'response.created', null), integration: { id: 'i-2', workspaceId: 'w-1', name: 'Sheet', config: c.config, secrets } });
    expect(o).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Invalid JWT Signature') });
  });
});
