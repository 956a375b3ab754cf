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
const ANY_SURROGATE = /[\ud800-\udfff]/;

export function textFlaw(s: string): TextFlaw | null {
  if (s.includes('\u0000')) return 'nul';
  // Most text has no surrogate at all: the cheap test first.
  return ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/** `s` with NUL and unpaired surrogates shown as U+FFFD, to quote it in a message or a field path. */
export const printable = (s: string) => s.replace(/\u0000/g, '\ufffd').replace(LONE_SURROGATES, '\ufffd');

/**
 * One pass over a parsed JSON value: `too_deep` when objects or arrays nest more than `max` levels,
 * `text` when a string or key has a NUL or an unpaired surrogate (find it with `findTextFlaw`), else
 * null. About a millisecond for a batch of 1,000 events.
 */
export function scanJson(value: unknown, max = MAX_JSON_DEPTH): 'too_deep' | 'text' | null {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  while (values.length) {
    const v = values.pop();
    const depth = depths.pop()!;
    if (typeof v === 'string') {
      if (textFlaw(v)) return 'text';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return 'too_deep';
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        values.push(v[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const k of Object.keys(v)) {
      if (textFlaw(k)) return 'text';
      values.push((v as Record<string, unknown>)[k]);
      depths.push(depth + 1);
    }
  }
  return null;
}

/**
 * The first string (or object key) with a NUL or an unpaired surrogate, as a dotted path (`tags.2`).
 * Builds every path on its way: for bodies, run it only once `scanJson` found a flaw.
 */
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
