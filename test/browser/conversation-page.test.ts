/**
 * The full conversation page in Chromium, axe-clean: channel, agent, division, timings and SLA, the
 * answer, the survey's steps, the contact's fields; then the QA review form as a supervisor (a missing
 * score marked at its criterion, an API refusal shown at the field it names, a saved review listed), and
 * the page on a phone-sized screen without sideways scrolling.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Seeded, type TestApp } from '../helpers/app.js';
import { answered, surveyedWorkspace, type SurveyedWorkspace } from '../helpers/answers.js';
import { axe, hasChromium, launch, signedInPage, type TestBrowser } from '../helpers/browser.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let page: Page;
let env: SurveyedWorkspace;
let channel: string;

describe.skipIf(!hasChromium)('conversation page and QA review form', () => {
  beforeAll(async () => {
    env = await surveyedWorkspace();
    ({ t, ws, channel } = env);
    const admin = ws.tokens.admin;
    const division = (await call(t.url, 'POST', '/api/v1/divisions', admin, { name: 'Billing' })).body.id;
    await call(t.url, 'POST', '/api/v1/contact-fields', admin, { key: 'tier', type: 'choice', label: { en: 'Tier', id: 'Tingkat' }, options: [{ value: 'gold', label: { en: 'Gold', id: 'Emas' } }] });
    await answered(t.url, admin, env.callbacks, { conversationId: 'conv-full', channelId: channel, contactId: 'cust-full', agentId: ws.agentId, divisionId: division, tags: ['vip'], attributes: { tier: 'gold' }, score: 4 });
    browser = await launch();
    // Reviews are written by supervisors (and admins); the seeded supervisor shares the admin's password.
    page = await signedInPage(browser, t.url, { email: ws.adminEmail.replace(/^admin@/, 'sup@'), password: ws.adminPassword }, '/conversations/conv-full', { width: 1280, height: 900 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shows who, where, the timings, SLA, the answer, the survey steps and the contact fields', async () => {
    await page.getByRole('heading', { name: 'Conversation conv-full', level: 1 }).waitFor();
    await expect.poll(() => page.locator('dl[aria-label="Overview"]').textContent()).toContain('Website chat (web)');
    const facts = await page.locator('dl[aria-label="Overview"]').textContent();
    expect(facts).toContain('Budi Agent');
    expect(facts).toContain('Billing');
    expect(facts).toContain('vip');
    // The customer wrote at minute 1 and the agent answered at minute 3 (test/helpers/events.ts).
    expect(await page.getByRole('row', { name: /^First response/ }).getByRole('cell').first().textContent()).toBe('2 min');
    const c = (await call(t.url, 'GET', '/api/v1/conversations/conv-full', ws.tokens.admin)).body;
    expect(await page.getByRole('row', { name: /^Resolution/ }).getByRole('cell').first().textContent()).toBe(`${Math.round(c.timings.resolution.wallSeconds / 60)} min`);
    // No SLA policy in this workspace: neither met nor missed.
    expect(c.sla).toEqual({ firstResponseMet: null, resolutionMet: null });
    expect(await page.getByTestId('sla-first-response').textContent()).toBe('No SLA applies (or not decided yet)');
    await expect.poll(() => page.locator('.answers').textContent()).toContain('CSAT 4 (scale 1–5)');
    const survey = await page.locator('.invitations li').first().textContent();
    expect(survey).toContain('Answered');
    expect(survey).toContain('after resolve');
    expect(survey).toMatch(/sent .* answered /);
    await expect.poll(() => page.locator('dl.facts').last().textContent()).toContain('Gold');
    await expect.poll(() => page.getByRole('link', { name: 'Budi Agent' }).getAttribute('href')).toBe(`/agents/${ws.agentId}`);
    expect(await axe(page)).toEqual([]);
  });

  it('marks a missing score at its criterion, shows the API\'s refusal at its field, and lists a saved review', async () => {
    const form = page.locator('form.review-form');
    await form.getByRole('radiogroup', { name: /Greeting and tone/ }).waitFor();
    await form.getByRole('radiogroup', { name: /Greeting and tone/ }).getByLabel('5').check();
    await form.getByRole('button', { name: 'Save review' }).click();
    // Three of the four default criteria are unscored: each says so, and focus goes to the first.
    await expect.poll(() => form.locator('[aria-invalid="true"]').count()).toBe(3);
    expect(await form.getByRole('radiogroup', { name: /Understanding the problem/ }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.review-criterion.has-error').first().getByRole('alert').textContent()).toBe('Choose a score from 1 to 5 for "Understanding the problem".');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('review-understanding');
    for (const [name, score] of [['Understanding the problem', '4'], ['Correct solution', '3'], ['Closing', '5']] as const) {
      await form.getByRole('radiogroup', { name: new RegExp(name) }).getByLabel(score).check();
    }
    // The rubric changes under the open form: the API names the new criterion, which the form then shows with its error.
    const rubric = (await call(t.url, 'GET', '/api/v1/review-rubric', ws.tokens.admin)).body.criteria;
    await call(t.url, 'PUT', '/api/v1/review-rubric', ws.tokens.admin, { criteria: [...rubric, { id: 'empathy', name: 'Empathy', weight: 10 }] });
    await form.getByLabel('Comment (optional)').fill('Polite, but the refund rule was quoted wrong.');
    await form.getByRole('button', { name: 'Save review' }).click();
    const empathy = form.getByRole('radiogroup', { name: /Empathy/ });
    await expect.poll(() => empathy.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.review-criterion.has-error').getByRole('alert').textContent()).toBe('Score "Empathy" from 1 to 5.');
    await empathy.getByLabel('4').check();
    await form.getByRole('button', { name: 'Save review' }).click();
    // greeting 5 → 1 × 20, understanding 4 → .75 × 25, solution 3 → .5 × 40, closing 5 → 1 × 15, empathy 4 → .75 × 10: 81.25 / 110
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Review saved: 73.86 / 100.');
    const listed = page.locator('.reviews li').first();
    await expect.poll(() => listed.textContent()).toContain('73.86 / 100');
    const text = await listed.textContent();
    expect(text).toContain('by Sari Supervisor');
    expect(text).toContain('Greeting and tone: 5/5');
    expect(text).toContain('Polite, but the refund rule was quoted wrong.');
    const api = (await call(t.url, 'GET', '/api/v1/conversations/conv-full', ws.tokens.admin)).body.reviews;
    expect(api.map((r: any) => [r.score, r.scores, r.reviewerId])).toEqual([[73.86, { greeting: 5, understanding: 4, solution: 3, closing: 5, empathy: 4 }, ws.supervisorId]]);
    expect(await form.getByLabel('Comment (optional)').inputValue()).toBe('');
    expect(await axe(page)).toEqual([]);
  });

  it('fits a phone screen: no sideways scrolling, the review form still usable', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.locator('form.review-form').getByRole('button', { name: 'Save review' }).isVisible()).toBe(true);
  });
});
