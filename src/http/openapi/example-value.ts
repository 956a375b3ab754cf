/**
 * An example value for an OpenAPI (3.0) schema, for the examples in /openapi.json: the schema's own
 * `example` or `default` where it has one, otherwise a value built from its type, format, bounds and
 * enum, worded by the property's name (an `email` gets an address, a `comment` a customer's words), so
 * the document reads like real traffic. Deterministic: the same schema always gives the same example.
 * Pure; no I/O.
 */

type Schema = Record<string, any>;

const TIME = '2026-11-30T09:15:00.000Z';
const DATE = '2026-11-30';

/** Words for string properties by name (letters only, lower-cased), first match wins. */
const BY_NAME: [RegExp, string][] = [
  [/phonenumberid/, '106540352242922'],
  [/email$/, 'rina.wulandari@example.com'],
  [/phone$/, '+6281234567890'],
  [/^(followupquestion|question)$/, 'Apa yang bisa kami tingkatkan?'],
  [/^(comment|text|followup|followuptext|answer)$/, 'Agennya cepat dan ramah, terima kasih!'],
  [/^(message|reason|detail|error|lasterror)$/, 'The request has invalid fields.'],
  [/^(description|summary)$/, 'What the team agreed on for this.'],
  [/^(title|titletemplate)$/, 'CSAT {{score}} – {{contact.name}}'],
  [/^pageurl$/, 'https://shop.example.com/checkout/done'],
  [/^(surveyurl|link|surveylink)$/, 'https://nilai.example.com/s/Xq3b7vRk2pLm9wTz'],
  [/url$|^(callback|href)$/, 'https://crm.example.com/hooks/nilai'],
  [/^(timezone|tz)$/, 'Asia/Jakarta'],
  [/language$|^lang$|locale$|^default$/, 'id'],
  [/^(surveytype)$/, 'csat'],
  [/^(nextcursor|cursor)$/, 'eyJhdCI6IjIwMjYtMTEtMzBUMDk6MTU6MDBaIn0'],
  [/token|secret|apikey|key$/, 'nl_4Jq8ZyVt2mW9cR7sP1kX'],
  [/^(model)$/, 'llama3.1:8b'],
  [/^(path)$/, 'csat.question.id'],
  [/^(code)$/, 'validation_failed'],
  [/^(start)$/, '09:00'],
  [/^(end)$/, '17:00'],
  [/tag|label/, 'billing'],
  [/^(handle)$/, '@rina_w'],
  [/^(from)$/, 'Support <support@example.com>'],
  [/^(smtpurl)$/, 'smtps://survey%40example.com:app-password@smtp.example.com:465'],
];

/** A `name` by what it names (the parent property). */
const NAMES: [RegExp, string][] = [
  [/channel/, 'WhatsApp support'], [/division|team/, 'Billing'], [/contact|customer/, 'Budi Santoso'],
  [/rule/, 'Unhappy customer'], [/schedule/, 'Billing weekly'], [/token/, 'Chatwoot bridge'], [/field/, 'Customer tier'],
  [/criteri|rubric/, 'Empathy'], [/workspace/, 'PT Contoh Support'],
];

const UUIDS = [
  '0b7e5f0c-5d2a-4c1e-9a57-2f1f0d6a9c41', '6f1c9d2e-8b3a-4f5d-a1e2-7c9b0d3e4f51', 'a3d47e10-2c6b-4e8f-9d1a-5b7c3e9f0a62',
  'c8e2b6f4-1a9d-4c3e-8f7b-0d2e5a6c9b73', 'e5a9c3d7-4b1f-4e2a-b6c8-9f0d1e3a5c84',
];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

