/**
 * Writing tone in the admin app (Chromium): filling the texts with a tone shows them in the fields and the
 * live preview before anything is saved; an admin connects a (fake) OpenAI-compatible endpoint, asks for a
 * rewrite, sees the suggestion and uses it; axe-core finds nothing on the page. The fake answers in the
 * chat-completions shape of OpenAI's API reference (choices[0].message.content).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/demo.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';
import { startFakeProvider, type FakeProvider } from '../helpers/fake-provider.js';

let t: TestApp;
let browser: TestBrowser;
let page: Page;
let llm: FakeProvider;

describe.skipIf(!hasChromium)('writing tone', () => {
  beforeAll(async () => {
    t = await startApp();
    await loadDemo(t.db, { slug: 'tone', conversations: 20 });
    llm = await startFakeProvider(() => ({
      status: 200,
      body: { id: 'chatcmpl-1', object: 'chat.completion', created: 1764547200, model: 'llama3.1', choices: [{ index: 0, message: { role: 'assistant', content: 'Hey, how did we do today? Tell us!' }, finish_reason: 'stop' }] },
    }));
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: 'admin.demo@tone.demo', password: 'demo password 123' }, '/settings/survey');
    await page.getByRole('heading', { name: 'Customer survey', level: 1 }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await llm?.close();
  });

  it('fills every text with the friendly tone, shown in the fields and the preview before saving', async () => {
    await page.getByRole('radio', { name: 'Friendly' }).check();
    await page.getByRole('button', { name: 'Fill the texts in this tone' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Filled.' }).count()).toBe(1);
    // The page edits Indonesian first: the CSAT question and the preview's first message speak "Kak".
    await expect.poll(() => page.getByLabel('Question (ID)').first().inputValue()).toBe('Kak, seberapa puas kamu dengan bantuan kami hari ini?');
    await expect.poll(() => page.locator('[data-testid="preview-message"]').first().textContent()).toContain('Kak, seberapa puas kamu');
    await expect.poll(() => page.getByText('You have unsaved changes.').count()).toBe(1);
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });

  it('connects an endpoint, rewrites a text, and uses the suggestion only when asked', async () => {
    await page.getByText('Rewrite endpoint', { exact: true }).click();
    await page.getByLabel('Base URL').fill(`${llm.url}/v1`);
    await page.getByLabel('Model').fill('llama3.1');
    await page.getByLabel('API key').fill('sk-browser-0123456789abcd');
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByRole('combobox', { name: 'Text' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('combobox', { name: 'Text' }).selectOption('greetings.closing');
    await page.getByRole('button', { name: 'Rewrite in Friendly' }).click();
    await page.getByText('Hey, how did we do today? Tell us!').waitFor();
    expect(llm.callsTo('/v1/chat/completions').at(-1)!.json.messages[1].content).toBe('All done here! Got a second to tell us how we did?');
    // Not used yet: the field still has the text that was sent.
    expect(await page.getByLabel('Closing sentence (EN)').inputValue()).toBe('All done here! Got a second to tell us how we did?');
    await page.getByRole('button', { name: 'Use this' }).click();
    await expect.poll(() => page.getByLabel('Closing sentence (EN)').inputValue()).toBe('Hey, how did we do today? Tell us!');
    const violations = await axe(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
  });
});
