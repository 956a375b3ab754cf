/** Settings → Integrations in Chromium: add an HTTP request (a template error shown on its field), test it with a preview, replay from the delivery log; axe-core clean. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { createIntegrationDeliveries } from '../../src/store/integrations.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let crm: Receiver;
const TOKEN = 'browser-crm-token-0123456789';

describe.skipIf(!hasChromium)('integrations page', () => {
  beforeAll(async () => {
    t = await startApp(undefined, { workers: false });
    ws = await seedWorkspace(t.db);
    crm = await startReceiver();
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/settings/integrations');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await crm?.close();
  });

  it('adds an HTTP request, shows a template error on its field, and previews a test', async () => {
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add integration' }).click();
    await page.getByLabel('Name', { exact: true }).fill('CRM');
    await page.getByLabel('URL', { exact: true }).fill(crm.url);
    await page.getByLabel('Body', { exact: true }).fill('{"score": {{ response.score }} {% if %}');
    await page.getByLabel('Secret name').fill('token');
    await page.getByLabel('Value', { exact: true }).fill(TOKEN);
    await page.getByRole('button', { name: 'Add secret' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/Template error: invalid value expression/).count()).toBe(1);
    await page.getByLabel('Body', { exact: true }).fill('{"score": {{ response.score }}, "comment": {{ response.comment | json }}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('cell', { name: 'HTTP request' }).waitFor();

    await page.getByRole('button', { name: 'Send a test of CRM with the last answer' }).click();
    await page.getByText('✓ Delivered.').waitFor();
    await page.getByText('There is no answer yet: a sample answer was sent.').waitFor();
    const shown = await page.locator('dialog[open] .exchange').textContent();
    expect(shown).toContain('Authorization: [redacted]');
    expect(shown).toContain('"comment": "Quick and friendly, thank you!"');
    expect(shown).not.toContain(TOKEN);
    expect(crm.received[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('lists deliveries in the log and replays one', async () => {
    await createIntegrationDeliveries(t.db, ws.workspaceId, 'response.created', null, { invitationId: '00000000-0000-0000-0000-000000000000', surveyType: 'csat' });
    await page.getByRole('button', { name: 'Delivery log of CRM' }).click();
    await page.getByText('response.created').first().waitFor();
    await page.getByRole('button', { name: /^Replay the delivery of/ }).click();
    await page.getByText('Queued again.').waitFor();
    await expect.poll(() => page.locator('.delivery-log > li').count()).toBe(2);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
