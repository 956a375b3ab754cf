/**
 * Request validation: bodies are checked strictly (no type coercion, unknown fields rejected, every
 * error reported); query strings and params coerce "10" to 10 as URLs need.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { ErrorDetail } from '../../domain/errors.js';
import type { Language } from '../../domain/settings/schema.js';
import { FIELD_KEY_PATTERN } from '../../domain/contacts/field-key.js';

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strict = makeAjv(false);

/**
 * Checks a value against a schema the way request bodies are checked; returns the problems (with
 * `sentences`, each worded as a sentence that names its field, like the settings rules).
 */
export function checkAgainst(schema: object, value: unknown, language: Language = 'en', sentences = false): ErrorDetail[] {
  const validate = strict.compile(schema);
  if (validate(value)) return [];
  const details = ajvDetails(validate.errors ?? [], 'body', language);
  return sentences ? details.map((d) => ({ path: d.path, message: asSentence(d, language) })) : details;
}

/** "sending.delayMinutes" + "must be at most 1440" → "The field sending.delayMinutes must be at most 1440." */
function asSentence(d: ErrorDetail, language: Language): string {
  if (d.message === 'is not a known field') return `There is no field ${d.path}; remove it.`;
  if (d.message === 'bukan kolom yang dikenal') return `Tidak ada kolom ${d.path}; hapus kolom itu.`;
  return language === 'id' ? `Kolom ${d.path} ${d.message}.` : `The field ${d.path} ${d.message}.`;
}

export function installValidation(app: FastifyInstance): void {
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

const dotted = (pointer: string) => pointer.split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
const join = (a: string, b: string) => (a ? `${a}.${b}` : b);

/** What the patterns of nilai's schemas ask for, in words (a regular expression means nothing to a manager). */
const PATTERN_WORDS: Record<string, Record<Language, string>> = {
  '\\S': { en: 'must not be blank', id: 'tidak boleh kosong' },
  [FIELD_KEY_PATTERN]: { en: 'must start with a lower-case letter and hold only lower-case letters, digits and _ (at most 40)', id: 'harus diawali huruf kecil dan hanya berisi huruf kecil, angka, dan _ (maksimal 40)' },
  '^\\+?[0-9 ()-]{4,40}$': { en: 'must be a phone number: digits, spaces, ( ) and -, optionally starting with +', id: 'harus nomor telepon: angka, spasi, ( ) dan -, boleh diawali +' },
  '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$': { en: 'must be a time of day from 00:00 to 24:00 (HH:MM)', id: 'harus jam 00:00 sampai 24:00 (JJ:MM)' },
  '^(10|[0-9])$': { en: 'must be a score from 0 to 10', id: 'harus nilai 0 sampai 10' },
};

const EN_TYPES: Record<string, string> = { integer: 'a whole number', number: 'a number', string: 'a text', boolean: 'true or false', object: 'an object', array: 'an array', null: 'null' };
const ID_TYPES: Record<string, string> = { integer: 'bilangan bulat', number: 'angka', string: 'teks', boolean: 'true atau false', object: 'objek', array: 'daftar', null: 'null' };

/** A rule message a person can act on, in English or Indonesian (ajv's own words only for rare rules). */
function ruleMessage(e: ErrorObject, language: Language): string {
  const p = e.params as Record<string, unknown>;
  const en = language === 'en';
  const limit = String(p.limit);
  const types = String(p.type).split(',');
  switch (e.keyword) {
    case 'required': return en ? 'is required' : 'wajib diisi';
    case 'additionalProperties': return en ? 'is not a known field' : 'bukan kolom yang dikenal';
    case 'type': return en ? `must be ${types.map((t) => EN_TYPES[t] ?? t).join(' or ')}` : `harus ${types.map((t) => ID_TYPES[t] ?? t).join(' atau ')}`;
    case 'minimum': return en ? `must be at least ${limit}` : `minimal ${limit}`;
    case 'maximum': return en ? `must be at most ${limit}` : `maksimal ${limit}`;
    case 'exclusiveMinimum': return en ? `must be more than ${limit}` : `harus lebih dari ${limit}`;
    case 'exclusiveMaximum': return en ? `must be less than ${limit}` : `harus kurang dari ${limit}`;
    case 'minLength': return p.limit === 1 ? (en ? 'must not be empty' : 'tidak boleh kosong') : en ? `must be at least ${limit} characters` : `minimal ${limit} karakter`;
    case 'maxLength': return en ? `must be at most ${limit} characters` : `maksimal ${limit} karakter`;
    case 'minItems': return en ? `must have at least ${limit} items` : `minimal ${limit} item`;
    case 'maxItems': return en ? `must have at most ${limit} items` : `maksimal ${limit} item`;
    case 'uniqueItems': return en ? 'must not list the same item twice' : 'tidak boleh berisi item yang sama dua kali';
    case 'enum': {
      const values = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return en ? `must be one of: ${values}` : `harus salah satu dari: ${values}`;
    }
    case 'format': return en ? `must be a valid ${String(p.format)}` : `harus ${String(p.format)} yang valid`;
    case 'pattern': return PATTERN_WORDS[String(p.pattern)]?.[language] ?? (en ? 'is not in the accepted format' : 'formatnya tidak sesuai');
    default: return e.message ?? (en ? 'is invalid' : 'tidak valid');
  }
}

/** Ajv errors → `{ path, message }` with dotted paths and messages a person can act on. */
export function ajvDetails(errors: ErrorObject[], context: string | undefined, language: Language = 'en'): ErrorDetail[] {
  const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
  const seen = new Set<string>();
  /** Fields whose first error is a type error, until the next error for them. */
  const typed = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    let path = dotted(e.instancePath);
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') path = join(path, String(params.missingProperty));
    else if (e.keyword === 'additionalProperties') path = join(path, String(params.additionalProperty));
    const message = ruleMessage(e, language);
    const full = prefix ? join(prefix, path) || '(root)' : path || '(root)';
    // One message per field: the first rule it breaks is the one to fix first. A nullable field's
    // second type error (`null`) widens the first: "must be a whole number or null".
    if (seen.has(full)) {
      const first = out.find((d) => d.path === full);
      if (first && e.keyword === 'type' && params.type === 'null' && typed.has(full)) first.message = `${first.message} ${language === 'en' ? 'or' : 'atau'} null`;
      typed.delete(full);
      continue;
    }
    seen.add(full);
    if (e.keyword === 'type') typed.add(full);
    out.push({ path: full, message });
  }
  return out;
}
