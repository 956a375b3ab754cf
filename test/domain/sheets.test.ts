/** Google Sheets rows: column mapping, rendering (formula guard, time zone), config and key checks, A1 ranges, errors in words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendRange, columnLetters, rowOfRange, rowRange, spreadsheetIdOf } from '../../src/domain/sheets/a1.js';
import { renderRow, SHEET_VARIABLES, type SheetAnswer, type SheetColumn } from '../../src/domain/sheets/columns.js';
import { checkSheetsConfig } from '../../src/domain/sheets/config.js';
import { sheetsFailure } from '../../src/domain/sheets/errors.js';
import { parseServiceAccountKey } from '../../src/domain/sheets/service-account.js';

const answer = (over: Partial<SheetAnswer> = {}): SheetAnswer => ({
  responseId: 'r-1', surveyType: 'csat', score: 4, scaleMax: 5, followUpQuestion: 'Why?', followUpText: 'Fast and kind', followUpSkipped: false,
  language: 'id', settingsVersion: 3, answeredAt: new Date('2026-12-01T23:30:00Z'), source: 'channel', conversationId: 'cw-9',
  agent: { name: 'Budi', email: 'budi@example.com' }, channel: { name: 'WhatsApp CS', type: 'whatsapp' }, division: { name: 'Billing' }, tags: ['vip', 'refund'],
  contact: { id: 'k-1', name: 'Sari', phone: '+62811', email: 'sari@example.com', attributes: { plan: 'gold', orders: 12 } },
  timings: { firstResponse: 61, firstResponseBusiness: 30, averageResponse: null, resolution: 3600, resolutionBusiness: 1800, slaFirstResponseMet: true, slaResolutionMet: false },
  ...over,
});

describe('renderRow', () => {
  it('fills each column from the answer, literals as written, in the workspace time zone', () => {
    const columns: SheetColumn[] = [
      { variable: 'answered_at' }, { variable: 'survey_type' }, { variable: 'score' }, { variable: 'comment' }, { variable: 'agent' }, { variable: 'channel' },
      { variable: 'division' }, { variable: 'tags' }, { variable: 'contact.plan' }, { variable: 'contact.orders' }, { variable: 'first_response_seconds' },
      { variable: 'resolution_business_seconds' }, { variable: 'average_response_seconds' }, { variable: 'sla_resolution_met' }, { variable: 'settings_version' },
      { text: 'nilai' }, { text: '=ROW()' },
    ];
    expect(renderRow(columns, answer(), 'Asia/Jakarta')).toEqual([
      '2026-12-02 06:30:00', 'CSAT', 4, 'Fast and kind', 'Budi', 'WhatsApp CS', 'Billing', 'vip, refund', 'gold', 12, 61, 1800, '', false, 3, 'nilai', '=ROW()',
    ]);
  });

  it('leaves a cell empty when the answer has no such value (no agent, no contact, a widget answer without timings)', () => {
    const row = renderRow([{ variable: 'agent' }, { variable: 'contact_name' }, { variable: 'contact.plan' }, { variable: 'first_response_seconds' }, { variable: 'comment' }],
      answer({ agent: null, contact: null, timings: null, followUpText: null }), 'UTC');
    expect(row).toEqual(['', '', '', '', '']);
  });

  it('guards a customer comment that would be a formula', () => {
    expect(renderRow([{ variable: 'comment' }], answer({ followUpText: '=IMPORTXML("http://x","//a")' }), 'UTC')).toEqual(["'=IMPORTXML(\"http://x\",\"//a\")"]);
    expect(renderRow([{ variable: 'contact_phone' }], answer(), 'UTC')).toEqual(["'+62811"]);
  });

  const variable = fc.constantFrom(...SHEET_VARIABLES, 'contact.plan', 'contact.note');
  const column: fc.Arbitrary<SheetColumn> = fc.oneof(fc.record({ text: fc.string() }), fc.record({ variable }));
  const anyAnswer = fc.record({ comment: fc.option(fc.string()), name: fc.string(), note: fc.string(), tags: fc.array(fc.string(), { maxLength: 3 }) })
    .map(({ comment, name, note, tags }) => answer({ followUpText: comment, agent: { name, email: name }, tags, contact: { id: name, name, phone: name, email: null, attributes: { note } }, channel: { name, type: 'web' } }));

  it('property: the row has exactly one cell per column', () => {
    fc.assert(fc.property(fc.array(column, { maxLength: 60 }), anyAnswer, (columns, a) => renderRow(columns, a, 'Asia/Jakarta').length === columns.length));
  });

  it('property: a cell starts with = + - @ only where the admin\'s literal does', () => {
    fc.assert(fc.property(fc.array(column, { minLength: 1, maxLength: 20 }), anyAnswer, (columns, a) => {
      const row = renderRow(columns, a, 'UTC');
      return columns.every((c, i) => 'text' in c || typeof row[i] !== 'string' || !/^[=+\-@]/.test(row[i] as string));
    }));
  });
});

describe('A1 ranges', () => {
  it('quotes sheet names and names rows', () => {
    expect(appendRange("Bob's answers")).toBe("'Bob''s answers'!A1");
    expect(rowRange('Sheet1', 7, 28)).toBe("'Sheet1'!A7:AB7");
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('reads the row an append returned (updates.updatedRange)', () => {
    expect(rowOfRange("'Answers 2026'!A12:F12")).toBe(12);
    expect(rowOfRange('Sheet1!A5')).toBe(5);
    expect(rowOfRange("'It''s!odd'!B3:C3")).toBe(3);
    expect(rowOfRange('Sheet1')).toBeNull();
  });

  it('property: the row of rowRange is the row asked for', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 50 }), (name, row, width) => rowOfRange(rowRange(name, row, width)) === row));
  });

  it('takes the spreadsheet id from an address or as is', () => {
    expect(spreadsheetIdOf('https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit#gid=0')).toBe('1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms');
    expect(spreadsheetIdOf(' 1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms ')).toBe('1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms');
    expect(spreadsheetIdOf('https://example.com/?x=1')).toBeNull();
  });
});

describe('checkSheetsConfig', () => {
  it('reports every problem with its field path', () => {
    const r = checkSheetsConfig({ spreadsheet: 'no', sheetName: ' ', columns: [{ variable: 'scor' as never }, { variable: 'contact.tier' }, { text: 'x'.repeat(501) }], followUp: 'update' }, ['plan']);
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual(['config.spreadsheet', 'config.sheetName', 'config.columns.0.variable', 'config.columns.1.variable', 'config.columns.2.text']);
  });

  it('accepts a mapping and keeps the id', () => {
    const r = checkSheetsConfig({ spreadsheet: 'https://docs.google.com/spreadsheets/d/abcdefghij12345/edit', sheetName: 'Answers', columns: [{ variable: 'contact.plan' }], followUp: 'append' }, ['plan']);
    expect(r).toEqual({ config: { spreadsheetId: 'abcdefghij12345', sheetName: 'Answers', columns: [{ variable: 'contact.plan' }], followUp: 'append' } });
  });
});

describe('service-account key', () => {
  const key = { type: 'service_account', project_id: 'p', private_key_id: 'k1', private_key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n', client_email: 'nilai@p.iam.gserviceaccount.com', token_uri: 'https://oauth2.googleapis.com/token' };
  it('accepts a key file and names each missing field', () => {
    expect(parseServiceAccountKey(JSON.stringify(key))).toMatchObject({ key: { client_email: 'nilai@p.iam.gserviceaccount.com' } });
    const r = parseServiceAccountKey(JSON.stringify({ type: 'authorized_user', client_email: 'x', token_uri: 'ftp://x' }));
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual(['serviceAccountKey.type', 'serviceAccountKey.client_email', 'serviceAccountKey.private_key', 'serviceAccountKey.token_uri']);
    expect(parseServiceAccountKey('{nope')).toEqual({ problems: [{ path: 'serviceAccountKey', message: expect.stringContaining('not JSON') }] });
  });
});

describe('sheetsFailure', () => {
  const ctx = { clientEmail: 'nilai@p.iam.gserviceaccount.com', sheetName: 'Answers' };
  // Google's error body (google.rpc.Status as JSON), e.g. https://developers.google.com/sheets/api/limits and guides/troubleshoot-errors.
  const err = (code: number, status: string, message: string) => ({ error: { code, message, status } });
  it('says what to do, and which are temporary', () => {
    expect(sheetsFailure(403, err(403, 'PERMISSION_DENIED', 'The caller does not have permission'), ctx)).toEqual({ temporary: false, message: expect.stringContaining('share the sheet with nilai@p.iam.gserviceaccount.com') });
    expect(sheetsFailure(404, err(404, 'NOT_FOUND', 'Requested entity was not found.'), ctx).message).toContain('Spreadsheet not found');
    expect(sheetsFailure(400, err(400, 'INVALID_ARGUMENT', 'Unable to parse range: Answers!A1'), ctx).message).toContain('Sheet "Answers" not found');
    expect(sheetsFailure(429, err(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Write requests'"), ctx).temporary).toBe(true);
    expect(sheetsFailure(503, null, ctx).temporary).toBe(true);
  });
});
