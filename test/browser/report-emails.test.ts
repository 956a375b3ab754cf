/** Settings → Report emails and Slack in Chromium: create a schedule from the form, preview its email (with charts), axe-core clean. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, type TestBrowser } from '../helpers/browser.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;

describe.skipIf(!hasChromium)('report emails page', () => {
  beforeAll(async () => {
    t = await startApp(undefined, { workers: false });
    ws = await seedWorkspace(t.db);
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })).newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a weekly email schedule and previews what it sends, without accessibility violations', async () => {
    await page.goto(`${t.url}/login?next=/settings/report-emails`);
    await page.getByRole('combobox', { name: /language|bahasa/i }).selectOption('en');
    await page.getByLabel('Email').fill(ws.adminEmail);
    await page.getByLabel('Password').fill(ws.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Report emails and Slack digests', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Add report schedule' }).click();
    await page.getByLabel('Name').fill('Weekly for the team');
    await page.getByLabel('Email addresses').fill('not-an-address');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('Must be an email address.').count()).toBe(1);
    await page.getByLabel('Email addresses').fill('lead@example.com, qa@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('cell', { name: 'Email: lead@example.com, qa@example.com' }).waitFor();

    await page.getByRole('button', { name: 'Preview Weekly for the team' }).click();
    const frame = page.frameLocator('iframe[title^="[nilai] Weekly for the team"]');
    await expect.poll(() => frame.locator('img').count()).toBe(2);
    expect(await frame.locator('h1').textContent()).toBe('Weekly for the team');
    expect(await frame.locator('img').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
