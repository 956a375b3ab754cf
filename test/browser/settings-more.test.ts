/**
 * The admin app's new settings pieces in Chromium, axe-clean: "Send survey" on a resolved conversation
 * (success, then the refusal's reason), and the targeting fields and CES bands on the survey page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, changeSettings, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { eventsFor } from '../helpers/events.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;

describe.skipIf(!hasChromium)('admin app: send survey, targeting', () => {
  beforeAll(async () => {
    t = await startApp(undefined, { workers: false });
    ws = await seedWorkspace(t.db);
    const c = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Website chat', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/callback' } });
    await changeSettings(t.url, ws.tokens.admin, (s) => { s.sending.method = 'manual'; });
    await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Sales' });
    const e = eventsFor({ conversationId: 'conv-manual', channelId: c.body.id, contactId: 'cust-1', agentId: ws.agentId });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()])).status).toBe(200);
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/', { width: 1280, height: 720 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a survey from the conversation page, then shows why a second one is refused', async () => {
    await page.goto(`${t.url}/conversations/conv-manual`);
    const button = page.getByRole('button', { name: 'Send survey' });
    await button.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Survey scheduled.');
    await expect.poll(() => page.locator('.plain-list li').first().textContent()).toContain('Scheduled');
    await button.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('No survey was sent: this conversation was already surveyed');
    expect(await axe(page)).toEqual([]);
  });

  it('lists the funnel\'s skips by reason on the dashboard', async () => {
    await page.goto(`${t.url}/`);
    await expect.poll(() => page.locator('.skip-reasons li').allTextContents(), { timeout: 15_000 }).toContain('this conversation was already surveyed: 1');
    expect(await axe(page)).toEqual([]);
  });

  it('shows the targeting fields and the CES bands of the chosen scale', async () => {
    await page.goto(`${t.url}/settings/survey`);
    await page.getByRole('heading', { name: 'Customer survey', level: 1 }).waitFor();
    expect(await page.getByLabel('Share of conversations surveyed (%)').first().inputValue()).toBe('100');
    const ces = page.locator('.type-card').nth(1);
    await ces.locator('label.switch').click();
    await ces.getByLabel('Maximum scale').selectOption('7');
    await expect.poll(() => ces.locator('.hint', { hasText: 'Hard' }).textContent()).toBe('Hard 1–3 · Neutral 4 · Easy 5–7 (the bands follow the scale).');
    expect(await ces.getByText('Label of the highest score (7)').count()).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
  });

  it('edits a division\'s settings as overrides, shows which fields differ and resets one', async () => {
    await page.goto(`${t.url}/settings/survey`);
    await page.getByRole('combobox', { name: 'Settings for' }).selectOption({ label: 'Sales' });
    await expect.poll(() => page.getByText('0 fields differ from the workspace').count()).toBe(1);
    await page.getByLabel(/^Delay/).fill('30');
    await expect.poll(() => page.getByText('1 field differs from the workspace').count()).toBe(1);
    expect(await page.locator('.overridden-fields code').allTextContents()).toEqual(['sending.delayMinutes']);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Reset to workspace value (sending.delayMinutes)' }).click();
    await expect.poll(() => page.getByText('0 fields differ from the workspace').count()).toBe(1);
    expect(await page.getByLabel(/^Delay/).inputValue()).toBe('0');
  });

  it('shows the version history with a diff, and restores an old version as a new one', async () => {
    await page.goto(`${t.url}/settings/survey`);
    const history = page.locator('.settings-history');
    await history.getByRole('button', { name: 'Compare 2' }).click();
    await expect.poll(() => page.locator('.diff-table tbody tr').allTextContents()).toEqual(['sending.method"automatic""manual"']);
    expect(await axe(page)).toEqual([]);
    await history.getByRole('button', { name: 'Restore this version 1' }).click();
    await expect.poll(() => page.getByText('Version 1 was restored as version 3.').count()).toBe(1);
    expect((await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin)).body.settings.sending.method).toBe('automatic');
  });
});
