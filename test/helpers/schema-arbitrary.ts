/**
 * fast-check arbitraries from the JSON schemas of the OpenAPI document: values that mostly fit a schema
 * ("valid-ish", so requests get past validation into the handlers), and the same values with one part
 * made hostile (NUL, lone surrogates, CR/LF, huge numbers, wrong types, long strings, unknown fields).
 */
import fc from 'fast-check';

export type Schema = Record<string, any>;

/** Strings that have broken servers: NUL, lone surrogates, header injection, paths, very long text. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\udc00\ud800', '\r\n', 'a\r\nSet-Cookie: x=1', '\n', ' ', '',
  '%', '%00', '%E0%A4%A', '../../etc/passwd', '<script>alert(1)</script>', "'; drop table users; --", '\u202e\u200b',
  '😀'.repeat(50), 'x'.repeat(300), 'x'.repeat(5000), '1e40', '-1', 'NaN', 'null', '{}', '[]', 'true',
];

const deep = (n: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** Values of the wrong kind or size for almost any field. */
export const HOSTILE_VALUES: readonly unknown[] = [
  ...HOSTILE_STRINGS, 1e40, -1e40, 2 ** 31, 2 ** 53 + 1, -(2 ** 31) - 1, 1.5, -1, 0, true, false, null, [], {}, [null], { '\u0000': 1 }, { '\ud800': 'x' },
  deep(40), Array.from({ length: 2000 }, (_, i) => i),
];

export interface ArbOptions {
  /** Real ids of this workspace; string fields and uuids often draw from them, so handlers find records. */
  ids: readonly string[];
}

const dateTime = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

function stringArb(s: Schema, o: ArbOptions): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.max(min, Math.min(s.maxLength ?? 40, 40));
  const plain = fc.string({ minLength: min, maxLength: max });
  switch (s.format) {
    case 'uuid': return o.ids.length ? fc.oneof(fc.constantFrom(...o.ids), fc.uuid()) : fc.uuid();
    case 'date-time': return dateTime;
    case 'date': return dateTime.map((d) => d.slice(0, 10));
    case 'email': return fc.emailAddress();
  }
  if (s.pattern) {
    try {
      const re = new RegExp(s.pattern);
      return fc.stringMatching(re).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
    } catch {
      return plain;
    }
  }
  return o.ids.length ? fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: fc.constantFrom(...o.ids), weight: 1 }) : plain;
}

/** A value that fits `schema` as far as this small generator understands JSON Schema. */
export function valueOf(schema: Schema | undefined, o: ArbOptions, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  let arb = baseOf(schema, o, depth);
  if (schema.nullable) arb = fc.oneof({ arbitrary: arb, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
  return arb;
}

function baseOf(s: Schema, o: ArbOptions, depth: number): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Schema) => valueOf(x, o, depth + 1)));
  if (s.allOf) {
    return fc.tuple(...(s.allOf as Schema[]).map((x) => valueOf(x, o, depth + 1))).map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object')));
  }
  switch (s.type) {
    case 'string': return stringArb(s, o);
    case 'integer': return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number': return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean': return fc.boolean();
    case 'null': return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const arr = fc.array(valueOf(s.items, o, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
      return s.uniqueItems ? arr.map((a) => [...new Map(a.map((v) => [JSON.stringify(v), v])).values()]).filter((a) => a.length >= minLength) : arr;
    }
    case 'object':
    case undefined: {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (!Object.keys(props).length) {
        if (s.type === undefined) return fc.jsonValue({ maxDepth: 2 });
        return s.additionalProperties && typeof s.additionalProperties === 'object'
          ? fc.dictionary(fc.string({ maxLength: 10 }), valueOf(s.additionalProperties, o, depth + 1), { maxKeys: 3 })
          : fc.constant({});
      }
      const required = new Set<string>(s.required ?? []);
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueOf(v, o, depth + 1)]));
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
  }
  return fc.jsonValue({ maxDepth: 2 });
}

type Path = (string | number)[];

/** Every place in a JSON value (objects and arrays included), as paths. */
function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

function setAt(root: unknown, path: Path, f: (old: unknown, parent: any, key: string | number) => void): unknown {
  if (!path.length) {
    const box: any = { v: root };
    f(root, box, 'v');
    return box.v;
  }
  const copy = structuredClone(root) as any;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  const last = path.at(-1)!;
  f(cur[last], cur, last);
  return copy;
}

export type Mutation = 'hostile' | 'poison' | 'drop' | 'unknown-field' | 'wrong-type';

/** Every string (and key) of `v` with a NUL or a lone surrogate in it. */
function poisoned(v: unknown, evil: string): unknown {
  if (typeof v === 'string') return v + evil;
  if (Array.isArray(v)) return v.map((x) => poisoned(x, evil));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, poisoned(x, evil)]));
  return v;
}

/**
 * `value` with one part changed: a hostile value, a field dropped, an unknown field added, or the wrong
 * type; or with every string poisoned with a NUL or a lone surrogate.
 */
export const mutated = (value: fc.Arbitrary<unknown>) =>
  fc.tuple(value, fc.nat(), fc.constantFrom<Mutation>('hostile', 'hostile', 'poison', 'drop', 'unknown-field', 'wrong-type'), fc.constantFrom(...HOSTILE_VALUES)).map(([v, n, kind, evil]) => {
    if (kind === 'poison') return poisoned(v, n % 2 ? '\u0000' : '\ud800');
    const paths = pathsOf(v);
    const path = paths[n % paths.length]!;
    return setAt(v, path, (old, parent, key) => {
      if (kind === 'drop' && path.length && !Array.isArray(parent)) delete parent[key];
      else if (kind === 'unknown-field' && old && typeof old === 'object' && !Array.isArray(old)) (old as Record<string, unknown>)[typeof evil === 'string' && evil ? evil : 'unknownField'] = evil;
      else if (kind === 'wrong-type') parent[key] = typeof old === 'string' ? 12345 : typeof old === 'number' ? String(old) : old === null ? {} : 'text';
      else parent[key] = evil;
    });
  });

/** A JSON body nested `n` levels deep, written out (serializers themselves recurse). */
export const deepJson = (n: number, open = '{"a":', close = '}') => `${open.repeat(n)}1${close.repeat(n)}`;
