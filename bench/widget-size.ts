/**
 * The website widget's size as browsers download it: /widget/v1.js minified, gzipped (level 9, as nilai
 * serves it) and brotli-compressed, against the 12 KB gzipped budget of issue 14. A report, no assertion.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildWidget } from '../scripts/build-widget.js';

const code = Buffer.from(buildWidget(true));
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const gz = gzipSync(code, { level: 9 }).length;
const br = brotliCompressSync(code).length;
const BUDGET = 12 * 1024;
console.log('\nwebsite widget (/widget/v1.js)');
console.log(`  minified ${kb(code.length)} · gzip ${kb(gz)} · brotli ${kb(br)} · budget 12 KB gzipped: ${((gz / BUDGET) * 100).toFixed(0)} % used`);
