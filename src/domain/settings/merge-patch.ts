/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, `null` removes a key, anything else (arrays
 * included) replaces. Lets API users change one setting without sending the whole document.
 */
import { invalid } from '../errors.js';

/** Far deeper than a settings document (5 levels); a deeper patch is refused instead of recursing on. */
export const MAX_PATCH_DEPTH = 32;

export function mergePatch(target: unknown, patch: unknown, path: string[] = []): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  if (path.length >= MAX_PATCH_DEPTH) throw invalid([{ path: path.join('.'), message: `is nested more than ${MAX_PATCH_DEPTH} levels deep` }]);
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete base[key];
    else base[key] = mergePatch(base[key], value, [...path, key]);
  }
  return base;
}
