/**
 * Builds the admin web app (web/ → web/dist) when the build is missing or older than its sources, so
 * `npm start` and `npm test` always serve the current app without a separate build step.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT as root } from '../src/lib/root.js';
import { isCurrent, runAsScript } from './build-state.js';
import { buildWidget } from './build-widget.js';

const output = join(root, 'web', 'dist', 'index.html');
const sources = [join(root, 'web', 'src'), join(root, 'web', 'index.html'), join(root, 'web', 'vite.config.ts'), join(root, 'src', 'domain')];


export function webBuildIsCurrent(): boolean {
  return isCurrent(output, sources);
}

export function buildWeb(force = false): void {
  buildWidget(force);
  if (!force && webBuildIsCurrent()) return;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  process.stdout.write('Building the admin web app (web/ → web/dist)…\n');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('Building the admin web app failed (see above).');
  // Pre-compressed copies: nilai serves .br / .gz to browsers that accept them (no compression per request).
  const assets = join(root, 'web', 'dist', 'assets');
  for (const f of readdirSync(assets).filter((x) => /\.(js|css)$/.test(x))) {
    const body = readFileSync(join(assets, f));
    writeFileSync(join(assets, `${f}.br`), brotliCompressSync(body));
    writeFileSync(join(assets, `${f}.gz`), gzipSync(body, { level: 9 }));
  }
}

runAsScript(import.meta.url, buildWeb);
