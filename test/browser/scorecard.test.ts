/**
 * The agent scorecard page (/agents/:id) in Chromium, axe-clean: an agent opens their own (survey
 * scores with n, SLA and timings, the review average with the latest review, recent answers linking to
 * their conversations) and is refused another user's.
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

describe.skipIf(!hasChromium)('agent scorecard page', () => {
  beforeAll(async () => {
    env = await surveyedWorkspace();
    ({ t, ws, channel } = env);
    // CSAT 5 is satisfied and 2 is not (the default threshold is 4): 50 %.
    for (const [id, score] of [['sc-1', 5], ['sc-2', 2]] as const) await answered(t.url, ws.tokens.admin, env.callbacks, { conversationId: id, channelId: channel, contactId: `k-${id}`, agentId: ws.agentId, score });
    const review = await call(t.url, 'POST', '/api/v1/conversations/sc-2/reviews', ws.tokens.supervisor, { scores: { greeting: 5, understanding: 5, solution: 3, closing: 5 }, comment: 'Right tone, half the answer.' });
    expect(review.body.score).toBe(80);
    // The report figures come from the rollups; fold them now rather than waiting for the worker.
    await foldRollups(t.db);
    browser = await launch();
    page = await signedInPage(browser, t.url, { email: ws.adminEmail.replace(/^admin@/, 'agent@'), password: ws.adminPassword }, `/agents/${ws.agentId}`, { width: 1280, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows an agent their own scores, SLA and timings, reviews and recent answers', async () => {
    await page.getByRole('heading', { name: 'Scorecard: Budi Agent', level: 1 }).waitFor();
    const csat = page.getByRole('region', { name: 'CSAT' });
    expect(await csat.locator('.score-value').textContent()).toBe('50%');
    expect(await csat.locator('.score-meta').textContent()).toMatch(/^n = 2/);
    expect(await page.getByRole('region', { name: 'NPS' }).locator('.score-meta').textContent()).toBe('n = 0');
    // The customer wrote at minute 1 and the agent answered at minute 3 (test/helpers/events.ts).
    expect(await page.getByRole('row', { name: /^First response \(clock time\)/ }).getByRole('cell').nth(1).textContent()).toBe('2 min');
    await page.getByText('Average review score: 80 (n = 1)').waitFor();
    const latest = page.locator('.card', { hasText: 'Quality reviews' }).locator('li').first();
    expect(await latest.textContent()).toContain('80 / 100');
    expect(await latest.textContent()).toContain('Right tone, half the answer.');
    expect(await latest.getByRole('link', { name: 'sc-2' }).getAttribute('href')).toBe('/conversations/sc-2');
    const answers = page.locator('.card', { hasText: 'Recent answers' }).locator('li');
    await expect.poll(() => answers.count()).toBe(2);
    expect((await answers.allTextContents()).map((x) => x.split(' · ').slice(0, 2).join(' · ')).sort()).toEqual(['sc-1 · CSAT 5/5', 'sc-2 · CSAT 2/5']);
    expect(await axe(page)).toEqual([]);
  });

  it('refuses an agent someone else\'s scorecard', async () => {
    // A direct load (a shared link, a reload) of /agents/:id is served the app, as other pages are.
    await page.goto(`${t.url}/agents/${ws.supervisorId}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Agent not found.');
    expect(await axe(page)).toEqual([]);
  });
});
