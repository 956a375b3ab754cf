/**
 * Per-division settings: a division's override is merged over the workspace document (objects key by
 * key, arrays and values replace). The overrides live inside the settings document, so one version
 * number names what every division's customers got (see docs/division-settings.md).
 */
import { mergePatch } from './merge-patch.js';
import type { SurveySettings } from './schema.js';

/** The settings a conversation of this division gets (the workspace's when it has no override). */
export function settingsForDivision(settings: SurveySettings, divisionId: string | null | undefined): SurveySettings {
  const { divisionOverrides, ...base } = settings;
  const override = divisionId ? divisionOverrides?.[divisionId] : undefined;
  return override ? (mergePatch(base, override) as SurveySettings) : base;
}

/** The dotted paths of the values an override sets (an array counts as one value), sorted. */
export function overriddenPaths(override: unknown, prefix = ''): string[] {
  if (override === null || typeof override !== 'object' || Array.isArray(override)) return prefix ? [prefix] : [];
  return Object.entries(override as Record<string, unknown>)
    .flatMap(([k, v]) => overriddenPaths(v, prefix ? `${prefix}.${k}` : k))
    .sort();
}

/** The override without the value at `path` (the field goes back to the workspace value); empty objects go too. */
export function resetOverride(override: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!head || !(head in override)) return override;
  const copy = { ...override };
  const child = copy[head];
  if (rest.length === 0 || child === null || typeof child !== 'object' || Array.isArray(child)) delete copy[head];
  else {
    const next = resetOverride(child as Record<string, unknown>, rest.join('.'));
    if (Object.keys(next).length === 0) delete copy[head];
    else copy[head] = next;
  }
  return copy;
}

/**
 * The override that turns `base` (the workspace settings) into `effective` (what the division should
 * get): only the values that differ, so editing a division's settings in full records just its changes.
 */
export function overrideBetween(base: unknown, effective: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const b = (base ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries((effective ?? {}) as Record<string, unknown>)) {
    if (k === 'divisionOverrides' || JSON.stringify(b[k]) === JSON.stringify(v)) continue;
    const isObj = (x: unknown) => x !== null && typeof x === 'object' && !Array.isArray(x);
    if (isObj(v) && isObj(b[k])) {
      const inner = overrideBetween(b[k], v);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
