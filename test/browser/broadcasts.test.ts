/** The Broadcasts page in Chromium: the wizard with a CSV's row report, then a broadcast created and its report; axe-core clean. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { TELEGRAM } from '../helpers/channels.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let attempt = 0;

// One retry in CI: once in ~30 CI runs, Chromium on the loaded 2-core machine stopped producing frames for
// this page, and a click waited its whole 30 s for the "stable" check (two animation frames) with nothing
// else in its log. The test opens the page afresh, so a retry starts clean.
describe.skipIf(!hasChromium)('broadcasts page', { retry: process.env.CI === 'true' ? 1 : 0 }, () => {
  beforeAll(async () => {
    // No workers: the broadcast is created and shown, nothing is sent.
    t = await startApp(undefined, { workers: false });
    ws = await seedWorkspace(t.db);
    expect((await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Telegram toko', ...TELEGRAM })).status).toBe(201);
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/broadcasts');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('walks the wizard, shows a CSV\'s bad rows, creates the broadcast and shows its report, without accessibility violations', async () => {
    const name = `NPS Desember ${++attempt}`; // a retry's broadcast has a name of its own
    await page.goto(`${t.url}/broadcasts`);
    await page.getByRole('heading', { name: 'Broadcasts', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New broadcast' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Who receives it').selectOption('csv');
    await page.getByLabel('Or paste the CSV').fill('name,telegram_id\nRina,700001\nBudi,abc');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('table', { name: /1 row has a problem/ }).waitFor();
    expect(await page.getByRole('cell', { name: '"abc" is not a Telegram chat id (a number).' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Create broadcast' }).isDisabled()).toBe(true);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Back' }).click();
    await page.getByLabel('Or paste the CSV').fill('name,telegram_id\nRina,700001\nBudi,700002');
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next' }).click();
    // A start time is read in the workspace's zone (Asia/Jakarta), not the browser's (UTC here).
    await page.getByLabel('Start at').fill('2027-01-10T09:00');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('2 contacts: 2 will get the survey').waitFor();
    await page.getByRole('button', { name: 'Create broadcast' }).click();
    await page.getByRole('heading', { name: `Report: ${name}` }).waitFor();
    await page.getByRole('cell', { name, exact: true }).waitFor();
    expect(await page.getByText('0 of 2 sent').count()).toBe(1);
    const stored = (await call(t.url, 'GET', '/api/v1/broadcasts', ws.tokens.admin)).body.items.find((b: any) => b.name === name);
    expect(stored.startAt).toBe('2027-01-10T02:00:00.000Z');
    await page.getByText('Starts Jan 10, 2027, 9:00 AM (Asia/Jakarta).').waitFor();
    const after = await axe(page);
    expect(after, JSON.stringify(after, null, 1)).toEqual([]);
  }, 90_000);
});
