/**
 * Input nilai cannot keep: NUL characters (PostgreSQL text and jsonb refuse them), unpaired UTF-16
 * surrogates (jsonb refuses them, text turns them into U+FFFD), and JSON nested deeper than any nilai
 * document (JSON.stringify and every other recursive walker overflow the stack on it). Both checks walk
 * iteratively, so they are safe on the deepest body a parser accepts.
 */

/** Deeper than any document nilai reads (settings are 5 levels, provider webhooks about 10). */
export const MAX_JSON_DEPTH = 64;

export type TextFlaw = 'nul' | 'surrogate';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function textFlaw(s: string): TextFlaw | null {
  if (s.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/** `s` with NUL and unpaired surrogates shown as U+FFFD, to quote it in a message or a field path. */
export const printable = (s: string) => s.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATES, '\ufffd');

/** True when `value` has objects or arrays nested more than `max` levels deep. */
export function tooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (x !== null && typeof x === 'object') stack.push([x, depth + 1]);
  }
  return false;
}

/** The first string (or object key) with a NUL or an unpaired surrogate, as a dotted path (`tags.2`). */
export function findTextFlaw(value: unknown, prefix = ''): { path: string; flaw: TextFlaw } | null {
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const flaw = textFlaw(v);
      if (flaw) return { path, flaw };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, x] = entries[i]!;
      const at = path ? `${path}.${printable(key)}` : printable(key);
      const flaw = textFlaw(key);
      if (flaw) return { path: at, flaw };
      stack.push([x, at]);
    }
  }
  return null;
}
