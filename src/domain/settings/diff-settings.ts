/**
 * What changed between two settings documents, field by field (an array is one value), for the
 * version history: paths in document order, `undefined` sides for fields only one version has.
 */
export interface SettingsChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function diffSettings(before: unknown, after: unknown, prefix = ''): SettingsChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diffSettings(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && after === undefined) return diffSettings(before, {}, prefix);
  if (isObject(after) && before === undefined) return diffSettings({}, after, prefix);
  return [{ path: prefix || '(root)', ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}
