/**
 * The admin web app in Debian's Chromium, served by nilai itself, on demo data: sign in, the survey
 * settings page (live preview, a validation error next to its field, saving, the unsaved-changes
 * warning), the dashboard, the responses table, every other settings page, and axe-core on each.
 * `UPDATE_SCREENSHOTS=1` also saves the README screenshots to docs/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/demo.js';
import { sql } from 'kysely';
import { foldRollups } from '../../src/store/reports/rebuild.js';
import { noteWebhookRefused } from '../../src/store/channel-cache.js';
import { createChannel } from '../../src/store/channels.js';
import { rememberAgents } from '../../src/store/chatwoot-agents.js';
import { startApp, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, type TestBrowser } from '../helpers/browser.js';
import { APP_SECRET, fakeWhatsapp, PHONE_NUMBER_ID } from '../helpers/whatsapp.js';
import { startReceiver } from '../helpers/receiver.js';

const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : null;
let t: TestApp;
let browser: TestBrowser;
let page: Page;

async function noViolations(p: Page, where: string) {
  const violations = await axe(p);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe.skipIf(!hasChromium)('admin web app', () => {
  beforeAll(async () => {
    t = await startApp();
    await loadDemo(t.db, { slug: 'demo', conversations: 600 });
    // The demo's history is written as facts; fold its report deltas now rather than waiting for the worker.
    await foldRollups(t.db);
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends a signed-out visitor to the sign-in page, refuses a wrong password, and signs in', async () => {
    await page.goto(`${t.url}/settings/survey`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('combobox', { name: /language|bahasa/i }).selectOption('en');
    await noViolations(page, 'login');
    await page.getByLabel('Email').fill('admin.demo@demo.demo');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('do not match');
    await page.getByLabel('Password').fill('demo password 123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/settings\/survey$/);
    await page.getByRole('heading', { name: 'Customer survey', level: 1 }).waitFor();
  });

  it('previews the survey live while typing, in the language being edited and the style of the selected channel', async () => {
    const question = page.getByLabel('Question (EN)').first();
    const previewLanguage = page.locator('.preview-controls').getByRole('combobox', { name: /^Language/ });
    expect(await previewLanguage.inputValue()).toBe('id');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => previewLanguage.inputValue()).toBe('en');
    const preview = page.locator('[data-testid="preview-message"]').first();
    const before = await preview.textContent();
    await question.fill('How happy are you with our help today, really?');
    await expect.poll(() => preview.textContent()).toContain('How happy are you with our help today, really?');
    expect(before).not.toContain('really?');
    // An email channel previews the email (one link per score, as domain/render/survey-email renders it), not chat prompts.
    const previewChannel = page.locator('.preview-controls').getByRole('combobox', { name: /^Channel/ });
    await previewChannel.selectOption({ label: 'Email Support (email)' });
    await page.getByRole('tab', { name: 'Email' }).waitFor();
    const email = page.frameLocator('iframe.email-frame');
    await expect.poll(() => email.locator('a').count()).toBe(7);
    expect(await email.locator('body').textContent()).toContain('How happy are you with our help today, really?');
    expect(await email.locator('a').first().getAttribute('href')).toBe('https://nilai.example/s/preview?lang=en&score=1');
    expect(await page.getByTestId('preview-email').textContent()).not.toMatch(/SKIP|Reply with/);
    await noViolations(page, 'survey settings, email preview');
    // A web channel previews the signed callback body with the survey page link.
    await previewChannel.selectOption({ label: 'Website chat (web)' });
    await page.getByRole('tab', { name: 'Callback' }).waitFor();
    const body = JSON.parse((await page.getByTestId('preview-callback').locator('pre').textContent())!);
    expect(body).toMatchObject({ type: 'survey.invitation', data: { url: 'https://nilai.example/s/preview', language: 'en' } });
    expect(body.data.survey.steps[0].question).toBe('How happy are you with our help today, really?');
    await noViolations(page, 'survey settings, callback preview');
    await previewChannel.selectOption({ label: 'Telegram Bot (telegram)' });
    await expect.poll(() => page.locator('.chat-telegram .tg-key').count()).toBeGreaterThan(4);
    await page.getByRole('tab', { name: 'Survey page' }).click();
    const frame = page.frameLocator('iframe.page-frame');
    await expect.poll(() => frame.locator('h1, h2, legend').first().textContent()).toBeTruthy();
    await page.getByRole('tab', { name: 'Thank you page' }).click();
    await expect.poll(() => frame.locator('body').textContent()).toContain('Thank you for your feedback');
    await page.getByRole('tab', { name: 'Chat' }).click();
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: false });
    }
    await noViolations(page, 'survey settings');
  });

  it('shows the API validation error next to its field, then saves a new version', async () => {
    const question = page.getByLabel('Question (EN)').first();
    await question.fill('Too short?');
    await expect.poll(() => page.locator('.counter-short').first().textContent()).toContain('10 characters');
    // Saved from the Indonesian texts, the English error is not on screen: the English tab shows its
    // count, and the page switches to it and focuses the field.
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^English\s*1 problem$/ }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => question.evaluate((el) => el === document.activeElement)).toBe(true);
    const field = page.locator('.field.has-error').first();
    await expect.poll(() => field.locator('.error-text').textContent()).toMatch(/at least 20 characters/);
    await expect.poll(() => question.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('.save-bar [role="status"]').textContent()).toContain('1 problem');
    await noViolations(page, 'survey settings with an error');

    await question.fill('How satisfied are you with the help you got today?');
    await expect.poll(() => page.locator('.field.has-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.save-bar [role="status"]').textContent()).toMatch(/Saved\. This is now version \d+/);
    const saved = await t.db.selectFrom('survey_settings_versions').select(['version', 'settings']).orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
    expect((saved.settings as any).csat.question.en).toBe('How satisfied are you with the help you got today?');
  });

  it('selects channels with search, "Select all" of the channels shown, and "Done"', async () => {
    const csat = page.locator('.type-card').first();
    await csat.getByRole('radio', { name: 'Select channel' }).check();
    const dialog = page.getByRole('dialog', { name: /Select channels for CSAT/ });
    await dialog.waitFor();
    await dialog.getByLabel(/^Telegram Bot/).check();
    await dialog.getByPlaceholder('Search channel').fill('whats');
    await expect.poll(() => dialog.locator('.check-list li').count()).toBe(2);
    await dialog.getByLabel('Select all 2 shown').check();
    await noViolations(page, 'channel picker with a search');
    await dialog.getByRole('button', { name: 'Done' }).click();
    // The two WhatsApp channels the search showed, plus Telegram picked before; not the hidden others.
    await expect.poll(() => csat.locator('.scope-selected').textContent()).toContain('3 selected');
    expect(await csat.locator('.scope-selected span').first().textContent()).toBe('Telegram Bot, WhatsApp Sales, WhatsApp Support');
  });

  it('warns before leaving with unsaved changes', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Stay' }).click();
    expect(page.url()).toMatch(/\/settings\/survey$/);
    await page.getByRole('button', { name: 'Discard changes' }).click();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(`${t.url}/`);
  });

  it('opens the dashboard on demo data with scores, trend, funnel, charts and breakdowns, filters in the URL', async () => {
    const from = new Date(Date.now() - 59 * 86_400_000).toISOString().slice(0, 10);
    const started = Date.now();
    await page.goto(`${t.url}/?from=${from}`);
    await page.locator('.score-card .score-value').first().waitFor();
    await expect.poll(() => page.locator('table').count()).toBe(5); // the timings table and four breakdowns
    const renderedMs = Date.now() - started;
    const cards = await page.locator('.score-card').allTextContents();
    expect(cards[0]).toMatch(/CSAT\d+(\.\d)?%/);
    expect(cards[2]).toMatch(/NPS-?\d/);
    expect(cards.join(' ')).toMatch(/vs previous period|No previous period/);
    await expect.poll(() => page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(2);
    const funnel = (await page.locator('.funnel li').allTextContents()).map((x) => /^(\D+)(\d+)$/.exec(x)!.slice(1));
    expect(funnel.map(([label]) => label)).toEqual(['Resolved conversations', 'Surveys scheduled', 'Surveys sent', 'Delivered', 'Answered']);
    const [, scheduled, sent, delivered, answered] = funnel.map(([, n]) => Number(n));
    expect(scheduled! >= sent! && sent! >= delivered! && delivered! >= answered! && answered! > 0).toBe(true);
    const byChannel = page.locator('section.card', { has: page.getByRole('heading', { name: 'By channel' }) });
    expect(await byChannel.locator('tbody tr').count()).toBe(5);
    // The period's dates fill the date fields, also the end the URL leaves open.
    const [, periodFrom, periodTo] = /^(\S+) to (\S+) /.exec((await page.locator('.period').textContent())!)!;
    const filters = page.locator('.filters');
    expect([await filters.getByLabel('From', { exact: true }).inputValue(), await filters.getByLabel('To', { exact: true }).inputValue()]).toEqual([from, periodTo]);
    expect(periodFrom).toBe(from);
    // Each score has its n in the breakdowns; the CES counts add up to the CES card's n.
    expect(await byChannel.locator('thead th').allTextContents()).toEqual(['Name', 'CSAT', 'n CSAT', 'CES', 'n CES', 'NPS', 'n NPS', 'Response rate', 'First response (median, office hours)', 'Resolution (median, office hours)', 'First response SLA', 'Resolution SLA']);
    await page.getByRole('heading', { name: 'SLA met' }).waitFor();
    expect(await page.locator('section.card', { has: page.getByRole('heading', { name: 'Response and resolution times' }) }).locator('tbody tr').count()).toBe(6);
    const cesN = (await byChannel.locator('tbody tr td:nth-of-type(4)').allTextContents()).map(Number);
    expect(cesN.reduce((a, b) => a + b, 0)).toBe(Number(/n = (\d+)/.exec(cards[1]!)![1]));
    await page.locator('.filters').getByRole('combobox', { name: /^Channel/ }).selectOption({ label: 'Telegram Bot' });
    await page.waitForURL(/channelId=/);
    await expect.poll(() => byChannel.locator('tbody tr').count()).toBe(1);
    // Who resolved (issue 17): the demo's conversations were all resolved by their agents, so the
    // agent-resolved figures (read from the facts) are the channel's figures (read from the rollups).
    const telegramCsat = await page.locator('.score-card').first().textContent();
    const resolvedBy = filters.getByRole('combobox', { name: /^Resolved by/ });
    expect(await resolvedBy.locator('option').allTextContents()).toEqual(['All', 'Agent-resolved', 'Auto-resolved']);
    await resolvedBy.selectOption({ label: 'Auto-resolved' });
    await page.waitForURL(/resolvedBy=auto/);
    await page.getByText('No surveys in this period yet').waitFor();
    await resolvedBy.selectOption({ label: 'Agent-resolved' });
    await page.waitForURL(/resolvedBy=agent/);
    await expect.poll(() => byChannel.locator('tbody tr').count()).toBe(1);
    await expect.poll(() => page.locator('.score-card').first().textContent()).toBe(telegramCsat);
    await resolvedBy.selectOption({ label: 'All' });
    await expect.poll(() => page.url()).not.toContain('resolvedBy');
    console.log(`dashboard rendered in ${renderedMs} ms (navigation to the last breakdown table)`);

    // Survey types the filter leaves out have nothing to compare; they do not claim "no previous period".
    await page.locator('.filters').getByRole('combobox', { name: /^Survey/ }).selectOption('csat');
    await expect.poll(() => page.getByRole('region', { name: 'CES', exact: true }).locator('.score-delta').textContent()).toBe('Not in the survey filter');
    expect(await page.getByRole('region', { name: 'NPS', exact: true }).textContent()).not.toContain('No previous period');

    // Typing a tag asks for reports once typing pauses, and cancels the requests of the tag it replaces:
    // the answers for "bi" are held until the requests for "billing" have gone out.
    const asked: string[] = [];
    const aborted: string[] = [];
    const tagOf = (url: string) => (new URL(url).pathname === '/api/v1/reports/summary' ? new URL(url).searchParams.get('tag') : null);
    page.on('request', (r) => { const tag = tagOf(r.url()); if (tag !== null) asked.push(tag); });
    page.on('requestfailed', (r) => { const tag = tagOf(r.url()); if (tag !== null) aborted.push(tag); });
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const holdBi = (url: URL) => url.pathname === '/api/v1/reports/summary' && url.searchParams.get('tag') === 'bi';
    await page.route(holdBi, async (route) => { await held; await route.continue().catch(() => {}); });
    const tag = filters.getByLabel('Tag', { exact: true });
    await tag.fill('bi');
    await expect.poll(() => asked.filter((x) => x === 'bi').length).toBe(5);
    await tag.pressSequentially('lling');
    await page.waitForURL(/tag=billing/);
    await expect.poll(() => aborted.filter((x) => x === 'bi').length).toBe(5);
    release();
    await page.unroute(holdBi);
    await expect.poll(() => page.locator('section.card', { has: page.getByRole('heading', { name: 'By tag' }) }).locator('tbody th').allTextContents()).toEqual(['billing']);
    const between = new Set(asked.filter((x) => x !== 'bi' && x !== 'billing'));
    expect(between.size, `requests for ${[...between].join(', ')}`).toBeLessThan(4);
    await page.goto(`${t.url}/?from=${from}`);
    await expect.poll(() => page.locator('table').count()).toBe(5); // the timings table and four breakdowns
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    await noViolations(page, 'dashboard');
  });

  it('says "no interval" for an NPS from a single answer, and gives the response rate of sent surveys with its interval', async () => {
    // An agent and a local day with exactly one NPS answer, answered on the day its survey was sent.
    const day = (col: string) => sql`(${sql.ref(col)} at time zone 'Asia/Jakarta')::date`;
    const one = await sql<{ agent_id: string; day: string }>`
      select r.agent_id, to_char(${day('r.answered_at')}, 'YYYY-MM-DD') as day
      from responses r join invitations i on i.id = r.invitation_id where r.survey_type = 'nps'
      group by 1, 2 having count(*) = 1 and bool_and(${day('r.answered_at')} = ${day('i.created_at')}) order by 2, 1 limit 1`.execute(t.db);
    const { agent_id: agentId, day: local } = one.rows[0]!;
    await page.goto(`${t.url}/?from=${local}&to=${local}&agentId=${agentId}`);
    const card = (name: string) => page.locator('.score-card', { has: page.getByRole('heading', { name, exact: true }) });
    await expect.poll(() => card('NPS').locator('.score-meta').textContent()).toBe('n = 1 · no interval from a single answer');
    // CSAT keeps its (Wilson) interval at n = 1: it reaches 100 % for a satisfied answer, 0 % otherwise.
    expect(await card('CSAT').locator('.score-meta').textContent()).toMatch(/^n = 1 · 95% CI (\d+(\.\d)? to 100|0 to \d+(\.\d)?)$/);
    expect(await card('Response rate').locator('.score-meta').textContent()).toMatch(/^Surveys sent = [1-9]\d* · 95% CI /);
    expect(await card('Response rate').locator('.hint').textContent()).toBe('Answered of sent surveys');
  });

  it('lists responses with follow-up texts, links to the conversation and exports', async () => {
    await page.getByRole('link', { name: 'Responses' }).click();
    await page.locator('.responses-table tbody tr').first().waitFor();
    expect(await page.locator('.responses-table tbody tr').count()).toBe(50);
    expect(await page.locator('.follow-up-cell').filter({ hasText: '“' }).count()).toBeGreaterThan(0);
    const csv = page.getByRole('link', { name: 'Export CSV' });
    expect(await csv.getAttribute('href')).toContain('format=csv');
    const res = await page.request.get(`${t.url}${await csv.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect((await res.text()).split('\n').length).toBeGreaterThan(50);
    await noViolations(page, 'responses');
    await page.locator('.responses-table tbody tr a').first().click();
    await page.getByRole('heading', { name: /^Conversation / }).waitFor();
    await noViolations(page, 'conversation');
  });

  it('has every other settings page working and accessible, and shows a new API token once', async () => {
    for (const [link, heading] of [['Channels', 'Channels'], ['Users and roles', 'Users and roles'], ['Divisions', 'Divisions'], ['Office hours and SLA', 'Office hours and SLA'], ['Tags', 'Tags'], ['Alerts', 'Alerts'], ['Webhooks', 'Webhooks'], ['API tokens', 'API tokens']]) {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
      await page.locator('table, .empty').first().waitFor();
      await noViolations(page, link!);
    }
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Tags' }).click();
    const tagLinks = page.locator('tbody th a');
    await tagLinks.first().waitFor();
    const distinct = await sql<{ n: number }>`select count(distinct tag)::int as n from conversations, unnest(tags) tag`.execute(t.db);
    expect(await tagLinks.count()).toBe(distinct.rows[0]!.n);
    await tagLinks.first().click();
    await page.waitForURL(/\/\?tag=/);
    await page.locator('.score-card').first().waitFor();
    expect(await page.locator('.filters input[type="text"]').inputValue()).not.toBe('');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'Add token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Inbox events');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const token = await dialog.getByTestId('new-token').textContent();
    expect(token).toMatch(/^nilai_/);
    await noViolations(page, 'token created');
    await dialog.getByRole('button', { name: 'Done' }).click();
    const me = await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('connects a WhatsApp channel from its form and tests the connection', async () => {
    const wa = await fakeWhatsapp();
    try {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Channels' }).click();
      await page.getByRole('button', { name: 'Add channel' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add channel' });
      await dialog.getByLabel('Name', { exact: true }).fill('WhatsApp Official');
      await dialog.getByLabel('Phone number ID').fill('12');
      await dialog.getByRole('button', { name: 'Save' }).click();
      // The API's errors land next to their fields: a too-short id and the two missing secrets.
      await expect.poll(() => dialog.locator('.field.has-error').count()).toBe(3);
      await dialog.getByLabel('Phone number ID').fill(PHONE_NUMBER_ID);
      await dialog.getByLabel('API base URL (optional)').fill(`${wa.url}/v21.0`);
      await dialog.getByLabel('Access token').fill('EAAG-browser-test-token-7d1c');
      await dialog.getByLabel('App secret').fill(APP_SECRET);
      await dialog.getByRole('button', { name: 'Save' }).click();
      const row = page.getByRole('row', { name: /WhatsApp Official/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('accessToken ••••7d1c');
      expect(await row.textContent()).not.toContain('EAAG-browser');
      await row.getByRole('button', { name: 'Test connection of WhatsApp Official' }).click();
      await expect.poll(() => row.getByRole('status').textContent()).toContain('✓ Connected to WhatsApp number +62 811-0000-1111 (Toko Nusantara)');
      await noViolations(page, 'channels after a connection test');
    } finally {
      await wa.close();
    }
  });

  it('shows why a Chatwoot channel\'s webhooks are refused and maps an unmatched Chatwoot agent', async () => {
    const ws = (await t.db.selectFrom('workspaces').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow()).id;
    const cw = await createChannel(t.db, ws, { name: 'Chatwoot', type: 'chatwoot', config: { baseUrl: 'https://chatwoot.example.com', accountId: 7 }, secretEncrypted: null });
    // As the webhooks would leave them: one refused unsigned, two agents seen (one writes with nilai's email).
    await noteWebhookRefused(t.db, cw.id, 'missing_signature', 'The webhook carries no X-Chatwoot-Signature header.');
    await rememberAgents(t.db, cw.id, [{ agentId: 3, name: 'Budi S.', email: 'budi.santoso@demo.demo' }, { agentId: 9, name: 'Rina (Chatwoot)', email: 'rina@elsewhere.test' }]);
    // Already on the channels page (the previous test): load it again to see the new channel.
    await page.reload();
    const row = page.getByRole('row', { name: /Chatwoot/ });
    await expect.poll(() => row.textContent()).toContain('None received yet.Last refused');
    expect(await row.textContent()).toContain('unsigned (Chatwoot signs webhooks since version 4.11.2');
    await row.getByRole('button', { name: 'Chatwoot agents of Chatwoot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chatwoot agents of Chatwoot' });
    const rows = dialog.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Nobody: map this agent');
    expect(await rows.nth(1).textContent()).toContain('Budi Santoso (same email)');
    await noViolations(page, 'Chatwoot agents');
    await dialog.getByRole('combobox', { name: 'Map Rina (Chatwoot) to a nilai user' }).selectOption({ label: 'Dewi Lestari (dewi.lestari@demo.demo)' });
    await expect.poll(() => dialog.getByRole('row', { name: /Rina/ }).textContent()).toContain('Dewi Lestari (mapped)');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('subscribes a webhook from its form, shows the secret once and tests it', async () => {
    const rx = await startReceiver();
    try {
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('button', { name: 'Add webhook' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add webhook' });
      await dialog.getByLabel('URL').fill(rx.url);
      await dialog.getByRole('button', { name: 'Save' }).click();
      expect(await dialog.locator('code.secret').textContent()).toMatch(/^whsec_/);
      await dialog.getByRole('button', { name: 'Done' }).click();
      const row = page.getByRole('row', { name: new RegExp(rx.url.replace(/[/.]/g, '\\$&')) });
      expect(await row.textContent()).toContain('A customer gave a rating, A customer answered or skipped the follow-up');
      await row.getByRole('button', { name: `Test connection of ${rx.url}` }).click();
      await expect.poll(() => row.getByRole('status').textContent()).toContain('accepted a signed ping');
      expect(rx.received.map((r) => r.json.type)).toEqual(['ping']);
      await noViolations(page, 'webhooks');
    } finally {
      await rx.close();
    }
  });

  it('edits office hours day by day in 24-hour times: a lunch break on Monday, Saturday closed; the time zone from the list', async () => {
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Office hours and SLA' }).click();
    await page.getByRole('button', { name: 'Edit The whole workspace' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit The whole workspace' });
    // 24-hour times (an English browser's native time input would show "08:00 AM"), not cut off.
    const opens = dialog.getByLabel('Mon opens at');
    expect(await opens.inputValue()).toBe('08:00');
    expect(await opens.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const closes = dialog.getByLabel('Mon closes at');
    await closes.fill('1200');
    await closes.blur();
    expect(await closes.inputValue()).toBe('12:00');
    await dialog.getByRole('group', { name: 'Mon' }).getByRole('button', { name: 'Add hours' }).click();
    await dialog.getByRole('button', { name: 'Remove these Sat hours' }).click();
    // The time zone is picked from the browser's IANA zones; one not among them is refused before saving.
    const zone = dialog.getByLabel('Time zone');
    expect(await page.locator(`[id="${await zone.getAttribute('list')}"] option`).count()).toBeGreaterThan(300);
    await zone.fill('Asia/Jakrta');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.locator('.field.has-error .error-text').textContent()).toBe('Choose a time zone from the list, such as Asia/Jakarta.');
    await noViolations(page, 'office hours dialog with an unknown time zone');
    await zone.fill('asia/jakarta');
    await zone.blur();
    expect(await zone.inputValue()).toBe('Asia/Jakarta');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const saved = await t.db.selectFrom('office_hours').select('weekly').where('division_id', 'is', null).executeTakeFirstOrThrow();
    expect((saved.weekly as any).mon).toEqual([{ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }]);
    expect((saved.weekly as any).sat).toEqual([]);
    expect(await page.getByRole('row', { name: /The whole workspace/ }).first().textContent()).toContain('Mon 08:00–12:00, 13:00–17:00');
  });

  it('is usable from the keyboard: a visible skip link first, then the navigation', async () => {
    await page.goto(`${t.url}/responses`);
    await page.locator('.responses-table').waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.boundingBox()).not.toBeNull();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Focus is always visible: the focus ring is a box shadow on every focusable element.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).boxShadow)).not.toBe('none');
  });

  it('shows an agent only their own scores, without settings', async () => {
    const agent = await (await browser.newContext({ locale: 'en-US' })).newPage();
    await agent.goto(`${t.url}/login`);
    await agent.getByLabel('Email').fill('budi.santoso@demo.demo');
    await agent.getByLabel('Password').fill('demo password 123');
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: 'My scores', level: 1 }).waitFor();
    expect(await agent.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);
    await agent.locator('.score-card').first().waitFor();
    const budi = (await t.db.selectFrom('users').select('id').where('email', '=', 'budi.santoso@demo.demo').executeTakeFirstOrThrow()).id;
    const own = await t.db.selectFrom('responses').select((eb) => eb.fn.countAll().as('n')).where('agent_id', '=', budi).where('survey_type', '=', 'csat').executeTakeFirstOrThrow();
    const shown = Number(/n = (\d+)/.exec((await agent.locator('.score-card').first().textContent())!)![1]);
    expect(shown).toBeLessThanOrEqual(Number(own.n));
    expect(shown).toBeGreaterThan(0);
    await noViolations(agent, 'agent scores');

    await agent.getByRole('button', { name: 'Change password' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Change password' });
    await dialog.getByLabel('Current password').fill('not my password');
    await dialog.getByLabel('New password').fill('a brand new passphrase');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => dialog.locator('.field.has-error .error-text').textContent()).toBe('is incorrect');
    await noViolations(agent, 'password dialog with an error');
    await dialog.getByLabel('Current password').fill('demo password 123');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByText('Your password has been changed.').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const relogin = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'budi.santoso@demo.demo', password: 'a brand new passphrase' }) });
    expect(relogin.status).toBe(200);
    await agent.goto(`${t.url}/settings/survey`);
    await agent.waitForURL(`${t.url}/`);
    await agent.context().close();
  });

  it('works on a tablet and in Indonesian', async () => {
    await page.setViewportSize({ width: 800, height: 1024 });
    await page.locator('.topbar').getByRole('combobox', { name: /^Language/ }).selectOption('id');
    await page.getByRole('link', { name: 'Survei pelanggan' }).click();
    await page.getByRole('heading', { name: 'Survei pelanggan', level: 1 }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(800);
    // Every word of the page in Indonesian, also the ones taken from the Qontak page.
    const csat = page.locator('.type-card').first();
    expect(await csat.locator('.scope').getByRole('radio').evaluateAll((els) => els.map((el) => el.parentElement!.textContent))).toEqual(['Semua channel', 'Pilih channel']);
    await page.getByRole('heading', { name: 'Sapaan survei', level: 2 }).waitFor();
    await page.getByRole('tab', { name: 'Halaman terima kasih' }).waitFor();
    await page.getByLabel('Pertanyaan (ID)').first().fill('Puas?');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await expect.poll(() => page.locator('.field.has-error .error-text').first().textContent()).toBe('Pertanyaan CSAT dalam bahasa Indonesia minimal 20 karakter (saat ini 5).');
    await noViolations(page, 'survey settings, tablet, Indonesian');
    await page.getByRole('button', { name: 'Buang perubahan' }).click();
  });
});
