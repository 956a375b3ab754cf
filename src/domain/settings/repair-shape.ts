/**
 * Shape and rule problems in one answer: the values with shape problems are replaced by the default's
 * value at the same path (or removed when the default has none), so the rules can run on the rest; rule
 * problems at or under a path with a shape problem are then dropped (the shape problem says it first).
 */
interface Located { path: string }

const REMOVE = Symbol('remove');

function at(value: unknown, keys: string[]): unknown {
  let v = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A copy of `doc` with each problem's value taken from `defaults`; null when a path cannot be mended. */
export function repairShape(doc: unknown, problems: readonly Located[], defaults: unknown): unknown {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return null;
  const copy = structuredClone(doc) as Record<string, unknown>;
  const arrays = new Set<unknown[]>();
  for (const { path } of problems) {
    const keys = path.split('.');
    const last = keys.pop();
    const parent = at(copy, keys);
    if (last === undefined || path === '(root)' || parent === null || typeof parent !== 'object') return null;
    const fallback = at(defaults, [...keys, last]);
    if (Array.isArray(parent)) {
      (parent as unknown[])[Number(last)] = fallback === undefined ? REMOVE : structuredClone(fallback);
      arrays.add(parent);
    } else if (fallback === undefined) delete (parent as Record<string, unknown>)[last];
    else (parent as Record<string, unknown>)[last] = structuredClone(fallback);
  }
  for (const a of arrays) {
    const kept = a.filter((x) => x !== REMOVE);
    a.length = 0;
    a.push(...kept);
  }
  return copy;
}

/** Whether `path` is `under` or inside it (`a.b` is under `a`, `ab` is not). */
export const isUnder = (path: string, under: string) => path === under || path.startsWith(`${under}.`);

/** Shape problems first, then the rule problems not about a field that already has one. */
export function mergeProblems<T extends Located>(shape: readonly T[], rules: readonly T[]): T[] {
  return [...shape, ...rules.filter((r) => !shape.some((s) => isUnder(r.path, s.path) || isUnder(s.path, r.path)))];
}
