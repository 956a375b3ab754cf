/**
 * Builds the website widget (web/widget → web/dist-widget/v1.js, minified, plus a .gz copy) with esbuild
 * when the build is missing or older than its sources; served by http/routes/widget.ts as /widget/v1.js.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { ROOT as root } from '../src/lib/root.js';

const source = join(root, 'web', 'widget');
export const WIDGET_FILE = join(root, 'web', 'dist-widget', 'v1.js');

const newest = (dir: string) => Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));

/** The widget's code, built first when needed. */
export function buildWidget(force = false): string {
  if (force || !existsSync(WIDGET_FILE) || statSync(WIDGET_FILE).mtimeMs < newest(source)) {
    const out = buildSync({ entryPoints: [join(source, 'main.ts')], bundle: true, minify: true, format: 'iife', target: ['es2020'], write: false, legalComments: 'none' });
    const code = out.outputFiles[0]!.contents;
    mkdirSync(dirname(WIDGET_FILE), { recursive: true });
    writeFileSync(WIDGET_FILE, code);
    writeFileSync(`${WIDGET_FILE}.gz`, gzipSync(code, { level: 9 }));
  }
  return readFileSync(WIDGET_FILE, 'utf8');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWidget(process.argv.includes('--force'));
