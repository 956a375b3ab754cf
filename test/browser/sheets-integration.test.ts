/** Settings → Integrations → Google Sheets in Chromium: upload the key (its email shown), map columns, a field error, save, test against the fake Google, backfill; axe-core clean. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { FAKE_SPREADSHEET_ID, startFakeGoogle, type FakeGoogle } from '../helpers/fake-google.js';

let t: TestApp;
let ws: Seeded;
let g: FakeGoogle;
let browser: TestBrowser;
let page: Page;

describe.skipIf(!hasChromium)('Google Sheets integration form', () => {
  beforeAll(async () => {
    g = await startFakeGoogle();
    process.env.NILAI_GOOGLE_SHEETS_URL = g.url;
    t = await startApp(undefined, { workers: false });
    ws = await seedWorkspace(t.db);
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/settings/integrations');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await g?.close();
    delete process.env.NILAI_GOOGLE_SHEETS_URL;
  });

  it('adds a sheet with a key and a column mapping, tests it and backfills, without accessibility violations', async () => {
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByLabel('Kind', { exact: true }).selectOption({ label: 'Google Sheets' });
    await page.getByLabel('Name', { exact: true }).fill('Answers sheet');
    await page.getByLabel('Service account JSON key').setInputFiles({ name: 'nilai-test-0a1b2c.json', mimeType: 'application/json', buffer: Buffer.from(g.keyFile) });
    await page.getByText(g.clientEmail).waitFor();
    await page.getByLabel('Spreadsheet', { exact: true }).fill('not a sheet');
    await page.getByLabel('Sheet name').fill('Answers');
    await page.getByRole('button', { name: 'Add a column' }).click();
    await page.getByLabel('Column 7: kind').selectOption('text');
    await page.getByLabel('Column 7: text').fill('nilai');
    await page.getByLabel('Column 2: variable').selectOption({ label: 'Contact name' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText("Must be the spreadsheet's address").count()).toBe(1);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.getByLabel('Spreadsheet', { exact: true }).fill(`https://docs.google.com/spreadsheets/d/${FAKE_SPREADSHEET_ID}/edit#gid=0`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('cell', { name: 'Google Sheets' }).waitFor();

    const saved = (await (await fetch(`${t.url}/api/v1/integrations`, { headers: { authorization: `Bearer ${ws.tokens.admin}` } })).json()).items[0];
    expect(saved.config).toMatchObject({ spreadsheetId: FAKE_SPREADSHEET_ID, sheetName: 'Answers', clientEmail: g.clientEmail, followUp: 'update' });
    expect(saved.config.columns[1]).toEqual({ variable: 'contact_name' });
    expect(saved.config.columns[6]).toEqual({ text: 'nilai' });

    await page.getByRole('button', { name: 'Send a test of Answers sheet with the last answer' }).click();
    await page.getByText('✓ Delivered.').waitFor();
    expect(g.sheets.get('Answers')).toHaveLength(1);
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByText('Backfill Answers sheet').click();
    await page.getByRole('button', { name: 'Queue the answers' }).click();
    await page.getByText('0 answers queued.').waitFor();
  });
});
