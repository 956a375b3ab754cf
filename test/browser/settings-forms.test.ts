/**
 * Fixes found by web QA, in Chromium as a New York manager of a Jakarta workspace would meet them: the
 * responses page counts the workspace's days (not the browser's), a user's phone number can be cleared,
 * a saved Slack webhook can be removed from an alert rule, and an English field error is in words.
 */
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../../src/store/reports/rebuild.js';
import { call } from '../helpers/app.js';
import { answered, surveyedWorkspace, type SurveyedWorkspace } from '../helpers/answers.js';
import { hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';

let w: SurveyedWorkspace;
let browser: TestBrowser;
let page: Page;
/** Yesterday in Jakarta (the workspace's zone). */
let day: string;

const api = (method: string, path: string, body?: unknown) => call(w.t.url, method, path, w.ws.tokens.admin, body);

describe.skipIf(!hasChromium)('settings forms and the responses page (web QA fixes)', () => {
  beforeAll(async () => {
    w = await surveyedWorkspace();
    await answered(w.t.url, w.ws.tokens.admin, w.callbacks, { conversationId: 'tz-1', channelId: w.channel, contactId: 'tz-c1', agentId: w.ws.agentId, score: 5 });
    await answered(w.t.url, w.ws.tokens.admin, w.callbacks, { conversationId: 'tz-2', channelId: w.channel, contactId: 'tz-c2', agentId: w.ws.agentId, score: 2 });
    // 00:30 yesterday in Jakarta is 17:30 UTC the day before: the day before yesterday in New York.
    day = DateTime.now().setZone('Asia/Jakarta').minus({ days: 1 }).toISODate()!;
    const early = DateTime.fromISO(`${day}T00:30`, { zone: 'Asia/Jakarta' }).toJSDate();
    const late = DateTime.fromISO(`${day}T23:30`, { zone: 'Asia/Jakarta' }).toJSDate();
    const ids = (await w.t.db.selectFrom('responses').select('id').orderBy('answered_at').execute()).map((r) => r.id);
    expect(ids).toHaveLength(2);
    await sql`update responses set answered_at = ${early} where id = ${ids[0]}`.execute(w.t.db);
    await sql`update responses set answered_at = ${late} where id = ${ids[1]}`.execute(w.t.db);
    await rebuildRollups(w.t.db, w.ws.workspaceId); // the reports read the moved times too
    browser = await launch();
    page = await signedInPage(browser, w.t.url, { email: w.ws.adminEmail, password: w.ws.adminPassword }, '/', undefined, 'America/New_York');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('lists the answers of a day in the workspace time zone, and exports the same rows', async () => {
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    await page.goto(`${w.t.url}/responses?from=${day}&to=${day}`);
    await page.locator('.responses-table tbody tr').first().waitFor();
    await expect.poll(() => page.locator('.responses-table tbody tr').count()).toBe(2);
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await (await page.request.get(`${w.t.url}${href}`)).text();
    expect(csv.trim().split('\n')).toHaveLength(3);
    // The dashboard's count for the same day.
    const summary = await api('GET', `/api/v1/reports/summary?from=${day}&to=${day}`);
    expect(summary.body.overall.csat.n).toBe(2);
  });

  it('clears a user\'s phone number', async () => {
    const user = await api('POST', '/api/v1/users', { name: 'Putri', email: 'putri@example.test', role: 'agent', phone: '+62 811 2222 3333' });
    expect(user.status).toBe(201);
    await page.goto(`${w.t.url}/settings/users`);
    await page.getByRole('row', { name: /Putri/ }).getByRole('button', { name: /Edit/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Phone').inputValue()).toBe('+62 811 2222 3333');
    await dialog.getByLabel('Phone').fill('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api('GET', `/api/v1/users/${user.body.id}`)).body.phone).toBeNull();
  });

  it('removes a saved Slack webhook from an alert rule', async () => {
    const rule = await api('POST', '/api/v1/alert-rules', { name: 'Unhappy', surveyType: 'csat', maxScore: 2, slackWebhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXXsecret1234' });
    expect(rule.status).toBe(201);
    expect(rule.body.slackWebhook).not.toBeNull();
    await page.goto(`${w.t.url}/settings/alerts`);
    await page.getByRole('row', { name: /Unhappy/ }).getByRole('button', { name: /Edit/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('label.switch', { hasText: 'Stop posting to Slack' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await api('GET', '/api/v1/alert-rules')).body.items.find((r: any) => r.id === rule.body.id).slackWebhook).toBeNull();
    await expect.poll(() => page.getByRole('row', { name: /Unhappy/ }).textContent()).not.toContain('Slack');
  });

  it('takes tags typed with commas and a number emptied and retyped in the survey targeting', async () => {
    await page.goto(`${w.t.url}/settings/survey`);
    const csat = page.locator('section.card').filter({ has: page.getByRole('heading', { name: /CSAT/ }) }).first();
    const tags = csat.getByLabel('Only conversations with one of these tags');
    await tags.click();
    await page.keyboard.type('billing, refund');
    expect(await tags.inputValue()).toBe('billing, refund');
    const share = csat.getByLabel('Share of conversations surveyed (%)');
    await share.click();
    await share.press('End');
    for (let i = 0; i < 3; i++) await share.press('Backspace');
    expect(await share.inputValue()).toBe('');
    await page.keyboard.type('50');
    expect(await share.inputValue()).toBe('50');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(async () => (await api('GET', '/api/v1/settings/survey')).body.settings.csat.targeting).toMatchObject({ includeTags: ['billing', 'refund'], samplePercent: 50 });
  });

  it('shows an English field error in words next to the field', async () => {
    await page.goto(`${w.t.url}/settings/contact-fields`);
    await page.getByLabel('Key').fill('Tier');
    await page.getByRole('button', { name: 'Add field' }).click();
    await expect.poll(() => page.locator('.field.has-error').textContent()).toContain('must start with a lower-case letter');
    expect(await page.locator('main').textContent()).not.toContain('must match pattern');
  });
});
