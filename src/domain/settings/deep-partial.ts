/**
 * A JSON schema with every object property optional, at every depth (for division overrides, which
 * name only what they change). Values keep their own rules: an overridden delay is still 0–1440.
 */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export function deepPartial(schema: object): object {
  const s = schema as Record<string, unknown>;
  if (s.type !== 'object' || typeof s.properties !== 'object' || s.properties === null) return schema;
  const properties = Object.fromEntries(Object.entries(s.properties as Record<string, object>).map(([k, v]) => [k, deepPartial(v)]));
  const { required: _required, ...rest } = s;
  return { ...rest, properties };
}
