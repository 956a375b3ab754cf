/**
 * Settings → Inbox in Chromium: the live preview is what the domain renders for the sent message, a
 * field error from the API shows next to its field, a save reaches the API, and axe-core finds nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewAutoText } from '../../src/domain/automation/render-auto-reply.js';
import { AUTOMATION_TONE_TEXTS } from '../../src/domain/automation/tones.js';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, type TestBrowser } from '../helpers/browser.js';
import { eventsFor } from '../helpers/events.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let division: string;

describe.skipIf(!hasChromium)('Settings → Inbox', () => {
  beforeAll(async () => {
    t = await startApp();
    ws = await seedWorkspace(t.db);
    division = (await call(t.url, 'POST', '/api/v1/divisions', ws.tokens.admin, { name: 'Billing', supervisorId: ws.supervisorId, agentIds: [], channelIds: [] })).body.id;
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' })).newPage();
    page.setDefaultTimeout(8000);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('previews the messages, shows a field error, saves, and is axe-clean', async () => {
    await page.goto(`${t.url}/settings/inbox`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('combobox', { name: /language|bahasa/i }).selectOption('en');
    await page.getByLabel('Email').fill(ws.adminEmail);
    await page.getByLabel('Password').fill(ws.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    const inside = page.getByLabel('Reply inside office hours');
    await inside.fill('Hi {{name}}, we answer within {{firstResponse}}.');
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await expect.poll(() => preview.textContent()).toContain(previewAutoText('Hi {{name}}, we answer within {{firstResponse}}.', 'en'));
    expect(previewAutoText('Hi {{name}}, we answer within {{firstResponse}}.', 'en')).toBe('Hi Dewi, we answer within 30 minutes.');
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

    await page.getByText('Resolve conversations the customer left idle').click();
    await expect.poll(() => page.getByRole('switch', { name: 'Resolve conversations the customer left idle' }).isChecked()).toBe(true);
    await page.getByLabel('Resolve after (minutes without a customer message)').fill('0');
    const saves = page.getByRole('button', { name: 'Save' });
    await saves.nth(1).click();
    await expect.poll(() => page.getByLabel('Resolve after (minutes without a customer message)').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Resolve after (minutes without a customer message)').fill('45');
    await saves.nth(1).click();
    await page.getByLabel('Division Billing').selectOption('off');
    await saves.nth(0).click();
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.admin)).body.settings.divisions).toEqual([{ divisionId: division, enabled: false }]);
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/automation/auto-resolve', ws.tokens.admin)).body.settings).toMatchObject({ enabled: true, afterMinutes: 45 });
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.admin)).body.settings.insideHours.en).toBe('Hi {{name}}, we answer within {{firstResponse}}.');

    // Choosing a tone fills the auto responder and the closing message (issue 12), previewed, then saved.
    await page.getByLabel('Friendly').check();
    await page.getByRole('button', { name: 'Fill the texts in this tone' }).click();
    await expect.poll(() => preview.textContent()).toContain(previewAutoText(AUTOMATION_TONE_TEXTS.friendly.insideHours.en, 'en'));
    expect(await preview.textContent()).toContain(previewAutoText(AUTOMATION_TONE_TEXTS.friendly.closing.en, 'en'));
    await saves.nth(0).click();
    await saves.nth(1).click();
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.admin)).body.settings.outsideHours).toEqual(AUTOMATION_TONE_TEXTS.friendly.outsideHours);
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/automation/auto-resolve', ws.tokens.admin)).body.settings.closingMessage).toEqual(AUTOMATION_TONE_TEXTS.friendly.closing);
  });

  it('lists the inbox actions on the conversation page: what, why, outcome', async () => {
    const settings = (await call(t.url, 'GET', '/api/v1/automation/auto-responder', ws.tokens.admin)).body.settings;
    await call(t.url, 'PUT', '/api/v1/automation/auto-responder', ws.tokens.admin, { ...settings, enabled: true, insideHours: { ...settings.insideHours, en: 'Hi {{name}}, we answer within {{firstResponse}}.' } });
    const channel = (await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: 'http://127.0.0.1:9/x' } })).body;
    const e = eventsFor({ conversationId: 'browser-1', channelId: channel.id, contactId: 'c-1', locale: 'en' });
    expect((await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer])).status).toBe(200);
    await page.goto(`${t.url}/conversations/browser-1`);
    const card = page.getByRole('region', { name: 'Inbox actions' }).or(page.locator('section', { hasText: 'Inbox actions' }));
    // No endpoint listens to action.requested here: the action fails and says why.
    // The page shows what the API said when it loaded: reload until the worker has tried the action.
    await expect.poll(async () => {
      await page.reload();
      await card.first().waitFor();
      return card.first().textContent();
    }, { timeout: 30_000 }).toContain('No webhook endpoint');
    await page.reload();
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('Failed');
    expect(await card.textContent()).toContain('Hi Customer c-1, we answer within as soon as we can.');
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
