/**
 * The admin app's contact fields, masking and ticket pages, and the conversation page's contact card
 * and "Create ticket", in Chromium with axe-core on each page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { eventsFor } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let desk: Receiver;

async function noViolations(where: string) {
  const violations = await axe(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('contact settings pages', () => {
  beforeAll(async () => {
    t = await startApp();
    ws = await seedWorkspace(t.db);
    desk = await startReceiver();
    const admin = ws.tokens.admin;
    const channel = (await call(t.url, 'POST', '/api/v1/channels', admin, { name: 'Web', type: 'web', config: { callbackUrl: desk.url } })).body.id;
    await call(t.url, 'POST', '/api/v1/contact-fields', admin, { key: 'tier', type: 'choice', label: { en: 'Tier', id: 'Tingkat' }, options: [{ value: 'gold', label: { en: 'Gold', id: 'Emas' } }] });
    const e = eventsFor({ conversationId: 'conv-ui', channelId: channel, contactId: 'cust-ui' });
    const withTier = (ev: any) => ({ ...ev, conversation: { ...ev.conversation, contact: { ...ev.conversation.contact, phone: '+62 812-3456-7890', attributes: { tier: 'gold' } } } });
    await call(t.url, 'POST', '/api/v1/events', admin, [e.opened, e.customer, e.agent].map(withTier));
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/', { width: 1280, height: 900 });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await desk?.close();
  });

  it('adds a contact field and sets masking', async () => {
    await page.goto(`${t.url}/settings/contact-fields`);
    await page.getByRole('heading', { name: 'Contact fields', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'tier', exact: true }).waitFor();
    await page.getByLabel('Key').fill('city');
    await page.getByLabel('Label (English)').fill('City');
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByRole('row', { name: /City/ }).waitFor();
    await page.getByLabel('Mask phone numbers and emails for').selectOption('agents');
    await expect.poll(async () => (await call(t.url, 'GET', '/api/v1/settings/contact-masking', ws.tokens.admin)).body.mode).toBe('agents');
    await noViolations('contact fields');
  });

  it('turns tickets on', async () => {
    await page.goto(`${t.url}/settings/ticket`);
    await page.getByRole('heading', { name: 'Ticket', level: 1 }).waitFor();
    // The switch's checkbox is drawn by its track; a person clicks the label.
    await page.locator('label.switch', { hasText: 'Submit ticket' }).click();
    expect(await page.getByRole('switch', { name: 'Submit ticket' }).isChecked()).toBe(true);
    await page.getByLabel('Webhook URL').fill(desk.url);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Signing secret (shown once):').waitFor();
    await noViolations('ticket');
  });

  it('shows the contact with its fields on the conversation and creates a ticket', async () => {
    await page.goto(`${t.url}/conversations/conv-ui`);
    await page.getByRole('heading', { name: 'Contact' }).waitFor();
    await expect.poll(() => page.locator('dl.facts').last().textContent()).toContain('Gold');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await page.getByText('Delivered').waitFor({ timeout: 20_000 });
    expect(desk.received.at(-1)!.json.data.contact.attributes).toEqual({ tier: 'gold' });
    await noViolations('conversation');
  });
});
