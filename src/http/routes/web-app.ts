/**
 * The admin web app (React, built to web/dist by scripts/build-web.ts): hashed assets with a year of
 * caching, pre-compressed; the app's pages all answer index.html, which the browser app routes itself.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/root.js';

const DIST = join(ROOT, 'web', 'dist');
/** The app's own paths, the routes of web/src/main.tsx (test/http/web-app.test.ts holds them together); everything else stays the API's, the survey pages' and /docs'. */
const PAGES = ['/', '/login', '/responses', '/conversations/*', '/settings', '/settings/*', '/agents/*', '/broadcasts'];

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Charts set inline styles, and the preview shows the survey page (with its inline <style>) in a sandboxed frame.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const routes: FastifyPluginAsync = async (app) => {
  const index = join(DIST, 'index.html');
  const built = existsSync(index);
  const html = built ? readFileSync(index, 'utf8') : '<!doctype html><html lang="en"><meta charset="utf-8"><title>nilai</title><main><h1>The admin app is not built</h1><p>Run <code>npm run build:web</code> (npm start does it for you).</p></main></html>';
  if (built) {
    await app.register(fastifyStatic, {
      root: join(DIST, 'assets'),
      prefix: '/assets/',
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }
  const page = async (_req: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').headers({ 'content-security-policy': CSP, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' }).send(html);
  for (const url of PAGES) app.get(url, { schema: { hide: true }, config: { auth: 'public' } }, page);
};

export default routes;
