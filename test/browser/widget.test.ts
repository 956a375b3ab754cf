/**
 * The website widget in Chromium on a test shop page served from another origin, whose CSS is hostile
 * (it must not reach the widget): shown by its rules, answered with the keyboard only, axe-clean inside
 * its shadow root, closed with Escape, and not shown again inside the recontact period.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, seedWorkspace, startApp, type Seeded, type TestApp } from '../helpers/app.js';
import { axe, hasChromium, launch, type TestBrowser } from '../helpers/browser.js';
import { eventually } from '../helpers/receiver.js';

let t: TestApp;
let ws: Seeded;
let browser: TestBrowser;
let shop: Server;
let shopUrl: string;

const HOSTILE = `* { color: #f0f !important; font-size: 40px !important; font-family: "Comic Sans MS", cursive !important; }
button, input, textarea, fieldset, legend, label { display: none !important; }
div { border: 9px dashed red !important; }`;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await startApp(undefined, { workers: false });
  ws = await seedWorkspace(t.db);
  shop = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Toko test</title><style>${HOSTILE}</style></head>
<body><main><h1>Checkout</h1><p>Thank you for your order.</p></main><script src="${t.url}/widget/v1.js" data-key="${req.url!.split('key=')[1]}" async></script></body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  // "localhost" is another origin than nilai's 127.0.0.1 (and another port).
  shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  shop?.close();
  await t?.close();
});

async function widgetChannel(name: string) {
  const r = await call(t.url, 'POST', '/api/v1/channels', ws.tokens.admin, { name, type: 'widget', config: { allowedOrigins: [shopUrl], rules: { delaySeconds: 0, recontactDays: 30 } } });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

const panel = (page: Page) => page.locator('[data-nilai-widget] [role="dialog"]');

describe.skipIf(!hasChromium)('website widget in Chromium', () => {
  it('shows, is answered with the keyboard only, is axe-clean, keeps the page CSS out, and respects recontact', async () => {
    const key = await widgetChannel('Shop');
    const page = await browser.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${shopUrl}/checkout?key=${key}`);
    await panel(page).waitFor();
    expect({ violations: await axe(page) }).toEqual({ violations: [] });
    const style = await page.evaluate(() => {
      const root = document.querySelector('[data-nilai-widget]')!.shadowRoot!;
      const s = (sel: string) => getComputedStyle(root.querySelector(sel)!);
      return { legendSize: s('legend').fontSize, legendColor: s('legend').color, radioShown: s('label').display, panelBorder: s('.p').borderStyle, animation: s('.p').animationName };
    });
    expect(style).toEqual({ legendSize: '15px', legendColor: 'rgb(26, 26, 26)', radioShown: 'flex', panelBorder: 'solid', animation: 'none' });

    // Focus is on the first answer: arrows choose the 4th ("Happy"), Tab reaches Next, Enter.
    const focused = () => page.evaluate(() => {
      const el = document.querySelector('[data-nilai-widget]')!.shadowRoot!.activeElement as HTMLInputElement | null;
      return el ? `${el.tagName}:${el.value ?? ''}:${el.textContent ?? ''}` : null;
    });
    expect(await focused()).toBe('INPUT:1:');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('INPUT:4:');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('BUTTON::Next');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Thank you! What could we do better?' }).waitFor();
    expect(await focused()).toBe('TEXTAREA::');
    await page.keyboard.type('Cepat, terima kasih');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').waitFor();
    expect({ violations: await axe(page) }).toEqual({ violations: [] });

    const answers = await eventually(async () => {
      const r = await call(t.url, 'GET', `/api/v1/responses?source=widget&channelId=${key}`, ws.tokens.admin);
      return r.body.items.length ? r.body.items : null;
    });
    expect(answers).toMatchObject([{ score: 4, followUpText: 'Cepat, terima kasih', pageUrl: `${shopUrl}/checkout`, source: 'widget' }]);

    // Recontact: the next page view asks nothing (not even nilai; async scripts run before "load").
    const opens: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/open')) opens.push(r.url()); });
    await page.goto(`${shopUrl}/checkout?key=${key}`, { waitUntil: 'load' });
    expect(await page.locator('[data-nilai-widget]').count()).toBe(0);
    expect(opens).toEqual([]);
    await page.close();
  });

  it('closes with Escape and gives the focus back to the page', async () => {
    const key = await widgetChannel('Shop 2');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shopUrl}/checkout?key=${key}`);
    await panel(page).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-nilai-widget]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    expect(await page.evaluate((k) => Number(localStorage.getItem(`nilai:${k}:until`)) > Date.now(), key)).toBe(true);
    await context.close();
  });
});
