/**
 * Settings → Agent management in Chromium on demo data: a field error from the API next to its field,
 * saving a division's allocation (read back through the API), the sentence saying what it will do, and
 * axe-core on the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/demo.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';

let t: TestApp;
let browser: TestBrowser;
let page: Page;

describe.skipIf(!hasChromium)('agent management', () => {
  beforeAll(async () => {
    t = await startApp();
    await loadDemo(t.db, { slug: 'agents', conversations: 20 });
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: 'admin.demo@agents.demo', password: 'demo password 123' }, '/settings/agents');
    await page.getByRole('heading', { name: 'Agent management', level: 1 }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a field error, then saves a division and says what it will do', async () => {
    const billing = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Billing' }) });
    // The switch's checkbox is drawn by its track; a person clicks the label.
    await billing.locator('label.switch', { hasText: 'Auto allocation' }).click();
    expect(await billing.getByRole('switch', { name: 'Auto allocation' }).isChecked()).toBe(true);
    await billing.getByLabel('Workload limit (open chats per agent)').fill('0');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => billing.getByLabel('Workload limit (open chats per agent)').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Fix the marked fields.' }).count()).toBe(1);

    await billing.getByLabel('Workload limit (open chats per agent)').fill('3');
    await billing.getByLabel('Allocation', { exact: true }).selectOption('least_open');
    await billing.getByLabel('Idle rule (minutes)').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved.' }).count()).toBe(1);
    expect(await billing.getByTestId('allocation-summary').textContent()).toBe(
      'New conversations go to the online agent with the fewest open chats; at most 3 open chats per agent over all channels. A customer waiting 10 minutes without a reply goes to another agent.',
    );
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const saved = await (await fetch(`${t.url}/api/v1/automation/allocation`, { headers: { cookie } })).json();
    expect(saved.divisions.find((d: any) => d.divisionName === 'Billing')).toMatchObject({ enabled: true, method: 'least_open', workloadLimit: 3, idleMinutes: 10 });
    expect(saved.divisions.find((d: any) => d.divisionName === 'Technical')).toMatchObject({ enabled: false });
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
