/**
 * The hosted survey page in Chromium: a 320 px wide phone, keyboard only, JavaScript on, and axe-core
 * finding no accessibility violations on any of its pages.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, type TestBrowser } from '../helpers/browser.js';
import { eventsFor } from '../helpers/events.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';

let t: TestApp;
let rx: Receiver;
let browser: TestBrowser;
let links: Record<string, string> = {};
/** 2,000 characters (the textarea's maxlength), 1,992 of them CJK. */
const LONGEST = `${'待'.repeat(1992)}Waited!!`;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await startApp();
  const ws = await seedWorkspace(t.db);
  rx = await startReceiver();
  const channel = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name: 'Web', type: 'web', config: { callbackUrl: rx.url } });
  const cur = await call(t.url, 'GET', '/api/v1/settings/survey', ws.tokens.admin);
  cur.body.settings.nps.enabled = true;
  cur.body.settings.ces.enabled = true;
  cur.body.settings.ces.scale.max = 7;
  await call(t.url, 'PUT', '/api/v1/settings/survey', ws.tokens.admin, cur.body.settings);
  for (const locale of ['en', 'id']) {
    const e = eventsFor({ conversationId: `b-${locale}`, channelId: channel.body.id, contactId: `bc-${locale}`, locale });
    await call(t.url, 'POST', '/api/v1/events', ws.tokens.admin, [e.opened, e.customer, e.agent, e.resolved()]);
  }
  for (const r of await rx.waitFor(2)) links[r.json.data.language] = r.json.data.url;
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rx?.close();
  await t?.close();
});

describe.skipIf(!hasChromium)('hosted survey page in Chromium', () => {
  it('is answered with the keyboard on a 320 px phone, with no axe violations on any step', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 640 }, bypassCSP: true });
    await page.goto(links.en!);
    const seen: string[] = [];
    const check = async (name: string) => {
      seen.push(name);
      expect({ name, violations: await axe(page) }).toEqual({ name, violations: [] });
      expect({ name, fits: await page.evaluate(() => document.documentElement.scrollWidth <= 320) }).toEqual({ name, fits: true });
    };

    await check('csat rating');
    expect(await page.getByRole('button').count()).toBe(5);
    // Keyboard only: Tab past the two language links to the fourth answer ("Happy"), then Enter.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Happy');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Thank you! What could we do better?' }).waitFor();
    await check('csat follow-up');
    await page.getByRole('textbox').fill('Cepat dan ramah, terima kasih!');
    await page.getByRole('button', { name: 'Send' }).click();

    await page.getByRole('group', { name: 'How easy was it to get your issue resolved today?' }).waitFor();
    await check('ces rating (1–7)');
    await page.getByRole('button', { name: '6', exact: true }).click();
    await page.getByRole('button', { name: 'Skip' }).click();

    await page.getByRole('group', { name: /recommend us/ }).waitFor();
    await check('nps rating (0–10)');
    await page.getByRole('button', { name: '3', exact: true }).click();
    await page.getByText('We are sorry. What disappointed you most?').waitFor();
    // The longest answer the box takes, in a script of 3-byte characters: 18 KB once form-encoded.
    await page.getByRole('textbox').fill(LONGEST);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');

    await page.getByText('Thank you for your feedback!').waitFor();
    await check('thank-you page');
    await page.goto(links.en!.replace(/\/s\/.*/, '/s/AAAAAAAAAAAAAAAAAAAAAA'));
    await check('not found page');
    expect(seen).toHaveLength(6);

    const answers = await t.db.selectFrom('responses').select(['survey_type', 'score', 'follow_up_text']).orderBy('answered_at').execute();
    expect(answers).toEqual([
      { survey_type: 'csat', score: 4, follow_up_text: 'Cepat dan ramah, terima kasih!' },
      { survey_type: 'ces', score: 6, follow_up_text: null },
      { survey_type: 'nps', score: 3, follow_up_text: LONGEST },
    ]);
    await page.close();
  });

  it('switches language and keeps a preselected email score until tapped', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 }, bypassCSP: true });
    await page.goto(`${links.id}?score=5`);
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    expect(await page.getByRole('button', { name: 'Sangat puas' }).getAttribute('aria-pressed')).toBe('true');
    expect(await t.db.selectFrom('responses').select('id').where('language', '=', 'id').execute()).toEqual([]);
    expect(await axe(page)).toEqual([]);
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('group', { name: 'How satisfied are you with the help you received today?' }).waitFor();
    await page.close();
  });
});
