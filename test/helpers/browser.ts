/**
 * Debian's Chromium driven by playwright-core. Without Chromium the browser tests are skipped with a
 * notice, except in CI (CI=true), where a missing browser is a failure.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) {
  if (process.env.CI === 'true') throw new Error(`CI=true but Chromium is missing at ${CHROMIUM}: install it with apt-get install -y chromium`);
  console.warn(`\n  NOTICE: browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)\n`);
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** What a browser test uses of a browser: contexts and pages it opens, and `close()` for its own. */
export interface TestBrowser {
  newContext: Browser['newContext'];
  newPage: Browser['newPage'];
  /** Closes the contexts and pages this test file opened (the Chromium itself stays for the next file). */
  close(): Promise<void>;
}

// One Chromium per test worker, shared by the files it runs one after another (vitest runs with
// isolate: false, so this module lives as long as the worker): starting Chromium costs about 1.5 s of CPU,
// and the suite is CPU-bound. Playwright kills it when the worker exits. Each file gets fresh contexts
// (cookies, storage), and Playwright gives the Chromium a fresh temporary profile (--user-data-dir).
let shared: Promise<Browser> | null = null;

function sharedChromium(): Promise<Browser> {
  if (!shared) {
    shared = chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    shared.then((b) => b.on('disconnected', () => { shared = null; }), () => { shared = null; });
  }
  return shared;
}

/** A browser for one test file: its contexts are its own, closed by `close()`. */
export async function launch(): Promise<TestBrowser> {
  const browser = await sharedChromium();
  const contexts = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    contexts.add(context);
    context.on('close', () => contexts.delete(context));
    return context;
  };
  return {
    newContext: async (options) => track(await browser.newContext(options)),
    newPage: async (options) => {
      const page = await browser.newPage(options);
      track(page.context());
      return page;
    },
    close: async () => {
      await Promise.all([...contexts].map((c) => c.close().catch(() => undefined)));
    },
  };
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core (WCAG 2 A/AA and best practices) on the page and returns its violations. axe is injected
 * once per document (the admin app navigates without reloading), and it builds only the violations
 * (resultTypes): collecting every passing node is most of its work and nothing here reads it.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** A fresh page signed in through the login form, in English, at `next` (the app's own path). */
export async function signedInPage(browser: TestBrowser, baseUrl: string, who: { email: string; password: string }, next = '/', viewport = { width: 1366, height: 900 }, timezoneId?: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport, locale: 'en-US', ...(timezoneId && { timezoneId }) })).newPage();
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByRole('combobox', { name: /language|bahasa/i }).selectOption('en');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
