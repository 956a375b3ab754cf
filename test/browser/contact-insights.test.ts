/**
 * Contact fields in the survey and the reports, in Chromium, axe-clean: the dashboard's "By contact
 * field" breakdown (choosing the field), and the survey settings' "Survey only these contacts" editor
 * (a rule without values refused at its field, a choice rule and a text rule saved).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldRollups } from '../../src/store/reports/rebuild.js';
import { call, type Seeded, type TestApp } from '../helpers/app.js';
import { answered, surveyedWorkspace, type SurveyedWorkspace } from '../helpers/answers.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let env: SurveyedWorkspace;
let channel: string;

describe.skipIf(!hasChromium)('contact-field targeting and report', () => {
  beforeAll(async () => {
    env = await surveyedWorkspace();
    ({ t, ws, channel } = env);
    const admin = ws.tokens.admin;
    await call(t.url, 'POST', '/api/v1/contact-fields', admin, { key: 'tier', type: 'choice', label: { en: 'Tier', id: 'Tingkat' }, options: [{ value: 'gold', label: { en: 'Gold', id: 'Emas' } }, { value: 'silver', label: { en: 'Silver', id: 'Perak' } }] });
    await call(t.url, 'POST', '/api/v1/contact-fields', admin, { key: 'city', type: 'text', label: { en: 'City', id: 'Kota' } });
    const answers: [string, Record<string, string>, number][] = [['g-1', { tier: 'gold', city: 'Jakarta' }, 5], ['g-2', { tier: 'gold' }, 4], ['s-1', { tier: 'silver', city: 'Jakarta' }, 2]];
    for (const [id, attributes, score] of answers) await answered(t.url, admin, env.callbacks, { conversationId: id, channelId: channel, contactId: `k-${id}`, agentId: ws.agentId, attributes, score });
    // The dashboard's other figures come from the rollups; fold them now rather than waiting for the worker.
    await foldRollups(t.db);
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail, password: ws.adminPassword }, '/', { width: 1280, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const rows = () => page.locator('.contact-field-report tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));

  it('breaks the scores down by the contact field chosen', async () => {
    const report = page.locator('.contact-field-report');
    await report.getByRole('heading', { name: 'By contact field' }).waitFor();
    // CSAT ≥ 4 is satisfied: gold 5 and 4, silver 2. Columns: value, CSAT, n, CES, n, NPS, n.
    await expect.poll(rows).toEqual([
      ['Gold', '100%', '2', '—', '0', '—', '0'],
      ['Silver', '0%', '1', '—', '0', '—', '0'],
      ['All', '66.7%', '3', '—', '0', '—', '0'],
    ]);
    await report.getByLabel('Contact field').selectOption({ label: 'City' });
    await expect.poll(rows).toEqual([
      ['Jakarta', '50%', '2', '—', '0', '—', '0'],
      ['(no value)', '100%', '1', '—', '0', '—', '0'],
      ['All', '66.7%', '3', '—', '0', '—', '0'],
    ]);
    expect(await axe(page)).toEqual([]);
  });

  it('edits "survey only these contacts": a rule needs values; a choice rule and a text rule are saved', async () => {
    await page.goto(`${t.url}/settings/survey`);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Survey only these contacts' }) });
    await card.getByText('Every contact is surveyed.', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Add rule' }).click();
    expect(await card.getByLabel('Contact field (rule 1)').inputValue()).toBe('tier');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const rule1 = card.getByRole('listitem', { name: 'Rule 1' });
    await rule1.getByRole('alert').waitFor();
    expect((await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin)).body.settings.contactTargeting).toBeUndefined();
    await rule1.getByLabel('Gold').check();
    await expect.poll(() => rule1.getByRole('alert').count()).toBe(0);
    await card.getByRole('button', { name: 'Add rule' }).click();
    const rule2 = card.getByRole('listitem', { name: 'Rule 2' });
    expect(await rule2.getByLabel('Contact field (rule 2)').inputValue()).toBe('city');
    await rule2.getByLabel('Values (rule 2)').fill('Jakarta, Bandung');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/^Saved\. This is now version \d+\.$/).waitFor();
    expect((await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin)).body.settings.contactTargeting).toEqual({
      rules: [{ field: 'tier', values: ['gold'] }, { field: 'city', values: ['Jakarta', 'Bandung'] }],
    });
    expect(await card.getByRole('button', { name: 'Add rule' }).count()).toBe(0);
    expect(await axe(page)).toEqual([]);
  });
});