function stringExample(s: Schema, name: string, parent: string): string {
  if (Array.isArray(s.enum)) return s.enum[0];
  const key = name.toLowerCase().replace(/[^a-z]/g, '');
  if (!s.format && (key === 'id' || (/id$/.test(key) && !/phonenumberid/.test(key)))) return fit(UUIDS[hash(name + parent) % UUIDS.length]!, s);
  switch (s.format) {
    case 'uuid': return UUIDS[hash(name + parent) % UUIDS.length]!;
    case 'date-time': return TIME;
    case 'date': return DATE;
    case 'email': return 'rina.wulandari@example.com';
    case 'uri': case 'url': return 'https://crm.example.com/hooks/nilai';
    default: break;
  }
  if (key === 'type') return fit(/channel/.test(parent.toLowerCase()) ? 'whatsapp' : 'csat', s);
  const word = key === 'name'
    ? NAMES.find(([re]) => re.test(parent.toLowerCase()))?.[1] ?? 'Rina Wulandari'
    : BY_NAME.find(([re]) => re.test(key))?.[1] ?? (name ? `${name} example` : 'example');
  return fit(word, s);
}

/** Keep a worded string inside the schema's length bounds and pattern (or fall back to a plain one). */
function fit(word: string, s: Schema): string {
  let out = word;
  if (s.pattern && !new RegExp(s.pattern, 'u').test(out)) out = patternFallback(s.pattern) ?? out;
  if (typeof s.maxLength === 'number' && out.length > s.maxLength) out = out.slice(0, s.maxLength);
  if (typeof s.minLength === 'number' && out.length < s.minLength) out = out.padEnd(s.minLength, 'x');
  return out;
}

/** Values for the patterns nilai's schemas use. */
function patternFallback(pattern: string): string | null {
  for (const candidate of ['09:00', 'billing', 'tier', 'a1', 'Xq3b7vRk2pLm9wTz', '2026-11-30', 'id']) {
    if (new RegExp(pattern, 'u').test(candidate)) return candidate;
  }
  return null;
}

function numberExample(s: Schema, name: string, integer: boolean): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : null;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : null;
  const key = name.toLowerCase();
  let v = key === 'min' ? 1 : key === 'max' ? 5 : /score/.test(key) ? 4 : /percent|rate/.test(key) ? 62.5 : /minutes/.test(key) ? 30 : /hours/.test(key) ? 24 : /days/.test(key) ? 30 : /count|^n$|total|sent|answered/.test(key) ? 42 : 3;
  if (integer) v = Math.round(v);
  if (min !== null && v < min) v = min;
  if (max !== null && v > max) v = max;
  return v;
}

/** An example for `schema`; `name` is the property (or parameter) it describes, for wording. */
export function exampleValue(schema: Schema | undefined, name = '', depth = 0, parent = ''): unknown {
  if (!schema || depth > 12) return null;
  if ('example' in schema) return schema.example;
  if ('default' in schema && schema.default !== undefined) return schema.default;
  if ('const' in schema) return schema.const;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) {
    const concrete = alternatives.find((a: Schema) => a.type !== 'null' && !a.nullable) ?? alternatives[0];
    return exampleValue(concrete, name, depth + 1, parent);
  }
  if (Array.isArray(schema.allOf)) return Object.assign({}, ...schema.allOf.map((s: Schema) => exampleValue(s, name, depth + 1, parent)));
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': return stringExample(schema, name, parent);
    case 'integer': return numberExample(schema, name, true);
    case 'number': return numberExample(schema, name, false);
    case 'boolean': return true;
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      const item = exampleValue(schema.items, name === 'items' ? parent : singular(name), depth + 1, parent);
      return schema.uniqueItems ? [item] : Array.from({ length: n }, () => item);
    }
    case 'object': case undefined: {
      if (!schema.properties && !schema.additionalProperties) return type === 'object' ? {} : null;
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) out[key] = exampleValue(sub, key, depth + 1, name);
      if (!schema.properties && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out[name === 'scores' ? 'empathy' : name === 'attributes' ? 'tier' : 'key'] = exampleValue(schema.additionalProperties, name, depth + 1, parent);
      }
      return out;
    }
    default: return null;
  }
}

/** `channels` → `channel`, `policies` → `policy`: the wording of one item of a list. */
export const singular = (name: string) => name.replace(/ies$/, 'y').replace(/s$/, '');
